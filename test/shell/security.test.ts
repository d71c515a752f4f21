// Electron hardening, checked against stand-ins for Electron's objects.
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  applyContentSecurityPolicy,
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
  denyAllPermissions,
  hardenWebContents,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  windowOptions,
  type AppOrigin,
} from '../../src-main/shell/security';
import { FakeFrame, FakeWebContents, fakeElectron, type FakeSession } from './fake-electron';

const origin: AppOrigin = { appUrl: 'app://desk/index.html' };
const devOrigin: AppOrigin = { ...origin, devServerUrl: 'http://localhost:5173' };

function freshSession(): FakeSession {
  const s = fakeElectron.session.defaultSession;
  Object.assign(s, { permissionRequestHandler: null, permissionCheckHandler: null, devicePermissionHandler: null, headersListener: null });
  return s;
}

describe('window options', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security, our preload', () => {
    const o = windowOptions('/opt/desk/out/preload/index.cjs', { devTools: false });
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      preload: '/opt/desk/out/preload/index.cjs',
    });
    expect(o.show).toBe(false);
    expect(windowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('app URLs', () => {
  it('accepts only our own index.html (any hash route) and, in dev, the dev server', () => {
    expect(isAppUrl('app://desk/index.html', origin)).toBe(true);
    expect(isAppUrl('app://desk/index.html#/students/12', origin)).toBe(true);
    expect(isAppUrl('app://desk/other.html', origin)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', origin)).toBe(false);
    expect(isAppUrl('https://example.org/', origin)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/today', origin)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/today', devOrigin)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', devOrigin)).toBe(false);
    expect(isAppUrl('not a url', devOrigin)).toBe(false);
  });

  it('lets only https: links out to the system browser', () => {
    expect(isSafeExternalUrl('https://www.nhs.uk/mental-health/')).toBe(true);
    for (const bad of ['http://example.org', 'file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b.c', 'smb://server/share', 'https://user:pw@example.org/', 'nonsense', 42, null]) {
      expect(isSafeExternalUrl(bad), String(bad)).toBe(false);
    }
  });
});

describe('hardenWebContents', () => {
  const setup = () => {
    const contents = new FakeWebContents();
    const opener = { openExternal: vi.fn(async (_url: string) => undefined) };
    hardenWebContents(contents as unknown as WebContents, origin, opener);
    return { contents, opener };
  };

  it('denies navigation away from the app but allows our own page', () => {
    const { contents, opener } = setup();
    expect(contents.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'http://localhost:5173/')).toBe(true);
    expect(contents.emitPreventable('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'app://desk/index.html#/today')).toBe(false);
    // Only the clicked https: link went to the system browser.
    expect(opener.openExternal.mock.calls).toEqual([['https://evil.example/']]); // a redirect never opens anything
  });

  it('never attaches a <webview>', () => {
    const { contents } = setup();
    expect(contents.emitPreventable('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every new window; https links go to the system browser, other schemes go nowhere', () => {
    const { contents, opener } = setup();
    const handler = contents.windowOpenHandler!;
    expect(handler({ url: 'https://www.nhs.uk/' })).toEqual({ action: 'deny' });
    expect(opener.openExternal).toHaveBeenCalledWith('https://www.nhs.uk/');
    opener.openExternal.mockClear();
    for (const url of ['http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'ms-msdt:/id', 'app://desk/index.html']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(opener.openExternal).not.toHaveBeenCalled();
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const s = freshSession();
    denyAllPermissions(s as unknown as Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const cb = vi.fn();
      s.permissionRequestHandler!({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(s.permissionCheckHandler!({}, permission, 'file://', {})).toBe(false);
    }
    expect(s.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });
});

describe('content security policy', () => {
  it('is strict: nothing by default, scripts only from the app, no plugins, no framing, no form posts', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY_HEADER).toContain("frame-ancestors 'none'");
  });

  it('sets the header on the app’s own pages, replacing any other policy, and leaves other responses alone', () => {
    const s = freshSession();
    applyContentSecurityPolicy(s as unknown as Session, origin);
    const ours = vi.fn();
    s.headersListener!({ url: 'app://desk/index.html', responseHeaders: { 'content-security-policy': ['default-src *'] } }, ours);
    expect(ours).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] } });
    const other = vi.fn();
    s.headersListener!({ url: 'https://example.org/', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
  });

  it('under the dev server only, lets Vite’s inline client and websocket through', () => {
    const s = freshSession();
    applyContentSecurityPolicy(s as unknown as Session, devOrigin);
    const cb = vi.fn();
    s.headersListener!({ url: 'http://localhost:5173/src/main.tsx', responseHeaders: {} }, cb);
    const policy = (cb.mock.calls[0][0] as { responseHeaders: Record<string, string[]> }).responseHeaders['Content-Security-Policy'][0];
    expect(policy).toContain("script-src 'self' 'unsafe-inline'");
    expect(policy).toContain('ws:');
    expect(policy).not.toContain('unsafe-eval');
  });
});

describe('IPC sender check', () => {
  const ours = () => {
    const contents = new FakeWebContents('app://desk/index.html#/students');
    return { contents, ids: new Set([contents.id]) };
  };

  it('accepts the main frame of our own window showing our page', () => {
    const { contents, ids } = ours();
    expect(isTrustedSender({ sender: contents as never, senderFrame: contents.mainFrame }, ids, origin)).toBe(true);
  });

  it('rejects a missing frame, an iframe, a foreign page, and a window we did not create', () => {
    const { contents, ids } = ours();
    expect(isTrustedSender({ sender: contents as never, senderFrame: null }, ids, origin)).toBe(false);

    const iframe = new FakeFrame('app://desk/index.html');
    iframe.parent = contents.mainFrame;
    expect(isTrustedSender({ sender: contents as never, senderFrame: iframe }, ids, origin)).toBe(false);

    const detached = new FakeFrame('app://desk/index.html'); // top-level, but not this window's main frame
    expect(isTrustedSender({ sender: contents as never, senderFrame: detached }, ids, origin)).toBe(false);

    // The same frame reached through a different wrapper object is still accepted (Electron may hand out fresh wrappers).
    const sameFrameOtherWrapper = Object.assign(new FakeFrame(contents.mainFrame.url), { routingId: contents.mainFrame.routingId });
    expect(isTrustedSender({ sender: contents as never, senderFrame: sameFrameOtherWrapper }, ids, origin)).toBe(true);

    contents.mainFrame.url = 'https://evil.example/';
    expect(isTrustedSender({ sender: contents as never, senderFrame: contents.mainFrame }, ids, origin)).toBe(false);
    contents.mainFrame.url = 'file:///tmp/downloaded.html';
    expect(isTrustedSender({ sender: contents as never, senderFrame: contents.mainFrame }, ids, origin)).toBe(false);

    const stranger = new FakeWebContents('app://desk/index.html');
    expect(isTrustedSender({ sender: stranger as never, senderFrame: stranger.mainFrame }, ids, origin)).toBe(false);
  });

  it('in dev, accepts the dev server page but not another local server', () => {
    const contents = new FakeWebContents('http://localhost:5173/#/today');
    const ids = new Set([contents.id]);
    expect(isTrustedSender({ sender: contents as never, senderFrame: contents.mainFrame }, ids, devOrigin)).toBe(true);
    contents.mainFrame.url = 'http://localhost:8080/';
    expect(isTrustedSender({ sender: contents as never, senderFrame: contents.mainFrame }, ids, devOrigin)).toBe(false);
  });
});

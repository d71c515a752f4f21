// Electron hardening, kept as small functions over the electron objects so they can be unit-tested with a stand-in.
// Checklist: contextIsolation, sandbox, no Node in the page, strict CSP, no navigation away, no new windows, no permissions,
// external links only https: through the OS browser, IPC accepted only from our own page's main frame.
import type { BrowserWindowConstructorOptions, Session, WebContents, WebFrameMain } from 'electron';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../contract/csp';

export { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER };

/** Where the app's own page lives: app://desk/index.html (shell/app-protocol.ts), or the electron-vite dev server while developing. */
export interface AppOrigin {
  /** app://desk/index.html */
  appUrl: string;
  /** http://localhost:5173 or similar, only under `electron-vite dev` (never in a packaged build). */
  devServerUrl?: string;
}

/** Is `url` one of the app's own pages? Hash and query are ignored (the renderer uses hash routing). */
export function isAppUrl(url: string, origin: AppOrigin): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const ours = new URL(origin.appUrl);
  if (u.protocol === ours.protocol) return u.host === ours.host && u.pathname === ours.pathname;
  if (origin.devServerUrl && (u.protocol === 'http:' || u.protocol === 'https:')) {
    return u.origin === new URL(origin.devServerUrl).origin;
  }
  return false;
}

/** Only https: links go to the system browser; everything else (http:, file:, javascript:, custom schemes) is refused. */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2048) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname !== '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** Options for the app's one window. `preloadPath` is the absolute path of out/preload/index.cjs. */
export function windowOptions(preloadPath: string, opts: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Recovery College Desk',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      devTools: opts.devTools,
    },
  };
}

/** Anything that can open a URL in the OS (electron's `shell`). */
export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/**
 * Locks down one webContents: no navigation away from the app, no new windows (https: links go to the system browser
 * instead), no <webview>. Called for every webContents the app creates (`app.on('web-contents-created')`).
 */
export function hardenWebContents(contents: WebContents, origin: AppOrigin, opener: ExternalOpener): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, origin)) return;
    event.preventDefault();
    // A plain https: link clicked in the page opens in the system browser instead; anything else just does nothing.
    if (isSafeExternalUrl(url)) void opener.openExternal(url).catch(() => undefined);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, origin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void opener.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}

/** The app needs no camera, microphone, notifications, geolocation, USB, HID, serial… Every request and check says no. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Adds the CSP header to the dev server's responses (the app:// scheme sends its own, shell/app-protocol.ts). */
export function applyContentSecurityPolicy(session: Session, origin: AppOrigin): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, origin) && !isFromDevServer(details.url, origin)) {
      callback({});
      return;
    }
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    const policy = origin.devServerUrl
      ? // Vite's dev client and React refresh need inline scripts and a websocket; only ever under `electron-vite dev`.
        CONTENT_SECURITY_POLICY_HEADER.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: wss:")
      : CONTENT_SECURITY_POLICY_HEADER;
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}

function isFromDevServer(url: string, origin: AppOrigin): boolean {
  if (!origin.devServerUrl) return false;
  try {
    return new URL(url).origin === new URL(origin.devServerUrl).origin;
  } catch {
    return false;
  }
}

type FrameInfo = Pick<WebFrameMain, 'url' | 'processId' | 'routingId'> & { parent: unknown };

/** What an IPC event tells us about who sent it. */
export interface SenderInfo {
  sender: Pick<WebContents, 'id'> & { mainFrame?: FrameInfo };
  senderFrame: FrameInfo | null;
}

function sameFrame(a: FrameInfo, b: FrameInfo): boolean {
  return a === b || (a.processId === b.processId && a.routingId === b.routingId);
}

/**
 * Accepts an IPC message only from the main frame of a window the shell created, showing the app's own page.
 * `ownWebContentsIds` holds the ids of our windows' webContents.
 */
export function isTrustedSender(event: SenderInfo, ownWebContentsIds: ReadonlySet<number>, origin: AppOrigin): boolean {
  const frame = event.senderFrame;
  if (!frame) return false; // the frame navigated away or was destroyed
  if (!ownWebContentsIds.has(event.sender.id)) return false;
  if (frame.parent !== null) return false; // an iframe
  if (event.sender.mainFrame && !sameFrame(event.sender.mainFrame, frame)) return false;
  return isAppUrl(frame.url, origin);
}

/** Chromium's switches that open the window to remote control over the DevTools protocol. */
export const REMOTE_DEBUGGING_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe'] as const;

/** Set only by the packaged-app smoke test (test/packaging/packaged-app.test.ts), which drives the window over the DevTools protocol. */
export const SMOKE_TEST_ENV = 'RCD_SMOKE_TEST';

/**
 * In an installed app, drops `--remote-debugging-port`/`--remote-debugging-pipe` from Chromium's command line (before
 * `ready`, when Chromium would start listening), unless RCD_SMOKE_TEST=1 is set. The fuses already refuse `--inspect`;
 * a DevTools port would hand the signed-in window to any program on the PC, so a stray flag in a shortcut or a
 * copied command must not open one. The smoke test needs it (the fuses leave it no other way in) and says so explicitly;
 * whoever can set a process's environment can already run code as that person, so the opt-in opens nothing new.
 * Returns the switches it removed.
 */
export function refuseRemoteDebugging(
  commandLine: { hasSwitch(name: string): boolean; removeSwitch(name: string): void },
  isPackaged: boolean,
  env: Partial<Record<string, string>>,
): string[] {
  if (!isPackaged || env[SMOKE_TEST_ENV] === '1') return [];
  const removed = REMOTE_DEBUGGING_SWITCHES.filter((s) => commandLine.hasSwitch(s));
  for (const s of removed) commandLine.removeSwitch(s);
  return removed;
}

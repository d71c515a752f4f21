// A small stand-in for the `electron` module, so the shell and preload can be tested in plain Node.
// Use: `vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);` then `resetFakeElectron()` per test.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeFrame {
  static nextRoutingId = 1;
  parent: FakeFrame | null = null;
  processId = 7;
  routingId = FakeFrame.nextRoutingId++;
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler;
  }
  /** Emits an event the way Electron does, returning whether a handler called preventDefault(). */
  emitPreventable(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  minimized = false;
  destroyed = false;
  shown = false;
  focused = false;
  loaded: { kind: 'file' | 'url'; target: string } | null = null;
  show = vi.fn(() => void (this.shown = true));
  focus = vi.fn(() => void (this.focused = true));
  restore = vi.fn(() => void (this.minimized = false));
  constructor(public readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isMinimized() {
    return this.minimized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  loadFile(file: string) {
    this.loaded = { kind: 'file', target: file };
    this.webContents.mainFrame.url = `file://${file}`;
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded = { kind: 'url', target: url };
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  static fromWebContents(contents: unknown) {
    return FakeBrowserWindow.instances.find((w) => w.webContents === contents) ?? null;
  }
  static getAllWindows() {
    return FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  }
}

type PermissionRequestHandler = (wc: unknown, permission: string, cb: (ok: boolean) => void, details?: unknown) => void;
type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;

export interface FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null;
  headersListener: HeadersListener | null;
  setPermissionRequestHandler(h: PermissionRequestHandler): void;
  setPermissionCheckHandler(h: (...args: unknown[]) => boolean): void;
  setDevicePermissionHandler(h: (...args: unknown[]) => boolean): void;
  webRequest: { onHeadersReceived(l: HeadersListener): void };
}

function makeSession(): FakeSession {
  const session: FakeSession = {
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    devicePermissionHandler: null,
    headersListener: null,
    setPermissionRequestHandler(h) {
      session.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h) {
      session.permissionCheckHandler = h;
    },
    setDevicePermissionHandler(h) {
      session.devicePermissionHandler = h;
    },
    webRequest: {
      onHeadersReceived(l) {
        session.headersListener = l;
      },
    },
  };
  return session;
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  gotLock = true;
  quitCalls = 0;
  readyResolve: () => void = () => undefined;
  readyPromise: Promise<void> = Promise.resolve();
  requestSingleInstanceLock = vi.fn(() => this.gotLock);
  enableSandbox = vi.fn();
  setName = vi.fn();
  quit = vi.fn(() => {
    this.quitCalls++;
    // Like Electron: quitting emits before-quit, and a handler may prevent it.
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('will-quit');
  });
  whenReady = vi.fn(() => this.readyPromise);
  exit = vi.fn((_code?: number) => undefined);
  getPath = vi.fn((name: string) => `/fake/${name}`);
  getAppPath = vi.fn(() => '/fake/app');
  getVersion = vi.fn(() => '0.1.0');
  getName = vi.fn(() => 'recovery-college-desk');
  /** Chromium's command line: the switches the app was started with. */
  switches = new Map<string, string>();
  commandLine = {
    hasSwitch: (name: string) => this.switches.has(name),
    getSwitchValue: (name: string) => this.switches.get(name) ?? '',
    appendSwitch: (name: string, value = '') => void this.switches.set(name, value),
    removeSwitch: (name: string) => void this.switches.delete(name),
  };

  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.switches.clear();
    this.gotLock = true;
    this.quitCalls = 0;
    this.readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));
    for (const fn of [this.requestSingleInstanceLock, this.enableSandbox, this.setName, this.quit, this.exit, this.whenReady, this.getPath, this.getAppPath, this.getVersion, this.getName]) {
      fn.mockClear();
    }
  }
}

export const fakeElectron = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  Menu: {
    template: null as unknown,
    buildFromTemplate: vi.fn((t: unknown) => ({ template: t })),
    setApplicationMenu: vi.fn((m: { template: unknown }) => {
      fakeElectron.Menu.template = m.template;
    }),
  },
  ipcMain: {
    handlers: new Map<string, Handler>(),
    handle: vi.fn((channel: string, handler: Handler) => {
      fakeElectron.ipcMain.handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => {
      fakeElectron.ipcMain.handlers.delete(channel);
    }),
  },
  dialog: {
    showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: undefined as string | undefined })),
    showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
    showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 1, checkboxChecked: false })),
    showErrorBox: vi.fn(),
  },
  shell: { openExternal: vi.fn(async (_url: string) => undefined) },
  protocol: {
    privileged: [] as unknown[],
    handlers: new Map<string, (request: { url: string; method: string }) => Promise<Response>>(),
    registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => void fakeElectron.protocol.privileged.push(...schemes)),
    handle: vi.fn((scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => {
      fakeElectron.protocol.handlers.set(scheme, handler);
    }),
  },
  session: { defaultSession: makeSession() },
  contextBridge: {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld: vi.fn((key: string, api: unknown) => {
      fakeElectron.contextBridge.exposed.set(key, api);
    }),
  },
  ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]) => undefined as unknown) },
};

export function resetFakeElectron(): void {
  fakeElectron.app.reset();
  FakeBrowserWindow.instances = [];
  fakeElectron.ipcMain.handlers.clear();
  fakeElectron.Menu.template = null;
  Object.assign(fakeElectron.session.defaultSession, { permissionRequestHandler: null, permissionCheckHandler: null, devicePermissionHandler: null, headersListener: null });
  fakeElectron.contextBridge.exposed.clear();
  fakeElectron.protocol.privileged = [];
  fakeElectron.protocol.handlers.clear();
  for (const fn of [
    fakeElectron.protocol.registerSchemesAsPrivileged,
    fakeElectron.protocol.handle,
    fakeElectron.Menu.buildFromTemplate,
    fakeElectron.Menu.setApplicationMenu,
    fakeElectron.ipcMain.handle,
    fakeElectron.ipcMain.removeHandler,
    fakeElectron.dialog.showSaveDialog,
    fakeElectron.dialog.showOpenDialog,
    fakeElectron.dialog.showMessageBox,
    fakeElectron.dialog.showErrorBox,
    fakeElectron.shell.openExternal,
    fakeElectron.contextBridge.exposeInMainWorld,
    fakeElectron.ipcRenderer.invoke,
  ]) {
    fn.mockClear();
  }
}

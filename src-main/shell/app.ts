// The desktop shell's wiring: one instance, one hardened window, the menu, IPC to the core, and a clean shutdown.
// Everything interesting is in security.ts / ipc.ts / menu.ts; this file only connects them to Electron's objects.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell } from 'electron';
import type { CoreClientOptions, CrashReport } from '../host/client';
import type { HostCoreOptions, RestoreRequest } from '../host/protocol';
import { CREDENTIALS_FILE, SafeStorageCredentialStore } from './credentials';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolResponse } from './app-protocol';
import { registerIpc, type CoreLike } from './ipc';
import { menuTemplate } from './menu';
import { restoreSwitches, restoreWithDialogs } from './restore';
import { nativeBindingFor } from './native';
import { checkRememberedFolder, dataLocation, defaultDataDir, MissingFolderError, readRememberedDataDir, rememberDataDir, type DataLocation } from './options';
import { applyContentSecurityPolicy, denyAllPermissions, hardenWebContents, isTrustedSender, refuseRemoteDebugging, windowOptions, type AppOrigin } from './security';

export const APP_NAME = 'Recovery College Desk';

export interface OpenableCore extends CoreLike {
  close(): Promise<void>;
  /** A back-up for an update, opened read-only and checked. */
  backupForUpdate(): Promise<{ verified: boolean; file?: string }>;
}

export interface ShellOptions {
  /** Starts the core (in the desktop app: in a utilityProcess, host/client.ts) and opens the database. */
  openCore(options: HostCoreOptions, hooks: CoreClientOptions): Promise<OpenableCore>;
  /** Absolute path of out/preload/index.cjs. */
  preloadPath: string;
  /** Absolute path of out/renderer/index.html. */
  indexHtml: string;
  /** The electron-vite dev server (ELECTRON_RENDERER_URL); ignored in a packaged build. */
  devServerUrl?: string;
  /** Offer the training database. */
  demo?: boolean;
  /** Runs the command-line restore in a core process of its own (`--restore`, shell/restore.ts). */
  restore?(request: RestoreRequest): Promise<{ code: number; lines: string[] }>;
  argv?: readonly string[];
  env?: Partial<Record<string, string>>;
}

export interface ShellState {
  /** Resolves once the core is open and the window created (or the app gave up and is quitting). */
  ready: Promise<void>;
  window(): BrowserWindow | null;
  core(): OpenableCore | null;
}

/** Starts the shell. Returns null when another copy of the app is already running (that copy gets focused instead). */
export function runShell(options: ShellOptions): ShellState | null {
  // Before `ready`: Chromium opens a DevTools port only after the main script has run, so removing the switch here keeps it shut.
  const refused = refuseRemoteDebugging(app.commandLine, app.isPackaged, options.env ?? process.env);
  if (refused.length > 0) console.error(`[shell] ignored --${refused.join(', --')}: the installed app does not allow remote debugging.`);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  app.enableSandbox();
  // Must happen before `ready`: the page is served from app://desk/, a standard, secure scheme of our own.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

  // A packaged app never loads another origin as its trusted page, whatever the environment says.
  const devServerUrl = app.isPackaged ? undefined : options.devServerUrl;
  const origin: AppOrigin = { appUrl: APP_INDEX_URL, devServerUrl };
  const ownWebContents = new Set<number>();
  let win: BrowserWindow | null = null;
  let core: OpenableCore | null = null;
  let location: DataLocation | null = null;

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });

  // Every webContents the app ever makes (window, devtools, anything) gets the same locks.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin, shell));

  registerIpc({
    ipcMain,
    dialog,
    shell,
    core: () => core,
    isTrustedSender: (event) => isTrustedSender(event, ownWebContents, origin),
    windowFor: (event) => BrowserWindow.fromWebContents(event.sender),
    defaultSaveFolder: () => app.getPath('documents'),
  });

  const createWindow = (): BrowserWindow => {
    const w = new BrowserWindow(windowOptions(options.preloadPath, { devTools: !app.isPackaged }));
    const id = w.webContents.id;
    ownWebContents.add(id);
    w.webContents.once('destroyed', () => {
      ownWebContents.delete(id);
      core?.endSession(String(id));
    });
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => {
      if (win === w) win = null;
    });
    void w.loadURL(devServerUrl ?? APP_INDEX_URL);
    win = w;
    return w;
  };

  const showAbout = () => {
    const detail = [`Version ${app.getVersion()}`, process.versions.electron ? `Electron ${process.versions.electron}` : '', location ? `Data folder: ${location.dataDir}` : '']
      .filter(Boolean)
      .join('\n');
    void dialog.showMessageBox({ type: 'info', title: `About ${APP_NAME}`, message: APP_NAME, detail, buttons: ['OK'] });
  };

  let shuttingDown = false;
  app.on('before-quit', (event) => {
    const open = core;
    if (!open) return;
    // Close the database cleanly (WAL checkpoint) before Electron exits, then quit for real.
    event.preventDefault();
    if (shuttingDown) return;
    shuttingDown = true;
    core = null;
    void open
      .close()
      .catch((e: unknown) => console.error('[shell] closing the database failed:', e))
      .finally(() => app.quit());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) createWindow();
  });

  const onCrash = (report: CrashReport) => {
    console.error('[shell] the core process stopped:', report);
    void dialog.showMessageBox({
      type: report.restarted ? 'warning' : 'error',
      title: APP_NAME,
      message: report.restarted ? 'The app had a problem and has recovered.' : 'The app had a problem and needs to be restarted.',
      detail: report.restarted
        ? 'The part of the app that keeps the records stopped unexpectedly and has been restarted. Everything you had saved is safe. ' +
          'Please sign in again and check the last thing you were doing.'
        : 'The part of the app that keeps the records stopped and could not be restarted. Everything you had saved is safe. Please close the app and open it again.',
      buttons: ['OK'],
    });
    if (report.restarted && win && !win.isDestroyed()) win.webContents.reload();
  };

  const rendererDir = path.dirname(options.indexHtml);
  const ready = app.whenReady().then(async () => {
    protocol.handle(APP_SCHEME, (request) => appProtocolResponse(request.url, request.method, rendererDir));
    denyAllPermissions(session.defaultSession);
    applyContentSecurityPolicy(session.defaultSession, origin);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isPackaged: app.isPackaged, platform: process.platform, appName: APP_NAME, showAbout })));

    const appRoot = app.getAppPath();
    const nativeBinding = nativeBindingFor(appRoot, process.versions, process.platform, process.arch, existsSync);
    const configDir = app.getPath('userData');
    const env = options.env ?? process.env;
    const argv = options.argv ?? process.argv;
    const first = dataLocation(argv, env, defaultDataDir(process.platform, env, configDir), readRememberedDataDir(configDir));
    const restore = restoreSwitches(argv, env);
    if (restore && options.restore) {
      // IT's restore: no window, no database opened; the app ends with the restore's exit code.
      const code = await restoreWithDialogs(dialog, options.restore, { ...restore, dataDir: first.dataDir, databaseFile: first.databaseFile, nativeBinding }, APP_NAME);
      app.exit(code);
      return;
    }
    const opened = await openCoreOrAsk(
      first,
      (loc) => {
        checkRememberedFolder(loc);
        // The college server's password stays in this process, encrypted by the OS key store; the core asks for it.
        const credentials = new SafeStorageCredentialStore(path.join(configDir, CREDENTIALS_FILE), () => safeStorage);
        return options.openCore(
          { dataDir: loc.dataDir, databaseFile: loc.databaseFile, ignoreSavedServer: loc.ignoreSavedServer, nativeBinding, demo: options.demo, undeclaredRefusals: 'lenient', credentials: 'parent' },
          { onCrash, credentials },
        );
      },
      nativeBinding,
    );
    if (!opened) {
      app.quit();
      return;
    }
    if (opened.chosen) {
      try {
        rememberDataDir(configDir, opened.location.dataDir);
      } catch (e) {
        console.error('[shell] could not remember the chosen folder:', e);
      }
    }
    core = opened.core;
    location = opened.location;
    createWindow();
  });

  return { ready, window: () => win, core: () => core };
}

/**
 * Opens the core. When that fails — a refused database (unsafe place, newer, corrupt, unreadable), a remembered folder that
 * has gone, or a folder that cannot be written — a native dialog explains why and offers to choose another folder and try
 * again; the refused file is never touched. Returns null when the person gives up. `chosen` says a folder was picked here.
 */
export async function openCoreOrAsk(
  first: DataLocation,
  open: (location: DataLocation) => Promise<OpenableCore>,
  nativeBinding: string | undefined,
): Promise<{ core: OpenableCore; location: DataLocation; chosen: boolean } | null> {
  let location = first;
  let chosen = false;
  for (;;) {
    try {
      return { core: await open(location), location, chosen };
    } catch (e) {
      if (isDriverProblem(e)) {
        console.error('[shell] the database driver could not be loaded:', e);
        dialog.showErrorBox(`${APP_NAME} could not start`, startFailureMessage(e, nativeBinding, app.isPackaged));
        return null;
      }
      if (isServerRefusal(e) && !location.ignoreSavedServer) {
        // Choosing another folder would not help: the college's server (or the settings for it) is the problem. The desk
        // can start on its own database this once, so a manager can correct Settings → College server, or wait for IT.
        const { response } = await dialog.showMessageBox({
          type: 'error',
          title: `${APP_NAME}: the college’s server cannot be used`,
          message: 'This desk could not open its records on the college’s server. Nothing was changed, here or on the server.',
          detail: `${e instanceof Error ? e.message : String(e)}\n\nYou can start with this computer’s own database this time (a manager can then check Settings → College server), or quit and ask IT.`,
          buttons: ['Use this computer’s database this time', 'Quit'],
          defaultId: 1,
          cancelId: 1,
          noLink: true,
        });
        if (response !== 0) return null;
        location = { ...location, ignoreSavedServer: true };
        continue;
      }
      const refused = isRefusal(e);
      if (!refused) console.error('[shell] could not open the database:', e);
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: `${APP_NAME}: the database cannot be opened`,
        message:
          refused
            ? 'The database cannot be used, and it has not been changed.'
            : e instanceof MissingFolderError
              ? 'The database folder cannot be found.'
              : 'The database could not be opened, and nothing was changed.',
        detail: e instanceof Error ? e.message : String(e),
        buttons: ['Choose another folder…', 'Quit'],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      });
      if (response !== 0) return null;
      const pick = await dialog.showOpenDialog({
        title: 'Choose a folder on this computer for the database',
        buttonLabel: 'Use this folder',
        properties: ['openDirectory', 'createDirectory'],
      });
      if (pick.canceled || !pick.filePaths[0]) return null;
      location = { dataDir: pick.filePaths[0] };
      chosen = true;
    }
  }
}

/** The college's server (or the desk's saved settings for it) refused this desk, as reported by the core's process. */
function isServerRefusal(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return e.name === 'ServerRefusedError' || e.name === 'ServerConfigError' || (e.name === 'CoreOpenError' && (e as Error & { failure?: { where?: string } }).failure?.where === 'server');
}

/** The database was refused (unsafe place, newer, damaged): by the core in this process, or reported by the core's process. */
function isRefusal(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return e.name === 'DatabaseRefusedError' || (e.name === 'CoreOpenError' && (e as Error & { failure?: { reason?: string } }).failure?.reason === 'refused');
}

function isDriverProblem(e: unknown): boolean {
  if (e instanceof Error && e.name === 'CoreOpenError' && (e as Error & { failure?: { reason?: string } }).failure?.reason === 'driver') return true;
  const text = e instanceof Error ? e.message : String(e);
  return !!process.versions.electron && /NODE_MODULE_VERSION|better_sqlite3\.node|was compiled against a different/i.test(text);
}

export function startFailureMessage(e: unknown, nativeBinding: string | undefined, packaged = false): string {
  const text = e instanceof Error ? e.message : String(e);
  if (!isDriverProblem(e)) return `Something went wrong while opening the database, and nothing was changed.\n\nDetails: ${text}`;
  if (packaged) return `Part of the app (its database driver) is missing or damaged, so it cannot open the records; nothing was changed. Please ask IT to reinstall ${APP_NAME}.\n\nDetails: ${text}`;
  const fix = nativeBinding
    ? `The prepared copy at ${nativeBinding} does not fit this version of the app. Delete the “native” folder and run \`npm start\` again.`
    : 'Please close this message and run `npm start`, which prepares it (the first time, this needs an internet connection).';
  return `The database driver has not been prepared for the desktop app. ${fix}\n\nDetails: ${text}`;
}

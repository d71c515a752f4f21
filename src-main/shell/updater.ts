// electron-updater wiring: reads IT's switches, looks for updates on the configured HTTPS feed, and walks the person through
// installing one (shell/updates.ts decides each step). Never installs silently, mid-register, or without a checked back-up.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { app, dialog } from 'electron';
import type { ShellState } from './app';
import { isMidRegister, nextInstallStep, parseRegQuery, POLICY_KEY, POLICY_KEY_USER, updateSetting, type InstallState, type UpdatePolicy } from './updates';

const CHECK_EVERY_MS = 6 * 3600_000;
const ASK_AGAIN_MS = 4 * 3600_000;
const REGISTER_RECHECK_MS = 60_000;

function regQuery(key: string): Promise<UpdatePolicy> {
  return new Promise((resolve) => {
    execFile('reg', ['query', key], { windowsHide: true, timeout: 5000 }, (error, stdout) => resolve(error ? {} : parseRegQuery(stdout)));
  });
}

/** Machine policy wins over the user's. */
async function windowsPolicy(): Promise<UpdatePolicy> {
  if (process.platform !== 'win32') return {};
  const [machine, user] = await Promise.all([regQuery(POLICY_KEY), regQuery(POLICY_KEY_USER)]);
  return { disableUpdates: machine.disableUpdates ?? user.disableUpdates, feedUrl: machine.feedUrl ?? user.feedUrl };
}

function builtInFeed(): string | undefined {
  const file = path.join(process.resourcesPath ?? '', 'app-update.yml');
  if (!existsSync(file)) return undefined;
  return /^url:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1]?.replace(/^['"]|['"]$/g, '');
}

export async function startUpdates(shell: ShellState): Promise<void> {
  const setting = updateSetting({ isPackaged: app.isPackaged, argv: process.argv, env: process.env, policy: await windowsPolicy(), builtInFeedUrl: builtInFeed() });
  if (!setting.enabled) {
    console.log(`[updates] off: ${setting.why}`);
    return;
  }
  // Loaded only when updates are on.
  const { autoUpdater } = (await import('electron-updater')).default;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.setFeedURL({ provider: 'generic', url: setting.feedUrl });

  const state: InstallState = { downloaded: false, agreed: null, midRegister: false, backup: 'none' };
  let version = '';
  let busy = false;

  const step = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (;;) {
        state.midRegister = isMidRegister(shell.window()?.webContents.getURL());
        const next = nextInstallStep(state);
        if (next.action === 'ask') {
          const { response } = await dialog.showMessageBox({
            type: 'info',
            title: 'An update is ready',
            message: `Version ${version} of Recovery College Desk is ready to install.`,
            detail: 'The app will make a back-up of the records, check it, then close and restart. It takes about a minute. You can also do it later.',
            buttons: ['Install now', 'Later'],
            defaultId: 1,
            cancelId: 1,
            noLink: true,
          });
          state.agreed = response === 0;
          if (!state.agreed) setTimeout(() => ((state.agreed = null), void step()), ASK_AGAIN_MS).unref();
          continue;
        }
        if (next.action === 'wait') {
          if (next.reason === 'mid-register') setTimeout(() => void step(), REGISTER_RECHECK_MS).unref();
          return;
        }
        if (next.action === 'back-up') {
          const core = shell.core();
          const result = core ? await core.backupForUpdate().catch(() => null) : null;
          state.backup = result?.verified ? 'verified' : 'failed';
          continue;
        }
        if (next.action === 'refuse') {
          await dialog.showMessageBox({
            type: 'warning',
            title: 'The update was not installed',
            message: 'The update was not installed, because the back-up made before it could not be checked.',
            detail: 'Nothing has changed. Please tell IT or your manager; the app will carry on as it is.',
            buttons: ['OK'],
          });
          return;
        }
        autoUpdater.quitAndInstall(false, true);
        return;
      }
    } finally {
      busy = false;
    }
  };

  autoUpdater.on('update-downloaded', (info: { version: string }) => {
    version = info.version;
    state.downloaded = true;
    state.backup = 'none';
    void step();
  });
  autoUpdater.on('error', (e: Error) => console.error('[updates]', e.message));
  const check = () => void autoUpdater.checkForUpdates().catch((e: unknown) => console.error('[updates] check failed:', e instanceof Error ? e.message : e));
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
}

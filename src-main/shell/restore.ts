// The installed app's command-line restore for IT: `"Recovery College Desk.exe" --restore[=<backup file>]` with
// --check-only, --force and --passphrase-file=<file> (or RCD_BACKUP_PASSPHRASE), for when the app cannot start. There is
// no console to type at, so the check and its counts are shown in a dialog that asks before anything is replaced; the
// work itself runs in the core's process (host/restore.ts), the same code as `npm run restore`.
import type { Dialog } from 'electron';
import type { RestoreRequest } from '../host/protocol';

export type RestoreSwitches = Pick<RestoreRequest, 'backup' | 'passphrase' | 'passphraseFile' | 'checkOnly' | 'force'>;

/** The restore asked for on the command line, or null when the app should start as usual. */
export function restoreSwitches(argv: readonly string[], env: Partial<Record<string, string>>): RestoreSwitches | null {
  const value = (name: string) => {
    const prefix = `--${name}=`;
    const hit = [...argv].reverse().find((a) => a.startsWith(prefix));
    return hit ? hit.slice(prefix.length).trim() || undefined : undefined;
  };
  const backup = value('restore');
  if (!backup && !argv.includes('--restore')) return null;
  return {
    backup,
    passphraseFile: value('passphrase-file'),
    passphrase: env.RCD_BACKUP_PASSPHRASE || undefined,
    checkOnly: argv.includes('--check-only'),
    force: argv.includes('--force'),
  };
}

type Run = (request: RestoreRequest) => Promise<{ code: number; lines: string[] }>;

/** Checks, asks, restores; every step's lines shown in a dialog and printed. Returns the exit code (0 restored or checked). */
export async function restoreWithDialogs(dialog: Pick<Dialog, 'showMessageBox'>, run: Run, request: RestoreRequest, appName: string): Promise<number> {
  const show = async (type: 'info' | 'warning' | 'error', message: string, lines: string[], buttons = ['OK']) => {
    for (const line of lines) console.log(line);
    const { response } = await dialog.showMessageBox({ type, title: `${appName}: restore a backup`, message, detail: lines.join('\n'), buttons, defaultId: buttons.length - 1, cancelId: buttons.length - 1, noLink: true });
    return response;
  };
  const check = await run({ ...request, checkOnly: true });
  if (check.code !== 0) {
    await show('error', 'The backup was not restored, and nothing was changed.', check.lines);
    return check.code;
  }
  if (request.checkOnly) {
    await show('info', 'The backup is sound. Nothing was changed (--check-only).', check.lines);
    return 0;
  }
  const go = await show(
    'warning',
    'Replace the database with this backup?',
    [...check.lines.filter((l) => !/^Checking /.test(l)), '', 'The current database file is kept aside in the “replaced” folder beside it, never deleted.'],
    ['Restore', 'Cancel'],
  );
  if (go !== 0) {
    console.log('Nothing was changed.');
    return 1;
  }
  const done = await run({ ...request, checkOnly: false });
  await show(done.code === 0 ? 'info' : 'error', done.code === 0 ? 'The backup has been restored.' : 'The backup was not restored.', done.lines);
  return done.code;
}

// The installed app's `--restore` (shell/restore.ts), run in the core's process like everything that touches the database:
// the same code as `npm run restore` (core/backups/command-line.ts), its lines collected for the native dialogs. Nobody
// can type at a desktop program's console (Windows gives it none), so the passphrase comes from --passphrase-file or
// RCD_BACKUP_PASSPHRASE, and the confirmation from the dialog between a check-only run and the restore itself.
import { Core } from '../core/api/core';
import { runCommandLineRestore } from '../core/backups/command-line';
import type { RestoreRequest } from './protocol';

export const PASSPHRASE_NEEDED =
  'This backup is encrypted. Give the recovery passphrase in a file, --passphrase-file="C:\\path\\passphrase.txt" (delete the file afterwards), or in the environment variable RCD_BACKUP_PASSPHRASE.';

export async function restoreInHost(request: RestoreRequest): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCommandLineRestore(
    {
      database: Core.liveFile({ dataDir: request.dataDir, databaseFile: request.databaseFile }),
      backup: request.backup ?? null,
      passphrase: request.passphrase,
      passphraseFile: request.passphraseFile,
      checkOnly: request.checkOnly,
      // Only after the person agreed in the dialog, having seen the check-only run's counts.
      yes: !request.checkOnly,
      force: request.force,
      nativeBinding: request.nativeBinding,
    },
    {
      out: (line) => void lines.push(line),
      ask: () => Promise.reject(new Error(PASSPHRASE_NEEDED)),
      now: () => new Date(),
    },
  ).catch((e: unknown) => {
    lines.push(`Not restored: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  });
  return { code, lines };
}

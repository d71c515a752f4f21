// `npm run restore -- --database <file> [--backup <file>] [--check-only] [--passphrase-file <file>] [--yes] [--force]`:
// restores a backup from the command line (for IT, when the app cannot start). See "Restoring a backup" in README.md.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { runCommandLineRestore } from '../src-main/core/backups/command-line';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    backup: { type: 'string' },
    'passphrase-file': { type: 'string' },
    'check-only': { type: 'boolean', default: false },
    yes: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
  },
});
if (!values.database) {
  console.error('Please give --database <path to recovery-college.sqlite> (and --backup <file>, or the newest backup beside it is used).');
  process.exit(2);
}
const rl = createInterface({ input: process.stdin, output: process.stdout });
const code = await runCommandLineRestore(
  {
    database: values.database,
    backup: values.backup ?? null,
    passphraseFile: values['passphrase-file'],
    passphrase: process.env.RCD_BACKUP_PASSPHRASE,
    checkOnly: values['check-only'] ?? false,
    yes: values.yes ?? false,
    force: values.force ?? false,
  },
  { out: (line) => console.log(line), ask: (q) => rl.question(q), now: () => new Date() },
);
rl.close();
process.exit(code);

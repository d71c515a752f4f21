// A child process for the kill-loop tests: upgrades, backs up, or writes to a database until the test kills it.
// It says `ready` just before the work the test wants to interrupt, and `ack N` after each write has committed.
import { BackupService } from '../../src-main/core/backups/service';
import { openDatabase } from '../../src-main/core/db/open';

const [mode, file] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (mode === 'upgrade') {
    say('ready');
    const started = performance.now();
    const opened = await openDatabase(file, { allowAnyLocation: true });
    await opened.close();
    say(`done ${Math.round(performance.now() - started)}`);
    return;
  }
  const opened = await openDatabase(file, { allowAnyLocation: true });
  if (mode === 'backup') {
    const service = new BackupService(() => opened, () => new Date());
    say('ready');
    for (;;) await service.take('manual');
  }
  if (mode === 'write') {
    say('ready');
    for (let n = 1; ; n++) {
      await opened.db.insertInto('settings').values({ key: `write-${process.pid}-${n}`, value: JSON.stringify(n) }).execute();
      say(`ack write-${process.pid}-${n}`);
    }
  }
}

main().catch((e: unknown) => {
  say(`error ${(e as Error).message}`);
  process.exit(1);
});

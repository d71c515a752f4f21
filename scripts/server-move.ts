// `npm run server:move -- --from <desk.sqlite> --to <postgres://owner@server/db>`: moves a desk's database to the
// college's server (set up first with `npm run server:setup`, and still empty), checks every table's rows and checksum
// there, and keeps the desk file as a read-only archive with a note beside it. The reverse, for leaving the server or
// after a disaster: `--from <postgres://…> --to <new.sqlite>`. Or in two steps through the portable export file:
// `--from <desk.sqlite | postgres://…> --export <file>`, then `--import <file> --to <postgres://… | new.sqlite>`.
// Use the server's owner credential (the move resets the server's id sequences). Ctrl-C cancels without changing anything.
import { parseArgs } from 'node:util';
import { ExportDamagedError } from '../src-main/core/db/portable/format';
import { exportDesk, exportServer, importIntoNewDesk, importIntoServer, moveDeskToServer, moveServerToDesk, percentDone, type MoveOptions } from '../src-main/core/db/portable/move';
import { MoveRefusedError, VerificationFailedError, type MoveProgress } from '../src-main/core/db/portable/progress';
import { DatabaseRefusedError } from '../src-main/core/db/open';
import { ServerRefusedError } from '../src-main/core/db/postgres';

const { values } = parseArgs({
  options: { from: { type: 'string' }, to: { type: 'string' }, export: { type: 'string' }, import: { type: 'string' }, 'keep-export': { type: 'string' } },
});

class UsageError extends Error {}

const isServer = (place: string) => /^postgres(ql)?:\/\//i.test(place);
const usage =
  'Please give one of:\n' +
  '  --from <desk.sqlite> --to <postgres://owner@server:5432/database>   (move a desk to the college server)\n' +
  '  --from <postgres://…> --to <new.sqlite>                             (move the college back to a desk file)\n' +
  '  --from <desk.sqlite | postgres://…> --export <file>                 (write the portable export only)\n' +
  '  --import <file> --to <postgres://… | new.sqlite>                    (read a portable export into an empty database)';

const stop = new AbortController();
process.on('SIGINT', () => {
  console.error('\nCancelling…');
  stop.abort(new Error('cancelled'));
});

let last = '';
let lastStage = '';
function onProgress(p: MoveProgress): void {
  const words = { export: 'Reading', import: 'Copying', verify: 'Checking' }[p.stage];
  if (process.stdout.isTTY) {
    const line = `${words} ${p.table} (${p.tableIndex + 1} of ${p.tableCount})${p.tableRows ? `: ${p.rows.toLocaleString('en-GB')} of ${p.tableRows.toLocaleString('en-GB')} rows` : ''} — ${percentDone(p)}%`;
    process.stdout.write(`\r${line.padEnd(last.length)}`);
    last = line;
  } else if (p.stage !== lastStage) {
    // In a log, one line per stage: a line per page would bury the result.
    console.log(`${words} ${p.tableCount} tables…`);
    lastStage = p.stage;
  }
}

const options: MoveOptions = { onProgress, signal: stop.signal, keepExport: values['keep-export'] };
const started = performance.now();
try {
  let summary: string;
  if (values.from && values.to && !values.export && !values.import) {
    if (!isServer(values.from) && isServer(values.to)) {
      const r = await moveDeskToServer(values.from, values.to, options);
      summary = `Moved ${r.rows.toLocaleString('en-GB')} rows in ${r.manifest.tables.length} tables to the college's server; every table's rows and checksum were checked there. ${values.from} is now a read-only archive (see ${values.from}.moved-to-server.json).`;
    } else if (isServer(values.from) && !isServer(values.to)) {
      const r = await moveServerToDesk(values.from, values.to, options);
      summary = `Copied ${r.rows.toLocaleString('en-GB')} rows in ${r.manifest.tables.length} tables from the college's server into ${values.to}; every table's rows and checksum were checked there.`;
    } else {
      throw new UsageError();
    }
  } else if (values.from && values.export && !values.to && !values.import) {
    const m = isServer(values.from) ? await exportServer(values.from, values.export, options) : await exportDesk(values.from, values.export, options);
    summary = `Wrote ${m.tables.reduce((n, t) => n + t.rows, 0).toLocaleString('en-GB')} rows in ${m.tables.length} tables to ${values.export}. It holds personal data: keep it as safe as the database itself, and delete it once used.`;
  } else if (values.import && values.to && !values.from && !values.export) {
    const m = isServer(values.to) ? await importIntoServer(values.import, values.to, options) : await importIntoNewDesk(values.import, values.to, options);
    summary = `Copied ${m.tables.reduce((n, t) => n + t.rows, 0).toLocaleString('en-GB')} rows in ${m.tables.length} tables into ${isServer(values.to) ? "the college's server" : values.to}; every table's rows and checksum were checked there.`;
  } else {
    throw new UsageError();
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(`${summary} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  process.exit(0);
} catch (e) {
  if (process.stdout.isTTY && last) process.stdout.write('\n');
  if (e instanceof UsageError) {
    console.error(usage);
    process.exit(2);
  }
  if (stop.signal.aborted) {
    console.error('Cancelled: nothing has been changed.');
    process.exit(130);
  }
  const known = e instanceof MoveRefusedError || e instanceof ExportDamagedError || e instanceof VerificationFailedError || e instanceof ServerRefusedError || e instanceof DatabaseRefusedError;
  console.error(known ? (e as Error).message : `The move failed, and nothing has been changed: ${(e as Error).message}`);
  process.exit(1);
}

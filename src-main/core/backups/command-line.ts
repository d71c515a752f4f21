// The command-line restore for IT (scripts/restore-backup.ts, and the installed app's --restore switch through its core
// process, host/restore.ts): the same checks and swap as a manager's restore in the app, for when the app cannot start
// (the database is missing, damaged, or the desk is new).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeAudit } from '../audit/audit';
import { openDatabase } from '../db/open';
import { openImmutable, type NativeOptions } from '../db/sqlite';
import { listBackups } from './files';
import { databaseCounts, prepareRestore, RestoreRefusedError, swapIn } from './restore';

export interface RestoreArgs {
  database: string;
  /** A backup file, or null for the newest in the backups folder beside the database. */
  backup: string | null;
  passphrase?: string;
  passphraseFile?: string;
  checkOnly: boolean;
  yes: boolean;
  force: boolean;
  /** The Electron build of better-sqlite3 (`npm start`); the installed app and Node use node_modules' own. */
  nativeBinding?: string;
}

export interface RestoreIo {
  out(line: string): void;
  ask(question: string): Promise<string>;
  now(): Date;
}

/** Returns the process exit code: 0 restored (or checked), 1 refused, 2 wrong usage. */
export async function runCommandLineRestore(args: RestoreArgs, io: RestoreIo): Promise<number> {
  const live = path.resolve(args.database);
  const native = { nativeBinding: args.nativeBinding };
  const backupsDir = path.join(path.dirname(live), 'backups');
  const source = args.backup ? path.resolve(args.backup) : (listBackups(backupsDir, path.parse(live).name)[0]?.path ?? null);
  if (!source) {
    io.out(`No backup was found in ${backupsDir}. Give one with --backup <file>.`);
    return 2;
  }
  if (!args.checkOnly && !args.force && (existsSync(`${live}-wal`) || existsSync(`${live}-shm`))) {
    io.out(`The database seems to be in use (${path.basename(live)}-wal or -shm is beside it). Please close Recovery College Desk on this computer first.`);
    io.out('If the app is closed (it may have stopped unexpectedly), run this again with --force: those files are kept aside with the replaced database.');
    return 1;
  }
  let passphrase = args.passphrase ?? (args.passphraseFile ? readFileSync(args.passphraseFile, 'utf8').trim() : undefined);
  io.out(`Checking ${source} …`);
  let prepared;
  try {
    try {
      prepared = await prepareRestore(source, live, passphrase, native);
    } catch (e) {
      if (!(e instanceof RestoreRefusedError) || e.reason !== 'needs-passphrase') throw e;
      passphrase = await io.ask('This backup is encrypted. Recovery passphrase: ');
      prepared = await prepareRestore(source, live, passphrase, native);
    }
  } catch (e) {
    io.out(`Not restored: ${(e as Error).message}`);
    return 1;
  }
  const current = existsSync(live) ? currentCounts(live, native) : null;
  io.out(`The backup is sound (full integrity check passed${prepared.encrypted ? ', encryption seal intact' : ''}). Taken ${prepared.takenAt}, version ${prepared.schema ?? 'unknown'}.`);
  io.out(`                backup    current database`);
  for (const k of ['students', 'sessions', 'marks', 'claims'] as const) {
    io.out(`  ${k.padEnd(12)}  ${String(prepared.counts[k]).padStart(7)}    ${current ? String(current[k]).padStart(7) : '(none)'}`);
  }
  if (args.checkOnly) {
    prepared.discard();
    return 0;
  }
  if (!args.yes && (await io.ask(`Replace ${live} with this backup? The current file is kept aside. Type "restore" to go ahead: `)).trim().toLowerCase() !== 'restore') {
    prepared.discard();
    io.out('Nothing was changed.');
    return 1;
  }
  const swap = swapIn(prepared, live, io.now());
  try {
    const opened = await openDatabase(live, { allowAnyLocation: true, now: () => io.now(), nativeBinding: args.nativeBinding });
    await writeAudit(opened.db, { now: () => io.now(), staff: null }, {
      action: 'restore',
      entity: 'database',
      entityId: null,
      summary: `restored backup ${path.basename(source)} (taken ${prepared.takenAt}) from the command line; the replaced database is at ${swap.setAside ?? '(none)'}`,
    });
    await opened.close();
  } catch (e) {
    swap.undo();
    io.out(`The restored database could not be opened (${(e as Error).message}); the previous one has been put back.`);
    return 1;
  } finally {
    prepared.discard();
  }
  io.out(`Restored. ${swap.setAside ? `The replaced database is kept at ${swap.setAside}.` : ''} You can start the app now.`);
  return 0;
}

function currentCounts(live: string, native: NativeOptions) {
  try {
    const ro = openImmutable(live, native);
    try {
      return databaseCounts(ro);
    } finally {
      ro.close();
    }
  } catch {
    return null;
  }
}

// Opens the college's database safely: refuses unsafe places, missing, corrupt or newer files without touching them;
// takes a verified backup before upgrading; upgrades one transaction per migration; checks the file fully whenever
// the last session did not end cleanly, and otherwise leaves the full check to the background (start-up stays fast).
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { LATEST_MIGRATION, MIGRATION_NAMES, migrations } from '../../../db/migrations/index';
import { extendOutsideHead, forgetOutsideHead } from '../audit/outside';
import { checkFileInBackground } from '../backups/check';
import type { BackupKey } from '../backups/crypto';
import { BackupFailedError, listBackups, takeBackup } from '../backups/files';
import { readArchiveNote } from './archive-note';
import { storageProblem } from './errors';
import { makePrivateFolder } from './folders';
import { unsafeLocationReason } from './location';
import { runMigrations } from './migrate';
import type { OpenedStore } from './opened';
import type { Database } from './schema';
import { appliedMigrations, applyConnectionPragmas, applyReaderPragmas, integrityCheck, openImmutable, openSqlite, tableExists, tidyBeforeClose, type NativeOptions, type SqliteHandle } from './sqlite';
import { withStatementCache } from './sqlite-cache';

export type RefusalKind = 'location' | 'newer' | 'corrupt' | 'unreadable' | 'missing' | 'storage' | 'moved';

/** The database cannot be used; the file has not been touched. `message` is for staff. */
export class DatabaseRefusedError extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    /** For a missing database: the newest backup that could replace it. */
    readonly latestBackup: string | null = null,
  ) {
    super(message);
    this.name = 'DatabaseRefusedError';
  }
}

export interface OpenOptions extends NativeOptions {
  /** Where automatic backups go; default: a `backups` folder beside the database. */
  backupsDir?: string;
  /** Skip the network/synced-folder check (tests that use unusual temp folders only). */
  allowAnyLocation?: boolean;
  now?: () => Date;
  /** The training database: fictional data that may be deleted to start afresh, so a missing file is simply recreated. */
  disposable?: boolean;
}

/**
 * A desk's own database file. `db` is the one writing connection; `reader` a second, read-only connection to the same
 * file (in WAL mode it sees the last committed state and never waits for a write in progress, so a window is answered
 * while another produces a return); `withSnapshot` opens its own short-lived read-only connection.
 */
export interface OpenedDatabase extends OpenedStore {
  engine: 'sqlite';
  sqlite: SqliteHandle;
  readerSqlite: SqliteHandle;
  file: string;
  backupsDir: string;
  /** Backups taken while opening (before migrations). */
  backupsTaken: string[];
  /** True when the full check was skipped at open (clean close last time) and should run in the background soon. */
  fullCheckDeferred: boolean;
  nativeBinding?: string;
  close(): Promise<void>;
}

/** The note kept beside the database: that it exists (so a missing file is never mistaken for a first run) and how it was last closed. */
export interface DatabaseState {
  createdAt: string;
  cleanClose: boolean;
  /** Last migration, size and modification time at the clean close: any change since means a full check. */
  schema?: string;
  size?: number;
  mtimeMs?: number;
}

export function stateFile(file: string): string {
  return `${path.resolve(file)}.desk.json`;
}

export function readState(file: string): DatabaseState | null {
  try {
    return JSON.parse(readFileSync(stateFile(file), 'utf8')) as DatabaseState;
  } catch {
    return null;
  }
}

function writeState(file: string, state: DatabaseState): void {
  const target = stateFile(file);
  const tmp = `${target}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, target);
}

export async function openDatabase(file: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const now = options.now ?? (() => new Date());
  if (!options.allowAnyLocation) {
    const reason = unsafeLocationReason(file);
    if (reason) throw new DatabaseRefusedError('location', reason);
  }
  const moved = readArchiveNote(file);
  if (moved) {
    const where = [moved.server.host, moved.server.database].filter(Boolean).join(', database ');
    throw new DatabaseRefusedError(
      'moved',
      `This college's data was moved to the college's server${where ? ` (${where})` : ''} on ${moved.movedAt.slice(0, 10)}. The file here is kept, unchanged, as a read-only archive. Connect this desk to the server (Settings → College server), or ask IT.`,
    );
  }
  const backupsDir = options.backupsDir ?? path.join(path.dirname(path.resolve(file)), 'backups');
  const base = path.parse(file).name;
  const state = readState(file);
  const size = existsSync(file) ? statSync(file).size : -1;

  if (size <= 0 && !options.disposable) refuseIfItExisted(file, base, size, state, backupsDir);

  let fullCheckDeferred = false;
  let inspected: Inspection = { applied: [], key: null };
  if (size > 0) {
    const { mtimeMs } = statSync(file);
    const closedCleanly = !!state?.cleanClose && state.schema === LATEST_MIGRATION && state.size === size && state.mtimeMs === mtimeMs;
    inspected = await inspectReadOnly(file, options, !closedCleanly);
    fullCheckDeferred = closedCleanly;
  }

  const createdAt = state?.createdAt ?? now().toISOString();
  try {
    makePrivateFolder(path.dirname(path.resolve(file)));
    // An existing database is marked "in use" before anything can change it; a new one only once it has been created
    // (a first start killed half-way must not leave a marker that refuses the unfinished file as "missing").
    if (size > 0) writeState(file, { createdAt, cleanClose: false });
  } catch (e) {
    throw refusalFromStorage(e, file);
  }
  let sqlite: SqliteHandle;
  try {
    sqlite = openSqlite(file, options);
  } catch (e) {
    throw refusalFromStorage(e, file);
  }
  try {
    applyConnectionPragmas(sqlite);
  } catch (e) {
    sqlite.close();
    throw refusalFromStorage(e, file);
  }
  // Statements are prepared once per SQL text and reused (sqlite-cache.ts).
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });

  const backupsTaken: string[] = [];
  const pending = MIGRATION_NAMES.filter((name) => !inspected.applied.includes(name));
  try {
    if (pending.length > 0 && inspected.applied.length > 0) {
      // The backup is verified (integrity_check on the copy) before the first change; if it cannot be made, nothing changes.
      try {
        const taken = await takeBackup(sqlite, {
          dir: backupsDir,
          base,
          kind: 'before-upgrade',
          now: now(),
          key: inspected.key,
          schema: inspected.applied[inspected.applied.length - 1] ?? null,
          nativeBinding: options.nativeBinding,
        });
        backupsTaken.push(taken.path);
      } catch (e) {
        const problem = storageProblem(e);
        const why = e instanceof BackupFailedError ? e.message : problem ? problem.message : (e as Error).message;
        throw new DatabaseRefusedError('storage', `The app needs to upgrade the database, but could not first make a safe backup of it, so it has not been changed. ${why}`);
      }
    }
    if (pending.length > 0) {
      await runMigrations(db, migrations);
      if (inspected.applied.length > 0) {
        const problems = integrityCheck(sqlite);
        if (problems.length > 0) {
          throw new DatabaseRefusedError(
            'corrupt',
            `After the upgrade the database check found problems (${problems.slice(0, 2).join('; ')}). Please restore the backup taken just before the upgrade: ${backupsTaken[0]}.`,
          );
        }
      }
    }
  } catch (e) {
    await db.destroy();
    throw e instanceof DatabaseRefusedError || !storageProblem(e) ? e : refusalFromStorage(e, file);
  }
  if (size <= 0) {
    writeState(file, { createdAt, cleanClose: false });
    // A new database (the training one started afresh) has a new audit log: an old copy of the head means nothing now.
    forgetOutsideHead(file);
  }

  const openReader = (): { kysely: Kysely<Database>; handle: SqliteHandle } => {
    const handle = openSqlite(file, { ...options, readonly: true });
    try {
      applyReaderPragmas(handle);
    } catch (e) {
      handle.close();
      throw e;
    }
    return { handle, kysely: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(handle) }) }) };
  };
  let reader: { kysely: Kysely<Database>; handle: SqliteHandle };
  try {
    reader = openReader();
  } catch (e) {
    await db.destroy();
    throw refusalFromStorage(e, file);
  }

  let closed = false;
  return {
    engine: 'sqlite',
    db,
    sqlite,
    location: file,
    reader: reader.kysely,
    readerSqlite: reader.handle,
    withSnapshot: async (fn) => {
      const snapshot = openReader();
      try {
        return await snapshot.kysely.transaction().execute((trx) => fn(trx));
      } finally {
        await snapshot.kysely.destroy();
      }
    },
    file,
    backupsDir,
    backupsTaken,
    fullCheckDeferred,
    nativeBinding: options.nativeBinding,
    close: async () => {
      if (closed) return;
      closed = true;
      await reader.kysely.destroy();
      try {
        // The copy of the audit head beside the database now covers everything written this session (issue 16).
        extendOutsideHead(sqlite, file, now());
      } catch (e) {
        console.error('[db] bringing the copy of the audit head up to date failed:', e);
      }
      try {
        tidyBeforeClose(sqlite);
      } catch (e) {
        console.error('[db] tidying before close failed:', e);
      }
      await db.destroy();
      const after = statSync(file);
      writeState(file, { createdAt, cleanClose: true, schema: LATEST_MIGRATION, size: after.size, mtimeMs: after.mtimeMs });
    },
  };
}

/** A file that is missing or empty where a database was created before is refused, never replaced by a new one. */
function refuseIfItExisted(file: string, base: string, size: number, state: DatabaseState | null, backupsDir: string): void {
  const latest = listBackups(backupsDir, base)[0] ?? null;
  const walLeft = existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0;
  if (!state && !latest && !walLeft) return;
  const what = size === 0 ? `The database file ${file} is empty (0 bytes)` : `The database file ${file} is missing`;
  const since = state ? ` (it was created here on ${state.createdAt.slice(0, 10)})` : '';
  const offer = latest
    ? ` The latest good backup is ${latest.path}, taken ${latest.takenAt.slice(0, 16).replace('T', ' ')} UTC: ask IT to restore it (see “Restoring a backup” in the README), or put the missing file back if it was moved.`
    : ' No backup was found beside it: if the file was moved or the drive unplugged, please put it back; otherwise ask IT for help.';
  throw new DatabaseRefusedError('missing', `${what}${since}. The app will not start a new, empty database in its place, so nothing has been lost or overwritten.${offer}`, latest?.path ?? null);
}

interface Inspection {
  applied: string[];
  /** The desk's backup public key, when a manager has set a recovery passphrase. */
  key: BackupKey | null;
}

/** Read-only look at an existing file (nothing is created beside it): is it a healthy database of ours, and at which version? */
async function inspectReadOnly(file: string, options: NativeOptions, fullCheck: boolean): Promise<Inspection> {
  let ro: SqliteHandle;
  try {
    ro = openImmutable(file, options);
  } catch (e) {
    throw new DatabaseRefusedError('unreadable', `The database at ${file} could not be read (${(e as Error).message}). It has not been changed. Please check the file’s permissions, or restore it from a backup.`);
  }
  let applied: string[];
  let key: BackupKey | null = null;
  try {
    try {
      if (!tableExists(ro, 'kysely_migration')) {
        const hasTables = !!ro.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get();
        if (hasTables) throw new DatabaseRefusedError('unreadable', `The file at ${file} is a database from another program, not Recovery College Desk. It has not been changed.`);
      }
      applied = appliedMigrations(ro);
      if (tableExists(ro, 'backup_settings')) {
        const row = ro.prepare("SELECT value FROM backup_settings WHERE key = 'key'").get() as { value: string } | undefined;
        key = row ? (JSON.parse(row.value) as BackupKey) : null;
      }
    } catch (e) {
      if (e instanceof DatabaseRefusedError) throw e;
      throw notReadable(file, e);
    }
  } finally {
    ro.close();
  }
  const unknown = applied.filter((n) => !MIGRATION_NAMES.includes(n));
  if (unknown.length > 0) {
    throw new DatabaseRefusedError(
      'newer',
      `This database was last used by a newer version of Recovery College Desk (it has changes called ${unknown.join(', ')}). It has not been changed. Please install the latest version of the app to open it.`,
    );
  }
  if (fullCheck) {
    let problems: string[];
    try {
      problems = await checkFileInBackground({ file, immutable: true, nativeBinding: options.nativeBinding });
    } catch (e) {
      throw notReadable(file, e);
    }
    if (problems.length > 0) {
      throw new DatabaseRefusedError(
        'corrupt',
        `The database at ${file} is damaged (SQLite reports: ${problems.slice(0, 3).join('; ')}). It has not been changed. Please restore the most recent backup (a manager can do this in Settings → Backups, or IT from the command line).`,
      );
    }
  }
  return { applied, key };
}

function notReadable(file: string, e: unknown): DatabaseRefusedError {
  return new DatabaseRefusedError(
    'corrupt',
    `The file at ${file} is not a readable Recovery College Desk database (${(e as Error).message}). It has not been changed. Please restore it from a backup, or ask IT for help.`,
  );
}

function refusalFromStorage(e: unknown, file: string): DatabaseRefusedError {
  const problem = storageProblem(e);
  if (problem) {
    console.error(`[db] opening ${file} failed (${problem.code}):`, (e as Error).message);
    return new DatabaseRefusedError('storage', `The database at ${file} could not be opened. ${problem.message}`);
  }
  return new DatabaseRefusedError('unreadable', `The database at ${file} could not be opened: ${(e as Error).message}`);
}

// The named home of SQLite-only SQL outside migrations: connection pragmas, integrity checks, online backup,
// read-only inspection that leaves nothing beside a suspect file.
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';

// SQLite reads this once, when the driver first loads: it lets `file:…?immutable=1` names open a suspect file without
// creating `-wal`/`-shm` beside it. Plain paths (everything else the app opens) are unaffected.
process.env.SQLITE_USE_URI ??= '1';

export type SqliteHandle = BetterSqlite3.Database;

export interface NativeOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron uses its own build). */
  nativeBinding?: string;
}

export function openSqlite(file: string, opts: NativeOptions & { readonly?: boolean } = {}): SqliteHandle {
  return new BetterSqlite3(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.readonly ?? false,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
}

/**
 * True when a write-ahead log with content lies beside the file: a process of ours stopped (a crash, a kill, a power
 * cut) before folding it back. Its committed transactions belong to the database, and the file alone may be half-way
 * through a checkpoint, so the file must not be read without it.
 */
export function hasWalContent(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * Opens a file that may be damaged, or that is not ours, strictly for reading: SQLite is told the file cannot change
 * (`immutable=1`), so it takes no locks and creates no `-wal` or `-shm` beside it. Only for files nobody is writing.
 * `immutable` reads the main file alone and ignores any `-wal`, so where a log with content lies beside the file (we
 * stopped before folding it back) it is opened read-only the ordinary way instead, which reads the log too: reading the
 * file alone would show an older state, or a page mix from a checkpoint that was cut short, and call it damaged.
 */
export function openImmutable(file: string, opts: NativeOptions = {}): SqliteHandle {
  if (hasWalContent(file)) return openSqlite(file, { ...opts, readonly: true });
  const uri = `${pathToFileURL(file).href}?immutable=1`;
  try {
    return new BetterSqlite3(uri, { readonly: true, fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  } catch (e) {
    // The driver was loaded before URI names were switched on (another module opened a database first).
    if ((e as { code?: string }).code === 'SQLITE_CANTOPEN') return openSqlite(file, { ...opts, readonly: true });
    throw e;
  }
}

/**
 * The connection pragmas, in the one place they are set, applied on every open: crash-safe writes (WAL,
 * synchronous=FULL), enforced foreign keys, patience with a busy file, erased data zeroed. Add a pragma here, nowhere else.
 */
export const CONNECTION_PRAGMAS: readonly string[] = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  // Deleted and overwritten content is zeroed, so an anonymised person's details do not linger in free pages (issue 16).
  'secure_delete = ON',
];

export function applyConnectionPragmas(sqlite: SqliteHandle): void {
  for (const pragma of CONNECTION_PRAGMAS) sqlite.pragma(pragma);
}

/**
 * The pragmas that mean something on a read-only connection (the file is already in WAL mode; nothing is written
 * through it): the same patience with a busy file, and the same foreign-key setting for consistency of behaviour.
 */
export function applyReaderPragmas(sqlite: SqliteHandle): void {
  for (const pragma of CONNECTION_PRAGMAS) {
    if (pragma.startsWith('busy_timeout') || pragma.startsWith('foreign_keys')) sqlite.pragma(pragma);
  }
}

/** `PRAGMA quick_check`: [] when healthy, else the problems SQLite found. Throws if the file is not a database at all. */
export function quickCheck(sqlite: SqliteHandle): string[] {
  return checkResult(sqlite.pragma('quick_check') as Record<string, string>[]);
}

/**
 * `PRAGMA integrity_check`, the full check (it also compares every index with its table, which `quick_check` skips),
 * plus `foreign_key_check`. [] when healthy.
 */
export function integrityCheck(sqlite: SqliteHandle): string[] {
  const problems = checkResult(sqlite.pragma('integrity_check(20)') as Record<string, string>[]);
  if (problems.length > 0) return problems;
  const orphans = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
  return orphans.slice(0, 5).map((o) => `a row in ${o.table} points to a missing row in ${o.parent}`);
}

function checkResult(rows: Record<string, string>[]): string[] {
  const messages = rows.map((r) => Object.values(r)[0]);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

export function tableExists(sqlite: SqliteHandle, name: string): boolean {
  return !!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

/** The migrations a database has had (its schema version), in order; [] for a file without our bookkeeping. */
export function appliedMigrations(sqlite: SqliteHandle): string[] {
  if (!tableExists(sqlite, 'kysely_migration')) return [];
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

/** SQLite's online backup API: a consistent copy even while the app is writing. */
export async function onlineBackup(sqlite: SqliteHandle, destination: string): Promise<void> {
  await sqlite.backup(destination);
}

/** On a clean close: let SQLite refresh its planner statistics, then fold the WAL back into the file. */
export function tidyBeforeClose(sqlite: SqliteHandle): void {
  sqlite.pragma('optimize');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

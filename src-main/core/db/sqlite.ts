// The named home of SQLite-only SQL outside migrations: connection pragmas, integrity check, online backup.
import BetterSqlite3 from 'better-sqlite3';

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

/** Pragmas applied on every open: crash-safe writes, enforced foreign keys, patience with a busy file. */
export function applyConnectionPragmas(sqlite: SqliteHandle): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted and overwritten content is zeroed, so an anonymised person's details do not linger in free pages (issue 16).
  sqlite.pragma('secure_delete = ON');
}

/** `PRAGMA quick_check`: 'ok' or the problems SQLite found. Throws if the file is not a database at all. */
export function quickCheck(sqlite: SqliteHandle): string[] {
  const rows = sqlite.pragma('quick_check') as { quick_check: string }[];
  const messages = rows.map((r) => r.quick_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

export function tableExists(sqlite: SqliteHandle, name: string): boolean {
  return !!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

/** SQLite's online backup API: a consistent copy even while the app is writing. */
export async function onlineBackup(sqlite: SqliteHandle, destination: string): Promise<void> {
  await sqlite.backup(destination);
}

// Opens the college's database safely: refuses unsafe places, corrupt or newer files, backs up before migrating.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { MIGRATION_NAMES, migrations } from '../../../db/migrations/index';
import { unsafeLocationReason } from './location';
import type { Database } from './schema';
import { applyConnectionPragmas, onlineBackup, openSqlite, quickCheck, tableExists, type NativeOptions, type SqliteHandle } from './sqlite';
import { withStatementCache } from './sqlite-cache';

export type RefusalKind = 'location' | 'newer' | 'corrupt' | 'unreadable';

/** The database cannot be used; the file has not been touched. `message` is for staff. */
export class DatabaseRefusedError extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseRefusedError';
  }
}

export interface OpenOptions extends NativeOptions {
  /** Where automatic back-ups go; default: a `backups` folder beside the database. */
  backupsDir?: string;
  /** Skip the network/synced-folder check (tests that use unusual temp folders only). */
  allowAnyLocation?: boolean;
  now?: () => Date;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  sqlite: SqliteHandle;
  file: string;
  backupsDir: string;
  /** Back-ups taken while opening (before migrations). */
  backupsTaken: string[];
  close(): Promise<void>;
}

export async function openDatabase(file: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const now = options.now ?? (() => new Date());
  if (!options.allowAnyLocation) {
    const reason = unsafeLocationReason(file);
    if (reason) throw new DatabaseRefusedError('location', reason);
  }
  const backupsDir = options.backupsDir ?? path.join(path.dirname(path.resolve(file)), 'backups');
  const existing = existsSync(file) && statSync(file).size > 0;
  const applied = existing ? inspectReadOnly(file, options) : [];

  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = openSqlite(file, options);
  try {
    applyConnectionPragmas(sqlite);
  } catch (e) {
    sqlite.close();
    throw new DatabaseRefusedError('unreadable', `The database at ${file} could not be opened: ${(e as Error).message}`);
  }
  // Statements are prepared once per SQL text and reused (sqlite-cache.ts).
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });

  const backupsTaken: string[] = [];
  const pending = MIGRATION_NAMES.filter((name) => !applied.includes(name));
  try {
    if (pending.length > 0 && applied.length > 0) {
      mkdirSync(backupsDir, { recursive: true });
      const dest = path.join(backupsDir, `${path.parse(file).name}-before-${pending[0]}-${stamp(now())}.sqlite`);
      await onlineBackup(sqlite, dest);
      backupsTaken.push(dest);
    }
    if (pending.length > 0) {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error } = await migrator.migrateToLatest();
      if (error) throw error;
    }
  } catch (e) {
    await db.destroy();
    throw e;
  }

  return {
    db,
    sqlite,
    file,
    backupsDir,
    backupsTaken,
    close: () => db.destroy(),
  };
}

/** Read-only look at an existing file: is it a healthy SQLite database, and which migrations has it had? */
function inspectReadOnly(file: string, options: NativeOptions): string[] {
  let ro: SqliteHandle;
  try {
    ro = openSqlite(file, { ...options, readonly: true });
  } catch (e) {
    throw new DatabaseRefusedError('unreadable', `The database at ${file} could not be read (${(e as Error).message}). It has not been changed. Please check the file’s permissions, or restore it from a back-up.`);
  }
  try {
    let problems: string[];
    try {
      problems = quickCheck(ro);
    } catch (e) {
      throw new DatabaseRefusedError(
        'corrupt',
        `The file at ${file} is not a readable Recovery College Desk database (${(e as Error).message}). It has not been changed. Please restore it from a back-up, or ask IT for help.`,
      );
    }
    if (problems.length > 0) {
      throw new DatabaseRefusedError(
        'corrupt',
        `The database at ${file} is damaged (SQLite reports: ${problems.slice(0, 3).join('; ')}). It has not been changed. Please restore the most recent back-up from the “backups” folder beside it.`,
      );
    }
    if (!tableExists(ro, 'kysely_migration')) {
      const hasTables = !!ro.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get();
      if (hasTables) {
        throw new DatabaseRefusedError('unreadable', `The file at ${file} is a database from another program, not Recovery College Desk. It has not been changed.`);
      }
      return [];
    }
    const names = (ro.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    const unknown = names.filter((n) => !MIGRATION_NAMES.includes(n));
    if (unknown.length > 0) {
      throw new DatabaseRefusedError(
        'newer',
        `This database was last used by a newer version of Recovery College Desk (it has changes called ${unknown.join(', ')}). It has not been changed. Please install the latest version of the app to open it.`,
      );
    }
    return names;
  } finally {
    ro.close();
  }
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

const DAILY_KEEP = 7;

/** Takes a back-up if the newest automatic one is over a day old; keeps the last seven. Returns the new file or null. */
export async function takeDailyBackupIfDue(opened: OpenedDatabase, now: Date = new Date()): Promise<string | null> {
  const prefix = `${path.parse(opened.file).name}-daily-`;
  mkdirSync(opened.backupsDir, { recursive: true });
  const existing = readdirSync(opened.backupsDir)
    .filter((f) => f.startsWith(prefix))
    .sort();
  const newest = existing[existing.length - 1];
  if (newest && now.getTime() - statSync(path.join(opened.backupsDir, newest)).mtimeMs < 24 * 3600 * 1000) return null;
  const dest = path.join(opened.backupsDir, `${prefix}${stamp(now)}.sqlite`);
  await onlineBackup(opened.sqlite, dest);
  const all = [...existing, path.basename(dest)].sort();
  for (const old of all.slice(0, Math.max(0, all.length - DAILY_KEEP))) rmSync(path.join(opened.backupsDir, old), { force: true });
  return dest;
}

// Restoring a backup: prepare a checked copy (decrypt, integrity_check, version) under a temporary name, then swap it in
// for the live file with the replaced database kept aside (never deleted) and no stale -wal/-shm left behind.
// Used by the app (Core, for a manager) and by the command-line restore for IT (scripts/restore-backup.ts).
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { MIGRATION_NAMES } from '../../../db/migrations/index';
import type { DatabaseCounts } from '../../contract/backups';
import { AUDIT_HEAD_SUFFIX, markRestored } from '../audit/outside';
import { makePrivateFolder } from '../db/folders';
import { appliedMigrations, openImmutable, tableExists, type NativeOptions, type SqliteHandle } from '../db/sqlite';
import { checkFileInBackground } from './check';
import { decryptFile, isEncryptedBackup } from './crypto';
import { fsyncFolder, parseBackupName, stamp } from './files';

export class RestoreRefusedError extends Error {
  constructor(
    message: string,
    readonly reason: 'needs-passphrase' | 'wrong-passphrase' | 'damaged' | 'newer' | 'not-ours' | 'missing',
  ) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

export interface PreparedRestore {
  /** The checked, decrypted copy (a temporary name beside the live database). */
  file: string;
  source: string;
  takenAt: string;
  schema: string | null;
  schemaOlder: boolean;
  encrypted: boolean;
  counts: DatabaseCounts;
  discard(): void;
}

/** Decrypts or copies `source` beside the live database and checks it fully. Nothing live is touched. */
export async function prepareRestore(source: string, liveFile: string, passphrase: string | undefined, native: NativeOptions = {}): Promise<PreparedRestore> {
  if (!existsSync(source)) throw new RestoreRefusedError(`The backup ${source} cannot be found. Please check the name and folder.`, 'missing');
  const tmp = path.join(path.dirname(path.resolve(liveFile)), `.restore-${randomBytes(4).toString('hex')}.partial`);
  const discard = () => rmSync(tmp, { force: true });
  try {
    const encrypted = await isEncryptedBackup(source);
    let takenAt: string | null = null;
    if (encrypted) {
      if (!passphrase) throw new RestoreRefusedError('This backup is encrypted. Please enter the recovery passphrase to open it.', 'needs-passphrase');
      try {
        takenAt = (await decryptFile(source, tmp, passphrase)).createdAt;
      } catch (e) {
        const wrong = (e as Error).name === 'WrongPassphraseError';
        throw new RestoreRefusedError((e as Error).message, wrong ? 'wrong-passphrase' : 'damaged');
      }
    } else {
      copyFileSync(source, tmp);
    }
    let problems: string[];
    try {
      problems = await checkFileInBackground({ file: tmp, immutable: true, nativeBinding: native.nativeBinding });
    } catch (e) {
      throw new RestoreRefusedError(`The file ${source} is not a readable database (${(e as Error).message}), so it cannot be restored.`, 'not-ours');
    }
    if (problems.length > 0) {
      throw new RestoreRefusedError(`The backup ${path.basename(source)} is damaged (SQLite reports: ${problems.slice(0, 2).join('; ')}). Please choose another backup.`, 'damaged');
    }
    const ro = openImmutable(tmp, native);
    let applied: string[];
    let counts: DatabaseCounts;
    try {
      if (!tableExists(ro, 'kysely_migration') || !tableExists(ro, 'students')) {
        throw new RestoreRefusedError(`The file ${path.basename(source)} is not a Recovery College Desk backup.`, 'not-ours');
      }
      applied = appliedMigrations(ro);
      counts = databaseCounts(ro);
    } finally {
      ro.close();
    }
    const unknown = applied.filter((n) => !MIGRATION_NAMES.includes(n));
    if (unknown.length > 0) {
      throw new RestoreRefusedError('This backup was made by a newer version of Recovery College Desk. Please install the latest version of the app, then restore it.', 'newer');
    }
    takenAt ??= parseBackupName(path.basename(source))?.takenAt ?? statSync(source).mtime.toISOString();
    const schema = applied[applied.length - 1] ?? null;
    return { file: tmp, source, takenAt, schema, schemaOlder: applied.length < MIGRATION_NAMES.length, encrypted, counts, discard };
  } catch (e) {
    discard();
    throw e;
  }
}

/** Students, sessions, register marks and expense claims: what a manager compares before restoring. */
export function databaseCounts(sqlite: SqliteHandle): DatabaseCounts {
  const count = (table: string) => (tableExists(sqlite, table) ? Number((sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n) : 0);
  return { students: count('students'), sessions: count('sessions'), marks: count('attendance'), claims: count('claims') };
}

/** Where a replaced database is kept: a `replaced` folder beside it. */
export function setAsideFolder(liveFile: string): string {
  return path.join(path.dirname(path.resolve(liveFile)), 'replaced');
}

export interface Swap {
  /** Where the replaced database (and any -wal/-shm it had) now is; null when there was no live file. */
  setAside: string | null;
  /** Puts the replaced database back (when opening the restored one fails). */
  undo(): void;
}

/**
 * Swaps a prepared restore in for the live file, which must be closed. The live file and its -wal/-shm move aside
 * together (so nothing of it is lost and no stale -wal is applied to the restored file), then the prepared file is
 * renamed into place. Renames within one folder are atomic.
 */
export function swapIn(prepared: PreparedRestore, liveFile: string, now: Date): Swap {
  const live = path.resolve(liveFile);
  const asideDir = setAsideFolder(live);
  makePrivateFolder(asideDir);
  const aside = path.join(asideDir, `${path.parse(live).name}-replaced-${stamp(now)}.sqlite`);
  const moved: [string, string][] = [];
  const move = (from: string, to: string) => {
    renameSync(from, to);
    moved.push([from, to]);
  };
  try {
    if (existsSync(live)) move(live, aside);
    // The copy of the audit head goes aside with the database it vouches for (issue 16).
    for (const ext of ['-wal', '-shm', '-journal', AUDIT_HEAD_SUFFIX]) if (existsSync(live + ext)) move(live + ext, aside + ext);
    fsyncFolder(asideDir);
    renameSync(prepared.file, live);
    // The restored log legitimately leaves the history of backups taken before now: checks compare only later ones.
    markRestored(live, now);
    fsyncFolder(path.dirname(live));
  } catch (e) {
    for (const [from, to] of moved.reverse()) if (existsSync(to) && !existsSync(from)) renameSync(to, from);
    throw e;
  }
  return {
    setAside: moved.length > 0 ? aside : null,
    undo: () => {
      const failed = path.join(asideDir, `${path.parse(live).name}-restore-failed-${stamp(now)}.sqlite`);
      for (const ext of ['', '-wal', '-shm']) if (existsSync(live + ext)) renameSync(live + ext, failed + ext);
      rmSync(live + AUDIT_HEAD_SUFFIX, { force: true });
      for (const [from, to] of moved.reverse()) if (existsSync(to)) renameSync(to, from);
      fsyncFolder(path.dirname(live));
    },
  };
}

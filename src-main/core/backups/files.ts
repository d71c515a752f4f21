// Backup files: how they are named, taken (temporary name → integrity_check → encrypt → atomic rename), listed and
// pruned (daily, weekly and monthly generations; never the last good one).
import { randomBytes } from 'node:crypto';
import { constants, copyFileSync, existsSync, openSync, closeSync, fsyncSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BackupAuditHead } from '../audit/outside';
import { makePrivateFolder } from '../db/folders';
import { onlineBackup, type NativeOptions, type SqliteHandle } from '../db/sqlite';
import { checkFileInBackground } from './check';
import { encryptFile, type BackupKey } from './crypto';

export type BackupKind = 'daily' | 'manual' | 'before-upgrade' | 'before-restore';

export interface BackupFile {
  name: string;
  path: string;
  /** The database the backup is of: `recovery-college`, `training-demo`. */
  base: string;
  kind: BackupKind;
  takenAt: string;
  encrypted: boolean;
  bytes: number;
}

export class BackupFailedError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'BackupFailedError';
  }
}

const PARTIAL = '.partial';

export function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

function unstamp(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/.exec(s);
  return m ? `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z` : s;
}

const NAME = /^(.+?)-(daily|manual|before-restore|before-upgrade|before-\d{4}[a-z]?_[a-z0-9_]+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)\.(sqlite|rcdbackup)$/;

/** Reads a backup's file name; null for anything else (temporary files, other people's files). */
export function parseBackupName(name: string): Omit<BackupFile, 'path' | 'bytes'> | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const kind: BackupKind = m[2].startsWith('before-') && !['before-restore', 'before-upgrade'].includes(m[2]) ? 'before-upgrade' : (m[2] as BackupKind);
  return { name, base: m[1], kind, takenAt: unstamp(m[3]), encrypted: m[4] === 'rcdbackup' };
}

export function backupName(base: string, kind: BackupKind, at: Date, encrypted: boolean): string {
  return `${base}-${kind}-${stamp(at)}.${encrypted ? 'rcdbackup' : 'sqlite'}`;
}

/** Finished backups in a folder, newest first. Temporary (`.partial`) files are never listed. */
export function listBackups(dir: string, base?: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // missing, or not a folder: the status shows the failure of the backup that tried to use it
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed || (base && parsed.base !== base)) continue;
    const full = path.join(dir, name);
    try {
      out.push({ ...parsed, path: full, bytes: statSync(full).size });
    } catch {
      // Removed while listing.
    }
  }
  return out.sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.name.localeCompare(a.name));
}

export const RETENTION = { daily: 7, weekly: 5, monthly: 12, 'before-upgrade': 3, manual: 10, 'before-restore': 5 } as const;

/** Which backups (of one database) retention removes. Never the newest backup of all, which is the last good one. */
export function backupsToDelete(files: readonly BackupFile[]): BackupFile[] {
  const newestFirst = [...files].sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].name);
  const daily = newestFirst.filter((f) => f.kind === 'daily');
  daily.slice(0, RETENTION.daily).forEach((f) => keep.add(f.name));
  keepNewestPer(daily, (f) => isoWeek(f.takenAt), RETENTION.weekly, keep);
  keepNewestPer(daily, (f) => f.takenAt.slice(0, 7), RETENTION.monthly, keep);
  for (const kind of ['before-upgrade', 'manual', 'before-restore'] as const) {
    newestFirst
      .filter((f) => f.kind === kind)
      .slice(0, RETENTION[kind])
      .forEach((f) => keep.add(f.name));
  }
  return newestFirst.filter((f) => !keep.has(f.name));
}

function keepNewestPer(newestFirst: BackupFile[], bucket: (f: BackupFile) => string, count: number, keep: Set<string>): void {
  const seen = new Set<string>();
  for (const f of newestFirst) {
    const b = bucket(f);
    if (seen.has(b)) continue;
    if (seen.size >= count) break;
    seen.add(b);
    keep.add(f.name);
  }
}

function isoWeek(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / 86_400_000 / 7 - ((firstThursday.getUTCDay() + 6) % 7) / 7 + 3 / 7);
  return `${d.getUTCFullYear()}-W${week}`;
}

export function pruneBackups(dir: string, base: string): void {
  for (const f of backupsToDelete(listBackups(dir, base))) rmSync(f.path, { force: true });
}

/**
 * Removes temporary files left by a backup that was interrupted (the app was killed, the disk filled). Each temporary
 * name carries its process id, so a backup still running in another process (another desk's app, the command line)
 * is left alone.
 */
export function removePartials(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith(PARTIAL)) continue;
    const pid = Number(/-p(\d+)-/.exec(name)?.[1]);
    if (pid === process.pid || (Number.isInteger(pid) && pid > 0 && isRunning(pid))) continue;
    rmSync(path.join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

function partialName(base: string, what: string): string {
  return `.${base}-p${process.pid}-${randomBytes(4).toString('hex')}.${what}${PARTIAL}`;
}

export interface TakeBackupOptions extends NativeOptions {
  dir: string;
  base: string;
  kind: BackupKind;
  now: Date;
  /** Encrypt with this key (the desk's public key); plain when null. */
  key: BackupKey | null;
  schema: string | null;
  /** The audit chain as checked just before (kept in an encrypted backup's header; a plain backup is its own copy). */
  audit?: BackupAuditHead | null;
}

/**
 * Takes a verified backup of an open database: an online copy under a temporary name, `integrity_check` on the copy,
 * encryption, then an atomic rename to the final name. A kill or failure at any point leaves no file under a final name.
 */
export async function takeBackup(sqlite: SqliteHandle, o: TakeBackupOptions): Promise<BackupFile> {
  makePrivateFolder(o.dir);
  removePartials(o.dir);
  const copy = path.join(o.dir, partialName(o.base, 'copy'));
  const sealed = path.join(o.dir, partialName(o.base, 'sealed'));
  const finalName = backupName(o.base, o.kind, o.now, !!o.key);
  const final = path.join(o.dir, finalName);
  try {
    await onlineBackup(sqlite, copy);
    const problems = await checkFileInBackground({ file: copy, immutable: true, nativeBinding: o.nativeBinding });
    if (problems.length > 0) {
      throw new BackupFailedError(
        `The backup was not kept because the check found the database itself damaged (SQLite reports: ${problems.slice(0, 2).join('; ')}). Please keep the existing backups safe and ask IT for help; a manager can restore the latest good backup in Settings → Backups.`,
        'SQLITE_CORRUPT',
      );
    }
    if (o.key) {
      await encryptFile(copy, sealed, o.key, { createdAt: o.now.toISOString(), schema: o.schema, audit: o.audit });
      rmSync(copy, { force: true });
    } else {
      fsyncFile(copy);
      renameSync(copy, sealed);
    }
    renameSync(sealed, final);
    fsyncFolder(o.dir);
  } catch (e) {
    rmSync(copy, { force: true });
    rmSync(sealed, { force: true });
    throw e;
  }
  return { name: finalName, path: final, base: o.base, kind: o.kind, takenAt: o.now.toISOString(), encrypted: !!o.key, bytes: statSync(final).size };
}

/** Copies a finished backup into another folder the same safe way (temporary name, then rename). */
export function copyBackupTo(file: BackupFile, dir: string): string {
  if (!existsSync(dir)) throw Object.assign(new Error(`The folder ${dir} cannot be found.`), { code: 'ENOENT' });
  removePartials(dir);
  const tmp = path.join(dir, partialName(file.base, 'copy'));
  const final = path.join(dir, file.name);
  try {
    copyFileSync(file.path, tmp, constants.COPYFILE_EXCL);
    fsyncFile(tmp);
    renameSync(tmp, final);
    fsyncFolder(dir);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return final;
}

export function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable (POSIX); Windows cannot open a folder this way, and its renames are journaled by NTFS. */
export function fsyncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Copies of the audit chain kept outside the audit table, so that rewriting the whole table consistently (every row
// re-hashed, the head row updated) is still caught: a file beside the database (`<database>.audit-head.json`, written
// after each good check and at each clean close) and each backup (an encrypted backup's header carries the head and
// fingerprints; a plain backup is itself a copy of the log). Each copy is a list of marks — an entry's id and the start
// of its hash — and the live log must still hold every mark. Someone able to rewrite the database, the file beside it
// and every backup in both folders could still forge history; the second backup folder (a USB drive or network share)
// is what keeps one copy out of reach of a person at the desk.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readHeader } from '../backups/crypto';
import { listBackups } from '../backups/files';
import { openImmutable, type SqliteHandle } from '../db/sqlite';
import { auditRowHash } from './hash';

/** How much of each entry's hash a fingerprint keeps: enough to tell entries apart, small enough for long logs. */
export const FINGERPRINT = 8;
/** At most this many marks in a backup's header (evenly spread, plus the last entry). */
const HEADER_MARKS = 4096;
/** How many plain (unencrypted) backups per folder are opened and read at each check, newest first. */
const PLAIN_BACKUPS_READ = 3;

/** One outside copy: where it is (for the message) and the entries it vouches for, in id order. */
export interface OutsideRecord {
  source: string;
  /** [id, hash or its start]; the last one is the head, with its full hash. */
  marks: [number, string][];
}

/** Where this database's outside copies are: the file beside it, and the backup folders (main, then second). */
export interface AuditPlace {
  dbFile: string;
  backupFolders: { dir: string; base: string }[];
}

/** What an encrypted backup's header says about the log when it was taken. */
export interface BackupAuditHead {
  lastId: number;
  hash: string;
  rowCount: number;
  /** Whether the check just before the backup found the log intact (a backup of a broken log is kept as evidence, never trusted). */
  intact: boolean;
  /** `id:fingerprint` pairs, comma-separated, evenly spread over the log. */
  marks: string;
}

interface HeadFile {
  v: 1;
  /** When this copy was last brought up to date. */
  at: string;
  lastId: number;
  hash: string;
  rowCount: number;
  /** `id:fingerprint` for every entry, comma-separated (ids in base 36). */
  marks: string;
  /** Set by a restore: backups taken before it record a history the restored database legitimately left. */
  restoredAt?: string;
}

export const AUDIT_HEAD_SUFFIX = '.audit-head.json';

export function auditHeadFile(dbFile: string): string {
  return `${path.resolve(dbFile)}${AUDIT_HEAD_SUFFIX}`;
}

export function encodeMarks(marks: [number, string][]): string {
  return marks.map(([id, h]) => `${id.toString(36)}:${h.slice(0, FINGERPRINT)}`).join(',');
}

function decodeMarks(text: string): [number, string][] {
  if (!text) return [];
  return text.split(',').map((pair) => {
    const [id, h] = pair.split(':');
    return [parseInt(id, 36), h];
  });
}

/** Every n-th mark and the last, so a long log still fits in a backup's header. */
export function spreadMarks(marks: [number, string][], max = HEADER_MARKS): [number, string][] {
  if (marks.length <= max) return marks;
  const step = Math.ceil(marks.length / max);
  return marks.filter((_m, i) => i % step === 0 || i === marks.length - 1);
}

function readHeadFile(dbFile: string): HeadFile | null {
  try {
    return JSON.parse(readFileSync(auditHeadFile(dbFile), 'utf8')) as HeadFile;
  } catch {
    return null;
  }
}

function writeHeadFile(dbFile: string, content: HeadFile): void {
  const target = auditHeadFile(dbFile);
  const tmp = `${target}.tmp`;
  writeFileSync(tmp, JSON.stringify(content), { mode: 0o600 });
  renameSync(tmp, target);
}

/** After a good check: the file beside the database now vouches for every entry checked. */
export function writeOutsideHead(dbFile: string, head: { lastId: number; hash: string; rowCount: number }, marks: [number, string][], now: Date): void {
  const before = readHeadFile(dbFile);
  writeHeadFile(dbFile, { v: 1, at: now.toISOString(), ...head, marks: encodeMarks(marks), ...(before?.restoredAt ? { restoredAt: before.restoredAt } : {}) });
}

/** After a restore: the old copy goes aside with the replaced database; the new one starts from the restored log. */
export function markRestored(dbFile: string, now: Date): void {
  writeHeadFile(dbFile, { v: 1, at: now.toISOString(), lastId: 0, hash: '', rowCount: 0, marks: '', restoredAt: now.toISOString() });
}

/** A new, empty database in place of an old one (the training database started afresh): nothing to compare with. */
export function forgetOutsideHead(dbFile: string): void {
  rmSync(auditHeadFile(dbFile), { force: true });
}

/**
 * At a clean close: brings the file beside the database up to date with the entries written since, checking each one
 * links to the one before. Does nothing if there is no copy yet, or if the log no longer holds the copy's last entry
 * (the next check reports that; the copy is never moved onto a log that does not contain it).
 */
export function extendOutsideHead(sqlite: SqliteHandle, dbFile: string, now: Date): void {
  const file = readHeadFile(dbFile);
  if (!file || file.lastId <= 0) return;
  const last = sqlite.prepare('SELECT hash FROM audit_log WHERE id = ?').get(file.lastId) as { hash: string } | undefined;
  if (!last || last.hash !== file.hash) return;
  let prev = file.hash;
  let lastId = file.lastId;
  let rowCount = file.rowCount;
  const added: [number, string][] = [];
  const rows = sqlite.prepare('SELECT id, at, staff_id, action, entity, entity_id, fields, summary, prev_hash, hash FROM audit_log WHERE id > ? ORDER BY id').iterate(file.lastId);
  for (const r of rows as Iterable<Parameters<typeof auditRowHash>[1] & { id: number; prev_hash: string; hash: string }>) {
    if (r.prev_hash !== prev || auditRowHash(prev, r) !== r.hash) return; // broken since: leave the copy as it was
    added.push([r.id, r.hash]);
    prev = r.hash;
    lastId = r.id;
    rowCount++;
  }
  if (added.length === 0) return;
  writeHeadFile(dbFile, { ...file, at: now.toISOString(), lastId, hash: prev, rowCount, marks: [file.marks, encodeMarks(added)].filter(Boolean).join(',') });
}

/** The outside copies to check the log against: the file beside the database, then each backup (unreadable ones skipped). */
export async function readOutsideRecords(place: AuditPlace): Promise<OutsideRecord[]> {
  const out: OutsideRecord[] = [];
  const beside = readHeadFile(place.dbFile);
  if (beside && beside.lastId > 0) {
    const marks = decodeMarks(beside.marks);
    out.push({ source: `the copy kept beside the database (${path.basename(auditHeadFile(place.dbFile))})`, marks: withHead(marks, beside.lastId, beside.hash) });
  }
  const since = beside?.restoredAt ?? '';
  for (const folder of place.backupFolders) {
    let plain = 0;
    for (const b of listBackups(folder.dir, folder.base)) {
      if (b.takenAt < since) continue;
      // A plain backup is read whole: the newest few are enough (older ones hold an earlier part of the same log).
      if (!b.encrypted && ++plain > PLAIN_BACKUPS_READ) continue;
      try {
        const record = b.encrypted ? await fromEncryptedBackup(b.path) : fromPlainBackup(b.path);
        if (record && record.marks.length > 0) out.push({ source: `the backup ${b.name}`, marks: record.marks });
      } catch (e) {
        console.error(`[audit] could not read the audit head of ${b.path}:`, (e as Error).message);
      }
    }
  }
  return out;
}

function withHead(marks: [number, string][], lastId: number, hash: string): [number, string][] {
  const rest = marks.filter(([id]) => id !== lastId);
  return [...rest, [lastId, hash]];
}

async function fromEncryptedBackup(file: string): Promise<{ marks: [number, string][] } | null> {
  const { header } = await readHeader(file);
  const audit = (header as { audit?: BackupAuditHead }).audit;
  if (!audit || !audit.intact || audit.lastId <= 0) return null;
  return { marks: withHead(decodeMarks(audit.marks), audit.lastId, audit.hash) };
}

function fromPlainBackup(file: string): { marks: [number, string][] } | null {
  const ro = openImmutable(file);
  try {
    const head = ro.prepare('SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1').get() as { last_id: number; last_hash: string } | undefined;
    if (!head || head.last_id <= 0) return null;
    const rows = ro.prepare('SELECT id, hash FROM audit_log WHERE id <= ? ORDER BY id').raw().all(head.last_id) as [number, string][];
    return { marks: withHead(rows.map(([id, h]) => [id, h.slice(0, FINGERPRINT)]), head.last_id, head.last_hash) };
  } finally {
    ro.close();
  }
}

/** Whether the log still holds each copy's last entry (one lookup each): the quick look made at every start. */
export async function outsideHeadsStillThere(lookup: (id: number) => Promise<string | null>, records: OutsideRecord[]): Promise<boolean> {
  for (const r of records) {
    const [id, hash] = r.marks[r.marks.length - 1];
    const found = await lookup(id);
    if (found === null || !found.startsWith(hash)) return false;
  }
  return true;
}

export function outsideHeadExists(dbFile: string): boolean {
  return existsSync(auditHeadFile(dbFile));
}

// The audit log's hash chain: every row carries the SHA-256 of its content and of the row before it, and a one-row head
// table (updated in the same transaction as each audit write) holds the last id, the last hash and the row count. Editing,
// deleting, reordering or truncating rows by hand breaks the chain, and verification names the first row affected.
// A person who rewrites the whole chain *and* the head can only be caught against copies kept elsewhere (outside.ts):
// the file beside the database and each backup. Every check compares the log with them, naming the first entry that
// differs from what they recorded.
import { sql } from 'kysely';
import type { AuditChainStatus, ChainVerification } from '../../contract/privacy';
import type { Db } from '../api/handlers';
import { engineOf } from '../db/dialect';
import { AUDIT_GENESIS, auditRowHash } from './hash';
export { AUDIT_GENESIS, auditRowHash, type ChainedContent } from './hash';
import { encodeMarks, outsideHeadsStillThere, readOutsideRecords, spreadMarks, writeOutsideHead, type AuditPlace, type BackupAuditHead, type OutsideRecord } from './outside';

const WEEK_MS = 7 * 24 * 3600 * 1000;
const BATCH = 2000;

export interface AuditChainHead {
  lastId: number;
  hash: string;
  rowCount: number;
}

/**
 * The previous hash, read for the write that follows in the same transaction. In SQLite the transaction holds the only
 * write lock; on the college's server the head row is read `FOR UPDATE`, so two writers (two desks, or an audited read
 * beside a write) can never chain onto the same row: the second waits for the first to commit and reads its head.
 */
export async function lockChainHead(trx: Db): Promise<AuditChainHead> {
  let q = trx.selectFrom('audit_chain_head').select(['last_id', 'last_hash', 'row_count']).where('id', '=', 1);
  if (engineOf(trx) === 'postgres') q = q.forUpdate();
  return toHead(await q.executeTakeFirst());
}

function toHead(head: { last_id: number; last_hash: string; row_count: number } | undefined): AuditChainHead {
  if (!head) throw new Error('The audit chain head is missing');
  return { lastId: head.last_id, hash: head.last_hash, rowCount: head.row_count };
}

export async function advanceChainHead(trx: Db, lastId: number, hash: string): Promise<void> {
  await trx
    .updateTable('audit_chain_head')
    .set({ last_id: lastId, last_hash: hash, row_count: sql<number>`row_count + 1` })
    .where('id', '=', 1)
    .execute();
}

/** The chain's head now: what a backup keeps beside itself, to check this log against later. */
export async function readAuditChainHead(db: Db): Promise<AuditChainHead> {
  return toHead(await db.selectFrom('audit_chain_head').select(['last_id', 'last_hash', 'row_count']).where('id', '=', 1).executeTakeFirst());
}

/** A copy of the head kept somewhere else (a backup), for `verifyAuditChain`'s `expectedHead`. */
export interface ExpectedHead {
  lastId: number;
  hash: string;
}

export interface ChainCheckOptions {
  /** Where the outside copies are (the file beside the database, the backup folders); none for a bare check. */
  place?: AuditPlace | null;
  /** Runs the walk on one consistent snapshot (a read connection), so writes carry on meanwhile and cannot race it. */
  snapshot?: <T>(fn: (db: Db) => Promise<T>) => Promise<T>;
}

/**
 * Walks the whole log in id order and says whether it is exactly what the app wrote: each entry's hash, each link to
 * the entry before, the head row, and every mark of every outside copy (`outside`; `expectedHead` is one such copy).
 * Never changes anything.
 */
export async function verifyAuditChain(db: Db, opts: { expectedHead?: ExpectedHead; outside?: OutsideRecord[] } = {}): Promise<ChainVerification> {
  return (await walkAuditChain(db, [...(opts.outside ?? []), ...(opts.expectedHead ? [{ source: 'the backup', marks: [[opts.expectedHead.lastId, opts.expectedHead.hash]] as [number, string][] }] : [])])).verification;
}

interface Walked {
  verification: ChainVerification;
  head: AuditChainHead | null;
  /** Every entry's id and hash, when the log is intact (what the outside copies are written from). */
  marks: [number, string][];
}

async function walkAuditChain(db: Db, outside: OutsideRecord[]): Promise<Walked> {
  const head = await db.selectFrom('audit_chain_head').select(['last_id', 'last_hash', 'row_count']).where('id', '=', 1).executeTakeFirst();
  const marks: [number, string][] = [];
  const done = (verification: ChainVerification): Walked => ({ verification, head: head ? { lastId: head.last_id, hash: head.last_hash, rowCount: head.row_count } : null, marks: verification.ok ? marks : [] });
  if (!head) return done({ ok: false, rowsChecked: 0, firstBadId: null, problem: 'The record of the audit log’s last entry is missing, so the log cannot be checked.' });
  // Every outside mark, in id order: the log must hold each one, unchanged.
  const checks = outside.flatMap((o) => o.marks.map(([id, hash]) => ({ id, hash, source: o.source }))).sort((a, b) => a.id - b.id);
  let next = 0;
  let prev = AUDIT_GENESIS;
  let prevId = 0;
  let count = 0;
  const fail = (firstBadId: number | null, problem: string) => done({ ok: false, rowsChecked: count, firstBadId, problem });
  const missing = (c: (typeof checks)[number]) =>
    fail(c.id, `Audit entry ${c.id}, recorded in ${c.source}, is no longer in the log: entries have been removed and the log rewritten to hide it.`);
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['id', 'at', 'staff_id', 'action', 'entity', 'entity_id', 'fields', 'summary', 'prev_hash', 'hash'])
      .where('id', '>', prevId)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prev_hash !== prev) {
        return fail(
          r.id,
          count === 0
            ? `Audit entry ${r.id} should be the first in the log but is not: earlier entries have been removed or changed.`
            : `Audit entry ${r.id} does not follow entry ${prevId}: an entry between them has been removed, or entries have been moved or rewritten.`,
        );
      }
      if (auditRowHash(prev, r) !== r.hash) return fail(r.id, `Audit entry ${r.id} has been changed since it was written.`);
      if (next < checks.length && checks[next].id < r.id) return missing(checks[next]);
      for (; next < checks.length && checks[next].id === r.id; next++) {
        const c = checks[next];
        if (!r.hash.startsWith(c.hash)) {
          return fail(
            r.id,
            `Audit entry ${r.id} is not the entry recorded in ${c.source}: the log has been rewritten from this entry on (every later entry was re-sealed to hide it).`,
          );
        }
      }
      marks.push([r.id, r.hash]);
      prev = r.hash;
      prevId = r.id;
      count++;
    }
  }
  if (next < checks.length) {
    const c = checks[next];
    return fail(c.id, `The log no longer reaches audit entry ${c.id}, which ${c.source} recorded: entries have been removed.`);
  }
  if (count < head.row_count || head.last_id > prevId) {
    const gone = head.row_count - count;
    return fail(
      prevId + 1,
      count === 0
        ? `The audit log is empty, but ${head.row_count} entries were written: it has been cleared.`
        : `The audit log ends at entry ${prevId}, but entries up to ${head.last_id} were written: the last ${gone > 0 ? gone : 'few'} entr${gone === 1 ? 'y has' : 'ies have'} been removed.`,
    );
  }
  if (count !== head.row_count || prevId !== head.last_id || prev !== head.last_hash) {
    return fail(prevId || null, `The audit log does not end where the app last wrote to it (entry ${head.last_id}): entries have been added or rewritten by hand.`);
  }
  return done({ ok: true, rowsChecked: count, firstBadId: null, problem: null, headHash: prev });
}

/**
 * Verifies (against the outside copies when `place` is given) and records the result, so managers and the data
 * security page see when the log was last checked. A good check brings the file beside the database up to date; a
 * failed one leaves it as it was, so the break keeps being reported — it is never accepted as the new normal.
 */
export async function checkAndRecordAuditChain(
  db: Db,
  trigger: 'manual' | 'weekly' | 'backup',
  staffId: number | null,
  now: Date,
  opts: ChainCheckOptions = {},
): Promise<ChainVerification> {
  return (await checkAndRecord(db, trigger, staffId, now, opts)).verification;
}

async function checkAndRecord(db: Db, trigger: 'manual' | 'weekly' | 'backup', staffId: number | null, now: Date, opts: ChainCheckOptions): Promise<Walked> {
  const walked = await walkWithOptions(db, opts);
  const result = walked.verification;
  await db
    .insertInto('audit_chain_checks')
    .values({
      checked_at: now.toISOString(),
      trigger,
      staff_id: staffId,
      ok: result.ok ? 1 : 0,
      rows_checked: result.rowsChecked,
      first_bad_id: result.firstBadId,
      problem: result.problem,
      head_hash: result.ok ? result.headHash : null,
    })
    .execute();
  if (result.ok && walked.head && opts.place) {
    try {
      writeOutsideHead(opts.place.dbFile, walked.head, walked.marks, now);
    } catch (e) {
      console.error('[audit] could not write the copy of the audit head beside the database:', (e as Error).message);
    }
  }
  return walked;
}

async function walkWithOptions(db: Db, opts: ChainCheckOptions): Promise<Walked> {
  const outside = opts.place ? await readOutsideRecords(opts.place) : [];
  const run = (d: Db) => walkAuditChain(d, outside);
  if (opts.snapshot) return opts.snapshot(run);
  // One read transaction: the head and every row are read as of the same moment.
  return db.isTransaction ? run(db) : db.transaction().execute((trx) => run(trx));
}

/**
 * For the backup code: call just before each backup; it verifies (against the outside copies) and records the check,
 * and returns what the backup keeps in its header: the head, marks spread over the log, and whether it was intact.
 */
export async function checkAuditChainForBackup(db: Db, now: Date, opts: ChainCheckOptions = {}): Promise<{ verification: ChainVerification; audit: BackupAuditHead | null }> {
  const walked = await checkAndRecord(db, 'backup', null, now, opts);
  const verification = walked.verification;
  const head = walked.head ?? (await readAuditChainHead(db));
  return {
    verification,
    audit: head.lastId > 0 ? { lastId: head.lastId, hash: head.hash, rowCount: head.rowCount, intact: verification.ok, marks: verification.ok ? encodeMarks(spreadMarks(walked.marks)) : '' } : null,
  };
}

/**
 * The weekly check: runs if no check of any kind has been recorded in the last seven days — or at once if any outside
 * copy's last entry is no longer in the log as recorded (a quick look, one lookup per copy, made at every start), so a
 * log rewritten while the app was closed is reported when it next opens. Returns null if not due.
 */
export async function checkAuditChainIfDue(db: Db, now: Date, opts: ChainCheckOptions = {}): Promise<ChainVerification | null> {
  const last = await db.selectFrom('audit_chain_checks').select('checked_at').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const weekPassed = !last || now.getTime() - Date.parse(last.checked_at) >= WEEK_MS;
  if (!weekPassed) {
    if (!opts.place) return null;
    const lookup = async (id: number) => (await db.selectFrom('audit_log').select('hash').where('id', '=', id).executeTakeFirst())?.hash ?? null;
    if (await outsideHeadsStillThere(lookup, await readOutsideRecords(opts.place))) return null;
  }
  return checkAndRecordAuditChain(db, 'weekly', null, now, opts);
}

export async function auditChainStatus(db: Db): Promise<AuditChainStatus> {
  const last = await db
    .selectFrom('audit_chain_checks as c')
    .leftJoin('staff', 'staff.id', 'c.staff_id')
    .select(['c.checked_at', 'c.trigger', 'c.ok', 'c.rows_checked', 'c.first_bad_id', 'c.problem', 'staff.display_name'])
    .orderBy('c.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lastGood = await db.selectFrom('audit_chain_checks').select('checked_at').where('ok', '=', 1).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return {
    lastCheck: last
      ? { at: last.checked_at, trigger: last.trigger, ok: last.ok === 1, rowsChecked: last.rows_checked, firstBadId: last.first_bad_id, problem: last.problem, checkedBy: last.display_name }
      : null,
    lastVerifiedAt: lastGood?.checked_at ?? null,
  };
}

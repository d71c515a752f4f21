// The audit log's hash chain: every row carries the SHA-256 of its content and of the row before it, and a one-row head
// table (updated in the same transaction as each audit write) holds the last id, the last hash and the row count. Editing,
// deleting, reordering or truncating rows by hand breaks the chain, and verification names the first row affected.
// A person who rewrites the whole chain *and* the head can only be caught against a copy of the head kept elsewhere:
// each backup holds one (`readAuditChainHead`), and `verifyAuditChain(db, { expectedHead })` checks the log still contains it.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AuditChainStatus, ChainVerification } from '../../contract/privacy';
import type { Db } from '../api/handlers';

export const AUDIT_GENESIS = '0'.repeat(64);
const WEEK_MS = 7 * 24 * 3600 * 1000;
const BATCH = 2000;

export interface ChainedContent {
  at: string;
  staff_id: number | null;
  action: string;
  entity: string;
  entity_id: number | null;
  fields: string;
  summary: string | null;
}

export interface AuditChainHead {
  lastId: number;
  hash: string;
  rowCount: number;
}

/** The hash of one row: its content and the previous row's hash (the same formula as migration 0012a, which is frozen). */
export function auditRowHash(prev: string, r: ChainedContent): string {
  return createHash('sha256')
    .update(JSON.stringify([prev, r.at, r.staff_id, r.action, r.entity, r.entity_id, r.fields, r.summary]))
    .digest('hex');
}

/**
 * The previous hash, read for the write that follows in the same transaction. In SQLite the transaction holds the only
 * write lock; on a database server this must be `SELECT … FOR UPDATE` on the head row (or the UPDATE done first), so two
 * writers can never chain onto the same row.
 */
export async function lockChainHead(trx: Db): Promise<AuditChainHead> {
  const head = await trx.selectFrom('audit_chain_head').select(['last_id', 'last_hash', 'row_count']).where('id', '=', 1).executeTakeFirst();
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
  return lockChainHead(db);
}

/** Walks the whole log in id order and says whether it is exactly what the app wrote. Never changes anything. */
export async function verifyAuditChain(db: Db, opts: { expectedHead?: { lastId: number; hash: string } } = {}): Promise<ChainVerification> {
  const head = await db.selectFrom('audit_chain_head').select(['last_id', 'last_hash', 'row_count']).where('id', '=', 1).executeTakeFirst();
  if (!head) return { ok: false, rowsChecked: 0, firstBadId: null, problem: 'The record of the audit log’s last entry is missing, so the log cannot be checked.' };
  let prev = AUDIT_GENESIS;
  let prevId = 0;
  let count = 0;
  let sawExpected = false;
  const fail = (firstBadId: number | null, problem: string): ChainVerification => ({ ok: false, rowsChecked: count, firstBadId, problem });
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
      if (opts.expectedHead && r.id === opts.expectedHead.lastId) {
        if (r.hash !== opts.expectedHead.hash) return fail(r.id, `Audit entry ${r.id} is not the one recorded in the backup: the log has been rewritten since.`);
        sawExpected = true;
      }
      prev = r.hash;
      prevId = r.id;
      count++;
    }
  }
  if (opts.expectedHead && opts.expectedHead.lastId > 0 && !sawExpected) {
    return fail(Math.min(prevId + 1, opts.expectedHead.lastId), `The log no longer reaches audit entry ${opts.expectedHead.lastId}, which the backup recorded: entries have been removed.`);
  }
  if (count < head.row_count || head.last_id > prevId) {
    const missing = head.row_count - count;
    return fail(
      prevId + 1,
      count === 0
        ? `The audit log is empty, but ${head.row_count} entries were written: it has been cleared.`
        : `The audit log ends at entry ${prevId}, but entries up to ${head.last_id} were written: the last ${missing > 0 ? missing : 'few'} entr${missing === 1 ? 'y has' : 'ies have'} been removed.`,
    );
  }
  if (count !== head.row_count || prevId !== head.last_id || prev !== head.last_hash) {
    return fail(prevId || null, `The audit log does not end where the app last wrote to it (entry ${head.last_id}): entries have been added or rewritten by hand.`);
  }
  return { ok: true, rowsChecked: count, firstBadId: null, problem: null, headHash: prev };
}

/** Verifies and records the result, so managers (and the data security page) can see when the log was last checked. */
export async function checkAndRecordAuditChain(db: Db, trigger: 'manual' | 'weekly' | 'backup', staffId: number | null, now: Date): Promise<ChainVerification> {
  const result = await verifyAuditChain(db);
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
  return result;
}

/**
 * For the backup code (issue 11): call just before each backup; it verifies and records the check, and returns the
 * head to store beside the backup (and the verification, to say in the backup's record whether the log was intact).
 */
export async function checkAuditChainForBackup(db: Db, now: Date): Promise<{ verification: ChainVerification; head: AuditChainHead }> {
  const verification = await checkAndRecordAuditChain(db, 'backup', null, now);
  return { verification, head: await readAuditChainHead(db) };
}

/** The weekly check: runs if no check of any kind has been recorded in the last seven days. Returns null if not due. */
export async function checkAuditChainIfDue(db: Db, now: Date): Promise<ChainVerification | null> {
  const last = await db.selectFrom('audit_chain_checks').select('checked_at').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (last && now.getTime() - Date.parse(last.checked_at) < WEEK_MS) return null;
  return checkAndRecordAuditChain(db, 'weekly', null, now);
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

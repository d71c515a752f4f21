// The audit log: who did what, when, to which record and which fields — written in the same transaction as the change,
// each row chained to the one before it (chain.ts). `writeAudit` is the only code that inserts audit rows; nothing
// updates or deletes them (triggers from migration 0012a refuse it).
// Because a row can never be changed, a summary names people by reference (student RC-000123, payee 7, facilitator 3),
// never by name, and never carries free text about a person (notes, withdrawal or break reasons, benefit warnings):
// anonymising a student must leave nothing of them behind. Staff's own names are kept (who did it is the point), and
// so is a reason that justifies a staff action (why a record was anonymised or deleted, why an extract was run) —
// the forms ask for the reason, not for details of the person's health. Rows written before issue 16 may still name
// facilitators and payees; they cannot be rewritten without breaking the chain.

import type { AuditAction, AuditEntity } from '../../contract/audit';
import { collegeDayStart } from '../../contract/dates';
import type { AuditEntry, AuditPage } from '../../contract/staff';
import type { Db, StaffContext } from '../api/handlers';
import { byShape, reusableQuery } from '../db/reusable';
import { advanceChainHead, auditRowHash, lockChainHead } from './chain';

export interface AuditRecord {
  /** Who did it, when that is not the signed-in person (first run, sign-in): an id, or null for nobody signed in. */
  actorId?: number | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId: number | null;
  fields?: string[];
  /** References and facts only — never a name or free text about a person (see above). */
  summary?: string | null;
}

/** The one function that writes audit rows; `Core.call` calls it with each call's recorded entries, in the call's transaction. */
export async function writeAudit(db: Db, ctx: Pick<StaffContext, 'now'> & { staff: { id: number } | null }, rec: AuditRecord): Promise<void> {
  // Reading the head and moving it on must be one transaction, or two writes could chain onto the same row.
  if (!db.isTransaction) return db.transaction().execute((trx) => writeAudit(trx, ctx, rec));
  const head = await lockChainHead(db);
  const content = {
    at: ctx.now().toISOString(),
    staff_id: rec.actorId !== undefined ? rec.actorId : (ctx.staff?.id ?? null),
    action: rec.action,
    entity: rec.entity,
    entity_id: rec.entityId,
    fields: JSON.stringify(rec.fields ?? []),
    summary: rec.summary ?? null,
  };
  const hash = auditRowHash(head.hash, content);
  const { id } = await db
    .insertInto('audit_log')
    .values({ ...content, prev_hash: head.hash, hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  await advanceChainHead(db, id, hash);
}

/** Whether this person recorded the same kind of read of the same record in the last five minutes. */
export async function recentlyAudited(db: Db, staffId: number | null, rec: AuditRecord, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - 5 * 60_000).toISOString();
  const summary = rec.summary ?? null;
  const query = recentQuery({ staff: staffId !== null, entity: rec.entityId !== null, summary: summary !== null });
  return (await query(db, rec.entity, rec.action, since, staffId ?? 0, rec.entityId ?? 0, summary ?? '')).length > 0;
}

/** The look-up above, in its shapes (someone or nobody signed in; a record or none; a summary or none); compiled once each. */
const recentQuery = byShape((shape: { staff: boolean; entity: boolean; summary: boolean }) =>
  reusableQuery((db, entity: string, action: string, since: string, staffId: number, entityId: number, summary: string) =>
    db
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', entity)
      .where('action', '=', action)
      .where('at', '>=', since)
      .where('staff_id', shape.staff ? '=' : 'is', shape.staff ? staffId : null)
      .where('entity_id', shape.entity ? '=' : 'is', shape.entity ? entityId : null)
      .where('summary', shape.summary ? '=' : 'is', shape.summary ? summary : null)
      .limit(1),
  ),
);

export interface AuditFilter {
  entity?: string;
  entityId?: number;
  orMentioning?: string;
  /** College days (`YYYY-MM-DD`, Europe/London), inclusive. */
  from?: string;
  to?: string;
}

/** The audit rows a filter selects (rows about one kind of record and one record, or mentioning a text; within the days). */
function filteredAudit(db: Db, filter: AuditFilter) {
  let q = db.selectFrom('audit_log').leftJoin('staff', 'staff.id', 'audit_log.staff_id');
  if (filter.entity || filter.entityId !== undefined || filter.orMentioning) {
    q = q.where((eb) => {
      const own = [
        ...(filter.entity ? [eb('audit_log.entity', '=', filter.entity)] : []),
        ...(filter.entityId !== undefined ? [eb('audit_log.entity_id', '=', filter.entityId)] : []),
      ];
      const mentions = filter.orMentioning ? [eb('audit_log.summary', 'like', `%${filter.orMentioning}%`)] : [];
      return own.length > 0 && mentions.length > 0 ? eb.or([eb.and(own), ...mentions]) : eb.and([...own, ...mentions]);
    });
  }
  // Days are the college's: 1 July starts at 23:00 UTC on 30 June in summer time.
  if (filter.from) q = q.where('audit_log.at', '>=', collegeDayStart(filter.from));
  if (filter.to) q = q.where('audit_log.at', '<', collegeDayStart(dayAfter(filter.to)));
  return q;
}

function newestFirst(db: Db, filter: AuditFilter) {
  return filteredAudit(db, filter)
    .select(['audit_log.id', 'audit_log.at', 'staff.display_name', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.fields', 'audit_log.summary'])
    .orderBy('audit_log.id', 'desc');
}

function toEntry(r: Awaited<ReturnType<ReturnType<typeof newestFirst>['execute']>>[number]): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    staffName: r.display_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    fields: JSON.parse(r.fields) as string[],
    summary: r.summary,
  };
}

/**
 * A page of the audit log, newest first: rows about one kind of record (and one record), and with `orMentioning`
 * also any row whose summary names that text (a student's reference on their enrolments and marks).
 */
export async function listAudit(db: Db, filter: AuditFilter, page: number, pageSize: number): Promise<AuditPage> {
  const [{ total }] = await filteredAudit(db, filter).select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await newestFirst(db, filter).limit(pageSize).offset((page - 1) * pageSize).execute();
  return { rows: rows.map(toEntry), total: Number(total), page, pageSize };
}

/** Every entry `listAudit` would show for a filter, page after page, newest first (the audit log's export). */
export async function allAudit(db: Db, filter: AuditFilter): Promise<AuditEntry[]> {
  return (await newestFirst(db, filter).execute()).map(toEntry);
}

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

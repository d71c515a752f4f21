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
import { collegeDayStart, formatDate } from '../../contract/dates';
import type { SortDirection } from '../../contract/lists';
import type { AuditEntry, AuditPage, AUDIT_SORTS } from '../../contract/staff';
import { caseless, pageOf } from '../db/paging';

type AuditSort = (typeof AUDIT_SORTS)[number];
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
  /** Done by this member of staff. */
  staffId?: number;
  /** College days (`YYYY-MM-DD`, Europe/London), inclusive. */
  from?: string;
  to?: string;
}

/** The audit rows a filter selects (about one kind of record and one record, or mentioning a text; by one person; within the days). */
function filteredAudit(db: Db, filter: AuditFilter) {
  let q = db.selectFrom('audit_log').leftJoin('staff', 'staff.id', 'audit_log.staff_id');
  if (filter.staffId !== undefined) q = q.where('audit_log.staff_id', '=', filter.staffId);
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

const AUDIT_COLUMNS = ['audit_log.id', 'audit_log.at', 'staff.display_name', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.fields', 'audit_log.summary'] as const;

function newestFirst(db: Db, filter: AuditFilter) {
  return filteredAudit(db, filter).select(AUDIT_COLUMNS).orderBy('audit_log.id', 'desc');
}

type AuditRow = Awaited<ReturnType<ReturnType<typeof newestFirst>['execute']>>[number];

/** The rows as staff see them, each record named (`recordNames`: one query per kind of record, never one per row). */
async function toEntries(db: Db, rows: AuditRow[]): Promise<AuditEntry[]> {
  const names = await recordNames(db, rows);
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    staffName: r.display_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    recordName: r.entity_id === null ? null : (names.get(`${r.entity}:${r.entity_id}`) ?? null),
    fields: JSON.parse(r.fields) as string[],
    summary: r.summary,
  }));
}

/**
 * A page of the audit log, newest first: rows about one kind of record (and one record), and with `orMentioning`
 * also any row whose summary names that text (a student's reference on their enrolments and marks).
 */
export async function listAudit(db: Db, filter: AuditFilter, page: number, pageSize: number, order?: { sort: AuditSort; direction: SortDirection }): Promise<AuditPage> {
  if (order && !(order.sort === 'when' && order.direction === 'desc')) {
    // Sorted by another column (or oldest first): the same rows through the shared list pager, ties in log order.
    const columns = filteredAudit(db, filter).select(AUDIT_COLUMNS);
    const result = await pageOf(db, columns, { when: 'audit_log.id', who: caseless('staff.display_name'), record: 'audit_log.entity' }, 'audit_log.id', { ...order, page, pageSize });
    return { ...result, rows: await toEntries(db, result.rows) };
  }
  const [{ total }] = await filteredAudit(db, filter).select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await newestFirst(db, filter).limit(pageSize).offset((page - 1) * pageSize).execute();
  return { rows: await toEntries(db, rows), total: Number(total), page, pageSize };
}

/** Every entry `listAudit` would show for a filter, page after page, newest first (the audit log's export). */
export async function allAudit(db: Db, filter: AuditFilter): Promise<AuditEntry[]> {
  const rows = await newestFirst(db, filter).execute();
  const out: AuditEntry[] = [];
  for (let i = 0; i < rows.length; i += 500) out.push(...(await toEntries(db, rows.slice(i, i + 500))));
  return out;
}

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

type Named = { id: number; name: string };
/** How each kind of record is named, in one query for all the ids of that kind on the page. */
const NAMERS: Record<string, (db: Db, ids: number[]) => Promise<Named[]>> = {
  student: async (db, ids) =>
    (await db.selectFrom('students').select(['id', 'reference', 'first_name', 'preferred_name', 'surname']).where('id', 'in', ids).execute()).map((s) => ({
      id: s.id,
      name: `${s.reference} ${s.preferred_name || s.first_name} ${s.surname}`.trim(),
    })),
  staff: async (db, ids) => (await db.selectFrom('staff').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((s) => ({ id: s.id, name: s.display_name })),
  course: async (db, ids) => (await db.selectFrom('courses').select(['id', 'title']).where('id', 'in', ids).execute()).map((c) => ({ id: c.id, name: `“${c.title}”` })),
  course_run: async (db, ids) =>
    (
      await db
        .selectFrom('course_runs as r')
        .innerJoin('courses as c', 'c.id', 'r.course_id')
        .innerJoin('terms as t', 't.id', 'r.term_id')
        .select(['r.id', 'c.title', 't.name as term'])
        .where('r.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, name: `“${r.title}”, ${r.term}` })),
  session: async (db, ids) =>
    (
      await db
        .selectFrom('sessions as s')
        .innerJoin('course_runs as r', 'r.id', 's.course_run_id')
        .innerJoin('courses as c', 'c.id', 'r.course_id')
        .select(['s.id', 's.date', 's.start_time', 'c.title'])
        .where('s.id', 'in', ids)
        .execute()
    ).map((s) => ({ id: s.id, name: `“${s.title}” on ${formatDate(s.date)} at ${s.start_time.slice(0, 5)}` })),
  enrolment: async (db, ids) =>
    (
      await db
        .selectFrom('enrolments as e')
        .innerJoin('students as s', 's.id', 'e.student_id')
        .innerJoin('course_runs as r', 'r.id', 'e.course_run_id')
        .innerJoin('courses as c', 'c.id', 'r.course_id')
        .select(['e.id', 's.reference', 'c.title'])
        .where('e.id', 'in', ids)
        .execute()
    ).map((e) => ({ id: e.id, name: `${e.reference} on “${e.title}”` })),
  term: async (db, ids) => (await db.selectFrom('terms').select(['id', 'name']).where('id', 'in', ids).execute()).map((t) => ({ id: t.id, name: t.name })),
  venue: async (db, ids) => (await db.selectFrom('venues').select(['id', 'name']).where('id', 'in', ids).execute()).map((v) => ({ id: v.id, name: v.name })),
  room: async (db, ids) =>
    (await db.selectFrom('rooms as r').innerJoin('venues as v', 'v.id', 'r.venue_id').select(['r.id', 'r.name', 'v.name as venue']).where('r.id', 'in', ids).execute()).map(
      (r) => ({ id: r.id, name: `${r.name}, ${r.venue}` }),
    ),
  facilitator: async (db, ids) =>
    (await db.selectFrom('facilitators').select(['id', 'first_name', 'surname']).where('id', 'in', ids).execute()).map((f) => ({ id: f.id, name: `${f.first_name} ${f.surname}` })),
  payee: async (db, ids) => (await db.selectFrom('payees').select(['id', 'name']).where('id', 'in', ids).execute()).map((p) => ({ id: p.id, name: p.name })),
  claim: async (db, ids) =>
    (await db.selectFrom('claims as c').innerJoin('payees as p', 'p.id', 'c.payee_id').select(['c.id', 'c.reference', 'p.name']).where('c.id', 'in', ids).execute()).map((c) => ({
      id: c.id,
      name: `${c.reference} (${c.name})`,
    })),
  payment_batch: async (db, ids) => (await db.selectFrom('payment_batches').select(['id', 'reference']).where('id', 'in', ids).execute()).map((b) => ({ id: b.id, name: b.reference })),
  involvement_payment: async (db, ids) =>
    (
      await db
        .selectFrom('involvement_payments as i')
        .innerJoin('payees as p', 'p.id', 'i.payee_id')
        .select(['i.id', 'i.work_date', 'p.name'])
        .where('i.id', 'in', ids)
        .execute()
    ).map((i) => ({ id: i.id, name: `${i.name}, ${formatDate(i.work_date)}` })),
};

/** Names for the records on one page of the log: one query per kind of record, never one per row. */
async function recordNames(db: Db, rows: { entity: string; entity_id: number | null }[]): Promise<Map<string, string>> {
  const idsByKind = new Map<string, Set<number>>();
  for (const r of rows) {
    if (r.entity_id === null || !NAMERS[r.entity]) continue;
    const set = idsByKind.get(r.entity) ?? new Set<number>();
    set.add(r.entity_id);
    idsByKind.set(r.entity, set);
  }
  const names = new Map<string, string>();
  for (const [kind, ids] of idsByKind) {
    for (const n of await NAMERS[kind](db, [...ids])) names.set(`${kind}:${n.id}`, n.name);
  }
  return names;
}

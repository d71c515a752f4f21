// The audit log: who did what, when, to which record and which fields — written in the same transaction as the change,
// each row chained to the one before it (chain.ts). `writeAudit` is the only code that inserts audit rows; nothing
// updates or deletes them (triggers from migration 0012a refuse it).
import type { AuditAction, AuditEntity } from '../../contract/audit';
import type { AuditEntry, AuditPage } from '../../contract/staff';
import type { Db, StaffContext } from '../api/handlers';
import { advanceChainHead, auditRowHash, lockChainHead } from './chain';
import { DateTime } from 'luxon';
import { COLLEGE_ZONE, formatDate } from '../../contract/dates';

export interface AuditRecord {
  /** Who did it, when that is not the signed-in person (first run, sign-in): an id, or null for nobody signed in. */
  actorId?: number | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId: number | null;
  fields?: string[];
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
  let q = db
    .selectFrom('audit_log')
    .select('id')
    .where('entity', '=', rec.entity)
    .where('action', '=', rec.action)
    .where('at', '>=', since)
    .where('staff_id', staffId === null ? 'is' : '=', staffId);
  q = rec.entityId === null ? q.where('entity_id', 'is', null) : q.where('entity_id', '=', rec.entityId);
  q = q.where('summary', rec.summary === null || rec.summary === undefined ? 'is' : '=', rec.summary ?? null);
  return !!(await q.limit(1).executeTakeFirst());
}

/**
 * A page of the audit log, newest first: rows about one kind of record (and one record), and with `orMentioning`
 * also any row whose summary names that text (a student's reference on their enrolments and marks).
 */
export async function listAudit(
  db: Db,
  filter: { entity?: string; entityId?: number; orMentioning?: string; staffId?: number; from?: string; to?: string },
  page: number,
  pageSize: number,
): Promise<AuditPage> {
  let q = db.selectFrom('audit_log').leftJoin('staff', 'staff.id', 'audit_log.staff_id');
  if (filter.staffId !== undefined) q = q.where('audit_log.staff_id', '=', filter.staffId);
  // `from`/`to` are days at the college: the whole of each day in London time, whatever the clock change.
  if (filter.from) q = q.where('audit_log.at', '>=', collegeDayStartUtc(filter.from));
  if (filter.to) q = q.where('audit_log.at', '<', collegeDayStartUtc(nextDay(filter.to)));
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
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await q
    .select(['audit_log.id', 'audit_log.at', 'staff.display_name', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.fields', 'audit_log.summary'])
    .orderBy('audit_log.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const names = await recordNames(db, rows);
  return {
    rows: rows.map(
      (r): AuditEntry => ({
        id: r.id,
        at: r.at,
        staffName: r.display_name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        recordName: r.entity_id === null ? null : (names.get(`${r.entity}:${r.entity_id}`) ?? null),
        fields: JSON.parse(r.fields) as string[],
        summary: r.summary,
      }),
    ),
    total: Number(total),
    page,
    pageSize,
  };
}

function collegeDayStartUtc(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: COLLEGE_ZONE }).startOf('day').toUTC().toJSDate().toISOString();
}

function nextDay(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ days: 1 }).toISODate() as string;
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

// The audit log: who did what, when, to which record and which fields — written in the same transaction as the change,
// each row chained to the one before it (chain.ts). `writeAudit` is the only code that inserts audit rows; nothing
// updates or deletes them (triggers from migration 0012a refuse it).
import type { AuditAction, AuditEntity } from '../../contract/audit';
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

/**
 * A page of the audit log, newest first: rows about one kind of record (and one record), and with `orMentioning`
 * also any row whose summary names that text (a student's reference on their enrolments and marks).
 */
export async function listAudit(
  db: Db,
  filter: { entity?: string; entityId?: number; orMentioning?: string },
  page: number,
  pageSize: number,
): Promise<AuditPage> {
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
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await q
    .select(['audit_log.id', 'audit_log.at', 'staff.display_name', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.fields', 'audit_log.summary'])
    .orderBy('audit_log.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    rows: rows.map(
      (r): AuditEntry => ({
        id: r.id,
        at: r.at,
        staffName: r.display_name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        fields: JSON.parse(r.fields) as string[],
        summary: r.summary,
      }),
    ),
    total: Number(total),
    page,
    pageSize,
  };
}

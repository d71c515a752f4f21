// "Someone else changed this while you were editing": who and when, read from the audit log (which every change writes
// in the same transaction as the change itself), so the refusal can name them instead of a faceless "someone".
import type { AuditEntity } from '../../contract/audit';
import { formatTimestamp } from '../../contract/dates';
import { ApiError } from '../../contract/errors';
import type { Db } from '../api/handlers';

/** Audit actions that only read (a record opened, a list exported): they change nothing, so they never count here. */
const READ_ACTIONS = ['view', 'view-attendance', 'view-bank-details', 'view-courses', 'view-outcomes', 'view-receipt', 'open-receipt', 'search', 'print-register', 'export-ics', 'export-remittance', 'export-totals-csv', 'save-import-report'];

/** The last change made to a record: who (their display name; null if made by the app itself) and when (ISO). */
export async function lastChange(db: Db, entity: AuditEntity, entityId: number): Promise<{ by: string | null; at: string } | null> {
  const row = await db
    .selectFrom('audit_log as a')
    .leftJoin('staff as s', 's.id', 'a.staff_id')
    .select(['a.at', 's.display_name'])
    .where('a.entity', '=', entity)
    .where('a.entity_id', '=', entityId)
    .where('a.action', 'not in', READ_ACTIONS)
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { by: row.display_name, at: row.at } : null;
}

/**
 * The refusal for a save whose version is out of date: names who changed the record and when, and says the person's
 * own changes were not saved (the screen keeps them in the form, so nothing typed is lost).
 */
export async function changedMeanwhile(db: Db, entity: AuditEntity, entityId: number, what: string): Promise<ApiError<'record.changed'>> {
  const last = await lastChange(db, entity, entityId);
  const who = last?.by ?? 'Someone else';
  const when = last ? ` (${formatTimestamp(last.at)})` : '';
  return new ApiError(
    'record.changed',
    `${who} changed this ${what}${when} while you were editing it. Your changes have not been saved: they are still in the form, so please copy anything you need, reload to see the latest version, and make them again.`,
    { details: { changedBy: last?.by ?? null, changedAt: last?.at ?? null } },
  );
}

// "Who has looked at or changed this record": every audit row about one student — their record, views of it and of
// their outcomes, attendance and courses — and rows about other records that name the student's reference (enrolments,
// register marks, drop-ins), newest first.
import { ApiError } from '../../contract/errors';
import type { AuditEntry, AuditPage } from '../../contract/staff';
import type { Db } from '../api/handlers';

export async function studentAccessLog(db: Db, studentId: number, page: number, pageSize: number): Promise<AuditPage> {
  const student = await db.selectFrom('students').select('reference').where('id', '=', studentId).executeTakeFirst();
  if (!student) throw new ApiError('NOT_FOUND', 'That student could not be found.');
  const q = db
    .selectFrom('audit_log')
    .leftJoin('staff', 'staff.id', 'audit_log.staff_id')
    .where((eb) =>
      eb.or([
        eb.and([eb('audit_log.entity', '=', 'student'), eb('audit_log.entity_id', '=', studentId)]),
        eb('audit_log.summary', 'like', `%${student.reference}%`),
      ]),
    );
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
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

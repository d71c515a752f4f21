// "Who has looked at or changed this record": every audit row about one student — their record, views of it and of
// their outcomes, attendance and courses — and rows about other records that name the student's reference (enrolments,
// register marks, drop-ins), newest first.
import { ApiError } from '../../contract/errors';
import type { AuditPage } from '../../contract/staff';
import { listAudit } from '../audit/audit';
import type { Db } from '../api/handlers';
import { findStudent } from '../students/repository';

export async function studentAccessLog(db: Db, studentId: number, page: number, pageSize: number): Promise<AuditPage> {
  const student = await findStudent(db, studentId);
  if (!student) throw new ApiError('record.not-found', 'That student could not be found.');
  return listAudit(db, { entity: 'student', entityId: studentId, orMentioning: student.reference }, page, pageSize);
}

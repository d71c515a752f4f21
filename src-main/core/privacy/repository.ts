// Reading what privacy work is decided from and answers with: who has not attended for years, and everything held about
// one person for a subject access pack. Writers stay beside their services.
import type { Db } from '../api/handlers';
import { ATTENDED_MARKS } from '../returns/definitions';

/**
 * Up to 1,000 students not yet anonymised whose last attendance (or, never having attended, whose record was made) is
 * before `cutoff`, and who are not active facilitators; longest gone first.
 */
export async function studentsGoneSince(db: Db, cutoff: string) {
  return db
    .selectFrom('students as s')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('attendance as a')
          .innerJoin('sessions as se', 'se.id', 'a.session_id')
          .where('a.mark', 'in', ATTENDED_MARKS)
          .select(['a.student_id', (e) => e.fn.max('se.date').as('last_attended')])
          .groupBy('a.student_id')
          .as('la'),
      (join) => join.onRef('la.student_id', '=', 's.id'),
    )
    .select(['s.id', 's.reference', 's.first_name', 's.surname', 's.created_at', 'la.last_attended'])
    .where('s.anonymised_at', 'is', null)
    // Someone still active as a facilitator is still involved with the college: anonymising them would also erase
    // the facilitator and payee records in use. They come due once that record is made inactive (or on request).
    .where((eb) => eb.not(eb.exists(eb.selectFrom('facilitators as f').select('f.id').whereRef('f.student_id', '=', 's.id').where('f.active', '=', 1))))
    .where((eb) => eb.or([eb('la.last_attended', '<', cutoff), eb.and([eb('la.last_attended', 'is', null), eb('s.created_at', '<', cutoff)])]))
    .orderBy('la.last_attended')
    .orderBy('s.id')
    .limit(1000)
    .execute();
}

/** Everything held about a student beyond their record, each kind in the order a subject access pack lists it. */
export async function subjectAccessRows(db: Db, studentId: number) {
  const consents = await db
    .selectFrom('data_sharing_consents as c')
    .innerJoin('staff', 'staff.id', 'c.recorded_by')
    .select(['c.given_on', 'c.withdrawn_on', 'c.review_on', 'c.recorded_at', 'staff.display_name'])
    .where('c.student_id', '=', studentId)
    .orderBy('c.id')
    .execute();
  const enrolments = await db
    .selectFrom('enrolments as e')
    .innerJoin('course_runs as r', 'r.id', 'e.course_run_id')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .innerJoin('terms as t', 't.id', 'r.term_id')
    .select(['c.title', 't.name as term', 'e.status', 'e.enrolled_on', 'e.waiting_since', 'e.withdrawn_on', 'e.withdraw_reason'])
    .where('e.student_id', '=', studentId)
    .orderBy('e.id')
    .execute();
  const attendance = await db
    .selectFrom('attendance as a')
    .innerJoin('sessions as se', 'se.id', 'a.session_id')
    .innerJoin('course_runs as r', 'r.id', 'se.course_run_id')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .select(['se.date', 'se.start_time', 'c.title', 'a.mark', 'a.note', 'a.drop_in'])
    .where('a.student_id', '=', studentId)
    .orderBy('se.date')
    .orderBy('se.start_time')
    .execute();
  const questionnaires = await db.selectFrom('questionnaires').selectAll().where('student_id', '=', studentId).orderBy('completed_on').execute();
  const destinations = await db.selectFrom('destinations').select(['kind', 'with_college', 'on_date', 'notes']).where('student_id', '=', studentId).orderBy('on_date').execute();
  const contacts = await db
    .selectFrom('follow_up_contacts as f')
    .innerJoin('course_runs as r', 'r.id', 'f.course_run_id')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .innerJoin('staff', 'staff.id', 'f.contacted_by')
    .select(['f.contacted_on', 'c.title', 'f.outcome', 'staff.display_name'])
    .where('f.student_id', '=', studentId)
    .orderBy('f.contacted_on')
    .execute();
  const requests = await db.selectFrom('subject_access_requests').select(['received_on', 'due_on', 'how_received', 'completed_on']).where('student_id', '=', studentId).orderBy('id').execute();
  return { consents, enrolments, attendance, questionnaires, destinations, contacts, requests };
}

/**
 * A student's records as a facilitator and payee: the facilitator records, the runs they were on the team of, payees,
 * claims with their lines and receipts (with the file contents), and involvement payments. Null if they are not a
 * facilitator.
 */
export async function workerRowsOf(db: Db, studentId: number) {
  const facilitators = await db.selectFrom('facilitators').selectAll().where('student_id', '=', studentId).orderBy('id').execute();
  if (facilitators.length === 0) return null;
  const fids = facilitators.map((f) => f.id);
  const teams = await db
    .selectFrom('course_run_facilitators as crf')
    .innerJoin('course_runs as r', 'r.id', 'crf.course_run_id')
    .innerJoin('courses as c', 'c.id', 'r.course_id')
    .innerJoin('terms as t', 't.id', 'r.term_id')
    .select(['c.title', 't.name as term', 'crf.role'])
    .where('crf.facilitator_id', 'in', fids)
    .orderBy('t.starts_on')
    .orderBy('c.title')
    .execute();
  const payees = await db.selectFrom('payees').selectAll().where('facilitator_id', 'in', fids).orderBy('id').execute();
  const pids = payees.map((p) => p.id);
  const claims = pids.length ? await db.selectFrom('claims').selectAll().where('payee_id', 'in', pids).orderBy('id').execute() : [];
  const cids = claims.map((c) => c.id);
  const lines = cids.length ? await db.selectFrom('claim_lines').selectAll().where('claim_id', 'in', cids).orderBy('claim_id').orderBy('line_date').orderBy('id').execute() : [];
  const lids = lines.map((l) => l.id);
  const receipts = lids.length ? await db.selectFrom('claim_receipts').select(['id', 'line_id', 'file_name', 'mime_type', 'content']).where('line_id', 'in', lids).orderBy('id').execute() : [];
  const involvement = pids.length ? await db.selectFrom('involvement_payments').selectAll().where('payee_id', 'in', pids).orderBy('work_date').orderBy('id').execute() : [];
  return { facilitators, teams, payees, claims, lines, receipts, involvement };
}

/** Audit rows about some records (entity and ids), newest first, with who did each. */
export async function auditRowsAbout(db: Db, wanted: { entity: string; ids: number[] }[]) {
  return db
    .selectFrom('audit_log')
    .leftJoin('staff', 'staff.id', 'audit_log.staff_id')
    .select(['audit_log.id', 'audit_log.at', 'staff.display_name', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.fields', 'audit_log.summary'])
    .where((eb) => eb.or(wanted.map((w) => eb.and([eb('audit_log.entity', '=', w.entity), eb('audit_log.entity_id', 'in', w.ids)]))))
    .orderBy('audit_log.id', 'desc')
    .execute();
}

/** Subject access requests (open ones only, or one student's), soonest due first, with the student and who handled them. */
export async function subjectAccessRequestRows(db: Db, opts: { openOnly: boolean; studentId?: number }) {
  let q = db
    .selectFrom('subject_access_requests as r')
    .innerJoin('students as s', 's.id', 'r.student_id')
    .innerJoin('staff as l', 'l.id', 'r.logged_by')
    .leftJoin('staff as c', 'c.id', 'r.completed_by')
    .select(['r.id', 'r.student_id', 's.reference', 's.first_name', 's.surname', 'r.received_on', 'r.due_on', 'r.how_received', 'l.display_name as logged_by', 'r.last_exported_at', 'r.completed_on', 'c.display_name as completed_by']);
  if (opts.openOnly) q = q.where('r.completed_on', 'is', null);
  if (opts.studentId !== undefined) q = q.where('r.student_id', '=', opts.studentId);
  return q.orderBy('r.due_on').orderBy('r.id').execute();
}

/** Wrong passwords and lock-outs recorded since an instant. */
export async function failedSignInsSince(db: Db, since: string): Promise<number> {
  const { count } = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('action', 'in', ['sign-in-failed', 'account-locked'])
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return count;
}

/** The latest confirmation that the computer's disk is encrypted, with who gave it. */
export async function latestDiskEncryptionConfirmation(db: Db) {
  return db
    .selectFrom('disk_encryption_confirmations as d')
    .innerJoin('staff as s', 's.id', 'd.confirmed_by')
    .select(['d.confirmed_on', 'd.statement', 's.display_name'])
    .orderBy('d.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

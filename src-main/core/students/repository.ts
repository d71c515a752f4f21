// Reading student records: the look-ups the students service and other areas share. Writers stay beside their handlers.
import type { Db } from '../api/handlers';
import type { StudentRow } from '../db/schema';

/** A student's whole row, or undefined if there is none with that id. */
export async function findStudent(db: Db, id: number): Promise<StudentRow | undefined> {
  return db.selectFrom('students').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reference and names of many students at once (any that no longer exist are simply missing). */
export async function studentNamesByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('students').select(['id', 'reference', 'first_name', 'surname', 'preferred_name']).where('id', 'in', ids).execute();
}

/** Another student already holding this NHS number (digits only), if any. */
export async function studentWithNhsNumber(db: Db, nhs: string, excludeId?: number) {
  let q = db.selectFrom('students').select(['reference', 'first_name', 'surname']).where('nhs_number', '=', nhs);
  if (excludeId !== undefined) q = q.where('id', '!=', excludeId);
  return q.executeTakeFirst();
}

/** Up to 200 students sharing a date of birth or an NHS number: the candidates for a duplicate warning. */
export async function duplicateCandidates(db: Db, p: { dateOfBirth: string; nhs: string | null; excludeId?: number }) {
  let q = db
    .selectFrom('students')
    .select(['id', 'reference', 'first_name', 'surname', 'preferred_name', 'date_of_birth', 'nhs_number'])
    .where((eb) => {
      const ors = [eb('date_of_birth', '=', p.dateOfBirth)];
      if (p.nhs) ors.push(eb('nhs_number', '=', p.nhs));
      return eb.or(ors);
    });
  if (p.excludeId !== undefined) q = q.where('id', '!=', p.excludeId);
  return q.limit(200).execute();
}

/** A student's data-sharing consents, newest first, with who recorded each. */
export async function consentsOfStudent(db: Db, studentId: number) {
  return db
    .selectFrom('data_sharing_consents as c')
    .innerJoin('staff', 'staff.id', 'c.recorded_by')
    .select(['c.id', 'c.given_on', 'c.withdrawn_on', 'c.review_on', 'staff.display_name', 'c.recorded_at'])
    .where('c.student_id', '=', studentId)
    .orderBy('c.given_on', 'desc')
    .execute();
}

/** The consent not yet withdrawn, if any. */
export async function openConsentOf(db: Db, studentId: number) {
  return db.selectFrom('data_sharing_consents').selectAll().where('student_id', '=', studentId).where('withdrawn_on', 'is', null).executeTakeFirst();
}

/** Consents still in force on `today` whose review falls on or before `until`, for students not anonymised; soonest first. */
export async function consentsDueForReview(db: Db, today: string, until: string) {
  return db
    .selectFrom('data_sharing_consents as c')
    .innerJoin('students as s', 's.id', 'c.student_id')
    .select(['s.id', 's.reference', 's.first_name', 's.surname', 'c.given_on', 'c.review_on'])
    .where('c.review_on', 'is not', null)
    .where('c.review_on', '<=', until)
    .where((eb) => eb.or([eb('c.withdrawn_on', 'is', null), eb('c.withdrawn_on', '>', today)]))
    .where('s.anonymised_at', 'is', null)
    .orderBy('c.review_on')
    .execute();
}

// Erasure and retention: anonymising a student replaces every personal field in the live database — names, contact
// details, address, emergency contact, support needs, NHS number, free-text notes — and cuts the date of birth to its
// year, keeping the non-identifying facts the contract figures count (demographic codes, attendance marks, scores).
// Stored returns are never touched. The search index is rebuilt so the old words leave it, and (with secure_delete on
// and a checkpoint after commit) the old bytes leave the file.
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { collegeToday } from '../../contract/dates';
import { ApiError } from '../../contract/errors';
import type { DueForAnonymisation } from '../../contract/privacy';
import type { Db, StaffContext } from '../api/handlers';
import { ATTENDED_MARKS } from '../returns/definitions';

export const ANONYMISED_FIRST_NAME = 'Anonymised';
const REMOVED = 'Removed when the record was anonymised.';

export async function anonymiseStudent(db: Db, ctx: Pick<StaffContext, 'now' | 'audit'>, studentId: number, reason: string): Promise<void> {
  const s = await db.selectFrom('students').select(['id', 'reference', 'date_of_birth', 'anonymised_at', 'archived_at']).where('id', '=', studentId).executeTakeFirst();
  if (!s) throw new ApiError('NOT_FOUND', 'That student could not be found.');
  if (s.anonymised_at) throw new ApiError('CONFLICT', `${s.reference} was already anonymised.`);
  const now = ctx.now().toISOString();
  // The year is kept for age bands; 1 July keeps any age worked out from it within six months.
  const year = s.date_of_birth.slice(0, 4);
  await db
    .updateTable('students')
    .set({
      first_name: ANONYMISED_FIRST_NAME,
      surname: s.reference,
      preferred_name: null,
      pronouns: null,
      date_of_birth: `${year}-07-01`,
      email: null,
      phone: null,
      phone_digits: null,
      address_line1: null,
      address_line2: null,
      town: null,
      postcode: null,
      emergency_contact_name: null,
      emergency_contact_phone: null,
      emergency_contact_relationship: null,
      support_needs: null,
      referral_other: null,
      nhs_number: null,
      archived_at: s.archived_at ?? now,
      archived_reason: 'Anonymised',
      anonymised_at: now,
      updated_at: now,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', studentId)
    .execute();
  await db.updateTable('attendance').set({ note: null }).where('student_id', '=', studentId).where('note', 'is not', null).execute();
  await db.updateTable('enrolments').set({ withdraw_reason: null }).where('student_id', '=', studentId).where('withdraw_reason', 'is not', null).execute();
  await db.updateTable('follow_up_contacts').set({ outcome: REMOVED }).where('student_id', '=', studentId).execute();
  await db.updateTable('destinations').set({ notes: null }).where('student_id', '=', studentId).where('notes', 'is not', null).execute();
  await db.updateTable('subject_access_requests').set({ how_received: null }).where('student_id', '=', studentId).execute();
  // The update trigger replaced the student's search row; merging the index drops the old words from its pages too.
  await sql`INSERT INTO students_fts(students_fts) VALUES ('optimize')`.execute(db);
  ctx.audit({ action: 'anonymise', entity: 'student', entityId: studentId, summary: `Anonymised ${s.reference}. Reason: ${reason}` });
}

/** Students whose last attendance (or, never having attended, whose record was made) is more than N years ago. */
export async function dueForAnonymisation(db: Db, years: number, now: Date): Promise<DueForAnonymisation[]> {
  const cutoff = DateTime.fromISO(collegeToday(now)).minus({ years }).toISODate() as string;
  const rows = await db
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
    .where((eb) => eb.or([eb('la.last_attended', '<', cutoff), eb.and([eb('la.last_attended', 'is', null), eb('s.created_at', '<', cutoff)])]))
    .orderBy('la.last_attended')
    .orderBy('s.id')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, name: `${r.first_name} ${r.surname}`, lastAttended: (r.last_attended as string | null) ?? null, createdAt: r.created_at }));
}

// Erasure and retention: anonymising a student replaces every personal field in the live database — names, contact
// details, address, emergency contact, support needs, NHS number, free-text notes and reasons, and the same person's
// facilitator and payee records, claims' free text and receipts — and cuts the date of birth to its year, keeping the
// non-identifying facts the contract figures count (demographic codes, attendance marks, scores) and the amounts the
// accounts need. Audit rows cannot change, so they are written with references (RC-000123, payee 7), never names or
// free text about a person (see audit.ts); the reference left behind identifies nobody once the record is anonymised.
// Stored returns are never touched. The search index is rebuilt so the old words leave it, and (with secure_delete on
// and a checkpoint after commit) the old bytes leave the file.
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { collegeToday } from '../../contract/dates';
import { ApiError } from '../../contract/errors';
import type { DueForAnonymisation } from '../../contract/privacy';
import type { Db, StaffContext } from '../api/handlers';
import { engineOf } from '../db/dialect';
import { claimIdsOfPayees, lineIdsOfClaims, payeeIdsOfFacilitators, receiptsOfLines } from '../expenses/queries';
import { facilitatorIdsOfStudent } from '../scheduling/rows';
import { findStudent } from '../students/repository';
import { studentsGoneSince } from './repository';

export const ANONYMISED_FIRST_NAME = 'Anonymised';
const REMOVED = 'Removed when the record was anonymised.';
const RECEIPT_REMOVED = 'The receipt was removed when the record was anonymised; the amount is kept for the accounts.';
const WARNING_REMOVED = 'A benefit-limit warning was shown (its wording was removed when the record was anonymised).';

export async function anonymiseStudent(db: Db, ctx: Pick<StaffContext, 'now' | 'audit' | 'staff'>, studentId: number, reason: string): Promise<void> {
  const s = await findStudent(db, studentId);
  if (!s) throw new ApiError('record.not-found', 'That student could not be found.');
  if (s.anonymised_at) throw new ApiError('student.anonymised', `${s.reference} was already anonymised.`);
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
  await db.updateTable('enrolment_breaks').set({ reason: REMOVED }).where('enrolment_id', 'in', (eb) => eb.selectFrom('enrolments').select('id').where('student_id', '=', studentId)).execute();
  await anonymiseAsFacilitatorAndPayee(db, ctx, studentId, s.reference, now);
  // SQLite: the update trigger replaced the student's search row; merging the index drops the old words from its pages
  // too. PostgreSQL has nothing to merge: its search index (migration 0014) is computed from the row itself, so the
  // anonymised row is indexed by its new words only; the old row version and its index entries are dead to every
  // query and go at the next (auto)vacuum, which cannot run inside this transaction nor as the desks' role.
  if (engineOf(db) === 'sqlite') await sql`INSERT INTO students_fts(students_fts) VALUES ('optimize')`.execute(db);
  ctx.audit({ action: 'anonymise', entity: 'student', entityId: studentId, summary: `Anonymised ${s.reference}. Reason: ${reason}` });
}

/**
 * The same person as a facilitator (linked by `facilitators.student_id`) and as a payee of that facilitator record:
 * names, contact details, bank details and notes go; their claims keep dates, categories and amounts (the college's
 * accounts need them) but lose every free-text field, and their receipts — pictures that may show a name or an
 * address — are removed, each line saying so. Involvement payments lose their descriptions and the benefit-limit
 * warning's text (it names the person). Both records are made inactive: nobody can be booked or paid under them.
 */
async function anonymiseAsFacilitatorAndPayee(db: Db, ctx: Pick<StaffContext, 'now' | 'audit' | 'staff'>, studentId: number, reference: string, now: string): Promise<void> {
  const facilitatorIds = await facilitatorIdsOfStudent(db, studentId);
  if (facilitatorIds.length === 0) return;
  await db
    .updateTable('facilitators')
    .set({ first_name: ANONYMISED_FIRST_NAME, surname: reference, email: null, phone: null, notes: null, active: 0 })
    .where('id', 'in', facilitatorIds)
    .execute();
  for (const id of facilitatorIds) ctx.audit({ action: 'anonymise', entity: 'facilitator', entityId: id, summary: `Anonymised with student ${reference}` });
  const payeeIds = await payeeIdsOfFacilitators(db, facilitatorIds);
  if (payeeIds.length === 0) return;
  await db
    .updateTable('payees')
    .set({
      name: `${ANONYMISED_FIRST_NAME} ${reference}`,
      email: null,
      address: null,
      bank_account_name: null,
      bank_sort_code: null,
      bank_account_number: null,
      notes: null,
      active: 0,
      updated_at: now,
      version: sql<number>`version + 1`,
    })
    .where('id', 'in', payeeIds)
    .execute();
  const claimIds = await claimIdsOfPayees(db, payeeIds);
  if (claimIds.length > 0) {
    await db
      .updateTable('claims')
      .set((eb) => ({ notes: null, rejection_reason: eb.case().when('rejection_reason', 'is not', null).then(REMOVED).else(null).end(), updated_at: now }))
      .where('id', 'in', claimIds)
      .execute();
    const lineIds = await lineIdsOfClaims(db, claimIds);
    if (lineIds.length > 0) {
      const withReceipts = [...new Set((await receiptsOfLines(db, lineIds)).map((r) => r.line_id))];
      await db.deleteFrom('claim_receipts').where('line_id', 'in', lineIds).execute();
      await db.updateTable('claim_lines').set({ description: null }).where('id', 'in', lineIds).execute();
      await db.updateTable('claim_lines').set({ receipt_waived_reason: REMOVED }).where('id', 'in', lineIds).where('receipt_waived_reason', 'is not', null).execute();
      if (withReceipts.length > 0) {
        await db
          .updateTable('claim_lines')
          .set({ receipt_waived_reason: RECEIPT_REMOVED, receipt_waived_by: ctx.staff.id, receipt_waived_at: now })
          .where('id', 'in', withReceipts)
          .where('receipt_waived_reason', 'is', null)
          .execute();
      }
    }
  }
  await db
    .updateTable('involvement_payments')
    .set((eb) => ({
      description: null,
      decision_note: null,
      limit_warning: eb.case().when('limit_warning', 'is not', null).then(WARNING_REMOVED).else(null).end(),
      updated_at: now,
    }))
    .where('payee_id', 'in', payeeIds)
    .execute();
  for (const id of payeeIds) ctx.audit({ action: 'anonymise', entity: 'payee', entityId: id, summary: `Anonymised with student ${reference}` });
}

/** Students whose last attendance (or, never having attended, whose record was made) is more than N years ago, and who are not active facilitators. */
export async function dueForAnonymisation(db: Db, years: number, now: Date): Promise<DueForAnonymisation[]> {
  const cutoff = DateTime.fromISO(collegeToday(now)).minus({ years }).toISODate() as string;
  const rows = await studentsGoneSince(db, cutoff);
  return rows.map((r) => ({ id: r.id, reference: r.reference, name: `${r.first_name} ${r.surname}`, lastAttended: (r.last_attended as string | null) ?? null, createdAt: r.created_at }));
}

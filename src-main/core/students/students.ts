// Students: create, view, edit, archive, data-sharing consent and duplicate warnings — each change audited in its transaction.
import { changedMeanwhile } from '../audit/changed-meanwhile';
import { ApiError, validationError } from '../../contract/errors';
import { formatNhsNumber, nhsDigits } from '../../contract/nhs-number';
import type { PossibleDuplicate, Student, StudentDetail, StudentFields } from '../../contract/students';
import { collegeToday } from '../../contract/dates';
import { listAudit } from '../audit/audit';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import type { NewStudentRow, StudentRow } from '../db/schema';
import { checkLifeDate } from './life-dates';
import { consentsOfStudent, duplicateCandidates, findStudent, openConsentOf, studentWithNhsNumber } from './repository';
import { searchStudents } from './search';
import { nextReference } from '../db/counters';

/** Student fields ↔ columns: the one mapping, so create, update and the audit's field names agree. */
const COLUMNS = {
  firstName: 'first_name',
  surname: 'surname',
  preferredName: 'preferred_name',
  pronouns: 'pronouns',
  dateOfBirth: 'date_of_birth',
  email: 'email',
  phone: 'phone',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  town: 'town',
  postcode: 'postcode',
  emergencyContactName: 'emergency_contact_name',
  emergencyContactPhone: 'emergency_contact_phone',
  emergencyContactRelationship: 'emergency_contact_relationship',
  supportNeeds: 'support_needs',
  referralSource: 'referral_source',
  referralOther: 'referral_other',
  secondaryMhServices: 'secondary_mh_services',
  ethnicCategory: 'ethnic_category',
  genderIdentity: 'gender_identity',
  employmentStatus: 'employment_status',
  nhsNumber: 'nhs_number',
} as const satisfies Record<keyof StudentFields, keyof StudentRow>;

type Columns = { -readonly [K in keyof typeof COLUMNS as (typeof COLUMNS)[K]]: StudentFields[K] };

function toColumns(fields: StudentFields): Columns & { phone_digits: string | null } {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(COLUMNS)) out[column] = fields[field as keyof StudentFields];
  return { ...(out as Columns), phone_digits: fields.phone ? fields.phone.replace(/\D/g, '') : null };
}

export function toStudent(r: StudentRow): Student {
  return {
    id: r.id,
    reference: r.reference,
    firstName: r.first_name,
    surname: r.surname,
    preferredName: r.preferred_name,
    pronouns: r.pronouns,
    dateOfBirth: r.date_of_birth,
    email: r.email,
    phone: r.phone,
    addressLine1: r.address_line1,
    addressLine2: r.address_line2,
    town: r.town,
    postcode: r.postcode,
    emergencyContactName: r.emergency_contact_name,
    emergencyContactPhone: r.emergency_contact_phone,
    emergencyContactRelationship: r.emergency_contact_relationship,
    supportNeeds: r.support_needs,
    referralSource: r.referral_source as Student['referralSource'],
    referralOther: r.referral_other,
    secondaryMhServices: r.secondary_mh_services as Student['secondaryMhServices'],
    ethnicCategory: r.ethnic_category as Student['ethnicCategory'],
    genderIdentity: r.gender_identity as Student['genderIdentity'],
    employmentStatus: r.employment_status as Student['employmentStatus'],
    nhsNumber: r.nhs_number,
    archivedAt: r.archived_at,
    archivedReason: r.archived_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export async function getStudentDetail(db: Db, id: number, today: string): Promise<StudentDetail> {
  const row = await findStudent(db, id);
  if (!row) throw new ApiError('record.not-found', 'That student record could not be found. It may have been removed.');
  const consents = await consentsOfStudent(db, id);
  return {
    ...toStudent(row),
    consents: consents.map((c) => ({ id: c.id, givenOn: c.given_on, withdrawnOn: c.withdrawn_on, reviewOn: c.review_on, recordedBy: c.display_name, recordedAt: c.recorded_at })),
    consentInForce: consents.some((c) => c.given_on <= today && (c.withdrawn_on === null || c.withdrawn_on > today)),
  };
}

/** Similar enough to be worth asking about: same start, or at most one letter different. */
export function similarNames(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  if (!x || !y) return false;
  if (x === y || x.startsWith(y) || y.startsWith(x)) return true;
  return editDistanceAtMostOne(x, y);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

export async function findPossibleDuplicates(
  db: Db,
  p: { firstName: string; surname: string; dateOfBirth: string; nhsNumber?: string | null; excludeId?: number },
): Promise<PossibleDuplicate[]> {
  const nhs = p.nhsNumber ? nhsDigits(p.nhsNumber) : null;
  const candidates = await duplicateCandidates(db, { dateOfBirth: p.dateOfBirth, nhs, excludeId: p.excludeId });
  const out: PossibleDuplicate[] = [];
  for (const c of candidates) {
    const name = `${c.first_name} ${c.surname}`;
    if (nhs && c.nhs_number === nhs) {
      out.push({ id: c.id, reference: c.reference, name, dateOfBirth: c.date_of_birth, why: `Same NHS number (${formatNhsNumber(nhs)})` });
    } else if (
      c.date_of_birth === p.dateOfBirth &&
      similarNames(c.surname, p.surname) &&
      (similarNames(c.first_name, p.firstName) || (c.preferred_name !== null && similarNames(c.preferred_name, p.firstName)))
    ) {
      out.push({ id: c.id, reference: c.reference, name, dateOfBirth: c.date_of_birth, why: 'Same date of birth and a similar name' });
    }
  }
  return out;
}

async function assertNhsNumberFree(db: Db, nhs: string | null, excludeId?: number): Promise<void> {
  if (!nhs) return;
  const other = await studentWithNhsNumber(db, nhs, excludeId);
  if (other) {
    throw validationError({
      nhsNumber: `This NHS number is already recorded for ${other.first_name} ${other.surname} (${other.reference}). Each person has one NHS number; please check whether they are the same person.`,
    });
  }
}

/** Inserts a student row and its audit entry; the caller owns the transaction. Used by the API and by drop-in enrolment. */
export async function insertStudent(trx: Db, ctx: Pick<StaffContext, 'now' | 'staff' | 'audit'>, fields: StudentFields): Promise<number> {
  await assertNhsNumberFree(trx, fields.nhsNumber);
  const now = ctx.now().toISOString();
  const values: NewStudentRow = { ...toColumns(fields), reference: await nextReference(trx, 'student'), created_at: now, updated_at: now };
  const { id } = await trx.insertInto('students').values(values).returning('id').executeTakeFirstOrThrow();
  const recorded = Object.keys(COLUMNS).filter((k) => fields[k as keyof StudentFields] !== null);
  ctx.audit({ action: 'create', entity: 'student', entityId: id, fields: recorded, summary: `Added ${values.reference}` });
  return id;
}

export const studentHandlers: HandlersFor<'students.'> = {
  'students.search': async (ctx, input) => searchStudents(ctx.db, input),

  'students.get': async (ctx, input) => getStudentDetail(ctx.db, input.id, collegeToday(ctx.now())),

  'students.checkDuplicates': async (ctx, input) => findPossibleDuplicates(ctx.db, input),

  'students.create': async (ctx, input) => {
    if (!input.confirmedNotDuplicate) {
      const dupes = await findPossibleDuplicates(ctx.db, input.fields);
      if (dupes.length > 0) {
        throw new ApiError(
          'student.possible-duplicate',
          dupes.length === 1
            ? `This might be the same person as ${dupes[0].name} (${dupes[0].reference}). Please check before adding a new record.`
            : `This might be the same person as ${dupes.length} existing students. Please check before adding a new record.`,
          { details: dupes },
        );
      }
    }
    const id = await insertStudent(ctx.db, ctx, input.fields);
    return getStudentDetail(ctx.db, id, collegeToday(ctx.now()));
  },

  'students.update': async (ctx, input) => {
    const before = await findStudent(ctx.db, input.id);
    if (!before) throw new ApiError('record.not-found', 'That student record could not be found.');
    if (before.version !== input.version) {
      throw await changedMeanwhile(ctx.db, 'student', input.id, 'record');
    }
    await assertNhsNumberFree(ctx.db, input.fields.nhsNumber, input.id);
    const next = toColumns(input.fields);
    const changed = (Object.keys(COLUMNS) as (keyof StudentFields)[]).filter((f) => before[COLUMNS[f]] !== next[COLUMNS[f]]);
    if (changed.length === 0) return getStudentDetail(ctx.db, input.id, collegeToday(ctx.now()));
    // Compare-and-set on the version in the one statement, so a change saved by another desk in between is never overwritten.
    const saved = await ctx.db
      .updateTable('students')
      .set((eb) => ({ ...next, updated_at: ctx.now().toISOString(), version: eb('version', '+', 1) }))
      .where('id', '=', input.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) === 0) throw await changedMeanwhile(ctx.db, 'student', input.id, 'record');
    ctx.audit({ action: 'update', entity: 'student', entityId: input.id, fields: changed });
    return getStudentDetail(ctx.db, input.id, collegeToday(ctx.now()));
  },

  'students.archive': async (ctx, input) => {
    const before = await getStudentDetail(ctx.db, input.id, collegeToday(ctx.now()));
    if (before.archivedAt) throw new ApiError('student.archived', 'This student is already archived.');
    await ctx.db
      .updateTable('students')
      .set({ archived_at: ctx.now().toISOString(), archived_reason: input.reason, version: before.version + 1, updated_at: ctx.now().toISOString() })
      .where('id', '=', input.id)
      .execute();
    ctx.audit({ action: 'archive', entity: 'student', entityId: input.id, fields: ['archivedAt', 'archivedReason'] });
    return getStudentDetail(ctx.db, input.id, collegeToday(ctx.now()));
  },

  'students.restore': async (ctx, input) => {
    const before = await getStudentDetail(ctx.db, input.id, collegeToday(ctx.now()));
    if (!before.archivedAt) throw new ApiError('student.not-archived', 'This student is not archived.');
    await ctx.db
      .updateTable('students')
      .set({ archived_at: null, archived_reason: null, version: before.version + 1, updated_at: ctx.now().toISOString() })
      .where('id', '=', input.id)
      .execute();
    ctx.audit({ action: 'restore', entity: 'student', entityId: input.id, fields: ['archivedAt'] });
    return getStudentDetail(ctx.db, input.id, collegeToday(ctx.now()));
  },

  'students.recordConsent': async (ctx, input) => {
    const today = collegeToday(ctx.now());
    const student = await getStudentDetail(ctx.db, input.id, today);
    if (!student.nhsNumber) throw validationError({ givenOn: 'Please record the student’s NHS number before recording consent to share it.' });
    await checkLifeDate(ctx.db, input.id, 'givenOn', input.givenOn, ctx.now());
    if (input.reviewOn !== undefined && input.reviewOn <= input.givenOn) throw validationError({ reviewOn: 'The review date must be after the date consent was given.' });
    if (student.consents.some((c) => c.withdrawnOn === null)) throw new ApiError('consent.already-recorded', 'Consent is already recorded and has not been withdrawn.');
    await ctx.db
      .insertInto('data_sharing_consents')
      .values({ student_id: input.id, given_on: input.givenOn, review_on: input.reviewOn ?? null, recorded_by: ctx.staff.id, recorded_at: ctx.now().toISOString() })
      .execute();
    ctx.audit({ action: 'consent-given', entity: 'student', entityId: input.id, fields: ['dataSharingConsent'] });
    return getStudentDetail(ctx.db, input.id, today);
  },

  'students.withdrawConsent': async (ctx, input) => {
    const today = collegeToday(ctx.now());
    const open = await openConsentOf(ctx.db, input.id);
    if (!open) throw new ApiError('consent.none-in-force', 'There is no consent in force to withdraw.');
    if (input.withdrawnOn < open.given_on) throw validationError({ withdrawnOn: 'Consent cannot be withdrawn before the date it was given.' });
    await checkLifeDate(ctx.db, input.id, 'withdrawnOn', input.withdrawnOn, ctx.now());
    await ctx.db.updateTable('data_sharing_consents').set({ withdrawn_on: input.withdrawnOn }).where('id', '=', open.id).execute();
    ctx.audit({ action: 'consent-withdrawn', entity: 'student', entityId: input.id, fields: ['dataSharingConsent'] });
    return getStudentDetail(ctx.db, input.id, today);
  },

  'students.history': async (ctx, input) => listAudit(ctx.db, { entity: 'student', entityId: input.id }, input.page, 25),
};

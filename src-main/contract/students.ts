// Student record shapes and their validation, shared by the core (checks every call) and the renderer (forms).
import { z } from 'zod';
import { SORT_DIRECTIONS } from './lists';
import {
  EMPLOYMENT_STATUSES,
  ETHNIC_CATEGORIES,
  GENDER_IDENTITIES,
  REFERRAL_SOURCES,
  SECONDARY_MH_SERVICES,
  codeKeys,
  type EmploymentStatus,
  type EthnicCategory,
  type GenderIdentity,
  type ReferralSource,
  type SecondaryMhServices,
} from './codes';
import { dateOfBirth } from './define';
import { checkNhsNumber } from './nhs-number';

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} can be at most ${max} characters.`);

const requiredText = (label: string, max: number) => text(label, max).min(1, `Please enter the ${label.toLowerCase()}.`);

/** Optional text: empty means "not recorded" and is stored as null. */
const optionalText = (label: string, max: number) =>
  text(label, max)
    .nullish()
    .transform((v) => (v ? v : null));

const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;

export const studentFieldsSchema = z.object({
  firstName: requiredText('First name', 100),
  surname: requiredText('Surname', 100),
  preferredName: optionalText('Preferred name', 100),
  pronouns: optionalText('Pronouns', 40),
  dateOfBirth,
  email: optionalText('Email', 200).refine(
    (v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
    'Please enter an email address like name@example.org, or leave it blank.',
  ),
  phone: optionalText('Phone', 30).refine(
    (v) => v === null || /^[+\d][\d\s()-]{5,}$/.test(v),
    'Please enter a phone number using digits, spaces and an optional leading +.',
  ),
  addressLine1: optionalText('Address line 1', 200),
  addressLine2: optionalText('Address line 2', 200),
  town: optionalText('Town', 100),
  postcode: optionalText('Postcode', 10)
    .refine((v) => v === null || UK_POSTCODE.test(v), 'Please enter a UK postcode like SS1 2AB, or leave it blank.')
    .transform((v) => (v === null ? null : normalisePostcode(v))),
  emergencyContactName: optionalText('Emergency contact name', 200),
  emergencyContactPhone: optionalText('Emergency contact phone', 30),
  emergencyContactRelationship: optionalText('Emergency contact relationship', 100),
  supportNeeds: optionalText('Support and access needs', 2000),
  referralSource: z.enum(codeKeys(REFERRAL_SOURCES), { error: 'Please choose how the student came to the college.' }),
  referralOther: optionalText('Referral details', 200),
  secondaryMhServices: z.enum(codeKeys(SECONDARY_MH_SERVICES), {
    error: 'Please say whether the student is under secondary mental-health services (or “Not known”).',
  }),
  ethnicCategory: z.enum(codeKeys(ETHNIC_CATEGORIES), { error: 'Please choose an ethnic category (or “Not stated”).' }),
  genderIdentity: z.enum(codeKeys(GENDER_IDENTITIES), { error: 'Please choose a gender identity (or “Not stated”).' }),
  employmentStatus: z.enum(codeKeys(EMPLOYMENT_STATUSES), {
    error: 'Please choose an employment status (or “Not stated”).',
  }),
  nhsNumber: z
    .string()
    .nullish()
    .transform((v, ctx) => {
      const raw = (v ?? '').trim();
      if (!raw) return null;
      const check = checkNhsNumber(raw);
      if (!check.valid) {
        ctx.addIssue({ code: 'custom', message: check.reason });
        return z.NEVER;
      }
      return check.digits;
    }),
});

export type StudentFieldsInput = z.input<typeof studentFieldsSchema>;
export type StudentFields = z.output<typeof studentFieldsSchema>;

export function normalisePostcode(v: string): string {
  const compact = v.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export interface Student {
  id: number;
  reference: string;
  firstName: string;
  surname: string;
  preferredName: string | null;
  pronouns: string | null;
  dateOfBirth: string;
  email: string | null;
  phone: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  emergencyContactRelationship: string | null;
  supportNeeds: string | null;
  referralSource: ReferralSource;
  referralOther: string | null;
  secondaryMhServices: SecondaryMhServices;
  ethnicCategory: EthnicCategory;
  genderIdentity: GenderIdentity;
  employmentStatus: EmploymentStatus;
  nhsNumber: string | null;
  archivedAt: string | null;
  archivedReason: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DataSharingConsent {
  id: number;
  givenOn: string;
  withdrawnOn: string | null;
  /** When to check the consent with the student again (optional). */
  reviewOn: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface StudentDetail extends Student {
  consents: DataSharingConsent[];
  /** True when a consent is in force today. */
  consentInForce: boolean;
}

export interface StudentSummary {
  id: number;
  reference: string;
  firstName: string;
  surname: string;
  preferredName: string | null;
  dateOfBirth: string;
  phone: string | null;
  nhsNumber: string | null;
  postcode: string | null;
  archived: boolean;
}

export interface StudentPage {
  rows: StudentSummary[];
  /** Matches counted; when `more` is true there are more than this many (a broad search is not counted to the end). */
  total: number;
  more: boolean;
  page: number;
  pageSize: number;
}

export interface PossibleDuplicate {
  id: number;
  reference: string;
  name: string;
  dateOfBirth: string;
  why: string;
}

export const STUDENT_SORTS = ['surname', 'reference', 'dateOfBirth', 'recent'] as const;
export type StudentSort = (typeof STUDENT_SORTS)[number];

export const studentSearchSchema = z.object({
  query: z.string().max(100, 'Search text can be at most 100 characters.').default(''),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(25),
  sort: z.enum(STUDENT_SORTS).default('surname'),
  direction: z.enum(SORT_DIRECTIONS).default('asc'),
  includeArchived: z.boolean().default(false),
});

// ── how students and their fields are named on screen (and in exports) ──
export const STUDENT_FIELD_LABELS: Record<keyof StudentFieldsInput | 'archivedAt' | 'archivedReason' | 'dataSharingConsent', string> = {
  firstName: 'First name',
  surname: 'Surname',
  preferredName: 'Preferred name',
  pronouns: 'Pronouns',
  dateOfBirth: 'Date of birth',
  email: 'Email',
  phone: 'Phone',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  town: 'Town',
  postcode: 'Postcode',
  emergencyContactName: 'Emergency contact name',
  emergencyContactPhone: 'Emergency contact phone',
  emergencyContactRelationship: 'Emergency contact relationship',
  supportNeeds: 'Support and access needs',
  referralSource: 'How they came to the college',
  referralOther: 'Referral details',
  secondaryMhServices: 'Under secondary mental-health services',
  ethnicCategory: 'Ethnic category',
  genderIdentity: 'Gender identity',
  employmentStatus: 'Employment status',
  nhsNumber: 'NHS number',
  archivedAt: 'Archived',
  archivedReason: 'Reason for archiving',
  dataSharingConsent: 'Data-sharing consent',
};

export function fieldLabel(field: string): string {
  return (STUDENT_FIELD_LABELS as Record<string, string>)[field] ?? field;
}

/** A student as the students list names them: `Surname, First (Preferred)`. */
export function studentListName(s: Pick<StudentSummary, 'firstName' | 'surname' | 'preferredName'>): string {
  return `${s.surname}, ${s.firstName}${s.preferredName && s.preferredName !== s.firstName ? ` (${s.preferredName})` : ''}`;
}

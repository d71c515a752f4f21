// Bringing a college's existing records in from a spreadsheet (CSV or XLSX): the kinds of record, their fields, and the `imports.*` methods.
import { z } from 'zod';
import { EMPLOYMENT_STATUSES, ETHNIC_CATEGORIES, GENDER_IDENTITIES, REFERRAL_SOURCES, SECONDARY_MH_SERVICES } from './codes';
import { id, method, type ExportedFile, type MethodSpec } from './define';
import { PAYMENT_METHODS } from './expenses';
import type { Permission } from './permissions';
import { FACILITATOR_KINDS } from './scheduling';

export const IMPORT_KINDS = ['students', 'facilitators', 'payees'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_WORDS: Record<ImportKind, { one: string; many: string; title: string }> = {
  students: { one: 'student', many: 'students', title: 'Import students' },
  facilitators: { one: 'facilitator', many: 'facilitators', title: 'Import facilitators' },
  payees: { one: 'payee', many: 'payees', title: 'Import payees' },
};

/** The same permission the kind's own "add one" method asks for. */
export const IMPORT_ACCESS = { students: 'students.write', facilitators: 'schedule.plan', payees: 'expenses.enter' } as const satisfies Record<ImportKind, Permission>;

/** Files above this are refused before they are read (a spreadsheet of 20,000 people is well under 5 MB). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;
export const IMPORT_MAX_COLUMNS = 100;
export const IMPORT_TOO_BIG = 'This file is larger than 10 MB, which is far more than a list of people needs. Please save just the sheet with the records (as .xlsx or CSV) and choose that file instead.';

export interface ImportField {
  /** The field's key in the kind's own create schema (`bank.sortCode` for a nested one). */
  key: string;
  label: string;
  required?: boolean;
  /** A coded field: free text in the file is mapped to one of these codes on the "Values" step. */
  codes?: Readonly<Record<string, string>>;
  /** What a blank cell is suggested to mean, for a coded field that has a "not known" code. */
  blank?: string;
  /** Other words colleges use for the column heading. */
  headers?: readonly string[];
  /** Other words colleges use for a code (lower case), beyond the code itself and its label. */
  words?: Readonly<Record<string, readonly string[]>>;
  /** A date, read as day/month/year (UK order) or as a spreadsheet date. */
  date?: boolean;
}

export const IMPORT_FIELDS: Record<ImportKind, readonly ImportField[]> = {
  students: [
    { key: 'firstName', label: 'First name', required: true, headers: ['forename', 'forenames', 'given name', 'first', 'firstname'] },
    { key: 'surname', label: 'Surname', required: true, headers: ['last name', 'family name', 'lastname', 'second name'] },
    { key: 'preferredName', label: 'Preferred name', headers: ['known as', 'preferred'] },
    { key: 'pronouns', label: 'Pronouns' },
    { key: 'dateOfBirth', label: 'Date of birth', required: true, date: true, headers: ['dob', 'd.o.b.', 'birth date', 'birthday', 'date of birth (dd/mm/yyyy)'] },
    { key: 'email', label: 'Email', headers: ['email address', 'e-mail'] },
    { key: 'phone', label: 'Phone', headers: ['telephone', 'tel', 'mobile', 'phone number', 'contact number'] },
    { key: 'addressLine1', label: 'Address line 1', headers: ['address', 'address 1', 'street'] },
    { key: 'addressLine2', label: 'Address line 2', headers: ['address 2'] },
    { key: 'town', label: 'Town', headers: ['city', 'town/city'] },
    { key: 'postcode', label: 'Postcode', headers: ['post code', 'zip'] },
    { key: 'emergencyContactName', label: 'Emergency contact name', headers: ['emergency contact', 'next of kin'] },
    { key: 'emergencyContactPhone', label: 'Emergency contact phone', headers: ['emergency phone', 'next of kin phone'] },
    { key: 'emergencyContactRelationship', label: 'Emergency contact relationship', headers: ['relationship'] },
    { key: 'supportNeeds', label: 'Support and access needs', headers: ['support needs', 'access needs', 'needs'] },
    {
      key: 'referralSource',
      label: 'How they came',
      required: true,
      codes: REFERRAL_SOURCES,
      headers: ['referral', 'referral source', 'referred by', 'source', 'how heard', 'how did you hear about us'],
      words: { self: ['self', 'self referred', 'self-referred', 'selfreferral'], gp: ['doctor', 'gp surgery'], cmht: ['mental health team', 'community mental health', 'cmhts'], voluntary: ['charity', 'voluntary', 'third sector'] },
    },
    { key: 'referralOther', label: 'Referral details', headers: ['referral details', 'referrer'] },
    {
      key: 'secondaryMhServices',
      label: 'Under secondary mental-health services',
      required: true,
      codes: SECONDARY_MH_SERVICES,
      blank: 'unknown',
      headers: ['secondary mental health services', 'secondary services', 'secondary care', 'under secondary care'],
      words: { yes: ['y', 'true', '1'], no: ['n', 'false', '0'], unknown: ['unknown', "don't know", 'dont know', 'not known'] },
    },
    {
      key: 'ethnicCategory',
      label: 'Ethnic category',
      required: true,
      codes: ETHNIC_CATEGORIES,
      blank: '99',
      headers: ['ethnicity', 'ethnic group', 'ethnic origin', 'ethnic category'],
      words: { C: ['white other', 'other white'], G: ['mixed other', 'other mixed'], L: ['asian other', 'other asian'], P: ['black other', 'other black'], S: ['other', 'any other'], Z: ['prefer not to say', 'declined', 'not stated'], '99': ['unknown', 'not known'] },
    },
    {
      key: 'genderIdentity',
      label: 'Gender identity',
      required: true,
      codes: GENDER_IDENTITIES,
      blank: 'X',
      headers: ['gender', 'sex', 'gender identity'],
      words: { '1': ['m', 'man', 'male', 'trans man'], '2': ['f', 'w', 'woman', 'female', 'trans woman'], '3': ['nonbinary', 'non binary', 'nb', 'enby'], Z: ['prefer not to say', 'declined'], X: ['unknown', 'not recorded'] },
    },
    {
      key: 'employmentStatus',
      label: 'Employment status',
      required: true,
      codes: EMPLOYMENT_STATUSES,
      blank: 'ZZ',
      headers: ['employment', 'employment status', 'work status', 'occupation'],
      words: { '01': ['working', 'in work', 'employed', 'self-employed', 'self employed'], '03': ['student', 'education', 'training', 'in education'], '04': ['long-term sick', 'sick', 'disabled'], '05': ['carer', 'looking after family', 'homemaker'], '07': ['volunteer', 'volunteering'], ZZ: ['prefer not to say', 'unknown'] },
    },
    { key: 'nhsNumber', label: 'NHS number', headers: ['nhs no', 'nhs no.', 'nhs', 'nhs num'] },
  ],
  facilitators: [
    { key: 'firstName', label: 'First name', required: true, headers: ['forename', 'given name', 'first'] },
    { key: 'surname', label: 'Surname', required: true, headers: ['last name', 'family name'] },
    {
      key: 'kind',
      label: 'Role',
      required: true,
      codes: FACILITATOR_KINDS,
      headers: ['type', 'kind', 'facilitator type', 'role'],
      words: { peer_trainer: ['peer', 'peer facilitator', 'lived experience', 'peer tutor'], staff: ['employee', 'tutor', 'trainer', 'staff member'], volunteer: ['vol'] },
    },
    { key: 'email', label: 'Email', headers: ['email address', 'e-mail'] },
    { key: 'phone', label: 'Phone', headers: ['telephone', 'tel', 'mobile'] },
    { key: 'notes', label: 'Notes', headers: ['comments'] },
  ],
  payees: [
    { key: 'name', label: 'Name', required: true, headers: ['payee', 'full name', 'payee name'] },
    { key: 'email', label: 'Email', headers: ['email address', 'e-mail'] },
    { key: 'address', label: 'Address', headers: ['postal address'] },
    {
      key: 'paymentMethod',
      label: 'Paid by',
      required: true,
      codes: PAYMENT_METHODS,
      headers: ['payment method', 'payment', 'method', 'how paid'],
      words: { bank_transfer: ['bacs', 'bank', 'transfer', 'bank transfer'], cash: ['petty cash'], voucher: ['vouchers', 'gift card'] },
    },
    { key: 'bank.accountName', label: 'Name on the bank account', headers: ['account name', 'bank account name'] },
    { key: 'bank.sortCode', label: 'Sort code', headers: ['sort', 'sortcode'] },
    { key: 'bank.accountNumber', label: 'Account number', headers: ['account no', 'account', 'bank account number', 'acc no'] },
    { key: 'notes', label: 'Notes', headers: ['comments'] },
  ],
};

// ── shapes ─────────────────────────────────────────────────────
/** One data row of the sheet: its row number as the spreadsheet shows it, and its cells as text. */
export interface ImportRow {
  n: number;
  cells: string[];
}

export interface ImportTable {
  fileName: string;
  /** The worksheet read (XLSX), and how many others the file has (they are not read). */
  sheetName: string | null;
  otherSheets: number;
  headers: string[];
  rows: ImportRow[];
}

export interface ImportIssue {
  /** The field it is about, when there is one (to point at the cell). */
  field: string | null;
  message: string;
  /** `problem` must be fixed or the row skipped; `duplicate` may be imported anyway once the person says so. */
  severity: 'problem' | 'duplicate';
}

export interface ImportRowCheck {
  n: number;
  /** Who the row is, in a few words (for the preview and the report). */
  label: string;
  status: 'ready' | 'problem' | 'duplicate';
  issues: ImportIssue[];
}

export interface ImportValueChoice {
  field: string;
  label: string;
  options: { code: string; label: string }[];
  values: {
    /** The text as written in the file (blank for empty cells). */
    text: string;
    count: number;
    code: string | null;
    /** Where the code came from: chosen now, remembered from an earlier import, suggested from the words, or none. */
    source: 'chosen' | 'remembered' | 'suggested' | null;
  }[];
}

export interface ImportPreview {
  kind: ImportKind;
  fields: { key: string; label: string; required: boolean }[];
  /** Each column's field (null: not imported), as given, remembered or guessed from the headings. */
  columns: (string | null)[];
  /** Required fields no column is set to. */
  missing: string[];
  values: ImportValueChoice[];
  rows: ImportRowCheck[];
  counts: { ready: number; problem: number; duplicate: number };
}

export interface ImportResult {
  kind: ImportKind;
  fileName: string;
  imported: { n: number; id: number; label: string }[];
  skipped: { n: number; label: string; reason: string }[];
}

// ── inputs ─────────────────────────────────────────────────────
const cell = z.string().max(5000, 'A cell can hold at most 5,000 characters.');
export const importTableSchema = z.object({
  headers: z.array(z.string().max(500)).min(1, 'The file has no columns.').max(IMPORT_MAX_COLUMNS, `A sheet can have at most ${IMPORT_MAX_COLUMNS} columns.`),
  rows: z
    .array(z.object({ n: z.number().int().min(1), cells: z.array(cell).max(IMPORT_MAX_COLUMNS) }))
    .max(IMPORT_MAX_ROWS, `An import can have at most ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} rows. Please split the file.`),
  /** Index-aligned with `headers`: the field each column fills, or null. Left out: remembered or guessed. */
  columns: z.array(z.string().max(60).nullable()).max(IMPORT_MAX_COLUMNS).optional(),
  /** field → (text as written, lower case) → code: the person's choices on the "Values" step. */
  values: z.record(z.string().max(60), z.record(z.string().max(5000), z.string().max(40))).default({}),
});

export const importCommitSchema = importTableSchema.extend({
  fileName: z.string().trim().min(1).max(200),
  /** The row numbers to import; every other row is skipped. */
  include: z.array(z.number().int().min(1)).max(IMPORT_MAX_ROWS),
  /** Rows flagged as possible duplicates that the person says are different people. */
  confirmedDuplicates: z.array(z.number().int().min(1)).max(IMPORT_MAX_ROWS).default([]),
});

export const importReportSchema = z.object({
  fileName: z.string().trim().min(1).max(200),
  imported: z.array(z.object({ n: z.number().int().min(1), id })).max(IMPORT_MAX_ROWS),
  skipped: z.array(z.object({ n: z.number().int().min(1), label: z.string().max(300), reason: z.string().max(2000) })).max(IMPORT_MAX_ROWS),
});

const fileInput = z.object({
  fileName: z.string().trim().min(1, 'The file needs a name.').max(200, 'The file name can be at most 200 characters.'),
  base64: z.string().max(Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 16, IMPORT_TOO_BIG),
});

export const importMethods = {
  'imports.readFile': method<ImportTable>()({ kind: 'read', input: fileInput, access: 'signedIn', summary: 'Read a CSV or XLSX file into rows of text, refusing files that are not plain spreadsheets (encrypted, formulas, merged cells, too big, empty).' }),
  'imports.students.preview': method<ImportPreview>()({ kind: 'read', input: importTableSchema, access: 'students.write', summary: 'Map columns and values and check every row of a student import, writing nothing.' }),
  'imports.students.commit': method<ImportResult>()({ kind: 'write', input: importCommitSchema, access: 'students.write', summary: 'Check every row again and add the chosen students in one go, audited as one import.', refuses: ['import.row-conflict', 'import.row-refused'] }),
  'imports.students.report': method<ExportedFile>()({ kind: 'read', input: importReportSchema, access: 'students.write', summary: 'A CSV of what a student import added and skipped.' }),
  'imports.facilitators.preview': method<ImportPreview>()({ kind: 'read', input: importTableSchema, access: 'schedule.plan', summary: 'Map columns and values and check every row of a facilitator import, writing nothing.' }),
  'imports.facilitators.commit': method<ImportResult>()({ kind: 'write', input: importCommitSchema, access: 'schedule.plan', summary: 'Check every row again and add the chosen facilitators in one go, audited as one import.', refuses: ['import.row-conflict', 'import.row-refused'] }),
  'imports.facilitators.report': method<ExportedFile>()({ kind: 'read', input: importReportSchema, access: 'schedule.plan', summary: 'A CSV of what a facilitator import added and skipped.' }),
  'imports.payees.preview': method<ImportPreview>()({ kind: 'read', input: importTableSchema, access: 'expenses.enter', summary: 'Map columns and values and check every row of a payee import, writing nothing.' }),
  'imports.payees.commit': method<ImportResult>()({ kind: 'write', input: importCommitSchema, access: 'expenses.enter', summary: 'Check every row again and add the chosen payees in one go, audited as one import.', refuses: ['import.row-conflict', 'import.row-refused'] }),
  'imports.payees.report': method<ExportedFile>()({ kind: 'read', input: importReportSchema, access: 'expenses.enter', summary: 'A CSV of what a payee import added and skipped.' }),
} satisfies Record<string, MethodSpec>;

/** Words in a value compared without case, spacing or punctuation: "White-British" and "white british" are the same. */
export function valueKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

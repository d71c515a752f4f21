// Data protection: the audit chain's checks, who has looked at a record, subject access, anonymisation and retention,
// consent reviews, and the data security page (evidence for the NHS Data Security and Protection Toolkit).
import { z } from 'zod';
import { businessDate, id, method, none, page, type ExportedFile, type MethodSpec } from './define';
import type { AuditPage } from './staff';

export type ChainVerification =
  | { ok: true; rowsChecked: number; firstBadId: null; problem: null; headHash: string }
  | { ok: false; rowsChecked: number; firstBadId: number | null; problem: string };

export interface AuditChainStatus {
  lastCheck: {
    at: string;
    trigger: 'manual' | 'weekly' | 'backup';
    ok: boolean;
    rowsChecked: number;
    firstBadId: number | null;
    problem: string | null;
    checkedBy: string | null;
  } | null;
  /** When the log was last found intact. */
  lastVerifiedAt: string | null;
}

/** A passphrase for an encrypted archive: long enough that three random words fit (NCSC), told to the recipient separately. */
export const archivePassphraseSchema = z
  .string({ error: 'Please choose a passphrase for the archive.' })
  .min(12, 'The passphrase needs at least 12 characters; three random words work well.')
  .max(200, 'The passphrase can be at most 200 characters.');

export interface SubjectAccessRequest {
  id: number;
  studentId: number;
  studentReference: string;
  studentName: string;
  receivedOn: string;
  /** One calendar month after receipt. */
  dueOn: string;
  howReceived: string | null;
  loggedBy: string;
  lastExportedAt: string | null;
  completedOn: string | null;
  completedBy: string | null;
}

export interface DueForAnonymisation {
  id: number;
  reference: string;
  name: string;
  lastAttended: string | null;
  createdAt: string;
}

export interface ConsentDueForReview {
  studentId: number;
  reference: string;
  name: string;
  givenOn: string;
  reviewOn: string;
}

/** The data security page (evidence for the NHS Data Security and Protection Toolkit). */
export interface DataSecurityReport {
  generatedAt: string;
  today: string;
  disk: {
    /** What the operating system says. */
    status: 'encrypted' | 'not-encrypted' | 'not-known';
    detail: string;
    /** The latest confirmation by a manager that the disk is encrypted. */
    confirmation: { on: string; by: string; statement: string } | null;
  };
  /** The newest backup the app kept (each one passed an integrity check first); null in training or when there is none. */
  backup: { takenAt: string; verified: boolean; encrypted: boolean } | null;
  auditChain: { lastVerifiedAt: string | null; lastCheckAt: string | null; lastCheckOk: boolean | null; lastCheckProblem: string | null };
  /** Active accounts not signed in for 90 days, or never. */
  unusedAccounts: { id: number; name: string; username: string; lastSignedInAt: string | null }[];
  temporaryPasswords: { id: number; name: string; username: string }[];
  /** Wrong passwords typed for existing accounts since the 1st of this month. */
  failedSignIns: { since: string; count: number };
  training: {
    staff: { id: number; name: string; role: string; trainedOn: string | null; current: boolean }[];
    /** Whole per cent of active accounts trained within the last year. */
    percentTrained: number;
    target: number;
  };
}

export const TRAINING_TARGET_PERCENT = 95;
export const UNUSED_ACCOUNT_DAYS = 90;
export const DISK_ENCRYPTION_STATEMENT = 'I have checked that the disk holding the college database is encrypted (for example BitLocker or LUKS).';

export const privacyMethods = {
  'privacy.dataSecurity.report': method<DataSecurityReport>()({
    kind: 'read',
    input: none,
    access: 'audit.read',
    summary: 'The data security page: disk encryption, backups, the audit check, unused accounts, temporary passwords, failed sign-ins, training.',
  }),
  'privacy.dataSecurity.pdf': method<ExportedFile>()({
    kind: 'read',
    input: none,
    access: 'audit.read',
    summary: 'The data security page as a PDF, to keep as evidence for the Data Security and Protection Toolkit.',
  }),
  'privacy.dataSecurity.confirmDiskEncryption': method<DataSecurityReport>()({
    kind: 'write',
    input: z.object({ confirm: z.literal(true, { error: 'Please tick to confirm that the disk is encrypted.' }) }),
    access: 'audit.read',
    summary: 'A manager confirms that the disk holding the database is encrypted; who and when are recorded.',
  }),
  'privacy.dataSecurity.recordTraining': method<DataSecurityReport>()({
    kind: 'write',
    input: z.object({ staffId: id, completedOn: businessDate('date of the training') }),
    access: 'audit.read',
    summary: 'Record the date a staff member completed data security training.',
    refuses: ['record.not-found'],
  }),

  'audit.verifyChain': method<ChainVerification>()({
    kind: 'write',
    input: none,
    access: 'audit.read',
    summary: 'Check now that no audit entry has been changed, removed or reordered since it was written.',
  }),
  'audit.chainStatus': method<AuditChainStatus>()({ kind: 'read', input: none, access: 'audit.read', summary: 'When the audit log was last checked, and what was found.' }),
  'privacy.studentAccessLog': method<AuditPage>()({
    kind: 'read',
    input: z.object({ id, page, pageSize: z.number().int().min(1).max(200).default(50) }),
    access: 'audit.read',
    summary: 'Who has looked at or changed this student’s record, newest first (managers).',
    refuses: ['record.not-found'],
  }),
  'privacy.subjectAccess.log': method<SubjectAccessRequest>()({
    kind: 'write',
    input: z.object({ studentId: id, receivedOn: businessDate('date the request was received'), howReceived: z.string().trim().max(200, 'At most 200 characters.').optional() }),
    access: 'audit.read',
    summary: 'Log a request from a student for the information held about them; it is due one calendar month after it was received.',
    refuses: ['record.not-found'],
  }),
  'privacy.subjectAccess.list': method<SubjectAccessRequest[]>()({
    kind: 'read',
    input: z.object({ openOnly: z.boolean().default(true), studentId: id.optional() }),
    access: 'audit.read',
    summary: 'Subject access requests, soonest due first (open ones only unless asked).',
  }),
  'privacy.subjectAccess.export': method<ExportedFile>()({
    kind: 'write',
    input: z.object({ studentId: id, requestId: id.optional(), passphrase: archivePassphraseSchema }),
    access: 'audit.read',
    summary: 'Everything held about one student as a PDF, JSON and CSV files, in one AES-256 encrypted zip.',
    refuses: ['record.not-found'],
  }),
  'privacy.subjectAccess.complete': method<SubjectAccessRequest>()({
    kind: 'write',
    input: z.object({ id, completedOn: businessDate('date the request was answered') }),
    access: 'audit.read',
    summary: 'Record that a subject access request has been answered.',
    refuses: ['privacy.request-answered', 'record.not-found'],
  }),
  'privacy.retention.due': method<{ years: number; students: DueForAnonymisation[] }>()({
    kind: 'read',
    input: none,
    access: 'audit.read',
    summary: 'Students due for anonymisation under the retention rule in Settings (oldest first, up to 1,000).',
  }),
  'privacy.anonymise': method<{ anonymised: number }>()({
    kind: 'write',
    input: z.object({
      studentIds: z.array(id).min(1, 'Please choose at least one student.').max(500, 'At most 500 students at a time.'),
      reason: z.string({ error: 'Please give a reason.' }).trim().min(1, 'Please give a reason.').max(500, 'A reason can be at most 500 characters.'),
      confirm: z.literal(true, { error: 'Please confirm: anonymising cannot be undone.' }),
    }),
    access: 'audit.read',
    summary: 'Anonymise students for good (on request, or under the retention rule): every personal detail is replaced; the figures stay.',
    refuses: ['record.not-found', 'student.anonymised'],
  }),
  'privacy.consent.dueForReview': method<ConsentDueForReview[]>()({
    kind: 'read',
    input: z.object({ withinDays: z.number().int().min(0).max(366).default(30) }),
    access: 'students.read',
    summary: 'Data-sharing consents in force whose review date has passed or falls within the next days (soonest first).',
  }),
} satisfies Record<string, MethodSpec>;

// The one API contract: every method's name, input schema, result type and required access, declared once.
// Each capability declares its methods in its own file (`scheduling.ts`…); this file joins them.
// The core implements it, the preload and the browser harness carry it, the renderer calls it by name.
import { z } from 'zod';
import { listFields, type ListPage } from './lists';
import { id, lifeDate, method, none, realDate, reason, type MethodSpec } from './define';
import { backupMethods } from './backups';
import type { DemoStatus } from './demo';
import { outcomeMethods } from './outcomes';
import { privacyMethods } from './privacy';
import { returnMethods } from './returns';
import { expensesMethods } from './expenses';
import { importMethods } from './imports';
import {
  studentFieldsSchema,
  studentSearchSchema,
  type PossibleDuplicate,
  type StudentDetail,
  type StudentPage,
} from './students';
import {
  auditListSchema,
  displayNameSchema,
  newPasswordSchema,
  roleSchema,
  settingsUpdateSchema,
  STAFF_SORTS,
  usernameSchema,
  type AuditPage,
  type AuthStatus,
  type Settings,
  type SignedInStaff,
  type StaffMember,
} from './staff';
import { registersMethods } from './registers';
import { schedulingMethods } from './scheduling';
import { setupMethods } from './setup';
import { searchMethods } from './search';
import { serverMethods } from './server';
import { todayMethods } from './today';
import { changesMethods } from './changes';
import { exportMethods } from './exports';

/** Foundation: signing in, staff, students, audit, settings, the training database. */
export const foundationMethods = {
  // ── signing in ───────────────────────────────────────────────
  'auth.status': method<AuthStatus>()({ kind: 'read', input: none, access: 'public', summary: 'Who is signed in on this window, and whether first-run set-up is needed.' }),
  'auth.setupFirstManager': method<SignedInStaff & { recoveryKey: string }>()({ kind: 'write',
    input: z.object({ username: usernameSchema, displayName: displayNameSchema, password: newPasswordSchema }),
    access: 'public',
    summary: 'First run only: create the first manager account and sign them in; returns the manager recovery key, shown once.',
    refuses: ['setup.already-done'],
  }),
  'auth.recoverManager': method<null>()({ kind: 'write',
    input: z.object({
      recoveryKey: z.string({ error: 'Please enter the recovery key.' }).trim().min(1, 'Please enter the recovery key.').max(100, 'Please check the recovery key.'),
      username: z.string().trim().toLowerCase().min(1, 'Please enter the manager’s username.').max(40),
      newPassword: newPasswordSchema,
    }),
    access: 'public',
    summary: 'Forgotten manager password: with the recovery key, set a new password for a manager account.',
    refuses: ['recovery.delayed', 'recovery.wrong-key'],
  }),
  'auth.signIn': method<SignedInStaff>()({ kind: 'write',
    input: z.object({ username: z.string().trim().toLowerCase().min(1, 'Please enter your username.').max(40), password: z.string().min(1, 'Please enter your password.').max(200) }),
    access: 'public',
    summary: 'Sign in with username and password.',
    refuses: ['sign-in.delayed', 'staff.deactivated'],
  }),
  'auth.signOut': method<null>()({ kind: 'write', input: none, access: 'public', summary: 'Sign out of this window.' }),
  'auth.unlock': method<SignedInStaff>()({ kind: 'write',
    input: z.object({ password: z.string().min(1, 'Please enter your password.').max(200) }),
    access: 'signedIn',
    summary: 'Unlock after the idle lock, with the signed-in person’s password.',
    refuses: ['sign-in.delayed', 'staff.deactivated'],
  }),
  'auth.lock': method<null>()({ kind: 'read', input: none, access: 'signedIn', summary: 'Lock this window now.' }),
  'auth.heartbeat': method<null>()({ kind: 'read', input: none, access: 'signedIn', summary: 'The person is active on screen; keeps the idle lock away.' }),
  'auth.changePassword': method<null>()({ kind: 'write',
    input: z.object({ currentPassword: z.string().min(1, 'Please enter your current password.').max(200), newPassword: newPasswordSchema }),
    access: 'signedIn',
    summary: 'Change your own password.',
  }),

  // ── the training (demo) database ─────────────────────────────
  'demo.open': method<{ students: number }>()({ kind: 'read',
    input: z.object({ scale: z.number().int().min(1).max(20000).default(200) }),
    access: 'public',
    summary: 'Move this window into the separate training database (first-run screen, or signed in), filling it with fictional data first if it is new. Other windows stay where they are.',
    refuses: ['training.sign-in-first', 'training.unavailable'],
  }),
  'demo.progress': method<DemoStatus>()({ kind: 'read', input: none, access: 'public', summary: 'Whether a training database is ready (and its size), or how far the making of one has got.' }),
  'demo.close': method<null>()({ kind: 'read', input: none, access: 'public', summary: 'Move this window back from the training database to the real one, signed out.' }),

  // ── staff accounts ───────────────────────────────────────────
  'staff.list': method<StaffMember[]>()({ kind: 'read', input: none, access: 'staff.manage', summary: 'All staff accounts.' }),
  'staff.page': method<ListPage<StaffMember>>()({ kind: 'read',
    input: z.object({
      query: z.string().trim().max(100, 'Search text can be at most 100 characters.').default(''),
      role: roleSchema.optional(),
      includeDeactivated: z.boolean().default(true),
      ...listFields(STAFF_SORTS, 'name'),
    }),
    access: 'staff.manage',
    summary: 'One page of staff accounts, searched by name or username and sorted by a column.',
  }),
  'staff.create': method<StaffMember>()({ kind: 'write',
    input: z.object({ username: usernameSchema, displayName: displayNameSchema, role: roleSchema, temporaryPassword: newPasswordSchema }),
    access: 'staff.manage',
    summary: 'Add a staff account with a temporary password they change at first sign-in.',
  }),
  'staff.update': method<StaffMember>()({ kind: 'write',
    input: z.object({ id, displayName: displayNameSchema, role: roleSchema }),
    access: 'staff.manage',
    summary: 'Change a staff member’s name or role.',
    refuses: ['record.not-found'],
  }),
  'staff.setActive': method<StaffMember>()({ kind: 'write',
    input: z.object({ id, active: z.boolean() }),
    access: 'staff.manage',
    summary: 'Deactivate (or reactivate) a staff account.',
    refuses: ['record.not-found'],
  }),
  'staff.newRecoveryKey': method<{ recoveryKey: string }>()({ kind: 'write',
    input: none,
    access: 'staff.manage',
    summary: 'Make a new manager recovery key (shown once); the old one stops working.',
  }),
  'staff.resetPassword': method<StaffMember>()({ kind: 'write',
    input: z.object({ id, temporaryPassword: newPasswordSchema }),
    access: 'staff.manage',
    summary: 'Give a staff member a new temporary password and clear any lock.',
    refuses: ['record.not-found'],
  }),

  // ── students ─────────────────────────────────────────────────
  'students.search': method<StudentPage>()({ kind: 'read', input: studentSearchSchema, access: 'students.read', summary: 'Find students as you type; paged and sorted.' }),
  'students.get': method<StudentDetail>()({ kind: 'read', input: z.object({ id }), access: 'students.read', summary: 'One student’s full record.', refuses: ['record.not-found'] }),
  'students.checkDuplicates': method<PossibleDuplicate[]>()({ kind: 'read',
    input: z.object({ firstName: z.string().max(100), surname: z.string().max(100), dateOfBirth: z.string().max(10), nhsNumber: z.string().max(20).nullish(), excludeId: id.optional() }),
    access: 'students.read',
    summary: 'Students who might be the same person (same date of birth and similar name, or same NHS number).',
  }),
  'students.create': method<StudentDetail>()({ kind: 'write',
    input: z.object({ fields: studentFieldsSchema, confirmedNotDuplicate: z.boolean().default(false) }),
    access: 'students.write',
    summary: 'Add a student. Possible duplicates must be confirmed first.',
    refuses: ['record.not-found', 'student.possible-duplicate'],
  }),
  'students.update': method<StudentDetail>()({ kind: 'write',
    input: z.object({ id, version: z.number().int(), fields: studentFieldsSchema }),
    access: 'students.write',
    summary: 'Change a student’s record.',
    refuses: ['record.changed', 'record.not-found'],
  }),
  'students.archive': method<StudentDetail>()({ kind: 'write', input: z.object({ id, reason }), access: 'students.write', summary: 'Archive a student (kept, hidden from everyday lists).', refuses: ['record.not-found', 'student.archived'] }),
  'students.restore': method<StudentDetail>()({ kind: 'write', input: z.object({ id }), access: 'students.write', summary: 'Bring an archived student back.', refuses: ['record.not-found', 'student.not-archived'] }),
  'students.recordConsent': method<StudentDetail>()({ kind: 'write',
    input: z.object({ id, givenOn: lifeDate('date consent was given'), reviewOn: realDate('date to review consent').optional() }),
    access: 'students.write',
    summary: 'Record the date a student consented to share their NHS number for service-use evaluation, and optionally when to review it.',
    refuses: ['consent.already-recorded', 'record.not-found'],
  }),
  'students.withdrawConsent': method<StudentDetail>()({ kind: 'write',
    input: z.object({ id, withdrawnOn: lifeDate('date consent was withdrawn') }),
    access: 'students.write',
    summary: 'Record that a student withdrew their data-sharing consent.',
    refuses: ['consent.none-in-force', 'record.not-found'],
  }),
  'students.history': method<AuditPage>()({ kind: 'read',
    input: z.object({ id, page: z.number().int().min(1).default(1) }),
    access: 'students.read',
    summary: 'Who changed this student’s record, when, and which fields.',
  }),

  // ── audit and settings ───────────────────────────────────────
  'audit.list': method<AuditPage>()({ kind: 'read',
    input: auditListSchema,
    access: 'audit.read',
    summary: 'The audit log, newest first; optionally one kind of record, and the days from and to (inclusive).',
  }),
  'settings.get': method<Settings>()({ kind: 'read', input: none, access: 'signedIn', summary: 'The college’s settings.' }),
  'settings.update': method<Settings>()({ kind: 'write', input: settingsUpdateSchema, access: 'settings.manage', summary: 'Change the college’s settings.' }),
} satisfies Record<string, MethodSpec>;

/** Every capability's methods in one object. Add a capability by spreading its `xxxMethods` here. */
export const contract = {
  ...foundationMethods,
  ...registersMethods,
  ...schedulingMethods,
  ...outcomeMethods,
  ...returnMethods,
  ...expensesMethods,
  ...backupMethods,
  ...privacyMethods,
  ...importMethods,
  ...setupMethods,
  ...searchMethods,
  ...todayMethods,
  ...exportMethods,
  ...serverMethods,
  ...changesMethods,
} satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<K extends MethodName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends MethodName> = z.output<Contract[K]['input']>;
export type MethodResult<K extends MethodName> = Contract[K] extends MethodSpec<z.ZodType, infer R> ? R : never;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** The methods that change the database: `Core.call` runs each in one transaction with its audit rows. */
export type WriteMethodName = { [K in MethodName]: Contract[K]['kind'] extends 'write' ? K : never }[MethodName];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

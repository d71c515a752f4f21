// Staff accounts, sign-in state and settings shapes shared across the API boundary.
import { z } from 'zod';
import { SORT_DIRECTIONS } from './lists';
import { AUDIT_ENTITIES } from './audit';
import { realDate } from './define';
import { ROLES, type Role } from './permissions';

export const usernameSchema = z
  .string({ error: 'Please enter a username.' })
  .trim()
  .toLowerCase()
  .min(3, 'A username needs at least 3 characters.')
  .max(40, 'A username can be at most 40 characters.')
  .regex(/^[a-z0-9._-]+$/, 'A username can use letters, numbers, dots, dashes and underscores only.');

export const newPasswordSchema = z
  .string({ error: 'Please enter a password.' })
  .min(12, 'A password needs at least 12 characters; a few unrelated words together are easiest to remember.')
  .max(200, 'A password can be at most 200 characters.');

export const displayNameSchema = z
  .string({ error: 'Please enter the person’s name.' })
  .trim()
  .min(1, 'Please enter the person’s name.')
  .max(100, 'A name can be at most 100 characters.');

export const roleSchema = z.enum(ROLES, { error: 'Please choose a role: admin, coordinator or manager.' });

export interface StaffMember {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastSignedInAt: string | null;
  createdAt: string;
}

export interface SignedInStaff {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
}

export interface AuthStatus {
  /** No staff account exists yet: show the first-run screen. */
  needsSetup: boolean;
  /**
   * The college's server was set up by an older version of the app: nothing can be done until a manager with the
   * server owner's password updates it (`server.updateSchema`), or IT does.
   */
  serverNeedsUpdate?: boolean;
  /** Which database is open: the real one or the separate training (demo) one. */
  /** `engine`: the desk's own file, or the college's server (shared with other desks). */
  database: { kind: 'live' | 'demo'; engine: 'sqlite' | 'postgres'; path: string; demoAvailable: boolean };
  session: null | { staff: SignedInStaff; locked: boolean; idleLockMinutes: number };
  /** Shown on the sign-in screen of the training database only. */
  demoAccounts?: { username: string; role: Role; password: string }[];
}

export const WELLBEING_SCALES = ['SWEMWBS', 'WEMWBS'] as const;

export interface Settings {
  idleLockMinutes: number;
  collegeName: string;
  /** A student completes a course run by attending at least this % of its held sessions (BRIEF.md: default 66). */
  completionThresholdPercent: number;
  /** Which wellbeing questionnaire the college uses. */
  wellbeingScale: (typeof WELLBEING_SCALES)[number];
  /** Individual change that counts as meaningful, in points (SWEMWBS: metric points). */
  meaningfulChangeSwemwbs: number;
  meaningfulChangeWemwbs: number;
  /** Retention: a student's record is due for anonymisation this many whole years after their last attendance. */
  retentionYearsAfterLastAttendance: number;
  /** A course run starting soon with fewer students enrolled than this is flagged on Today, in time to promote it or merge it. */
  minimumEnrolment: number;
}

export const settingsUpdateSchema = z.object({
  retentionYearsAfterLastAttendance: z
    .number({ error: 'Please enter a number of years.' })
    .int('Please enter a whole number of years.')
    .min(1, 'Records must be kept for at least 1 year.')
    .max(30, 'The retention period can be at most 30 years.')
    .optional(),
  idleLockMinutes: z
    .number({ error: 'Please enter the idle time in minutes.' })
    .int('Please enter a whole number of minutes.')
    .min(1, 'The idle lock must be at least 1 minute.')
    .max(240, 'The idle lock can be at most 240 minutes (4 hours).')
    .optional(),
  collegeName: z.string().trim().min(1, 'Please enter the college’s name.').max(120).optional(),
  minimumEnrolment: z
    .number({ error: 'Please enter a number of students.' })
    .int('Please enter a whole number of students.')
    .min(0, 'The minimum enrolment cannot be negative (0 turns the reminder off).')
    .max(500, 'The minimum enrolment can be at most 500.')
    .optional(),
  completionThresholdPercent: z
    .number({ error: 'Please enter a percentage.' })
    .int('Please enter a whole percentage.')
    .min(1, 'The completion threshold must be at least 1%.')
    .max(100, 'The completion threshold can be at most 100%.')
    .optional(),
  wellbeingScale: z.enum(WELLBEING_SCALES, { error: 'Please choose SWEMWBS or WEMWBS.' }).optional(),
  meaningfulChangeSwemwbs: z.number().min(0.5, 'Please enter at least 0.5 points.').max(10, 'Please enter at most 10 points.').optional(),
  meaningfulChangeWemwbs: z.number().min(1, 'Please enter at least 1 point.').max(20, 'Please enter at most 20 points.').optional(),
});

export interface AuditEntry {
  id: number;
  at: string;
  staffName: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  /** The record in words ("RC-000176 Jo Bloggs", "EXP-000012"), looked up now; null when it no longer exists or has no name. */
  recordName: string | null;
  fields: string[];
  summary: string | null;
}

/** Which audit entries the log (and its export) shows: a kind of record, who did it, and the days (college time) from and to, inclusive. */
const auditFilterFields = {
  entity: z.enum(AUDIT_ENTITIES).optional(),
  staffId: z.number().int().positive().optional(),
  from: realDate('first day').optional(),
  to: realDate('last day').optional(),
};
const fromBeforeTo: [(v: { from?: string; to?: string }) => boolean, { message: string; path: string[] }] = [
  (v) => !v.from || !v.to || v.from <= v.to,
  { message: 'The last day is before the first day. Please check the dates.', path: ['to'] },
];
export const auditFilterSchema = z.object(auditFilterFields).refine(...fromBeforeTo);
/** The audit log's sortable columns: when (the log's own order), who, and the kind of record. */
export const AUDIT_SORTS = ['when', 'who', 'record'] as const;
export const STAFF_SORTS = ['name', 'username', 'role', 'lastSignedIn'] as const;
export const auditListSchema = z
  .object({
    ...auditFilterFields,
    sort: z.enum(AUDIT_SORTS).default('when'),
    direction: z.enum(SORT_DIRECTIONS).default('desc'),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(200).default(50),
  })
  .refine(...fromBeforeTo);

export interface AuditPage {
  rows: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

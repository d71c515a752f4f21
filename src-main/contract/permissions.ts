// Roles and what each may do: the single table every API method's permission is checked against (BRIEF.md "Who it is for").

export const ROLES = ['admin', 'coordinator', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  coordinator: 'Coordinator',
  manager: 'Manager',
};

/** Each permission with the plain words used when someone lacks it ("Your role cannot …"). */
export const PERMISSION_WORDS = {
  'students.read': 'view student records',
  'students.write': 'change student records',
  'schedule.read': 'view the timetable',
  'schedule.plan': 'plan courses, terms, rooms, facilitators and sessions',
  'enrolment.manage': 'enrol or withdraw students',
  'registers.take': 'take or correct registers',
  'expenses.read': 'view expense claims',
  'expenses.enter': 'enter or submit expense claims',
  'expenses.approve': 'approve or reject expense claims',
  'expenses.pay': 'create or pay payment batches',
  'payees.bankDetails': 'see full bank details',
  'outcomes.read': 'view outcomes',
  'outcomes.enter': 'enter questionnaires, destinations and satisfaction forms',
  'returns.run': 'produce contract returns',
  'extracts.run': 'run the NHS-number data-sharing extract',
  'staff.manage': 'manage staff accounts',
  'audit.read': 'read the audit log',
  'settings.manage': 'change the college’s settings',
  'backups.manage': 'manage backups or restore the database',
} as const;

export type Permission = keyof typeof PERMISSION_WORDS;
export const PERMISSIONS = Object.keys(PERMISSION_WORDS) as Permission[];

/** `public`: callable before signing in. `signedIn`: anyone signed in. */
export type Access = 'public' | 'signedIn' | Permission;

const ADMIN: readonly Permission[] = [
  'students.read',
  'students.write',
  'schedule.read',
  'enrolment.manage',
  'registers.take',
  'expenses.read',
  'expenses.enter',
  'outcomes.read',
  'outcomes.enter',
];
const COORDINATOR: readonly Permission[] = [...ADMIN, 'schedule.plan', 'expenses.approve', 'expenses.pay', 'payees.bankDetails'];
const MANAGER: readonly Permission[] = [...COORDINATOR, 'returns.run', 'extracts.run', 'staff.manage', 'audit.read', 'settings.manage', 'backups.manage'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(ADMIN),
  coordinator: new Set(COORDINATOR),
  manager: new Set(MANAGER),
};

/** The refusal a role hears for a permission it lacks. */
export function cannotMessage(role: Role, permission: Permission): string {
  return `Your role (${role}) cannot ${PERMISSION_WORDS[permission]}. Please ask a manager if you need to.`;
}

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

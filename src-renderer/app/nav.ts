// The navigation: one entry per area, in the order staff see them. Hidden when the role cannot use it (cosmetic only).
import type { Permission } from '../../src-main/contract/permissions';

export interface NavItem {
  /** Top-level path, e.g. '/students'. An area's routes live under it. */
  path: string;
  label: string;
  /** Hide the item from roles without this permission (the core still checks every call). */
  permission?: Permission;
  /** What the area is for, in plain words; shown while the area is not built yet. */
  description: string;
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/today', label: 'Today', description: 'Today’s sessions and what needs doing now for your role. Areas show the same counts beside their names.' },
  { path: '/students', label: 'Students', permission: 'students.read', description: 'Find, add and update students’ records.' },
  {
    path: '/schedule',
    label: 'Courses & schedule',
    permission: 'schedule.read',
    description: 'The course catalogue, terms, course runs, sessions, rooms and facilitators, and who is enrolled where.',
  },
  {
    path: '/registers',
    label: 'Registers',
    permission: 'registers.take',
    description: 'Take and correct registers for each session, print paper registers, and see who needs a follow-up call.',
  },
  {
    path: '/expenses',
    label: 'Expenses',
    permission: 'expenses.read',
    description: 'Peer facilitators’ and volunteers’ expense claims, approvals, payment batches and involvement payments.',
  },
  {
    path: '/reports',
    label: 'Reports',
    permission: 'outcomes.read',
    description: 'Wellbeing outcomes, destinations and satisfaction, and the contract returns for the commissioner.',
  },
  { path: '/settings', label: 'Settings', description: 'Your password, staff accounts, the audit log and the college’s settings.' },
];

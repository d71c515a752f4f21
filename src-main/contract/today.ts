// Today: what needs doing now for the signed-in person's role — each item a count, the list it links to, and the words
// used for it on Today and beside the navigation (so both say the same thing).
import { method, none, type MethodSpec } from './define';
import type { Permission } from './permissions';

export const TODAY_ITEM_IDS = [
  'sessionsToday',
  'sessionsThisWeek',
  'registersToTake',
  'welfareFollowUps',
  'questionnairesDue',
  'claimsToApprove',
  'batchesToPay',
  'readyForBatch',
  'runsNeedingTeam',
  'runsBelowMinimum',
  'returnDue',
  'backupStatus',
  'unusedAccounts',
] as const;
export type TodayItemId = (typeof TODAY_ITEM_IDS)[number];

export const TODAY_GROUPS = {
  sessions: 'Sessions and registers',
  coordination: 'Planning and expenses',
  management: 'Running the college',
} as const;
export type TodayGroup = keyof typeof TODAY_GROUPS;

interface TodayItemSpec {
  group: TodayGroup;
  /** Who sees the item: the permission of the list it links to (the core leaves the item out for anyone else). */
  access: Permission;
  /** The renderer route of the list the count is the length of. */
  link: string;
  /** The navigation area whose badge includes this count, if any. */
  nav: string | null;
  /** The item in words, for a count above 0 (read beside the navigation too: "Expenses, 3 claims awaiting approval"). */
  words(count: number): string;
  /** The item when there is nothing to do. */
  none: string;
  /** A count to know rather than work to do (the day's and week's sessions): not counted among "things to do". */
  informational?: boolean;
}

const n = (count: number, one: string, many: string) => `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;

export const TODAY_ITEMS: Record<TodayItemId, TodayItemSpec> = {
  sessionsToday: { group: 'sessions', access: 'registers.take', link: '/registers', nav: null, words: (c) => n(c, 'session today', 'sessions today'), none: 'No sessions today', informational: true },
  sessionsThisWeek: { group: 'sessions', access: 'schedule.read', link: '/schedule', nav: null, words: (c) => n(c, 'session this week', 'sessions this week'), none: 'No sessions this week', informational: true },
  registersToTake: {
    group: 'sessions',
    access: 'registers.take',
    link: '/registers/to-take',
    nav: '/registers',
    words: (c) => n(c, 'register still to take', 'registers still to take'),
    none: 'Every past register is taken',
  },
  welfareFollowUps: {
    group: 'sessions',
    access: 'registers.take',
    link: '/registers/follow-ups',
    nav: null,
    words: (c) => `${n(c, 'person', 'people')} to call after missing two sessions in a row`,
    none: 'No welfare calls waiting',
  },
  questionnairesDue: { group: 'sessions', access: 'outcomes.read', link: '/reports/follow-up', nav: null, words: (c) => n(c, 'questionnaire due', 'questionnaires due'), none: 'No questionnaires due' },
  claimsToApprove: {
    group: 'coordination',
    access: 'expenses.approve',
    link: '/expenses/approvals',
    nav: '/expenses',
    words: (c) => n(c, 'claim awaiting approval', 'claims awaiting approval'),
    none: 'No claims awaiting approval',
  },
  batchesToPay: {
    group: 'coordination',
    access: 'expenses.pay',
    link: '/expenses/batches',
    nav: null,
    words: (c) => n(c, 'payment batch waiting to be paid', 'payment batches waiting to be paid'),
    none: 'No payment batches waiting to be paid',
  },
  readyForBatch: {
    group: 'coordination',
    access: 'expenses.pay',
    link: '/expenses/batches',
    nav: null,
    words: (c) => `${n(c, 'approved payment', 'approved payments')} not yet in a batch`,
    none: 'Nothing approved is waiting for a batch',
  },
  runsNeedingTeam: {
    group: 'coordination',
    access: 'schedule.plan',
    link: '/schedule/attention/team',
    nav: '/schedule',
    words: (c) => `${n(c, 'course run needs', 'course runs need')} a peer trainer or a second facilitator`,
    none: 'Every course run to come has its co-delivery team',
  },
  runsBelowMinimum: {
    group: 'coordination',
    access: 'schedule.plan',
    link: '/schedule/attention/enrolment',
    nav: '/schedule',
    words: (c) => `${n(c, 'course run starts', 'course runs start')} soon below the minimum enrolment`,
    none: 'No course run starting soon is below the minimum enrolment',
  },
  returnDue: { group: 'management', access: 'returns.run', link: '/reports/returns', nav: '/reports', words: () => 'A contract return is due', none: 'The latest quarter’s return is produced' },
  backupStatus: { group: 'management', access: 'backups.manage', link: '/settings/backups', nav: null, words: () => 'Backups need a look', none: 'Backups are up to date' },
  unusedAccounts: {
    group: 'management',
    access: 'audit.read',
    link: '/settings/data-security',
    nav: null,
    words: (c) => `${n(c, 'staff account', 'staff accounts')} not used for 90 days`,
    none: 'Every staff account is in use',
  },
};

export interface TodayItem {
  id: TodayItemId;
  group: TodayGroup;
  count: number;
  /** The item in words (`TODAY_ITEMS[id].words(count)`, or `.none` at 0). */
  label: string;
  link: string;
  nav: string | null;
  /** A short extra line: the oldest claim's age, the quarter due, the last verified backup… */
  detail: string | null;
}

export interface TodaySummary {
  today: string;
  /** Monday and Sunday of this week (the week "this week's sessions" counts). */
  weekFrom: string;
  weekTo: string;
  /** Only the items the person's role may see, in a fixed order. */
  items: TodayItem[];
}

export const todayMethods = {
  'today.summary': method<TodaySummary>()({ kind: 'read',
    input: none,
    access: 'signedIn',
    summary: 'What needs doing now for your role: counts of sessions, registers to take, follow-ups, approvals and more, each with the list it comes from.',
  }),
} satisfies Record<string, MethodSpec>;

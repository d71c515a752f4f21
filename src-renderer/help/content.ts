// What each area's "How this works" panel says: what the area is for, its keys, who can do what, and which of the
// college's rules apply there. Who-can-do-what names permissions only; the roles are read from the permission table, and
// the register's keys from the register's own key map, so this text cannot drift from what the app does.
import type { Permission } from '../../src-main/contract/permissions';
import type { RuleKey } from '../../src-main/contract/setup';
import { MARK_LABELS, type Mark } from '../../src-main/contract/registers';
import { MARK_KEYS, NOTE_KEY, REST_PRESENT_KEY, UNDO_KEY, registerKey, type KeyInput } from '../registers/keyboard';

export type HelpArea = 'students' | 'schedule' | 'registers' | 'expenses' | 'reports' | 'settings';

export interface KeyHelp {
  /** Each key as printed on the keyboard, e.g. ["P"] or ["↓", "J"]. */
  keys: string[];
  does: string;
}

export interface HelpContent {
  /** What the area is for, in a sentence or two each. */
  purpose: string[];
  keys: KeyHelp[];
  /** The permissions this area's work needs; the panel says which roles hold each. */
  permissions: Permission[];
  /** Rules of the brief staff meet here, fetched with their real numbers (`help.rules`). */
  rules: RuleKey[];
}

const KEY_NAMES: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', Home: 'Home', End: 'End' };
const keyName = (k: string) => KEY_NAMES[k] ?? k.toUpperCase();

/** The register keys that move the cursor in a direction, found by asking the register's own key map. */
function movingKeys(test: (to: number) => boolean): string[] {
  const candidates: KeyInput['key'][] = ['ArrowDown', 'ArrowUp', 'j', 'k', 'Home', 'End'];
  return candidates.filter((key) => {
    const a = registerKey({ key }, 5, 10);
    return a?.kind === 'move' && test(a.to);
  });
}

function registerKeys(): KeyHelp[] {
  const marks = (Object.keys(MARK_KEYS) as Mark[]).map((m) => ({ keys: [MARK_KEYS[m]], does: `${MARK_LABELS[m]}, then on to the next person` }));
  return [
    ...marks,
    { keys: [REST_PRESENT_KEY], does: 'Everyone not yet marked is present' },
    { keys: [UNDO_KEY], does: 'Undo the last mark' },
    { keys: [NOTE_KEY], does: 'Add a note to the marked person' },
    { keys: movingKeys((to) => to === 6).map(keyName), does: 'Next person' },
    { keys: movingKeys((to) => to === 4).map(keyName), does: 'Previous person' },
    { keys: movingKeys((to) => to === 0 || to === 9).map(keyName), does: 'First or last person' },
  ].filter((k) => k.keys.length > 0);
}

export const HELP: Record<HelpArea, HelpContent> = {
  students: {
    purpose: [
      'Everyone who has enrolled with the college: who they are, how they came to you, their support needs and demographics, and (with consent) their NHS number.',
      'Search by surname, first or preferred name, reference, NHS number or phone. Archived students are kept but hidden from everyday lists.',
    ],
    keys: [
      { keys: ['/'], does: 'Go to the search box' },
      { keys: ['↓'], does: 'From the search box, into the results; then the next student' },
      { keys: ['↑'], does: 'The previous student, or back to the search box' },
      { keys: ['Enter'], does: 'Open the student (from the search box: the first result)' },
    ],
    permissions: ['students.read', 'students.write', 'enrolment.manage'],
    rules: [],
  },
  schedule: {
    purpose: [
      'The course catalogue, terms and closure dates, venues and rooms, facilitators, and each course run with its sessions and who is enrolled.',
      'Sessions are made from a weekly pattern that skips closures and bank holidays. The desk refuses a room, a facilitator or a student booked into two sessions at once, and a full run keeps a waiting list that moves up in order.',
    ],
    keys: [
      { keys: ['↑', '↓'], does: 'In the timetable: the run above or below' },
      { keys: ['←', '→'], does: 'In the timetable: the neighbouring column' },
      { keys: ['Enter'], does: 'Open the run' },
    ],
    permissions: ['schedule.read', 'schedule.plan', 'enrolment.manage'],
    rules: ['completion'],
  },
  registers: {
    purpose: [
      'Take the register for each session: choose the session, then mark each person by keyboard. Every mark is saved the moment it is made.',
      'Registers can be corrected later (the change is recorded), printed for venues without a laptop, and anyone who missed two sessions in a row without apologies appears on the follow-up list.',
    ],
    keys: registerKeys(),
    permissions: ['registers.take'],
    rules: ['completion'],
  },
  expenses: {
    purpose: [
      'Peer facilitators’ and volunteers’ out-of-pocket expenses: claims with dated lines and receipts, approval, and payment in batches with a file for the finance office.',
      'A claim goes from draft to submitted to approved (or rejected with a reason) to paid. Nobody can approve a claim they entered or submitted. Involvement payments are earnings, kept apart and checked against benefit limits.',
    ],
    keys: [],
    permissions: ['expenses.read', 'expenses.enter', 'expenses.approve', 'expenses.pay', 'payees.bankDetails'],
    rules: ['mileage'],
  },
  reports: {
    purpose: [
      'Wellbeing outcomes, destinations and satisfaction, who is due a follow-up questionnaire, and the contract returns for the commissioner.',
      'A return is produced for a quarter or a financial year (1 April to 31 March) in one action, and what was sent is kept so the same figures can be seen again later.',
    ],
    keys: [],
    permissions: ['outcomes.read', 'outcomes.enter', 'returns.run', 'extracts.run'],
    rules: ['completion', 'suppression'],
  },
  settings: {
    purpose: [
      'Your own password for everyone. For managers: staff accounts, the college’s settings, the audit log of who changed what, data protection, and backups.',
    ],
    keys: [],
    permissions: ['staff.manage', 'settings.manage', 'audit.read', 'backups.manage'],
    rules: [],
  },
};

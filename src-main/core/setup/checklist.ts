// The new college's set-up checklist: each step's done-ness worked out from the records themselves, never ticked by hand
// (except the rates, which come ready-made and are "done" once a manager has looked at them and said they are right).
import { formatDate } from '../../contract/dates';
import type { SetupChecklist, SetupStep, SetupStepKey } from '../../contract/setup';
import type { Db } from '../api/handlers';
import { findStaff } from '../staff/repository';
import { settingText } from '../settings/repository';
import { anyRateAddedByStaff, setupCounts } from './repository';

/** Settings rows this capability keeps (the settings table holds them beside the college's settings). */
export const SETUP_KEYS = { mode: 'setup.checklist', ratesConfirmed: 'setup.ratesConfirmed' } as const;

type Mode = SetupChecklist['mode'];

interface RatesConfirmation {
  at: string;
  staffId: number;
}

async function setting<T>(db: Db, key: string): Promise<T | null> {
  const value = await settingText(db, key);
  return value !== undefined ? (JSON.parse(value) as T) : null;
}

export async function writeSetting(db: Db, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
    .execute();
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export async function readChecklist(db: Db): Promise<SetupChecklist> {
  const collegeName = await setting<string>(db, 'collegeName');
  const { terms, closures, venuesWithRooms, rooms, venuesOnly, courses, facilitators, peerTrainers, staff } = await setupCounts(db);

  const confirmation = await setting<RatesConfirmation>(db, SETUP_KEYS.ratesConfirmed);
  const confirmedBy = confirmation
    ? ((await findStaff(db, confirmation.staffId))?.display_name ?? 'a manager')
    : null;
  // A rate a member of staff added themselves (the ready-made ones have no author) also shows the rates were looked at.
  const ratesAdded = await anyRateAddedByStaff(db);

  const step = (key: SetupStepKey, s: Omit<SetupStep, 'key'>): SetupStep => ({ key, ...s });
  const steps: SetupStep[] = [
    step('college', {
      title: 'College details',
      why: 'Your college’s name appears on registers, returns and remittance notes. Here you also choose the completion threshold and the wellbeing questionnaire you use.',
      done: collegeName !== null,
      progress: collegeName !== null ? `Saved as “${collegeName}”` : 'Not saved yet',
      link: '/settings/college',
      linkLabel: 'Open college settings',
    }),
    step('terms', {
      title: 'Terms and closures',
      why: 'Course runs are planned inside terms. Closure dates, such as half-term, mean no session is ever booked on a day you are shut.',
      done: terms > 0,
      progress: terms > 0 ? `${plural(terms, 'term')}, ${plural(closures, 'closure')}` : 'No terms yet',
      link: '/schedule/terms',
      linkLabel: 'Add terms and closures',
    }),
    step('venues', {
      title: 'Venues and rooms',
      why: 'Every session happens in a room. Knowing your rooms lets the desk warn you before two groups are booked into one room at once.',
      done: venuesWithRooms > 0,
      progress: venuesWithRooms > 0 ? `${plural(venuesOnly, 'venue')}, ${plural(rooms, 'room')}` : venuesOnly > 0 ? 'A venue, but no rooms yet' : 'No venues yet',
      link: '/schedule/venues',
      linkLabel: 'Add venues and rooms',
    }),
    step('courses', {
      title: 'Course catalogue',
      why: 'The courses you offer, described once and run again each term, so attendance and outcomes add up across the years.',
      done: courses > 0,
      progress: courses > 0 ? plural(courses, 'course') : 'No courses yet',
      link: '/schedule/courses',
      linkLabel: 'Add courses',
    }),
    step('facilitators', {
      title: 'Facilitators',
      why: 'The staff, peer trainers and volunteers who deliver sessions. Each run is best co-delivered by a peer trainer with another trainer, and the desk checks that for you.',
      done: facilitators > 0,
      progress: facilitators > 0 ? `${plural(facilitators, 'facilitator')}, ${plural(peerTrainers, 'peer trainer')}` : 'No facilitators yet',
      link: '/schedule/facilitators',
      linkLabel: 'Add facilitators',
    }),
    step('staff', {
      title: 'Staff accounts',
      why: 'Everyone who uses the desk signs in as themselves, so records show who did what and each person sees only what their role needs.',
      done: staff > 1,
      progress: staff > 1 ? plural(staff, 'account') : 'Only your own account so far',
      link: '/settings/staff',
      linkLabel: 'Add staff accounts',
    }),
    step('rates', {
      title: 'Rates and limits',
      why: 'Mileage rates and benefit limits come ready with HMRC’s and the ESA figures. Check them and add your involvement payment rates, so nobody is paid too little or pushed over a benefit limit without warning.',
      done: confirmation !== null || ratesAdded,
      progress: confirmation ? `Checked by ${confirmedBy} on ${formatDate(confirmation.at.slice(0, 10))}` : ratesAdded ? 'Rates added by your team' : 'Not checked yet',
      link: '/expenses/rates',
      linkLabel: 'Check rates and limits',
    }),
  ];
  const doneCount = steps.filter((s) => s.done).length;
  const complete = doneCount === steps.length;
  const mode = (await setting<Mode>(db, SETUP_KEYS.mode)) ?? 'auto';
  return {
    steps,
    doneCount,
    total: steps.length,
    complete,
    mode,
    visible: mode === 'shown' || (mode === 'auto' && !complete),
    ratesConfirmed: confirmation ? { at: confirmation.at, by: confirmedBy ?? 'a manager' } : null,
  };
}

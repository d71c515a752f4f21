// Fills a separate training database with realistic, obviously fictional people (NHS numbers from the never-issued 999 range,
// postcodes that cannot exist, drama-range phone numbers) and about two years of a college's life: terms, runs, every past
// register taken, questionnaires, claims and batches, and past contract returns. `scale` is the number of students (up to
// 20,000). Each capability adds its own stage to DEMO_STAGES; the stages report progress and yield between batches, so a
// window asking demo.progress is answered while the database is made. Deterministic: a scale and a "now" always give the
// same college (the benchmark college in bench/college.ts builds on it).
import { base, en, en_GB, Faker } from '@faker-js/faker';
import { formatReference, takeNumbers } from '../db/counters';
import type { OpenedDatabase } from '../db/open';
import type { SqliteHandle } from '../db/sqlite';
import { hashPassword, type PasswordCost } from '../auth/passwords';
import { DEMO_ACCOUNTS } from './accounts';
import { markTrainingDatabase } from './marker';
import { DEMO_TOWNS, demoFirstName, demoFullName, demoPhone, demoPostcode, demoStreetAddress, demoSurname } from './people';
import { collegeToday } from '../../contract/dates';
import type { DemoProgress } from '../../contract/demo';
import { codeKeys, EMPLOYMENT_STATUSES, ETHNIC_CATEGORIES, GENDER_IDENTITIES, REFERRAL_SOURCES } from '../../contract/codes';
import type { NewStudentRow } from '../db/schema';
import { schedulingDemoFiller } from '../scheduling/demo';
import { registersDemoFiller } from '../registers/demo';
import { outcomesDemoFiller } from '../outcomes/demo';
import { expensesDemoFiller } from '../expenses/demo';
import { returnsDemoFiller } from '../returns/demo';
import { SETUP_KEYS } from '../setup/checklist';

/** How many years of terms before the current one the training college has run. */
export const DEMO_YEARS_BACK = 2;

export interface DemoContext {
  db: OpenedDatabase['db'];
  /** The same connection as `db`, for bulk inserts with prepared statements. */
  sqlite: SqliteHandle;
  faker: Faker;
  scale: number;
  now: Date;
  /** Years of past terms (DEMO_YEARS_BACK). */
  yearsBack: number;
  /** Staff ids of the demo accounts by role. */
  staff: { manager: number; coordinator: number; admin: number };
  /** Reports how far this stage has got (0–1) and lets other calls in (a window polling demo.progress) before going on. */
  progress(fraction: number): Promise<void>;
}

/** A capability's demo data, run in order after students exist. */
export type DemoFiller = (ctx: DemoContext) => Promise<void>;

/** The stages after the students, in order; `weight` is the stage's rough share of the time (for the progress bar). */
export const DEMO_STAGES: { label: string; weight: number; fill: DemoFiller }[] = [
  { label: 'Planning terms, courses and sessions', weight: 12, fill: schedulingDemoFiller },
  { label: 'Taking past registers', weight: 25, fill: registersDemoFiller },
  { label: 'Recording questionnaires and feedback', weight: 15, fill: outcomesDemoFiller },
  { label: 'Entering expense claims and payments', weight: 8, fill: expensesDemoFiller },
  { label: 'Producing past contract returns', weight: 25, fill: returnsDemoFiller },
];
const STUDENTS_WEIGHT = 15;

/** Lets other work on the event loop run (a progress poll arriving over the host's channel) before carrying on. */
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A valid NHS number in the never-issued 999 range, the n-th one (skipping those whose check digit would be 10). */
export function demoNhsNumber(n: number): string | null {
  const first9 = `999${String(n).padStart(6, '0')}`;
  const sum = [...first9].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${first9}${check === 11 ? 0 : check}`;
}

export async function fillDemoDatabase(
  opened: OpenedDatabase,
  scale: number,
  now: Date,
  passwordCost: PasswordCost = 'standard',
  onProgress: (p: Omit<DemoProgress, 'students'>) => void = () => undefined,
): Promise<{ students: number }> {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(20261126 + scale);
  const db = opened.db;
  const totalWeight = STUDENTS_WEIGHT + DEMO_STAGES.reduce((sum, st) => sum + st.weight, 0);
  let done = 0;
  const reporter = (stage: string, weight: number) => async (fraction: number) => {
    onProgress({ stage, percent: Math.min(99, Math.floor(((done + weight * Math.min(1, Math.max(0, fraction))) * 100) / totalWeight)) });
    await yieldNow();
  };

  const progress = reporter('Creating fictional students', STUDENTS_WEIGHT);
  await progress(0);
  const staff = { manager: 0, coordinator: 0, admin: 0 };
  // Hashed side by side (the work runs off the main thread), then inserted in the accounts' order.
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password, passwordCost)));
  for (const [i, a] of DEMO_ACCOUNTS.entries()) {
    const row = await db
      .insertInto('staff')
      .values({ username: a.username, display_name: a.displayName, role: a.role, password_hash: hashes[i], created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    staff[a.role] = row.id;
  }
  await db.insertInto('settings').values({ key: 'collegeName', value: JSON.stringify('Demo Recovery College (training data)') }).execute();
  // The demo college is already set up: its manager checked the rates, so the set-up checklist does not greet trainees.
  await db.insertInto('settings').values({ key: SETUP_KEYS.ratesConfirmed, value: JSON.stringify({ at: now.toISOString(), staffId: staff.manager }) }).execute();

  const today = collegeToday(now);
  const ethnic = codeKeys(ETHNIC_CATEGORIES);
  const gender = codeKeys(GENDER_IDENTITIES);
  const referral = codeKeys(REFERRAL_SOURCES);
  const employment = codeKeys(EMPLOYMENT_STATUSES);
  let nhsSeq = 0;
  const stamp = now.toISOString();
  const first = await db.transaction().execute((trx) => takeNumbers(trx, 'student', scale));
  for (let start = first; start < first + scale; start += 1000) {
    const batch: NewStudentRow[] = [];
    for (let i = start; i < Math.min(start + 1000, first + scale); i++) {
      const sex = faker.helpers.arrayElement(['female', 'female', 'male'] as const); // recovery colleges see more women than men
      const firstName = demoFirstName(faker, sex);
      const surname = demoSurname(faker);
      let nhs: string | null = null;
      if (faker.number.float() < 0.6) {
        while (!nhs) nhs = demoNhsNumber(nhsSeq++);
      }
      const phone = demoPhone(faker);
      const town = faker.helpers.weightedArrayElement(DEMO_TOWNS.map((value, k) => ({ value, weight: k === 0 ? 5 : 1 })));
      // Gender identity (NHS codes: 1 male, 2 female) mostly matches the name; a few people describe it otherwise.
      const genderCode = faker.number.float() < 0.94 ? (sex === 'male' ? '1' : '2') : faker.helpers.arrayElement(gender);
      batch.push({
        reference: formatReference('student', i),
        first_name: firstName,
        surname,
        preferred_name: faker.number.float() < 0.1 ? demoFirstName(faker, sex) : null,
        pronouns: faker.helpers.arrayElement([null, null, sex === 'male' ? 'he/him' : 'she/her', 'they/them']),
        date_of_birth: faker.date.birthdate({ min: 18, max: 80, mode: 'age', refDate: today }).toISOString().slice(0, 10),
        email: faker.number.float() < 0.7 ? `${firstName}.${surname}.${i}@example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, '') : null,
        phone,
        phone_digits: phone.replace(/\D/g, ''),
        address_line1: demoStreetAddress(faker),
        address_line2: null,
        town,
        postcode: demoPostcode(faker, town),
        emergency_contact_name: faker.number.float() < 0.8 ? demoFullName(faker) : null,
        emergency_contact_phone: faker.number.float() < 0.8 ? demoPhone(faker) : null,
        emergency_contact_relationship: faker.helpers.arrayElement([null, 'Partner', 'Friend', 'Parent', 'Sibling', 'Support worker']),
        support_needs: faker.number.float() < 0.3 ? faker.helpers.arrayElement(['Step-free access', 'Large-print handouts', 'Prefers to sit near the door', 'Hearing loop', 'Quiet space for breaks']) : null,
        referral_source: faker.helpers.weightedArrayElement(referral.map((value, k) => ({ value, weight: k === 0 ? 6 : 1 }))),
        referral_other: null,
        secondary_mh_services: faker.helpers.arrayElement(['yes', 'no', 'no', 'unknown']),
        ethnic_category: faker.helpers.weightedArrayElement(ethnic.map((value) => ({ value, weight: value === 'A' ? 20 : 1 }))),
        gender_identity: genderCode,
        employment_status: faker.helpers.arrayElement(employment),
        nhs_number: nhs,
        archived_at: null,
        archived_reason: null,
        created_at: stamp,
        updated_at: stamp,
      });
    }
    // Each batch in its own short transaction: nothing else writes to a training database while it is being made.
    await db.transaction().execute(async (trx) => {
      for (let k = 0; k < batch.length; k += 250) await trx.insertInto('students').values(batch.slice(k, k + 250)).execute();
    });
    await progress((start + batch.length - first) / scale);
  }
  done += STUDENTS_WEIGHT;

  for (const [i, stage] of DEMO_STAGES.entries()) {
    // The tables have just grown from nothing: fresh statistics let SQLite's planner pick the indexes the app's own
    // queries (outcomes' places, the returns' figures) rely on. Without them a 20,000-student return took ~40 s, not 0.5 s.
    if (i > 0) opened.sqlite.exec('ANALYZE');
    const ctx: DemoContext = { db, sqlite: opened.sqlite, faker, scale, now, yearsBack: DEMO_YEARS_BACK, staff, progress: reporter(stage.label, stage.weight) };
    await ctx.progress(0);
    await stage.fill(ctx);
    done += stage.weight;
  }
  onProgress({ stage: 'Finishing', percent: 99 });
  await yieldNow();
  markTrainingDatabase(opened.sqlite, scale);
  onProgress({ stage: 'Ready', percent: 100 });
  return { students: scale };
}

// Fills a separate training database with realistic, obviously fictional people (NHS numbers from the never-issued 999 range).
// Capabilities add their own fillers to DEMO_FILLERS; `scale` is the number of students (up to 20,000).
import { base, en, en_GB, Faker } from '@faker-js/faker';
import { formatReference, takeNumbers } from '../db/counters';
import type { OpenedDatabase } from '../db/open';
import { hashPassword, type PasswordCost } from '../auth/passwords';
import { DEMO_ACCOUNTS } from './accounts';
import { collegeToday } from '../../contract/dates';
import { codeKeys, EMPLOYMENT_STATUSES, ETHNIC_CATEGORIES, GENDER_IDENTITIES, REFERRAL_SOURCES } from '../../contract/codes';
import type { NewStudentRow } from '../db/schema';
import { schedulingDemoFiller } from '../scheduling/demo';
import { outcomesDemoFiller } from '../outcomes/demo';
import { fillExpensesDemo } from '../expenses/demo';

export interface DemoContext {
  db: OpenedDatabase['db'];
  faker: Faker;
  scale: number;
  now: Date;
  /** Staff ids of the demo accounts by role. */
  staff: { manager: number; coordinator: number; admin: number };
}

/** A capability's demo data, run in order after students exist. */
export type DemoFiller = (ctx: DemoContext) => Promise<void>;

export const DEMO_FILLERS: DemoFiller[] = [schedulingDemoFiller, outcomesDemoFiller, async (ctx) => void (await fillExpensesDemo(ctx.db, ctx.now))];

/** A valid NHS number in the never-issued 999 range, the n-th one (skipping those whose check digit would be 10). */
export function demoNhsNumber(n: number): string | null {
  const first9 = `999${String(n).padStart(6, '0')}`;
  const sum = [...first9].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${first9}${check === 11 ? 0 : check}`;
}

export async function fillDemoDatabase(opened: OpenedDatabase, scale: number, now: Date, passwordCost: PasswordCost = 'standard'): Promise<{ students: number }> {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(20261126 + scale);
  const db = opened.db;
  const staff = { manager: 0, coordinator: 0, admin: 0 };
  for (const a of DEMO_ACCOUNTS) {
    const row = await db
      .insertInto('staff')
      .values({ username: a.username, display_name: a.displayName, role: a.role, password_hash: await hashPassword(a.password, passwordCost), created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    staff[a.role] = row.id;
  }
  await db.insertInto('settings').values({ key: 'collegeName', value: JSON.stringify('Demo Recovery College (training data)') }).execute();

  const today = collegeToday(now);
  const ethnic = codeKeys(ETHNIC_CATEGORIES);
  const gender = codeKeys(GENDER_IDENTITIES);
  const referral = codeKeys(REFERRAL_SOURCES);
  const employment = codeKeys(EMPLOYMENT_STATUSES);
  let nhsSeq = 0;
  const dramaPhone = () => `07700 900${String(faker.number.int({ min: 0, max: 999 })).padStart(3, '0')}`;
  const stamp = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const first = await takeNumbers(trx, 'student', scale);
    for (let start = first; start < first + scale; start += 500) {
      const batch: NewStudentRow[] = [];
      for (let i = start; i < Math.min(start + 500, first + scale); i++) {
        const sex = faker.person.sexType();
        const firstName = faker.person.firstName(sex);
        const surname = faker.person.lastName();
        let nhs: string | null = null;
        if (faker.number.float() < 0.6) {
          while (!nhs) nhs = demoNhsNumber(nhsSeq++);
        }
        const phone = dramaPhone(); // Ofcom's range reserved for drama: never a real person's number
        batch.push({
          reference: formatReference('student', i),
          first_name: firstName,
          surname,
          preferred_name: faker.number.float() < 0.1 ? faker.person.firstName() : null,
          pronouns: faker.helpers.arrayElement([null, null, 'she/her', 'he/him', 'they/them']),
          date_of_birth: faker.date.birthdate({ min: 18, max: 80, mode: 'age', refDate: today }).toISOString().slice(0, 10),
          email: faker.number.float() < 0.7 ? `${firstName}.${surname}.${i}@example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, '') : null,
          phone,
          phone_digits: phone.replace(/\D/g, ''),
          address_line1: faker.location.streetAddress(),
          address_line2: null,
          town: faker.helpers.arrayElement(['Southend-on-Sea', 'Westcliff-on-Sea', 'Leigh-on-Sea', 'Shoeburyness', 'Rochford', 'Rayleigh']),
          postcode: `ZZ${faker.number.int({ min: 1, max: 9 })} ${faker.number.int({ min: 1, max: 9 })}${faker.string.alpha({ length: 2, casing: 'upper' })}`,
          emergency_contact_name: faker.number.float() < 0.8 ? faker.person.fullName() : null,
          emergency_contact_phone: faker.number.float() < 0.8 ? dramaPhone() : null,
          emergency_contact_relationship: faker.helpers.arrayElement([null, 'Partner', 'Friend', 'Parent', 'Sibling', 'Support worker']),
          support_needs: faker.number.float() < 0.3 ? faker.helpers.arrayElement(['Step-free access', 'Large-print handouts', 'Prefers to sit near the door', 'Hearing loop', 'Quiet space for breaks']) : null,
          referral_source: faker.helpers.weightedArrayElement(referral.map((value, k) => ({ value, weight: k === 0 ? 6 : 1 }))),
          referral_other: null,
          secondary_mh_services: faker.helpers.arrayElement(['yes', 'no', 'no', 'unknown']),
          ethnic_category: faker.helpers.weightedArrayElement(ethnic.map((value) => ({ value, weight: value === 'A' ? 20 : 1 }))),
          gender_identity: faker.helpers.weightedArrayElement(gender.map((value) => ({ value, weight: value === '1' || value === '2' ? 10 : 1 }))),
          employment_status: faker.helpers.arrayElement(employment),
          nhs_number: nhs,
          archived_at: null,
          archived_reason: null,
          created_at: stamp,
          updated_at: stamp,
        });
      }
      await trx.insertInto('students').values(batch).execute();
    }
  });

  const ctx: DemoContext = { db, faker, scale, now, staff };
  for (const fill of DEMO_FILLERS) await fill(ctx);
  return { students: scale };
}

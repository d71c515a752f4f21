// Reading staff accounts: the look-ups sign-in and staff management share. Writers stay beside their handlers.
import type { Db } from '../api/handlers';
import type { StaffRow } from '../db/schema';

/** How many staff accounts there are (none: the college is not set up yet). */
export async function staffCount(db: Db): Promise<number> {
  const { n } = await db.selectFrom('staff').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

export async function findStaff(db: Db, id: number): Promise<StaffRow | undefined> {
  return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findStaffByUsername(db: Db, username: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function activeManagerCount(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'manager')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Wrong passwords in a row counted against a username, if any. */
export async function signInFailuresOf(db: Db, username: string) {
  return db.selectFrom('sign_in_throttle').select('failures').where('username', '=', username).executeTakeFirst();
}

/** The active staff accounts, by name, with what the data security figures need. */
export async function activeStaff(db: Db) {
  return db
    .selectFrom('staff')
    .select(['id', 'display_name', 'username', 'role', 'must_change_password', 'last_signed_in_at', 'training_completed_on'])
    .where('active', '=', 1)
    .orderBy('display_name')
    .execute();
}

/** Staff accounts with their wrong-password count and its time (the staff list works out each account's sign-in wait). */
export function staffWithSignInWaits(db: Db) {
  return db
    .selectFrom('staff')
    .leftJoin('sign_in_throttle', 'sign_in_throttle.username', 'staff.username')
    .selectAll('staff')
    .select(['sign_in_throttle.failures', 'sign_in_throttle.last_failure_at']);
}

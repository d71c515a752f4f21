// Sign-in throttling (NCSC: throttle rather than lock out for good): increasing delays per username typed, plus a
// limit per desk across all usernames. Each attempt is reserved in one SQL statement *before* the password is checked,
// so parallel guesses cannot all slip past a count read earlier; a correct password gives the reservation back.
import type { Db } from '../api/handlers';

/** Wrong passwords allowed in a row before the first delay. */
export const FREE_ATTEMPTS = 5;
/** Minutes to wait after the 5th, 6th, 7th… wrong password in a row; the last figure is the cap. */
export const DELAY_MINUTES = [1, 2, 4, 8, 15] as const;
/** At most this many sign-in attempts that were not yet successful per desk in one window. */
export const DESK_LIMIT = 30;
export const DESK_WINDOW_MINUTES = 15;

const MINUTE = 60_000;

export type Refusal = { scope: 'account' | 'desk'; until: Date };

/** How long a username must wait after `failures` wrong passwords in a row (0 while under the free attempts). */
export function delayMinutes(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return DELAY_MINUTES[Math.min(failures - FREE_ATTEMPTS, DELAY_MINUTES.length - 1)];
}

/** When a username may try again, or null if it may try now. */
export function waitUntil(row: { failures: number; last_failure_at: string } | undefined, now: Date): Date | null {
  if (!row) return null;
  const until = new Date(new Date(row.last_failure_at).getTime() + delayMinutes(row.failures) * MINUTE);
  return delayMinutes(row.failures) > 0 && until > now ? until : null;
}

/**
 * Reserves one attempt for this username, counting it as a failure until `release` says otherwise. Returns the
 * refusal if the username must wait. One upsert decides: the count goes up only while the username is not waiting.
 */
export async function reserveAttempt(db: Db, username: string, now: Date): Promise<Refusal | null> {
  const at = now.toISOString();
  // The cut-off for each delay tier, so the comparison is plain ISO text in SQL on any engine.
  const cutoff = (minutes: number) => new Date(now.getTime() - minutes * MINUTE).toISOString();
  const reserved = await db
    .insertInto('sign_in_throttle')
    .values({ username, failures: 1, last_failure_at: at })
    .onConflict((oc) =>
      oc
        .column('username')
        .doUpdateSet((eb) => ({ failures: eb('sign_in_throttle.failures', '+', 1), last_failure_at: at }))
        .where((eb) =>
          eb.or([
            eb('sign_in_throttle.failures', '<', FREE_ATTEMPTS),
            // One clause per delay tier: that many failures, and the last one at least that long ago.
            ...DELAY_MINUTES.map((minutes, i) => {
              const cap = i === DELAY_MINUTES.length - 1;
              return eb.and([eb('sign_in_throttle.failures', cap ? '>=' : '=', FREE_ATTEMPTS + i), eb('sign_in_throttle.last_failure_at', '<=', cutoff(minutes))]);
            }),
          ]),
        ),
    )
    .returning('failures')
    .executeTakeFirst();
  if (reserved) return null;
  const row = await db.selectFrom('sign_in_throttle').select(['failures', 'last_failure_at']).where('username', '=', username).executeTakeFirst();
  return { scope: 'account', until: waitUntil(row, now) ?? new Date(now.getTime() + MINUTE) };
}

/** The password was right: this username starts again from nothing. */
export async function clearAttempts(db: Db, username: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('username', '=', username).execute();
}

/** Reserves one attempt on this desk's window (a new window starts when the old one has passed). */
export async function reserveDeskAttempt(db: Db, desk: string, now: Date): Promise<Refusal | null> {
  const at = now.toISOString();
  const windowCutoff = new Date(now.getTime() - DESK_WINDOW_MINUTES * MINUTE).toISOString();
  const reserved = await db
    .insertInto('sign_in_desks')
    .values({ desk, failures: 1, window_started_at: at })
    .onConflict((oc) =>
      oc
        .column('desk')
        .doUpdateSet((eb) => ({
          failures: eb.case().when('sign_in_desks.window_started_at', '<=', windowCutoff).then(1).else(eb('sign_in_desks.failures', '+', 1)).end(),
          window_started_at: eb.case().when('sign_in_desks.window_started_at', '<=', windowCutoff).then(at).else(eb.ref('sign_in_desks.window_started_at')).end(),
        }))
        .where((eb) => eb.or([eb('sign_in_desks.window_started_at', '<=', windowCutoff), eb('sign_in_desks.failures', '<', DESK_LIMIT)])),
    )
    .returning('failures')
    .executeTakeFirst();
  if (reserved) return null;
  const row = await db.selectFrom('sign_in_desks').select('window_started_at').where('desk', '=', desk).executeTakeFirst();
  const until = row ? new Date(new Date(row.window_started_at).getTime() + DESK_WINDOW_MINUTES * MINUTE) : new Date(now.getTime() + MINUTE);
  return { scope: 'desk', until };
}

/** Gives a desk attempt back (the password was right). */
export async function releaseDeskAttempt(db: Db, desk: string): Promise<void> {
  await db
    .updateTable('sign_in_desks')
    .set((eb) => ({ failures: eb.case().when('failures', '>', 0).then(eb('failures', '-', 1)).else(0).end() }))
    .where('desk', '=', desk)
    .execute();
}

// Staff accounts: sign-in with lockout, first-run set-up, and the manager's add / deactivate / reset.
import { DateTime } from 'luxon';
import { caseless, containsText, pageOf } from '../db/paging';
import { ApiError, validationError } from '../../contract/errors';
import type { SignedInStaff, StaffMember } from '../../contract/staff';
import { assertStrongPassword } from '../auth/password-rules';
import { dummyHash, hashPassword, verifyPassword } from '../auth/passwords';
import { replaceRecoveryKey } from '../auth/recovery';
import { clearAttempts, DESK_WINDOW_MINUTES, FREE_ATTEMPTS, reserveAttempt, reserveDeskAttempt, releaseDeskAttempt, waitUntil, type Refusal } from '../auth/throttle';
import { CommitThenRefuse, type Db, type HandlersFor, type StaffContext } from '../api/handlers';
import type { StaffRow } from '../db/schema';
import { activeManagerCount, findStaff, findStaffByUsername, signInFailuresOf, staffCount, staffWithSignInWaits } from './repository';

/** `waitingUntil`: when this person may next try to sign in, if they must wait after wrong passwords. */
export function toStaffMember(r: StaffRow, waitingUntil: Date | null = null): StaffMember {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    active: r.active === 1,
    mustChangePassword: r.must_change_password === 1,
    lockedUntil: waitingUntil?.toISOString() ?? null,
    lastSignedInAt: r.last_signed_in_at,
    createdAt: r.created_at,
  };
}

export function toSignedIn(r: StaffRow): SignedInStaff {
  return { id: r.id, username: r.username, displayName: r.display_name, role: r.role, mustChangePassword: r.must_change_password === 1 };
}

export { staffCount };

async function getStaffRow(db: Db, id: number): Promise<StaffRow> {
  const row = await findStaff(db, id);
  if (!row) throw new ApiError('record.not-found', 'That staff account no longer exists.');
  return row;
}

function tooManyTries(refusal: Refusal): ApiError {
  const until = DateTime.fromJSDate(refusal.until).setZone('Europe/London').toFormat('HH:mm');
  // The same words whether or not the username exists, so the screen never tells a guesser which usernames are real.
  return new ApiError(
    'sign-in.delayed',
    refusal.scope === 'account'
      ? `Too many wrong passwords have been tried for this username. Please wait until ${until} and try again, or ask a manager to reset the password.`
      : `Too many wrong passwords have been tried on this computer in the last ${DESK_WINDOW_MINUTES} minutes. Please wait until ${until} and try again.`,
  );
}

/**
 * Checks a username and password. The attempt is counted (in SQL, before the slow hash check) against the username
 * typed and this desk, so parallel guesses cannot get more than the allowed tries; a right password gives it back.
 * An unknown username is throttled and hashed exactly like a real one. Returns the person or throws a kind message.
 */
export async function authenticate(ctx: Pick<StaffContext, 'db' | 'now' | 'services' | 'audit'>, username: string, password: string): Promise<StaffRow> {
  const now = ctx.now();
  const waiting = await reserveAttempt(ctx.db, username, now);
  if (waiting) throw tooManyTries(waiting);
  const deskFull = await reserveDeskAttempt(ctx.db, ctx.services.deskId, now);
  // A plain refusal rolls the call back, so the username's reserved attempt is given back with it.
  if (deskFull) throw tooManyTries(deskFull);
  const row = await findStaffByUsername(ctx.db, username);
  const right = await verifyPassword(password, row?.password_hash ?? dummyHash(ctx.services.passwordCost));
  if (!row || !right) {
    if (row) {
      const after = await signInFailuresOf(ctx.db, username);
      ctx.audit({ actorId: null, action: after && after.failures >= FREE_ATTEMPTS ? 'account-locked' : 'sign-in-failed', entity: 'staff', entityId: row.id });
    }
    // The refusal must keep the counted attempt: Core.call commits, then refuses.
    throw new CommitThenRefuse(
      new ApiError(
        'input.invalid',
        `That username and password do not match. Please try again — after ${FREE_ATTEMPTS} wrong tries in a row you will need to wait a little before the next one.`,
        { fields: { password: 'That username and password do not match.' } },
      ),
    );
  }
  await clearAttempts(ctx.db, username);
  await releaseDeskAttempt(ctx.db, ctx.services.deskId);
  if (row.active !== 1) throw new ApiError('staff.deactivated', 'This staff account has been deactivated. Please ask a manager if you need it back.');
  return row;
}

export async function recordSignIn(ctx: Pick<StaffContext, 'db' | 'now' | 'audit'>, row: StaffRow): Promise<void> {
  await ctx.db.updateTable('staff').set({ last_signed_in_at: ctx.now().toISOString() }).where('id', '=', row.id).execute();
  ctx.audit({ actorId: row.id, action: 'sign-in', entity: 'staff', entityId: row.id });
}

export async function createStaffRow(
  db: Db,
  ctx: Pick<StaffContext, 'now' | 'services'>,
  input: { username: string; displayName: string; role: StaffRow['role']; password: string; mustChangePassword: boolean },
): Promise<StaffRow> {
  const taken = await findStaffByUsername(db, input.username);
  if (taken) throw validationError({ username: `The username “${input.username}” is already used. Please choose another.` });
  const hash = await hashPassword(input.password, ctx.services.passwordCost);
  return db
    .insertInto('staff')
    .values({
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: hash,
      must_change_password: input.mustChangePassword ? 1 : 0,
      created_at: ctx.now().toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const staffHandlers: HandlersFor<'staff.'> = {
  'staff.list': async (ctx) => {
    const rows = await staffWithSignInWaits(ctx.db).orderBy('display_name').execute();
    return rows.map(({ failures, last_failure_at, ...r }) =>
      toStaffMember(r, failures !== null && last_failure_at !== null ? waitUntil({ failures, last_failure_at }, ctx.now()) : null),
    );
  },

  'staff.page': async (ctx, input) => {
    let q = staffWithSignInWaits(ctx.db);
    if (!input.includeDeactivated) q = q.where('staff.active', '=', 1);
    if (input.role) q = q.where('staff.role', '=', input.role);
    if (input.query) q = q.where(containsText(ctx.db, ['staff.display_name', 'staff.username'], input.query));
    const page = await pageOf(
      ctx.db,
      q,
      { name: caseless('staff.display_name'), username: 'staff.username', role: 'staff.role', lastSignedIn: 'staff.last_signed_in_at' },
      'staff.id',
      input,
    );
    return {
      ...page,
      rows: page.rows.map(({ failures, last_failure_at, ...r }) =>
        toStaffMember(r, failures !== null && last_failure_at !== null ? waitUntil({ failures, last_failure_at }, ctx.now()) : null),
      ),
    };
  },

  'staff.create': async (ctx, input) => {
    await assertStrongPassword(ctx.db, input.temporaryPassword, 'temporaryPassword', input.username);
    const row = await createStaffRow(ctx.db, ctx, { ...input, password: input.temporaryPassword, mustChangePassword: true });
    ctx.audit({ action: 'create', entity: 'staff', entityId: row.id, fields: ['username', 'displayName', 'role'], summary: `Added ${row.display_name} (${row.role})` });
    return toStaffMember(row);
  },

  'staff.update': async (ctx, input) => {
    const before = await getStaffRow(ctx.db, input.id);
    if (before.role === 'manager' && input.role !== 'manager' && before.active === 1 && (await activeManagerCount(ctx.db)) <= 1) {
      throw validationError({ role: 'This is the only active manager. Please make someone else a manager first, so the college is never locked out of staff management.' });
    }
    const fields = [before.display_name !== input.displayName && 'displayName', before.role !== input.role && 'role'].filter((f): f is string => !!f);
    const row = await ctx.db.updateTable('staff').set({ display_name: input.displayName, role: input.role }).where('id', '=', input.id).returningAll().executeTakeFirstOrThrow();
    ctx.audit({ action: 'update', entity: 'staff', entityId: row.id, fields });
    return toStaffMember(row);
  },

  'staff.setActive': async (ctx, input) => {
    const before = await getStaffRow(ctx.db, input.id);
    if (!input.active && before.id === ctx.staff.id) throw new ApiError('input.invalid', 'You cannot deactivate your own account while signed in with it.');
    if (!input.active && before.role === 'manager' && before.active === 1 && (await activeManagerCount(ctx.db)) <= 1) {
      throw new ApiError('input.invalid', 'This is the only active manager. Please make someone else a manager first.');
    }
    const row = await ctx.db.updateTable('staff').set({ active: input.active ? 1 : 0 }).where('id', '=', input.id).returningAll().executeTakeFirstOrThrow();
    ctx.audit({ action: input.active ? 'reactivate' : 'deactivate', entity: 'staff', entityId: row.id, fields: ['active'] });
    if (!input.active) ctx.afterCommit(() => ctx.services.endSessionsFor(row.id));
    return toStaffMember(row);
  },

  'staff.newRecoveryKey': async (ctx) => {
    const recoveryKey = await replaceRecoveryKey(ctx.db, ctx.services.passwordCost, ctx.now(), ctx.staff.id);
    ctx.audit({ action: 'new-recovery-key', entity: 'staff', entityId: ctx.staff.id, summary: 'The old recovery key no longer works' });
    return { recoveryKey };
  },

  'staff.resetPassword': async (ctx, input) => {
    const target = await getStaffRow(ctx.db, input.id);
    await assertStrongPassword(ctx.db, input.temporaryPassword, 'temporaryPassword', target.username);
    const hash = await hashPassword(input.temporaryPassword, ctx.services.passwordCost);
    const row = await ctx.db
      .updateTable('staff')
      .set({ password_hash: hash, must_change_password: 1 })
      .where('id', '=', target.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await clearAttempts(ctx.db, row.username);
    ctx.audit({ action: 'reset-password', entity: 'staff', entityId: row.id, fields: ['password'] });
    return toStaffMember(row);
  },
};

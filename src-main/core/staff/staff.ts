// Staff accounts: sign-in with lockout, first-run set-up, and the manager's add / deactivate / reset.
import { DateTime } from 'luxon';
import { ApiError, validationError } from '../../contract/errors';
import type { SignedInStaff, StaffMember } from '../../contract/staff';
import { dummyHash, hashPassword, verifyPassword } from '../auth/passwords';
import { CommitThenRefuse, type Db, type HandlersFor, type StaffContext } from '../api/handlers';
import type { StaffRow } from '../db/schema';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

export function toStaffMember(r: StaffRow): StaffMember {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    active: r.active === 1,
    mustChangePassword: r.must_change_password === 1,
    lockedUntil: r.locked_until,
    lastSignedInAt: r.last_signed_in_at,
    createdAt: r.created_at,
  };
}

export function toSignedIn(r: StaffRow): SignedInStaff {
  return { id: r.id, username: r.username, displayName: r.display_name, role: r.role, mustChangePassword: r.must_change_password === 1 };
}

export async function staffCount(db: Db): Promise<number> {
  const { n } = await db.selectFrom('staff').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

async function getStaffRow(db: Db, id: number): Promise<StaffRow> {
  const row = await db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('NOT_FOUND', 'That staff account no longer exists.');
  return row;
}

/** Checks a username and password, counting failures in the database. Returns the person or throws a kind message. */
export async function authenticate(ctx: Pick<StaffContext, 'db' | 'now' | 'services' | 'audit'>, username: string, password: string): Promise<StaffRow> {
  const row = await ctx.db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
  const wrong = new ApiError(
    'VALIDATION',
    `That username and password do not match. Please try again — after ${MAX_FAILED_ATTEMPTS} wrong tries in a row an account locks for ${LOCKOUT_MINUTES} minutes.`,
    { fields: { password: 'That username and password do not match.' } },
  );
  if (!row) {
    await verifyPassword(password, await dummyHash(ctx.services.passwordCost));
    throw wrong;
  }
  const now = ctx.now();
  if (row.locked_until && row.locked_until > now.toISOString()) {
    const until = DateTime.fromISO(row.locked_until).setZone('Europe/London').toFormat('HH:mm');
    throw new ApiError('FORBIDDEN', `This account is locked after ${MAX_FAILED_ATTEMPTS} wrong passwords. Please try again after ${until}, or ask a manager to reset it.`);
  }
  if (!(await verifyPassword(password, row.password_hash))) {
    const attempts = row.failed_attempts + 1;
    const lock = attempts >= MAX_FAILED_ATTEMPTS;
    await ctx.db
      .updateTable('staff')
      .set({
        failed_attempts: lock ? 0 : attempts,
        locked_until: lock ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : row.locked_until,
      })
      .where('id', '=', row.id)
      .execute();
    ctx.audit({ actorId: null, action: lock ? 'account-locked' : 'sign-in-failed', entity: 'staff', entityId: row.id });
    // The refusal must not roll back the count of failed attempts: Core.call commits, then refuses.
    if (lock) {
      throw new CommitThenRefuse(
        new ApiError('FORBIDDEN', `That password was wrong ${MAX_FAILED_ATTEMPTS} times in a row, so this account is now locked for ${LOCKOUT_MINUTES} minutes. A manager can reset it sooner.`),
      );
    }
    throw new CommitThenRefuse(wrong);
  }
  if (row.active !== 1) throw new ApiError('FORBIDDEN', 'This staff account has been deactivated. Please ask a manager if you need it back.');
  return row;
}

export async function recordSignIn(ctx: Pick<StaffContext, 'db' | 'now' | 'audit'>, row: StaffRow): Promise<void> {
  await ctx.db.updateTable('staff').set({ failed_attempts: 0, locked_until: null, last_signed_in_at: ctx.now().toISOString() }).where('id', '=', row.id).execute();
  ctx.audit({ actorId: row.id, action: 'sign-in', entity: 'staff', entityId: row.id });
}

export async function createStaffRow(
  db: Db,
  ctx: Pick<StaffContext, 'now' | 'services'>,
  input: { username: string; displayName: string; role: StaffRow['role']; password: string; mustChangePassword: boolean },
): Promise<StaffRow> {
  const taken = await db.selectFrom('staff').select('id').where('username', '=', input.username).executeTakeFirst();
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

async function activeManagers(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'manager')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export const staffHandlers: HandlersFor<'staff.'> = {
  'staff.list': async (ctx) => (await ctx.db.selectFrom('staff').selectAll().orderBy('display_name').execute()).map(toStaffMember),

  'staff.create': async (ctx, input) => {
    const row = await createStaffRow(ctx.db, ctx, { ...input, password: input.temporaryPassword, mustChangePassword: true });
    ctx.audit({ action: 'create', entity: 'staff', entityId: row.id, fields: ['username', 'displayName', 'role'], summary: `Added ${row.display_name} (${row.role})` });
    return toStaffMember(row);
  },

  'staff.update': async (ctx, input) => {
    const before = await getStaffRow(ctx.db, input.id);
    if (before.role === 'manager' && input.role !== 'manager' && before.active === 1 && (await activeManagers(ctx.db)) <= 1) {
      throw validationError({ role: 'This is the only active manager. Please make someone else a manager first, so the college is never locked out of staff management.' });
    }
    const fields = [before.display_name !== input.displayName && 'displayName', before.role !== input.role && 'role'].filter((f): f is string => !!f);
    const row = await ctx.db.updateTable('staff').set({ display_name: input.displayName, role: input.role }).where('id', '=', input.id).returningAll().executeTakeFirstOrThrow();
    ctx.audit({ action: 'update', entity: 'staff', entityId: row.id, fields });
    return toStaffMember(row);
  },

  'staff.setActive': async (ctx, input) => {
    const before = await getStaffRow(ctx.db, input.id);
    if (!input.active && before.id === ctx.staff.id) throw new ApiError('VALIDATION', 'You cannot deactivate your own account while signed in with it.');
    if (!input.active && before.role === 'manager' && before.active === 1 && (await activeManagers(ctx.db)) <= 1) {
      throw new ApiError('VALIDATION', 'This is the only active manager. Please make someone else a manager first.');
    }
    const row = await ctx.db.updateTable('staff').set({ active: input.active ? 1 : 0 }).where('id', '=', input.id).returningAll().executeTakeFirstOrThrow();
    ctx.audit({ action: input.active ? 'reactivate' : 'deactivate', entity: 'staff', entityId: row.id, fields: ['active'] });
    if (!input.active) ctx.afterCommit(() => ctx.services.endSessionsFor(row.id));
    return toStaffMember(row);
  },

  'staff.resetPassword': async (ctx, input) => {
    const hash = await hashPassword(input.temporaryPassword, ctx.services.passwordCost);
    await getStaffRow(ctx.db, input.id);
    const row = await ctx.db
      .updateTable('staff')
      .set({ password_hash: hash, must_change_password: 1, failed_attempts: 0, locked_until: null })
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'reset-password', entity: 'staff', entityId: row.id, fields: ['password'] });
    return toStaffMember(row);
  },
};

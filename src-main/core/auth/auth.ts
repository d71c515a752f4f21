// Signing in and out, first-run set-up, the idle lock and changing your own password.
import { ApiError, validationError } from '../../contract/errors';
import { readSettings } from '../settings/settings';
import { authenticate, createStaffRow, recordSignIn, staffCount, toSignedIn } from '../staff/staff';
import { findStaff, findStaffByUsername } from '../staff/repository';
import { DateTime } from 'luxon';
import { CommitThenRefuse } from '../api/handlers';
import { assertStrongPassword } from './password-rules';
import { recoveryKeyMatches, replaceRecoveryKey, WRONG_RECOVERY } from './recovery';
import { clearAttempts, reserveAttempt } from './throttle';
import { hashPassword, verifyPassword } from './passwords';
import type { HandlersFor } from '../api/handlers';
import { DEMO_ACCOUNTS } from '../demo/accounts';

/** The throttle row for wrong recovery keys ('#' is not allowed in a username). */
const RECOVERY_THROTTLE = '#recovery';

export const authHandlers: HandlersFor<'auth.'> = {
  'auth.status': async (ctx) => {
    if (ctx.services.serverBehind()) {
      // Nothing else can be read from a server at an older schema; the window asks for the owner's credential.
      return { needsSetup: false, serverNeedsUpdate: true, database: ctx.services.databaseInfo(), session: null };
    }
    const needsSetup = (await staffCount(ctx.db)) === 0;
    const settings = await readSettings(ctx.db);
    const database = ctx.services.databaseInfo();
    return {
      needsSetup,
      database,
      session: ctx.staff ? { staff: ctx.staff, locked: ctx.session.locked, idleLockMinutes: settings.idleLockMinutes } : null,
      ...(database.kind === 'demo' ? { demoAccounts: DEMO_ACCOUNTS.map(({ username, role, password }) => ({ username, role, password })) } : {}),
    };
  },

  'auth.setupFirstManager': async (ctx, input) => {
    await assertStrongPassword(ctx.db, input.password, 'password', input.username);
    if ((await staffCount(ctx.db)) > 0) throw new ApiError('setup.already-done', 'This college is already set up. Please sign in instead.');
    const row = await createStaffRow(ctx.db, ctx, { ...input, role: 'manager', mustChangePassword: false });
    // Set-up signs the first manager in, so the account counts as used (the data security page lists unused ones).
    await ctx.db.updateTable('staff').set({ last_signed_in_at: ctx.now().toISOString() }).where('id', '=', row.id).execute();
    ctx.audit({ actorId: row.id, action: 'create', entity: 'staff', entityId: row.id, fields: ['username', 'displayName', 'role'], summary: 'First manager account (first run)' });
    ctx.afterCommit(() => ctx.services.startSession(ctx.session, row.id));
    // Shown once on the first-run screen; only its hash is kept.
    const recoveryKey = await replaceRecoveryKey(ctx.db, ctx.services.passwordCost, ctx.now(), row.id);
    return { ...toSignedIn(row), recoveryKey };
  },

  'auth.recoverManager': async (ctx, input) => {
    await assertStrongPassword(ctx.db, input.newPassword, 'newPassword', input.username);
    // Wrong keys are throttled like wrong passwords, under a name no username can take.
    const waiting = await reserveAttempt(ctx.db, RECOVERY_THROTTLE, ctx.now());
    if (waiting) {
      const until = DateTime.fromJSDate(waiting.until).setZone('Europe/London').toFormat('HH:mm');
      throw new ApiError('recovery.delayed', `Too many wrong recovery keys have been tried. Please wait until ${until} and try again.`);
    }
    const keyOk = await recoveryKeyMatches(ctx.db, ctx.services.passwordCost, input.recoveryKey);
    const manager = await findStaffByUsername(ctx.db, input.username);
    if (!keyOk || !manager || manager.role !== 'manager' || manager.active !== 1) throw new CommitThenRefuse(WRONG_RECOVERY);
    const hash = await hashPassword(input.newPassword, ctx.services.passwordCost);
    await ctx.db.updateTable('staff').set({ password_hash: hash, must_change_password: 0 }).where('id', '=', manager.id).execute();
    await clearAttempts(ctx.db, RECOVERY_THROTTLE);
    await clearAttempts(ctx.db, manager.username);
    ctx.audit({ actorId: null, action: 'recover-manager-password', entity: 'staff', entityId: manager.id, fields: ['password'], summary: 'New password set with the recovery key' });
    // Anyone still signed in with the old password is signed out.
    ctx.afterCommit(() => ctx.services.endSessionsFor(manager.id));
    return null;
  },

  'auth.signIn': async (ctx, input) => {
    const row = await authenticate(ctx, input.username, input.password);
    await recordSignIn(ctx, row);
    ctx.afterCommit(() => ctx.services.startSession(ctx.session, row.id));
    return toSignedIn(row);
  },

  'auth.signOut': async (ctx) => {
    if (ctx.session.staffId !== null) {
      ctx.audit({ actorId: ctx.session.staffId, action: 'sign-out', entity: 'staff', entityId: ctx.session.staffId });
    }
    ctx.services.clearSession(ctx.session);
    return null;
  },

  'auth.unlock': async (ctx, input) => {
    const row = await authenticate(ctx, ctx.staff.username, input.password);
    ctx.session.locked = false;
    ctx.session.lastActivity = ctx.now().getTime();
    return toSignedIn(row);
  },

  'auth.lock': async (ctx) => {
    ctx.session.locked = true;
    return null;
  },

  'auth.heartbeat': async () => null,

  'auth.changePassword': async (ctx, input) => {
    const row = (await findStaff(ctx.db, ctx.staff.id))!;
    if (!(await verifyPassword(input.currentPassword, row.password_hash))) {
      throw validationError({ currentPassword: 'Your current password is not right. Please try again.' });
    }
    if (input.currentPassword === input.newPassword) throw validationError({ newPassword: 'Please choose a password different from the current one.' });
    await assertStrongPassword(ctx.db, input.newPassword, 'newPassword', row.username);
    const hash = await hashPassword(input.newPassword, ctx.services.passwordCost);
    await ctx.db.updateTable('staff').set({ password_hash: hash, must_change_password: 0 }).where('id', '=', row.id).execute();
    ctx.audit({ action: 'change-password', entity: 'staff', entityId: row.id, fields: ['password'] });
    ctx.afterCommit(() => (ctx.staff.mustChangePassword = false));
    return null;
  },
};

// Staff accounts: first run, sign-in with lockout counted in the database, idle lock, deactivation, password resets.
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../src-main/core/api/core';
import { hashPassword, verifyPassword } from '../../src-main/core/auth/passwords';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t?.close());

describe('passwords', () => {
  it('are hashed with salted scrypt at OWASP cost (N=2^15, r=8, p=3) and verified', async () => {
    const hash = await hashPassword('a long pass phrase');
    expect(hash).toMatch(/^scrypt\$15\$8\$3\$/);
    expect(hash).not.toBe(await hashPassword('a long pass phrase')); // salted
    expect(await verifyPassword('a long pass phrase', hash)).toBe(true);
    expect(await verifyPassword('a long pass phrasE', hash)).toBe(false);
  });
});

describe('first run and signing in', () => {
  it('asks for the first manager only once', async () => {
    t = await makeTestCore();
    const status = await t.ok('someone', 'auth.status', {});
    expect(status.needsSetup).toBe(false);
    const again = await t.fail('someone', 'auth.setupFirstManager', { username: 'intruder', displayName: 'X', password: 'another long password' });
    expect(again.reason).toBe('setup.already-done');
  });

  it('a fresh database needs set-up', async () => {
    t = await makeTestCore();
    const other = await Core.open({ dataDir: t.dir, databaseFile: `${t.dir}/fresh.sqlite`, passwordCost: 'fast' });
    const r = await other.call('s', 'auth.status', {});
    expect(r.ok && r.value.needsSetup).toBe(true);
    await other.close();
  });

  it('makes an account wait after 5 wrong passwords, counted in the database, and a manager can reset it', async () => {
    t = await makeTestCore();
    await t.ok('setup', 'staff.create', { username: 'sam.admin', displayName: 'Sam', role: 'admin', temporaryPassword: TEST_PASSWORD });
    for (let i = 0; i < 4; i++) {
      const e = await t.fail(`try-${i}`, 'auth.signIn', { username: 'sam.admin', password: 'wrong password' });
      expect(e.message).toMatch(/do not match/);
    }
    const row = await t.core.database.db.selectFrom('sign_in_throttle').select('failures').where('username', '=', 'sam.admin').executeTakeFirstOrThrow();
    expect(row.failures).toBe(4);
    const fifth = await t.fail('try-5', 'auth.signIn', { username: 'sam.admin', password: 'wrong password' });
    expect(fifth.message).toMatch(/do not match/);
    // Even the right password is refused while the account must wait.
    const locked = await t.fail('try-6', 'auth.signIn', { username: 'sam.admin', password: TEST_PASSWORD });
    expect(locked).toMatchObject({ reason: 'sign-in.delayed', message: expect.stringMatching(/Please wait until/) });
    const [sam] = (await t.ok('setup', 'staff.list', {})).filter((s) => s.username === 'sam.admin');
    expect(sam.lockedUntil).not.toBeNull();
    await t.ok('setup', 'staff.resetPassword', { id: sam.id, temporaryPassword: 'a new temporary one' });
    const me = await t.ok('try-7', 'auth.signIn', { username: 'sam.admin', password: 'a new temporary one' });
    expect(me.mustChangePassword).toBe(true);
  });

  it('makes a person with a temporary password choose a new one before anything else', async () => {
    t = await makeTestCore();
    await t.ok('setup', 'staff.create', { username: 'new.admin', displayName: 'New', role: 'admin', temporaryPassword: TEST_PASSWORD });
    await t.ok('s', 'auth.signIn', { username: 'new.admin', password: TEST_PASSWORD });
    expect((await t.fail('s', 'students.search', {})).reason).toBe('session.password-change-due');
    const same = await t.fail('s', 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    expect(same.fields?.newPassword).toMatch(/different/);
    await t.ok('s', 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'my own good password' });
    expect((await t.ok('s', 'students.search', {})).total).toBe(0);
  });

  it('refuses short passwords with a helpful message', async () => {
    t = await makeTestCore();
    const e = await t.fail('setup', 'staff.create', { username: 'x.y', displayName: 'X', role: 'admin', temporaryPassword: 'short' });
    expect(e.fields?.temporaryPassword).toMatch(/at least 12 characters/);
  });
});

describe('the idle lock', () => {
  it('locks a session after the configured idle time; only the person’s password unlocks it', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    t = await makeTestCore({ now: () => now });
    await t.ok('setup', 'settings.update', { idleLockMinutes: 5 });
    const admin = await t.signInAs('admin');
    await t.ok(admin, 'students.search', {});
    now = new Date(now.getTime() + 4 * 60_000);
    await t.ok(admin, 'students.search', {}); // activity resets the clock
    now = new Date(now.getTime() + 6 * 60_000);
    const e = await t.fail(admin, 'students.search', {});
    expect(e.reason).toBe('session.locked');
    const status = await t.ok(admin, 'auth.status', {});
    expect(status.session?.locked).toBe(true);
    expect((await t.fail(admin, 'auth.unlock', { password: 'not mine at all' })).reason).toBe('input.invalid');
    await t.ok(admin, 'auth.unlock', { password: `${TEST_PASSWORD} 2` });
    await t.ok(admin, 'students.search', {});
  });

  it('can be locked at once by the person', async () => {
    t = await makeTestCore();
    const admin = await t.signInAs('admin');
    await t.ok(admin, 'auth.lock', {});
    expect((await t.fail(admin, 'students.search', {})).reason).toBe('session.locked');
  });
});

describe('staff management', () => {
  it('deactivating an account signs that person out everywhere at once', async () => {
    t = await makeTestCore();
    const admin = await t.signInAs('admin', 'leaving.admin');
    const [row] = (await t.ok('setup', 'staff.list', {})).filter((s) => s.username === 'leaving.admin');
    await t.ok('setup', 'staff.setActive', { id: row.id, active: false });
    expect((await t.fail(admin, 'students.search', {})).reason).toBe('session.signed-out');
    const e = await t.fail('again', 'auth.signIn', { username: 'leaving.admin', password: `${TEST_PASSWORD} 2` });
    expect(e).toMatchObject({ reason: 'staff.deactivated', message: expect.stringMatching(/deactivated/) });
  });

  it('never leaves the college without an active manager', async () => {
    t = await makeTestCore();
    const [me] = await t.ok('setup', 'staff.list', {});
    expect((await t.fail('setup', 'staff.setActive', { id: me.id, active: false })).message).toMatch(/your own account/);
    const e = await t.fail('setup', 'staff.update', { id: me.id, displayName: me.displayName, role: 'admin' });
    expect(e.fields?.role).toMatch(/only active manager/);
  });

  it('a role change applies on the very next call', async () => {
    t = await makeTestCore();
    const coordinator = await t.signInAs('coordinator', 'promoted.person');
    expect((await t.fail(coordinator, 'staff.list', {})).reason).toBe('access.role');
    const [row] = (await t.ok('setup', 'staff.list', {})).filter((s) => s.username === 'promoted.person');
    await t.ok('setup', 'staff.update', { id: row.id, displayName: row.displayName, role: 'manager' });
    expect((await t.ok(coordinator, 'staff.list', {})).length).toBeGreaterThan(1);
  });

  it('audits staff changes and sign-ins', async () => {
    t = await makeTestCore();
    await t.signInAs('admin', 'audited.admin');
    const log = await t.ok('setup', 'audit.list', { entity: 'staff' });
    expect(log.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'sign-in', 'change-password']));
  });
});

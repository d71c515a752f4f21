// New passwords: at least 12 characters, not one of the 10,000 most common, not the username or the college's name.
import { afterEach, describe, expect, it } from 'vitest';
import { dictionary } from '@zxcvbn-ts/language-common';
import { COMMON_PASSWORDS_CHECKED, passwordWeakness } from '../../src-main/core/auth/password-rules';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t?.close());

const about = { username: 'sam.admin', collegeName: 'Southend Recovery College' };

describe('a new password', () => {
  it('must have at least 12 characters, with no rules about capitals or symbols', async () => {
    t = await makeTestCore();
    const short = await t.fail('setup', 'staff.create', { username: 'sam.admin', displayName: 'Sam', role: 'admin', temporaryPassword: 'elevenchars' });
    expect(short.fields?.temporaryPassword).toBe('A password needs at least 12 characters; a few unrelated words together are easiest to remember.');
    await t.ok('setup', 'staff.create', { username: 'sam.admin', displayName: 'Sam', role: 'admin', temporaryPassword: 'twelve chars' });
  });

  it('is refused when it is one of the most common passwords, even with capitals, spaces or digits around it', async () => {
    for (const common of ['1qaz2wsx3edc', 'qwertyuiop12', 'Password1234!', 'Sunshine 2024!!', 'LETMEIN123456', '  football  11']) {
      expect(await passwordWeakness(common, about), common).toMatch(/most commonly used/);
    }
    expect(await passwordWeakness('a calm spring morning', about)).toBeNull();
  });

  it('checks against the whole list of the 10,000 most common', async () => {
    const list = dictionary['passwords-common'];
    expect(await passwordWeakness(list[COMMON_PASSWORDS_CHECKED - 1].padEnd(12, '!'), about)).toMatch(/most commonly used/);
  });

  it('may not include the username or the college’s name', async () => {
    expect(await passwordWeakness('Sam.Admin is me', about)).toMatch(/username/);
    expect(await passwordWeakness('southend recovery college 1', about)).toMatch(/college’s name/);
    expect(await passwordWeakness('SouthendRecoveryCollege!', about)).toMatch(/college’s name/);
  });

  it('is checked everywhere a password is chosen: first run, new account, reset, and changing your own', async () => {
    t = await makeTestCore();
    await t.ok('setup', 'settings.update', { collegeName: 'Southend Recovery College' });
    const created = await t.fail('setup', 'staff.create', { username: 'sam.admin', displayName: 'Sam', role: 'admin', temporaryPassword: 'password1234' });
    expect(created.fields?.temporaryPassword).toMatch(/most commonly used/);
    const sam = await t.ok('setup', 'staff.create', { username: 'sam.admin', displayName: 'Sam', role: 'admin', temporaryPassword: TEST_PASSWORD });
    const reset = await t.fail('setup', 'staff.resetPassword', { id: sam.id, temporaryPassword: 'sam.admin password' });
    expect(reset.fields?.temporaryPassword).toMatch(/username/);
    await t.ok('s', 'auth.signIn', { username: 'sam.admin', password: TEST_PASSWORD });
    const own = await t.fail('s', 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'Southend Recovery College' });
    expect(own.fields?.newPassword).toMatch(/college’s name/);
    // Nothing was changed by the refusals: the temporary password still works.
    expect((await t.ok('s2', 'auth.signIn', { username: 'sam.admin', password: TEST_PASSWORD })).mustChangePassword).toBe(true);
  });

  it('is checked on the first-run screen too', async () => {
    t = await makeTestCore();
    const { Core } = await import('../../src-main/core/api/core');
    const fresh = await Core.open({ dataDir: t.dir, databaseFile: `${t.dir}/fresh.sqlite`, passwordCost: 'fast' });
    const r = await fresh.call('s', 'auth.setupFirstManager', { username: 'morgan', displayName: 'Morgan', password: 'iloveyou1234' });
    expect(!r.ok && r.error.fields?.password).toMatch(/most commonly used/);
    await fresh.close();
  });
});

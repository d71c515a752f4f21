// Sign-in throttling through the real core: parallel guesses, increasing delays, the per-desk limit, unknown usernames.
import { afterEach, describe, expect, it } from 'vitest';
import { DESK_LIMIT } from '../../src-main/core/auth/throttle';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t?.close());

const signIn = (session: string, username: string, password: string) => t.core.call(session, 'auth.signIn', { username, password });
const message = (r: Awaited<ReturnType<typeof signIn>>) => (r.ok ? 'signed in' : r.error.message);

describe('wrong passwords', () => {
  it('200 parallel guesses check only 5 passwords, and then even the right password must wait', async () => {
    t = await makeTestCore();
    await t.ok('setup', 'staff.create', { username: 'sam.admin', displayName: 'Sam', role: 'admin', temporaryPassword: TEST_PASSWORD });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => signIn(`g-${i}`, 'sam.admin', `wrong guess ${i}`)));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(results.filter((r) => /do not match/.test(message(r)))).toHaveLength(5);
    expect(message(await signIn('late', 'sam.admin', TEST_PASSWORD))).toMatch(/Please wait until/);
  });

  it('makes the wait longer after each further wrong password (1, then 2, then 4 minutes), and a right password starts again', async () => {
    let now = new Date('2026-03-02T10:00:00Z');
    t = await makeTestCore({ now: () => now });
    await t.ok('setup', 'staff.create', { username: 'sam.admin', displayName: 'Sam', role: 'admin', temporaryPassword: TEST_PASSWORD });
    for (let i = 0; i < 5; i++) expect(message(await signIn('s', 'sam.admin', 'wrong password'))).toMatch(/do not match/);
    expect(message(await signIn('s', 'sam.admin', TEST_PASSWORD))).toMatch(/wait until 10:01/);
    now = new Date('2026-03-02T10:01:00Z');
    expect(message(await signIn('s', 'sam.admin', 'wrong password'))).toMatch(/do not match/);
    expect(message(await signIn('s', 'sam.admin', TEST_PASSWORD))).toMatch(/wait until 10:03/);
    now = new Date('2026-03-02T10:03:00Z');
    expect(message(await signIn('s', 'sam.admin', 'wrong password'))).toMatch(/do not match/);
    expect(message(await signIn('s', 'sam.admin', TEST_PASSWORD))).toMatch(/wait until 10:07/);
    now = new Date('2026-03-02T10:07:00Z');
    expect((await signIn('s', 'sam.admin', TEST_PASSWORD)).ok).toBe(true);
    // Back to 5 free tries.
    for (let i = 0; i < 4; i++) expect(message(await signIn('s2', 'sam.admin', 'wrong password'))).toMatch(/do not match/);
    expect((await signIn('s2', 'sam.admin', TEST_PASSWORD)).ok).toBe(true);
  });

  it('caps the wait at 15 minutes however many wrong passwords came before, so nobody can keep the only manager out for long', async () => {
    let now = new Date('2026-03-02T10:00:00Z');
    t = await makeTestCore({ now: () => now });
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 5; i++) await signIn('attacker', 'first.manager', 'wrong password');
      now = new Date(now.getTime() + 16 * 60_000);
    }
    expect((await signIn('manager', 'first.manager', 'correct horse battery')).ok).toBe(true);
  });

  it('answers an unknown username with the same words, and makes it wait the same way', async () => {
    t = await makeTestCore({ now: () => new Date('2026-03-02T10:00:00Z') });
    await t.ok('setup', 'staff.create', { username: 'sam.admin', displayName: 'Sam', role: 'admin', temporaryPassword: TEST_PASSWORD });
    const real: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 7; i++) {
      real.push(message(await signIn('a', 'sam.admin', 'wrong password')));
      unknown.push(message(await signIn('b', 'nobody.here', 'wrong password')));
    }
    expect(unknown).toEqual(real);
    expect(real[5]).toMatch(/Too many wrong passwords have been tried for this username/);
  });

  it(`stops all sign-ins from this desk for a while after ${DESK_LIMIT} wrong passwords across any usernames`, async () => {
    let now = new Date('2026-03-02T10:00:00Z');
    t = await makeTestCore({ now: () => now });
    for (let i = 0; i < DESK_LIMIT; i++) expect(message(await signIn('s', `user.${i}`, 'wrong password'))).toMatch(/do not match/);
    expect(message(await signIn('s', 'first.manager', 'correct horse battery'))).toMatch(/on this computer in the last 15 minutes\. Please wait until 10:15/);
    // The refused attempt did not count against the manager's own username.
    const row = await t.core.database.db.selectFrom('sign_in_throttle').selectAll().where('username', '=', 'first.manager').executeTakeFirst();
    expect(row?.failures ?? 0).toBe(0);
    now = new Date('2026-03-02T10:15:00Z');
    expect((await signIn('s', 'first.manager', 'correct horse battery')).ok).toBe(true);
  });

  it('counts wrong passwords per desk: another desk on the same database is not stopped', async () => {
    t = await makeTestCore();
    for (let i = 0; i < DESK_LIMIT; i++) await signIn('s', `user.${i}`, 'wrong password');
    const { Core } = await import('../../src-main/core/api/core');
    await t.core.close();
    const other = await Core.open({ ...t.options, deskId: 'another-desk' });
    const r = await other.call('s', 'auth.signIn', { username: 'first.manager', password: 'correct horse battery' });
    expect(r.ok).toBe(true);
    t.core = other;
  });
});

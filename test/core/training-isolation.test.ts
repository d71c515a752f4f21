// The training database can never touch the live one: whatever order demo.open, signing in as the practice manager,
// manager-only calls and demo.close arrive in, against slow live calls, no live row changes and no live data is read.
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { fillDemoDatabase } from '../../src-main/core/demo/generate';
import { makeTestCore, TEST_PASSWORD, validStudent } from '../helpers/core';

const demoManager = DEMO_ACCOUNTS.find((a) => a.role === 'manager')!;

/** A small deterministic shuffle, so each round tries a different interleaving and a failure can be replayed. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('the training database', () => {
  it('cannot be used to create a live manager or read live students, in any interleaving', async () => {
    const t = await makeTestCore({ fillDemo: fillDemoDatabase });
    try {
      const live = t.core.database.db;
      await t.ok('setup', 'students.create', { fields: validStudent({ surname: 'Liveonly' }) });
      const adminSession = await t.signInAs('admin', 'adam.admin');
      const staffBefore = await live.selectFrom('staff').select(['username', 'role', 'active']).orderBy('id').execute();
      const studentsBefore = await live.selectFrom('students').selectAll().orderBy('id').execute();
      const auditBefore = (await live.selectFrom('audit_log').select('id').execute()).length;
      const leaked: string[] = [];
      // The visitor never signed in to live, so any live student it sees is a leak.
      const watch = (who: string, r: { ok: boolean; value?: unknown }) => {
        if (who.startsWith('visitor') && r.ok && JSON.stringify(r.value).includes('Liveonly')) leaked.push(who);
      };

      for (let round = 0; round < 40; round++) {
        // A visitor who never signed in, and an admin signed in to live who opens training and tries to escalate.
        const visitor = `visitor-${round}`;
        const admin = `admin-${round}`;
        await t.ok(admin, 'auth.signIn', { username: 'adam.admin', password: `${TEST_PASSWORD} 2` });
        const steps = (who: string) => [
          async () => t.core.call(who, 'demo.open', { scale: 20 }),
          async () => t.core.call(who, 'auth.signIn', { username: demoManager.username, password: demoManager.password }),
          async () => t.core.call(who, 'staff.create', { username: `evil.${who}`, displayName: 'Evil', role: 'manager', temporaryPassword: TEST_PASSWORD }),
          async () => watch(who, await t.core.call(who, 'students.search', { query: 'Liveonly' })),
          async () => t.core.call(who, 'demo.close', {}),
        ];
        const slowLive = async () => {
          for (let i = 0; i < 3; i++) {
            await t.core.call('setup', 'students.search', { query: 'Liveonly' });
            await t.core.call('setup', 'staff.list', {});
          }
        };
        const order = [...shuffled(steps(visitor), round * 2 + 1), ...shuffled(steps(admin), round * 2 + 2)];
        await Promise.all([slowLive(), ...order.map(async (step, i) => (await ticks((i * 7 + round) % 4), step()))]);
        // Whatever happened, the admin's window is never signed in to live as anyone but the admin.
        const status = await t.ok(admin, 'auth.status', {});
        if (status.database.kind === 'live' && status.session) expect(status.session.staff.username).toBe('adam.admin');
      }

      // In order, the practice manager's powers work — in the training database only.
      await t.ok('admin-last', 'auth.signIn', { username: 'adam.admin', password: `${TEST_PASSWORD} 2` });
      await t.ok('admin-last', 'demo.open', { scale: 20 });
      await t.ok('admin-last', 'auth.signIn', { username: demoManager.username, password: demoManager.password });
      await t.ok('admin-last', 'staff.create', { username: 'evil.last', displayName: 'Evil', role: 'manager', temporaryPassword: TEST_PASSWORD });
      await t.ok('admin-last', 'demo.close', {});
      expect((await t.fail('admin-last', 'staff.create', { username: 'evil.after', displayName: 'Evil', role: 'manager', temporaryPassword: TEST_PASSWORD })).reason).toBe('session.signed-out');

      expect(leaked).toEqual([]);
      expect(await live.selectFrom('staff').select(['username', 'role', 'active']).orderBy('id').execute()).toEqual(staffBefore);
      expect(await live.selectFrom('students').selectAll().orderBy('id').execute()).toEqual(studentsBefore);
      // Live gained only the admin's own sign-ins (and sign-outs) and the record of the admin's own searches
      // (a search of students is a sensitive read, audited where it was made), never a staff change.
      const liveSearchers = (await live.selectFrom('staff').select('id').where('username', 'in', ['adam.admin', 'first.manager']).execute()).map((r) => r.id);
      const added = await live.selectFrom('audit_log').select(['action', 'entity', 'staff_id']).where('id', '>', auditBefore).execute();
      expect(added.filter((a) => !['sign-in', 'sign-out'].includes(a.action) && !(a.action === 'search' && liveSearchers.includes(a.staff_id ?? -1)))).toEqual([]);
      // The practice manager's changes went to the training database, where they belong.
      const demoStaff = await t.core.demoDatabase!.db.selectFrom('staff').select('username').where('username', 'like', 'evil.%').execute();
      expect(demoStaff.length).toBeGreaterThan(0);
      // And the live manager was never signed out by any of it.
      expect((await t.ok('setup', 'auth.status', {})).session?.staff.username).toBe('first.manager');
      void adminSession;
    } finally {
      await t.close();
    }
  });

  it('is opened from the first-run screen or a signed-in window only, never by a visitor to a set-up desk', async () => {
    const t = await makeTestCore({ fillDemo: fillDemoDatabase });
    try {
      const refused = await t.fail('visitor', 'demo.open', { scale: 20 });
      expect(refused.reason).toBe('training.sign-in-first');
      expect(t.core.demoDatabase).toBeNull();
      await t.ok('setup', 'demo.open', { scale: 20 });
      expect((await t.ok('setup', 'auth.status', {})).database.kind).toBe('demo');
      expect((await t.ok('visitor', 'auth.status', {})).database.kind).toBe('live');
    } finally {
      await t.close();
    }
  });
});

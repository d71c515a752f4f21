// While a contract return is being produced (a long write), other windows are still answered: reads run on their own
// connection and see the last committed state, and a sensitive read's audit row does not wait for the return.
import { afterEach, describe, expect, it } from 'vitest';
import { collegeToday } from '../../src-main/contract/dates';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { fillDemoDatabase } from '../../src-main/core/demo/generate';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('a second call while a return is being produced', { timeout: 300_000 }, () => {
  it('answers the status and a student search before the return has finished', async () => {
    t = await makeTestCore({ fillDemo: fillDemoDatabase });
    const manager = DEMO_ACCOUNTS.find((a) => a.role === 'manager')!;
    for (const w of ['returns', 'other']) {
      await t.ok(w, 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
      await t.ok(w, 'demo.open', { scale: 3000 });
      await t.ok(w, 'auth.signIn', { username: manager.username, password: manager.password });
    }
    const today = collegeToday(new Date());
    const start = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;

    let returnDone = false;
    const produced = t.core.call('returns', 'returns.produce', { period: { kind: 'custom', start, end: today } }).then((r) => {
      returnDone = true;
      return r;
    });
    const answeredWhileProducing: string[] = [];
    const status = t.core.call('other', 'auth.status', {}).then((r) => {
      if (!returnDone) answeredWhileProducing.push('auth.status');
      return r;
    });
    const search = t.core.call('other', 'students.search', { query: 'a' }).then((r) => {
      if (!returnDone) answeredWhileProducing.push('students.search');
      return r;
    });

    const [s, found, r] = await Promise.all([status, search, produced]);
    expect(s.ok && s.value.session?.staff.username).toBe(manager.username);
    expect(found.ok && found.value.total).toBeGreaterThan(0);
    expect(r.ok).toBe(true);
    expect(answeredWhileProducing.sort()).toEqual(['auth.status', 'students.search']);
  });
});

// The training database: fictional people only (999-range NHS numbers, drama-range phones), kept apart from the real one.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkNhsNumber } from '../../src-main/contract/nhs-number';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { demoNhsNumber, fillDemoDatabase } from '../../src-main/core/demo/generate';
import { Core } from '../../src-main/core/api/core';
import { makeTestCore, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t?.close());

describe('demo data', () => {
  it('only ever makes valid NHS numbers from the never-issued 999 range', () => {
    const made = Array.from({ length: 500 }, (_, i) => demoNhsNumber(i)).filter((n): n is string => n !== null);
    expect(made.length).toBeGreaterThan(400);
    for (const n of made) {
      expect(n.startsWith('999')).toBe(true);
      expect(checkNhsNumber(n).valid).toBe(true);
    }
    expect(new Set(made).size).toBe(made.length);
  });

  it('fills a separate training database, leaving the real one untouched, and signs in with the demo accounts', async () => {
    t = await makeTestCore({ fillDemo: fillDemoDatabase });
    const realBefore = await t.ok('setup', 'students.search', {});
    const opened = await t.ok('setup', 'demo.open', { scale: 60 });
    expect(opened.students).toBe(60);
    expect(existsSync(Core.demoFile({ dataDir: t.dir }))).toBe(true);
    const status = await t.ok('setup', 'auth.status', {});
    expect(status.database.kind).toBe('demo');
    expect(status.demoAccounts?.map((a) => a.role).sort()).toEqual(['admin', 'coordinator', 'manager']);
    const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
    await t.ok('setup', 'auth.signIn', { username: admin.username, password: admin.password });
    const page = await t.ok('setup', 'students.search', { pageSize: 100 });
    expect(page.total).toBe(60);
    for (const s of page.rows) {
      if (s.nhsNumber) expect(s.nhsNumber.startsWith('999')).toBe(true);
      expect(s.phone).toMatch(/^07700 900\d{3}$/);
    }
    await t.ok('setup', 'demo.close', {});
    expect((await t.ok('setup', 'auth.status', {})).database.kind).toBe('live');
    // Leaving training signs this window out of it; the real database still has only its own records.
    expect((await t.ok('setup', 'auth.status', {})).session).toBeNull();
    await t.ok('setup2', 'auth.signIn', { username: 'first.manager', password: 'correct horse battery' });
    expect((await t.ok('setup2', 'students.search', {})).total).toBe(realBefore.total);
  });
});

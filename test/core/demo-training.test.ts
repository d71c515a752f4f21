// The training database shows the product: British-looking fictional people, two years of a college with every past
// register taken, follow-ups, questionnaires that improve, claims and batches, past returns; made at the size chosen,
// with progress to watch, and opened at once (at its size) once it exists.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNhsNumber } from '../../src-main/contract/nhs-number';
import { lastCompletedQuarter, resolvePeriod } from '../../src-main/contract/returns';
import type { DemoStatus } from '../../src-main/contract/demo';
import { Core } from '../../src-main/core/api/core';
import { openDatabase } from '../../src-main/core/db/open';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { fillDemoDatabase } from '../../src-main/core/demo/generate';
import { DEMO_NAMES, isNeverIssuedPostcode } from '../../src-main/core/demo/people';
import { makeTestCore, TEST_PASSWORD, type TestCore } from '../helpers/core';

/** A Thursday in the autumn term, mid-afternoon. */
const NOW = new Date('2026-11-26T15:00:00Z');
const TODAY = '2026-11-26';
const SIZE = 120;

let t: TestCore;
const signedIn = new Set<string>();
const as = async (role: 'admin' | 'coordinator' | 'manager') => {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role)!;
  const session = `training-${role}`;
  if (signedIn.has(session)) return session;
  signedIn.add(session);
  // The real database has its manager, so a window signs in there before moving into training.
  await t.ok(session, 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
  await t.ok(session, 'demo.open', { scale: SIZE });
  await t.ok(session, 'auth.signIn', { username: a.username, password: a.password });
  return session;
};
const demoDb = () => t.core.demoDatabase!.db;

describe('the training database', () => {
  const seen: DemoStatus[] = [];
  beforeAll(async () => {
    t = await makeTestCore({ fillDemo: fillDemoDatabase, now: () => NOW });
    expect((await t.ok('setup', 'demo.progress', {})).existing).toBeNull();
    // Ask how it is going while it is made: the generator lets the polls in between its batches.
    let done = false;
    const opening = t.ok('setup', 'demo.open', { scale: SIZE }).finally(() => (done = true));
    while (!done) {
      seen.push(await t.ok('watcher', 'demo.progress', {}));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await opening).students).toBe(SIZE);
  }, 120_000);
  afterAll(() => t?.close());

  it('shows how far the making has got while it is made, then the size it was made at', async () => {
    const making = seen.filter((s) => s.making).map((s) => s.making!);
    expect(making.length).toBeGreaterThan(3);
    expect(new Set(making.map((m) => m.stage)).size).toBeGreaterThan(3);
    expect(making.every((m) => m.students === SIZE && m.percent >= 0 && m.percent <= 100)).toBe(true);
    const percents = making.map((m) => m.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(await t.ok('watcher', 'demo.progress', {})).toEqual({ existing: { students: SIZE }, making: null });
  });

  it('has British-looking fictional people: 999 NHS numbers, postcodes that cannot exist, drama-range phones', async () => {
    const students = await demoDb().selectFrom('students').select(['first_name', 'surname', 'nhs_number', 'postcode', 'phone', 'emergency_contact_name']).execute();
    expect(students).toHaveLength(SIZE);
    const first = new Set(DEMO_NAMES.first);
    const surnames = new Set(DEMO_NAMES.surnames);
    for (const s of students) {
      expect(first.has(s.first_name)).toBe(true);
      for (const part of s.surname.split('-')) expect(surnames.has(part)).toBe(true);
      expect(s.postcode).toMatch(/^SS\d \d[A-Z]{2}$/);
      expect(isNeverIssuedPostcode(s.postcode!)).toBe(true);
      expect(s.phone).toMatch(/^07700 900\d{3}$/);
      if (s.nhs_number) {
        expect(s.nhs_number.startsWith('999')).toBe(true);
        expect(checkNhsNumber(s.nhs_number).valid).toBe(true);
      }
    }
    expect(students.filter((s) => s.nhs_number).length).toBeGreaterThan(SIZE / 3);
    expect(isNeverIssuedPostcode('SS1 2AB')).toBe(false);
  });

  it('runs about two years of terms, with every register before today taken for everyone on it and who delivered it', async () => {
    const admin = await as('admin');
    const terms = await t.ok(admin, 'scheduling.listTerms', {});
    expect(terms.length).toBeGreaterThanOrEqual(7);
    expect(terms.some((x) => x.startsOn < '2025-01-01')).toBe(true);
    const held = await demoDb().selectFrom('sessions').select('id').where('status', '=', 'scheduled').where('date', '<', TODAY).execute();
    expect(held.length).toBeGreaterThan(100);
    let expected = 0;
    for (const { id } of held) {
      const view = await t.ok(admin, 'registers.get', { sessionId: id });
      expect(view.counts.missing, `session ${id} on ${view.session.date}`).toBe(0);
      expected += view.counts.expected;
      if (view.plannedFacilitators.length > 0) expect(view.deliveredRecorded).toBe(true);
    }
    expect(expected).toBeGreaterThan(held.length * 3);
    // Nothing is marked ahead of time.
    const future = await sql<{ n: number }>`SELECT count(*) AS n FROM attendance a JOIN sessions s ON s.id = a.session_id WHERE s.date > ${TODAY}`.execute(demoDb());
    expect(future.rows[0].n).toBe(0);
  });

  it('has realistic attendance: most come, some late, some send apologies, some just miss', async () => {
    const rows = await sql<{ mark: string; n: number }>`SELECT mark, count(*) AS n FROM attendance GROUP BY mark`.execute(demoDb());
    const by = Object.fromEntries(rows.rows.map((r) => [r.mark, r.n]));
    const total = rows.rows.reduce((sum, r) => sum + r.n, 0);
    const attended = (by.present + by.late) / total;
    expect(attended).toBeGreaterThan(0.72);
    expect(attended).toBeLessThan(0.88);
    expect(by.late).toBeGreaterThan(0);
    expect(by.apologies).toBeGreaterThan(0);
    expect(by.absent).toBeGreaterThan(0);
  });

  it('has people on the welfare follow-up list (two sessions missed in a row)', async () => {
    const admin = await as('admin');
    const list = await t.ok(admin, 'registers.followUps', {});
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((f) => f.missedDates.length >= 2)).toBe(true);
  });

  it('has wellbeing questionnaires at the start and end of runs, with a plausible improvement', async () => {
    const pairs = await sql<{ baseline: number; end: number }>`
      SELECT b.score_centi AS baseline, e.score_centi AS "end" FROM questionnaires b
      JOIN questionnaires e ON e.student_id = b.student_id AND e.timepoint = 'end' AND e.complete = 1
      WHERE b.timepoint = 'baseline' AND b.complete = 1 AND b.scale = 'SWEMWBS'`.execute(demoDb());
    expect(pairs.rows.length).toBeGreaterThan(20);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length / 100;
    const change = mean(pairs.rows.map((p) => p.end)) - mean(pairs.rows.map((p) => p.baseline));
    expect(change).toBeGreaterThan(0.5);
    expect(change).toBeLessThan(8);
  });

  it('has claims in every state and a history of paid batches', async () => {
    const coordinator = await as('coordinator');
    const statuses = new Set((await t.ok(coordinator, 'expenses.claims.list', { pageSize: 200 })).rows.map((c) => c.status));
    for (const s of ['draft', 'submitted', 'approved', 'rejected', 'paid'] as const) expect(statuses).toContain(s);
    const batchPage = await t.ok(coordinator, 'expenses.batches.list', { pageSize: 100 });
    expect(batchPage.total).toBeGreaterThan(6);
    const batches = batchPage.rows;
    expect(batches.every((b) => b.status === 'paid')).toBe(true);
  });

  it('is a college already set up: its manager is not greeted by the set-up checklist', async () => {
    const manager = await as('manager');
    const checklist = await t.ok(manager, 'setup.checklist', {});
    expect(checklist.steps.filter((s) => !s.done).map((s) => s.key)).toEqual([]);
    expect(checklist.visible).toBe(false);
  });

  it('has the past contract returns produced, with attendances in them, leaving the latest quarter to produce', async () => {
    const manager = await as('manager');
    const page = await t.ok(manager, 'returns.list', { pageSize: 50 });
    expect(page.total).toBeGreaterThanOrEqual(4);
    const latest = resolvePeriod(lastCompletedQuarter(TODAY));
    expect(page.rows.some((r) => r.period.start === latest.start && r.period.end === latest.end)).toBe(false);
    expect(page.rows.every((r) => r.period.end < latest.start && r.files.length === 2)).toBe(true);
    const detail = await t.ok(manager, 'returns.get', { id: page.rows[0].id });
    const attendances = detail.tables.flatMap((x) => x.rows).find((r) => r.definition === 'attendances');
    const figure = attendances?.cells.find((c) => typeof c !== 'string');
    expect(figure && typeof figure !== 'string' && figure.value).toBeGreaterThan(0);
  });
});

describe('opening a training database that already exists', () => {
  const dirs: string[] = [];
  const start = (dataDir: string) => Core.open({ dataDir, passwordCost: 'fast', fillDemo: fillDemoDatabase, now: () => NOW });
  const value = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) => {
    const r = await p;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('opens at once at the size it was made, whatever size is asked for, and says which size it is', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rcd-training-'));
    dirs.push(dir);
    const first = await start(dir);
    expect((await value(first.call('w', 'demo.open', { scale: 30 }))).students).toBe(30);
    await first.close();
    // The app started again: the size is known before the training database is opened.
    const again = await start(dir);
    try {
      expect(await value(again.call('w', 'demo.progress', {}))).toEqual({ existing: { students: 30 }, making: null });
      expect((await value(again.call('w', 'demo.open', { scale: 2000 }))).students).toBe(30);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('makes one left unfinished afresh (the app stopped while making it)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rcd-training-'));
    dirs.push(dir);
    // A migrated database without the finished mark, as a stop half-way through making it leaves.
    const half = await openDatabase(Core.demoFile({ dataDir: dir }), { disposable: true, allowAnyLocation: true });
    await half.close();
    const core = await start(dir);
    try {
      expect((await value(core.call('w', 'demo.progress', {}))).existing).toBeNull();
      expect((await value(core.call('w', 'demo.open', { scale: 25 }))).students).toBe(25);
      expect(await value(core.call('w', 'demo.progress', {}))).toEqual({ existing: { students: 25 }, making: null });
    } finally {
      await core.close();
    }
  }, 120_000);
});

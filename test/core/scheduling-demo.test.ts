// The training database's timetable: realistic, consistent (no clashes, capacity respected) and usable through the API.
import { afterEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_ACCOUNTS } from '../../src-main/core/demo/accounts';
import { fillDemoDatabase } from '../../src-main/core/demo/generate';
import { makeTestCore, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t?.close());

it('fills terms, venues, facilitators, runs, sessions and enrolments without clashes or over-full runs', async () => {
  t = await makeTestCore({ fillDemo: fillDemoDatabase });
  await t.ok('setup', 'demo.open', { scale: 400 });
  const coord = DEMO_ACCOUNTS.find((a) => a.role === 'coordinator')!;
  await t.ok('setup', 'auth.signIn', { username: coord.username, password: coord.password });
  const db = t.core.demoDatabase!.db;

  const terms = await t.ok('setup', 'scheduling.listTerms', {});
  // Two years of past terms (three a year), this term and the next.
  expect(terms).toHaveLength(8);
  const runPage = await t.ok('setup', 'scheduling.listRuns', { pageSize: 100 });
  expect(runPage.total).toBeGreaterThanOrEqual(20);
  const runs = runPage.rows;
  expect(runs.some((r) => r.meetsCoDelivery)).toBe(true);
  expect(runs.every((r) => r.enrolledCount <= r.capacity)).toBe(true);
  expect(runs.some((r) => r.waitingCount > 0)).toBe(true);
  expect(runs.filter((r) => r.waitingCount > 0).every((r) => r.enrolledCount === r.capacity)).toBe(true);
  const facilitators = await t.ok('setup', 'scheduling.listFacilitators', {});
  expect(facilitators.some((f) => f.kind === 'peer_trainer' && f.studentId !== null)).toBe(true);

  const overlaps = async (join: string) =>
    (
      await sql<{ n: number }>`SELECT count(*) AS n FROM sessions a JOIN sessions b ON a.id < b.id AND a.date = b.date
        AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at AND a.status = 'scheduled' AND b.status = 'scheduled' ${sql.raw(join)}`.execute(db)
    ).rows[0].n;
  expect(await overlaps('AND a.room_id = b.room_id')).toBe(0);
  expect(
    await overlaps(`JOIN course_run_facilitators fa ON fa.course_run_id = a.course_run_id JOIN course_run_facilitators fb ON fb.course_run_id = b.course_run_id AND fb.facilitator_id = fa.facilitator_id`),
  ).toBe(0);
  const closed = await sql<{ n: number }>`SELECT count(*) AS n FROM sessions s JOIN bank_holidays b ON b.date = s.date`.execute(db);
  expect(closed.rows[0].n).toBe(0);

  const view = await t.ok('setup', 'scheduling.termView', { termId: terms[1].id });
  expect(view.sessions.length).toBeGreaterThan(20);
  const run = await t.ok('setup', 'scheduling.getRun', { id: runs[0].id });
  expect(run.sessions.length).toBeGreaterThan(0);
});

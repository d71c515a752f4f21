// The contract return and the register figures come out the same from a desk's SQLite file and from the college's
// PostgreSQL server (issue 12): one college, built row for row into a fresh SQLite database and a fresh server
// database, then every figure the return, the charts, the data-sharing extract, the registers (places, sessions, who
// is expected, registers to take), the outcomes lists and the sorted list pages give is read from both and compared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, type MethodName } from '../../src-main/contract/contract';
import { resolvePeriod, type ReturnParameters } from '../../src-main/contract/returns';
import type { StaffContext } from '../../src-main/core/api/handlers';
import { engineOf } from '../../src-main/core/db/dialect';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open';
import { openPostgres, type OpenedServerDatabase } from '../../src-main/core/db/postgres';
import type { Database } from '../../src-main/core/db/schema';
import { pageBatches } from '../../src-main/core/expenses/lists';
import { followUpDue } from '../../src-main/core/outcomes/outcomes';
import { questionnaireColumns } from '../../src-main/core/outcomes/outcomes';
import { courseRunOptions, courseRunsOfStudent } from '../../src-main/core/outcomes/repository';
import { expectedAt, placeFigures, sessionFigures } from '../../src-main/core/registers/place-figures';
import { registersToTake, sessionsOn } from '../../src-main/core/registers/session-list';
import { returnCharts } from '../../src-main/core/returns/charts';
import { buildExtract } from '../../src-main/core/returns/extract';
import { computeReturnTables } from '../../src-main/core/returns/figures';
import { figuresHash } from '../../src-main/core/returns/returns';
import { schedulingListHandlers } from '../../src-main/core/scheduling/lists';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';
import { returnsFixtures } from '../helpers/returns-fixtures';

failWithoutPostgresInCI();

const AT = '2025-01-01T09:00:00.000Z';
/** The college's clock for the registers: a Sunday morning in July, with runs still going and some ended. */
const NOW = { today: '2025-07-20', time: '10:00' };
const Q1 = resolvePeriod({ kind: 'quarter', financialYear: 2025, quarter: 1 }); // 1 Apr – 30 Jun 2025
const SO_FAR = { start: '2025-01-01', end: '2025-07-19' };
const PARAMS: ReturnParameters = { completionThresholdPercent: 70, meaningfulChangeSwemwbs: 1.5, meaningfulChangeWemwbs: 3, collegeName: 'Engines College', definitionsVersion: 2 };
const MARKS = ['present', 'late', 'absent', 'apologies'] as const;

/**
 * The same college, row for row (the same ids on both engines), from a fixed seed: 90 students; nine course runs
 * between February and September with cancelled sessions, one run cancelled part-way and one with no sessions yet;
 * places enrolled, withdrawn, waiting, promoted from the waiting list on the day and dropped in on; agreed breaks,
 * resumed and not; marks of every kind and some not taken; questionnaires on both scales, some incomplete; satisfaction
 * forms, destinations, delivery teams and payment batches.
 */
async function buildCollege(db: Kysely<Database>): Promise<void> {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const day = (iso: string, plus: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);

  const { id: staffId } = await db
    .insertInto('staff')
    .values({ username: 'manager', display_name: 'The manager', role: 'manager', password_hash: 'x', created_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  const f = returnsFixtures(db, staffId);

  const students: number[] = [];
  for (let i = 0; i < 90; i++) {
    const id = await f.student({
      date_of_birth: `${1950 + int(60)}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`,
      gender_identity: pick(['1', '2', '3', '4', 'X', 'Z']),
      ethnic_category: pick(['A', 'B', 'D', 'H', 'M', 'N', 'R', 'Z', '99']),
      referral_source: pick(['self', 'gp', 'cmht', 'voluntary', 'other']),
      secondary_mh_services: pick(['yes', 'no', 'unknown']),
      nhs_number: i % 3 === 0 ? null : `999${String(1_000_000 + i * 7).padStart(7, '0')}`,
    });
    students.push(id);
    if (i % 4 === 0) await f.consent(id, pick(['2024-06-01', '2025-05-01', '2025-08-01']), i % 8 === 0 ? '2025-07-01' : null);
  }

  const staffA = await f.facilitator('staff', 'Ann');
  const staffB = await f.facilitator('staff', 'Bo');
  const peers = [await f.facilitator('peer_trainer', 'Cy'), await f.facilitator('peer_trainer', 'Di'), await f.facilitator('peer_trainer', 'Ed')];
  const volunteer = await f.facilitator('volunteer', 'Fay');

  const titles = ['Understanding anxiety', 'Hope and recovery', 'Sleep well', 'Living with voices', 'Mindful walking', 'Cooking on a budget', 'Writing for wellbeing', 'Art together', 'Planning ahead'];
  for (const [r, title] of titles.entries()) {
    const runId = await f.courseRun(title, r === 5 ? { cancelled_at: '2025-05-10T09:00:00.000Z' } : {});
    await f.team(runId, r % 3 === 0 ? [staffA] : r % 3 === 1 ? [staffA, pick(peers)] : [pick(peers), staffB, volunteer]);
    if (r === 8) continue; // no sessions yet
    const first = day('2025-02-03', r * 19 + int(5));
    const start = pick(['10:00', '13:30', '18:00']);
    const sessions: { id: number; date: string; held: boolean }[] = [];
    for (let w = 0; w < 6 + int(5); w++) {
      const date = day(first, w * 7);
      const cancelled = (r === 5 && date > '2025-05-10') || rand() < 0.08;
      const id = await f.session(runId, date, { start, end: start === '18:00' ? '20:00' : start === '10:00' ? '12:00' : '15:30', cancelled });
      sessions.push({ id, date, held: !cancelled && date < NOW.today });
      if (!cancelled && rand() < 0.4) await f.delivered(id, rand() < 0.5 ? [staffA, pick(peers)] : [staffB]);
    }

    const places: { student: number; enrolment: number; from: string | null; until: string | null }[] = [];
    for (const s of [...students].sort(() => rand() - 0.5).slice(0, 8 + int(8))) {
      const kind = pick(['enrolled', 'enrolled', 'enrolled', 'withdrawn', 'waiting', 'drop_in', 'promoted'] as const);
      const on = day(first, int(20) - 5);
      const status = kind === 'withdrawn' ? 'withdrawn' : kind === 'waiting' ? 'waiting' : 'enrolled';
      const enrolment = await f.enrol(runId, s, kind === 'waiting' ? null : rand() < 0.1 ? null : on, status);
      if (kind === 'withdrawn') await db.updateTable('enrolments').set({ withdrawn_on: day(on, 14 + int(20)) }).where('id', '=', enrolment).execute();
      if (kind === 'drop_in') await db.updateTable('enrolments').set({ joined_by: 'drop_in' }).where('id', '=', enrolment).execute();
      if (kind === 'promoted') await db.updateTable('enrolments').set({ joined_by: 'waiting_list', promoted_at: `${on}T11:00:00.000Z` }).where('id', '=', enrolment).execute();
      if (kind !== 'waiting' && rand() < 0.15) {
        await db
          .insertInto('enrolment_breaks')
          .values({ enrolment_id: enrolment, starts_on: day(on, 7 + int(14)), resumed_on: rand() < 0.5 ? day(on, 28 + int(14)) : null, reason: 'A break', recorded_by: staffId, recorded_at: AT })
          .execute();
      }
      if (kind !== 'waiting') places.push({ student: s, enrolment, from: on, until: kind === 'withdrawn' ? day(on, 30) : null });
    }
    for (const sess of sessions.filter((x) => x.held)) {
      for (const p of places) {
        if (rand() < 0.12) continue; // a mark not taken yet
        if (p.from && sess.date < day(p.from, -7)) continue;
        await f.mark(sess.id, p.student, pick(MARKS));
      }
    }
    // A drop-in marked at one session without a place on the run.
    const visitor = students.find((s) => !places.some((p) => p.student === s))!;
    if (sessions[0]?.held) await f.mark(sessions[0].id, visitor, 'present');

    const last = sessions.at(-1)!.date;
    for (const p of places) {
      for (const scale of ['SWEMWBS', 'WEMWBS'] as const) {
        if (rand() < 0.3) continue;
        const n = scale === 'SWEMWBS' ? 7 : 14;
        const answers = (level: number) => Array.from({ length: n }, () => (rand() < 0.05 ? null : Math.min(5, Math.max(1, level + int(3) - 1))));
        const add = (timepoint: 'baseline' | 'end', on: string, level: number) =>
          db
            .insertInto('questionnaires')
            .values({ student_id: p.student, course_run_id: runId, scale, timepoint, completed_on: on, ...questionnaireColumns({ scale, items: answers(level) }), entered_by: staffId, entered_at: AT, updated_at: AT })
            .execute();
        await add('baseline', first, 2 + int(2));
        if (last < NOW.today && rand() < 0.7) await add('end', day(last, int(10)), 3 + int(2));
      }
    }
    for (let k = 0; k < 3 + int(4); k++) {
      await f.satisfaction(runId, day(last, int(20)), rand() < 0.15 ? null : 1 + int(5), rand() < 0.2 ? null : rand() < 0.8);
    }
  }
  for (const s of students.filter((_, i) => i % 5 === 0)) {
    await f.destination(s, pick(['paid_work_started', 'paid_work_kept', 'education_started', 'volunteering_started']), day('2025-03-01', int(150)), rand() < 0.5);
  }

  // Rooms at two more venues (the venues page sorts by how many are in use), and payment batches with their totals.
  for (const [v, rooms] of [
    ['Library', 3],
    ['Community hall', 1],
  ] as const) {
    const { id } = await db.insertInto('venues').values({ name: v }).returning('id').executeTakeFirstOrThrow();
    for (let k = 0; k < rooms; k++) await db.insertInto('rooms').values({ venue_id: id, name: `Room ${k + 1}`, capacity: 12 }).execute();
  }
  const { id: payee } = await db
    .insertInto('payees')
    .values({ name: 'Cy Fixture', payment_method: 'bank_transfer', created_at: AT, updated_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [b, amounts] of [[1500, 2500], [], [900]].entries()) {
    const { id: batch } = await db
      .insertInto('payment_batches')
      .values({ reference: `PB-${b + 1}`, created_by: staffId, created_at: `2025-0${b + 4}-01T10:00:00.000Z`, status: b === 0 ? 'paid' : 'open', paid_at: b === 0 ? '2025-04-20T10:00:00.000Z' : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const amount of amounts) {
      await db
        .insertInto('involvement_payments')
        .values({ payee_id: payee, work_date: '2025-03-03', basis: 'session', rate_pence: amount, offered_pence: amount, amount_pence: amount, recorded_by: staffId, recorded_at: AT, updated_at: AT, batch_id: batch })
        .execute();
    }
  }
}

/** Everything compared, read from one engine's database. */
async function readEverything(db: Kysely<Database>) {
  const runIds = (await db.selectFrom('course_runs').select('id').orderBy('id').execute()).map((r) => r.id);
  const studentIds = (await db.selectFrom('students').select('id').orderBy('id').execute()).map((r) => r.id);
  const sessionIds = (await db.selectFrom('sessions').select('id').orderBy('id').execute()).map((r) => r.id);
  const byId = <T extends { enrolment_id: number }>(rows: T[]) => [...rows].sort((a, b) => a.enrolment_id - b.enrolment_id);
  const ctx = { db } as unknown as StaffContext;
  const input = <K extends MethodName>(method: K, value: unknown) => (contract[method].input as z.ZodType).parse(value) as never;

  const perStudent = [];
  for (const id of studentIds) perStudent.push({ places: byId(await placeFigures(db, NOW, 70, { studentId: id })), runs: await courseRunsOfStudent(db, id) });
  const perRun = [];
  for (const id of runIds) perRun.push([...(await sessionFigures(db, NOW, id)).values()].sort((a, b) => a.session_id - b.session_id));

  const pages: Record<string, unknown> = {};
  for (const direction of ['asc', 'desc'] as const) {
    pages[`batches by total ${direction}`] = (await pageBatches(db, input('expenses.batches.list', { sort: 'total', direction, page: 1, pageSize: 50 }))).rows.map((r) => [r.reference, r.totalPence]);
    pages[`courses by runs ${direction}`] = (await schedulingListHandlers['scheduling.coursesPage'](ctx, input('scheduling.coursesPage', { sort: 'runs', direction, page: 1, pageSize: 50 }))).rows.map((r) => r.id);
    pages[`venues by rooms ${direction}`] = (await schedulingListHandlers['scheduling.venuesPage'](ctx, input('scheduling.venuesPage', { sort: 'rooms', direction, page: 1, pageSize: 50 }))).rows.map((r) => r.id);
    // (Sorts that break ties by title need the server's case-blind collation, made elsewhere for the list pages.)
    for (const sort of ['starts', 'enrolled'] as const) {
      pages[`runs by ${sort} ${direction}`] = (
        await schedulingListHandlers['scheduling.listRuns'](ctx, input('scheduling.listRuns', { sort, direction, page: 1, pageSize: 50, includeCancelled: true }))
      ).rows.map((r) => r.id);
    }
  }

  return {
    returnQ1: await computeReturnTables(db, Q1, PARAMS),
    returnSoFar: await computeReturnTables(db, SO_FAR, PARAMS),
    charts: await returnCharts(db, resolvePeriod({ kind: 'custom', start: SO_FAR.start, end: SO_FAR.end })),
    extract: (await buildExtract(db, Q1, NOW.today)).csv.toString('utf8'),
    places: byId(await placeFigures(db, NOW, 70, { runIds })),
    noPlaces: await placeFigures(db, NOW, 70, { runIds: [] }),
    perStudent,
    perRun,
    expected: [...(await expectedAt(db, sessionIds)).entries()].map(([s, set]) => [s, [...set].sort((a, b) => a - b)]),
    expectedAtOne: [...(await expectedAt(db, [sessionIds[3]])).entries()].map(([s, set]) => [s, [...set].sort((a, b) => a - b)]),
    sessionsOn: await sessionsOn(db, ['2025-03-03', '2025-05-12', '2025-07-14', NOW.today], NOW),
    registersToTake: await registersToTake(db, NOW),
    runOptions: await courseRunOptions(db, ''),
    runOptionsAnyCase: await courseRunOptions(db, 'ANXIETY'),
    followUpDue: await followUpDue(db, NOW.today),
    pages,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

// Skipped only when RCD_TEST_POSTGRES_URL is unset, on a developer's machine without a PostgreSQL server;
// failWithoutPostgresInCI() above fails instead in CI, so CI never skips these.
describe.skipIf(!POSTGRES_URL)('the return and the register figures on SQLite and on PostgreSQL', () => {
  let local: OpenedDatabase;
  let server: OpenedServerDatabase<Database>;
  let fromSqlite: Awaited<ReturnType<typeof readEverything>>;
  let fromPostgres: Awaited<ReturnType<typeof readEverything>>;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rcd-returns-engines-'));
    local = await openDatabase(path.join(dir, 'college.sqlite'), { allowAnyLocation: true });
    cleanups.push(async () => {
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const fresh: FreshDatabase = await freshPostgresDatabase();
    cleanups.push(() => fresh.drop());
    server = await openPostgres<Database>(fresh.url, { migrate: true });
    cleanups.push(() => server.close());
    expect([engineOf(local.db), engineOf(server.db)]).toEqual(['sqlite', 'postgres']);
    await buildCollege(local.db);
    await buildCollege(server.db);
    fromSqlite = await readEverything(local.db);
    fromPostgres = await readEverything(server.db);
  }, 120_000);

  it('builds a college with something in every figure (so the comparisons below compare something)', () => {
    const activity = fromSqlite.returnQ1.find((t) => t.key === 'activity')!;
    expect(activity.rows.every((r) => r.cells[1] !== null)).toBe(true);
    const value = (key: string, def: string) => (fromSqlite.returnSoFar.find((t) => t.key === key)!.rows.find((r) => r.definition === def)!.cells[1] as { value: number }).value;
    for (const [key, def] of [
      ['activity', 'uniqueStudents'],
      ['activity', 'newStudents'],
      ['activity', 'didNotAttend'],
      ['activity', 'cancellations'],
      ['completion', 'completionPlaces'],
      ['completion', 'completionCompleted'],
      ['outcomes', 'paired'],
      ['outcomes', 'incompleteExcluded'],
      ['satisfaction', 'satisfactionResponses'],
      ['coProduction', 'coDelivered'],
    ]) {
      expect(value(key, def), `${key} ${def}`).toBeGreaterThan(0);
    }
    const statuses = new Set(fromSqlite.places.map((p) => p.status));
    for (const s of ['completed', 'not_completed', 'withdrawn', 'continuing', 'break', 'drop_in']) expect(statuses, s).toContain(s);
    expect(fromSqlite.registersToTake.length).toBeGreaterThan(0);
    expect(fromSqlite.extract.split('\r\n').length).toBeGreaterThan(2);
  });

  it("gives the same contract return, to the figure, from the server as from a desk's file", () => {
    expect(fromPostgres.returnQ1).toEqual(fromSqlite.returnQ1);
    expect(fromPostgres.returnSoFar).toEqual(fromSqlite.returnSoFar);
    expect(figuresHash({ tables: fromPostgres.returnQ1, parameters: PARAMS })).toBe(figuresHash({ tables: fromSqlite.returnQ1, parameters: PARAMS }));
  });

  it('computes the return on the server inside a read-only snapshot, as a preparer runs it, and leaves nothing behind', async () => {
    const inSnapshot = await server.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => computeReturnTables(trx, Q1, PARAMS));
    expect(inSnapshot).toEqual(fromSqlite.returnQ1);
    const { rows } = await sql<{ n: number }>`select count(*) as n from pg_class where relpersistence = 't'`.execute(server.db);
    expect(rows[0].n).toBe(0);
  });

  it('gives the same charts and the same data-sharing extract', () => {
    expect(fromPostgres.charts).toEqual(fromSqlite.charts);
    expect(fromPostgres.extract).toBe(fromSqlite.extract);
  });

  it('gives every place the same held sessions, attendances and status, by run and by student', () => {
    expect(fromPostgres.places).toEqual(fromSqlite.places);
    expect(fromPostgres.noPlaces).toEqual([]);
    expect(fromPostgres.perStudent).toEqual(fromSqlite.perStudent);
    expect(fromPostgres.perRun).toEqual(fromSqlite.perRun);
  });

  it("puts the same people on each session's register and lists the same registers to take", () => {
    expect(fromPostgres.expected).toEqual(fromSqlite.expected);
    expect(fromPostgres.expectedAtOne).toEqual(fromSqlite.expectedAtOne);
    expect(fromPostgres.sessionsOn).toEqual(fromSqlite.sessionsOn);
    expect(fromPostgres.registersToTake).toEqual(fromSqlite.registersToTake);
  });

  it('lists course runs for outcomes the same way: a run with no sessions last, the search ignoring case', () => {
    expect(fromPostgres.runOptions).toEqual(fromSqlite.runOptions);
    expect(fromSqlite.runOptions.at(-1)!.last).toBeNull();
    expect(fromPostgres.runOptionsAnyCase.map((r) => r.title)).toEqual(['Understanding anxiety']);
    expect(fromPostgres.runOptionsAnyCase).toEqual(fromSqlite.runOptionsAnyCase);
    expect(fromPostgres.followUpDue).toEqual(fromSqlite.followUpDue);
  });

  it('sorts the list pages by counts and totals the same way', () => {
    expect(fromPostgres.pages).toEqual(fromSqlite.pages);
    expect(fromSqlite.pages['batches by total desc']).toEqual([
      ['PB-1', 4000],
      ['PB-3', 900],
      ['PB-2', 0],
    ]);
  });
});

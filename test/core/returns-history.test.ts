// The contract return on a college with years of history (bench/college.ts at a small scale): the figures rewritten so
// their cost follows the period (new students, paired baseline/end scores, runs ending in the period, missing follow-ups)
// give exactly what the statements they replaced gave. The replaced statements are kept here as the reference.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePeriod, type Period, type ReturnTable } from '../../src-main/contract/returns';
import type { Db } from '../../src-main/core/api/handlers';
import { openDatabase, type OpenedDatabase } from '../../src-main/core/db/open';
import { computeReturnTables, pairedChanges, runsEnding, type DateRange } from '../../src-main/core/returns/figures';
import { ATTENDED_MARKS } from '../../src-main/core/returns/definitions';
import { endOfPeriod, heldSql } from '../../src-main/core/registers/place-figures';
import { buildCollege } from '../../bench/college';

// ── the statements as they were before the rewrite ──
/** Runs ending in the range, by grouping every held session the college has (the shape the index-friendly one replaced). */
function oldRunsEnding(db: Db, range: DateRange) {
  return db
    .selectFrom('sessions')
    .where(heldSql(endOfPeriod(range.end), 'sessions'))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('sessions as later').select('later.id').whereRef('later.course_run_id', '=', 'sessions.course_run_id').where('later.status', '=', 'scheduled').where('later.date', '>', range.end))),
    )
    .select('sessions.course_run_id')
    .select((eb) => eb.fn.max('sessions.date').as('last_date'))
    .groupBy('sessions.course_run_id')
    .having((eb) => eb.fn.max('sessions.date'), '>=', range.start)
    .having((eb) => eb.fn.max('sessions.date'), '<=', range.end);
}

async function oldNewStudents(db: Db, range: DateRange): Promise<number> {
  const r = await db
    .selectFrom('return_period_students' as 'students')
    .where(sql.ref('attended'), '>', 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('attendance as a2')
            .select('a2.id')
            .whereRef('a2.student_id', '=', sql.ref('return_period_students.student_id') as never)
            .where('a2.session_id', 'in', selectFrom('sessions as s2').select('s2.id').where('s2.status', '=', 'scheduled').where('s2.date', '<', range.start))
            .where('a2.mark', 'in', ATTENDED_MARKS),
        ),
      ),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

function oldPairedChanges(db: Db, range: DateRange, scale: 'SWEMWBS' | 'WEMWBS') {
  const ends = db
    .selectFrom('questionnaires')
    .select(['student_id', 'score_centi', 'completed_on'])
    .select((eb) => eb.fn.agg<number>('row_number').over((ob) => ob.partitionBy('student_id').orderBy('completed_on', 'desc').orderBy('id', 'desc')).as('rn'))
    .where('timepoint', '=', 'end')
    .where('complete', '=', 1)
    .where('scale', '=', scale)
    .where('completed_on', '>=', range.start)
    .where('completed_on', '<=', range.end);
  const bases = db
    .selectFrom('questionnaires')
    .select(['student_id', 'score_centi', 'completed_on'])
    .select((eb) => eb.fn.agg<number>('row_number').over((ob) => ob.partitionBy('student_id').orderBy('completed_on', 'asc').orderBy('id', 'asc')).as('rn'))
    .where('timepoint', '=', 'baseline')
    .where('complete', '=', 1)
    .where('scale', '=', scale);
  return db
    .selectFrom(ends.as('e'))
    .innerJoin(bases.as('b'), (j) => j.onRef('b.student_id', '=', 'e.student_id').on('b.rn', '=', 1).onRef('b.completed_on', '<=', 'e.completed_on'))
    .where('e.rn', '=', 1)
    .select(['e.student_id', sql<number>`e.score_centi - b.score_centi`.as('change')]);
}

let dir: string;
let opened: OpenedDatabase;
const PARAMS = { completionThresholdPercent: 75, meaningfulChangeSwemwbs: 1, meaningfulChangeWemwbs: 3, collegeName: 'Test college', definitionsVersion: 1 };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-ret-history-'));
  await buildCollege(path.join(dir, 'college.sqlite'), 300);
  opened = await openDatabase(path.join(dir, 'college.sqlite'), { allowAnyLocation: true });
}, 120_000);
afterAll(async () => {
  await opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

const figure = (tables: ReturnTable[], key: string, label?: string) => {
  for (const t of tables) for (const r of t.rows) if (r.definition === key && (label === undefined || r.cells[0] === label)) return r.cells[1];
  throw new Error(`no figure ${key}`);
};
const byStudent = <T extends { student_id: number }>(rows: T[]) => [...rows].sort((a, b) => a.student_id - b.student_id);

const periods: Period[] = [
  { kind: 'financialYear', financialYear: 2025 },
  { kind: 'financialYear', financialYear: 2022 },
  { kind: 'quarter', financialYear: 2024, quarter: 3 },
  { kind: 'custom', start: '2021-01-01', end: '2026-11-26' },
];

describe.each(periods)('a return for %o on a college with six years of history', (p) => {
  const range = resolvePeriod(p);

  it('finds the same runs ending in the period as grouping every held session does', async () => {
    const now = await runsEnding(opened.db, range).execute();
    const old = await oldRunsEnding(opened.db, range).execute();
    expect(old.length).toBeGreaterThan(0);
    const norm = (rows: { course_run_id: number; last_date: unknown }[]) => rows.map((r) => [r.course_run_id, r.last_date]).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(norm(now)).toEqual(norm(old));
  });

  it('pairs the same baseline and end scores, student by student', async () => {
    for (const scale of ['SWEMWBS', 'WEMWBS'] as const) {
      const now = byStudent(await pairedChanges(opened.db, range, scale).execute());
      const old = byStudent(await oldPairedChanges(opened.db, range, scale).execute());
      expect(now).toEqual(old);
    }
    expect((await pairedChanges(opened.db, range, 'SWEMWBS').execute()).length).toBeGreaterThan(0);
  });

  it('counts the same new students, and the same figures throughout', async () => {
    const tables = await computeReturnTables(opened.db, range, PARAMS);
    // The old statement reads the per-student table the return has just filled for this range.
    const oldNew = await oldNewStudents(opened.db, range);
    expect(figure(tables, 'newStudents')).toEqual({ kind: 'count', value: oldNew });
    expect((figure(tables, 'uniqueStudents') as { value: number }).value).toBeGreaterThan(oldNew);
    if (p.kind === 'financialYear' && p.financialYear === 2025) expect(oldNew).toBeGreaterThan(0);

    for (const scale of ['SWEMWBS', 'WEMWBS'] as const) {
      const old = await oldPairedChanges(opened.db, range, scale).execute();
      const paired = tables.find((t) => t.key === 'outcomes')!.rows.find((r) => r.definition === 'paired' && String(r.cells[0]).startsWith(scale))!.cells[1];
      expect(paired).toEqual({ kind: 'count', value: old.length });
    }
  });
});

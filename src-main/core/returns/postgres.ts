// PostgreSQL-only SQL for returns, kept in this one named place (SQLite's counterpart: sqlite.ts, the same exports).
// The return is computed on a read-only snapshot (Core.prepare: a REPEATABLE READ READ ONLY transaction on a pooled
// connection), where PostgreSQL refuses CREATE TEMP TABLE, and a temporary table would outlive the call on a pooled
// connection anyway. So the period's per-student register figures are worked out once, in one pass over the period's
// marks, brought back (a few numbers per student) and handed to each figure's query as arrays unnested into rows: one
// scan of the marks however many figures read them, nothing left behind on the server, and the same snapshot throughout.
import { sql } from 'kysely';
import type { Db } from '../api/handlers';
import { endOfPeriod, heldSql } from '../registers/place-figures';
import { ATTENDED_MARKS, DNA_MARK } from './definitions';
import type { PeriodStudents, PeriodStudentsTable } from './period-students';

/**
 * Works out the period's per-student register figures once — one row per student with any mark at a session held in
 * the range — and returns them as a FROM item aliased `ps` (here, the figures themselves as unnested arrays).
 */
export async function materialisePeriodStudents(db: Db, range: { start: string; end: string }): Promise<PeriodStudents> {
  const attended = sql.join(ATTENDED_MARKS.map((m) => sql`${m}`));
  const { rows } = await sql<PeriodStudentsTable>`
    SELECT a.student_id, count(*) AS marks,
      sum(CASE WHEN a.mark IN (${attended}) THEN 1 ELSE 0 END) AS attended,
      sum(CASE WHEN a.mark = ${DNA_MARK} THEN 1 ELSE 0 END) AS dna
    FROM attendance a
    WHERE a.session_id IN (SELECT s.id FROM sessions s WHERE ${heldSql(endOfPeriod(range.end), 's')} AND s.date >= ${range.start} AND s.date <= ${range.end})
    GROUP BY a.student_id`.execute(db);
  const column = (c: keyof PeriodStudentsTable) => rows.map((r) => Number(r[c]));
  return sql<PeriodStudentsTable>`(SELECT * FROM unnest(${column('student_id')}::bigint[], ${column('marks')}::bigint[], ${column('attended')}::bigint[], ${column('dna')}::bigint[])
      AS t(student_id, marks, attended, dna))`.as('ps');
}

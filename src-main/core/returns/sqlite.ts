// SQLite-only SQL for returns, kept in this one named place (PostgreSQL's counterpart: postgres.ts, the same exports):
// a TEMP table holding the period's register figures per student, computed in one pass over the attendance marks and
// then read by several figures (activity, demographics, new students) instead of each re-scanning the marks. TEMP
// tables belong to this connection only and vanish with it; the preparer's read-only snapshot may still make them.
import { sql } from 'kysely';
import type { Db } from '../api/handlers';
import { endOfPeriod, heldSql } from '../registers/place-figures';
import { ATTENDED_MARKS, DNA_MARK } from './definitions';
import type { PeriodStudents, PeriodStudentsTable } from './period-students';

const TABLE = 'return_period_students';

/**
 * Works out the period's per-student register figures once — one row per student with any mark at a session held in
 * the range — and returns them as a FROM item aliased `ps` (here, the connection's TEMP table).
 */
export async function materialisePeriodStudents(db: Db, range: { start: string; end: string }): Promise<PeriodStudents> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS ${sql.raw(TABLE)} (
    student_id INTEGER PRIMARY KEY, marks INTEGER NOT NULL, attended INTEGER NOT NULL, dna INTEGER NOT NULL)`.execute(db);
  await sql`DELETE FROM temp.${sql.raw(TABLE)}`.execute(db);
  const attended = sql.join(ATTENDED_MARKS.map((m) => sql`${m}`));
  await sql`INSERT INTO temp.${sql.raw(TABLE)} (student_id, marks, attended, dna)
    SELECT a.student_id, count(*),
      sum(CASE WHEN a.mark IN (${attended}) THEN 1 ELSE 0 END),
      sum(CASE WHEN a.mark = ${DNA_MARK} THEN 1 ELSE 0 END)
    FROM attendance a
    WHERE a.session_id IN (SELECT s.id FROM sessions s WHERE ${heldSql(endOfPeriod(range.end), 's')} AND s.date >= ${range.start} AND s.date <= ${range.end})
    GROUP BY a.student_id`.execute(db);
  return sql<PeriodStudentsTable>`temp.${sql.raw(TABLE)}`.as('ps');
}

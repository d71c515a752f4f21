// SQLite-only SQL for returns, kept in this one named place: a TEMP table holding the period's register figures per
// student, computed in one pass over the attendance marks and then read by several figures (activity, demographics,
// new students) instead of each re-scanning the marks. TEMP tables belong to this connection only and vanish with it.
// On a database server the same would be a temporary table or a materialised CTE.
import { sql } from 'kysely';
import type { Db } from '../api/handlers';
import { endOfPeriod, heldSql } from '../registers/place-figures';
import { ATTENDED_MARKS, DNA_MARK } from './definitions';

export interface PeriodStudentsTable {
  student_id: number;
  marks: number;
  attended: number;
  dna: number;
}

export const PERIOD_STUDENTS = 'return_period_students';

/** Fills `temp.return_period_students` for the range: one row per student with any mark at a session held in it. */
export async function materialisePeriodStudents(db: Db, range: { start: string; end: string }): Promise<void> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS ${sql.raw(PERIOD_STUDENTS)} (
    student_id INTEGER PRIMARY KEY, marks INTEGER NOT NULL, attended INTEGER NOT NULL, dna INTEGER NOT NULL)`.execute(db);
  await sql`DELETE FROM temp.${sql.raw(PERIOD_STUDENTS)}`.execute(db);
  const attended = sql.join(ATTENDED_MARKS.map((m) => sql`${m}`));
  await sql`INSERT INTO temp.${sql.raw(PERIOD_STUDENTS)} (student_id, marks, attended, dna)
    SELECT a.student_id, count(*),
      sum(CASE WHEN a.mark IN (${attended}) THEN 1 ELSE 0 END),
      sum(CASE WHEN a.mark = ${DNA_MARK} THEN 1 ELSE 0 END)
    FROM attendance a
    WHERE a.session_id IN (SELECT s.id FROM sessions s WHERE ${heldSql(endOfPeriod(range.end), 's')} AND s.date >= ${range.start} AND s.date <= ${range.end})
    GROUP BY a.student_id`.execute(db);
}

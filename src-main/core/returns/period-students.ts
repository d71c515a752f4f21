// The shape both engines' `materialisePeriodStudents` (returns/sqlite.ts, returns/postgres.ts) give the return's
// figures: the period's register figures per student, as a FROM item aliased `ps`.
import type { AliasedRawBuilder } from 'kysely';

export interface PeriodStudentsTable {
  student_id: number;
  /** Register marks of any kind at sessions held in the period. */
  marks: number;
  /** Of those, present or late. */
  attended: number;
  /** Of those, absent without apologies. */
  dna: number;
}

export type PeriodStudents = AliasedRawBuilder<PeriodStudentsTable, 'ps'>;

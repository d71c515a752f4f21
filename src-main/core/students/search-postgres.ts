// Student search on the college's PostgreSQL server (PostgreSQL-only SQL lives here): the words migration 0014 indexes
// (student_search_words, a GIN index over the row), matched by prefix the way search.ts's FTS5 query is on SQLite.
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { looksLikeDigits, nhsDigits } from '../../contract/nhs-number';
import type { Database } from '../db/schema';

/**
 * Text as student_search_words reads it: accents dropped from Latin letters only (é → e; ø, ł and й stay, as FTS5's
 * `remove_diacritics 2` leaves them), then lower-cased. The same steps as the migration's function, in JavaScript.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/([A-Za-z])[\u0300-\u036f]+/g, '$1').normalize('NFC').toLowerCase();
}

/**
 * Turns what staff type into a tsquery matching what `toFtsQuery` matches on SQLite: every word must begin one of the
 * student's words; digits typed with spaces, dashes or dots are joined (NHS and phone numbers). The words are only
 * letters and digits, so they need no quoting beyond the quotes around each.
 */
export function toTsQuery(typed: string): string | null {
  const trimmed = typed.trim();
  if (!trimmed) return null;
  const tokens = looksLikeDigits(trimmed) ? [nhsDigits(trimmed)] : foldForSearch(trimmed).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (tokens.length === 0) return null;
  return tokens.map((t) => `'${t}':*`).join(' & ');
}

/**
 * The student row matches the tsquery. Written exactly as migration 0014's index is (the same function over the same
 * columns), so the server answers from the index rather than reading every student.
 */
export function matchesTsQuery(tsquery: unknown): RawBuilder<SqlBool> {
  return sql<SqlBool>`student_search_words(students.first_name, students.surname, students.preferred_name, students.reference, students.nhs_number, students.phone_digits) @@ ${tsquery}::tsquery`;
}

/**
 * The students matching, as a table named `students` holding `columns`: found first through the index, then sorted and
 * paged by the caller. Left to itself the planner may instead walk the sort order's index, working out each row's words
 * in the hope of filling a page early, which takes a second when the matches sit late in that order ("smith" sorted
 * by surname); a materialised CTE keeps the two steps apart, and sorting a few thousand matches takes milliseconds.
 */
export function studentsFoundOnServer(db: Kysely<Database>, tsquery: unknown, columns: readonly (keyof Database['students'] & string)[]): SelectQueryBuilder<Database, 'students', object> {
  const found = db
    .with((cte) => cte('students_found').materialized(), (qb) => qb.selectFrom('students').select(columns).where(matchesTsQuery(tsquery)))
    .selectFrom('students_found as students');
  // Typed as the students table, though only `columns` are there: the caller selects and sorts by those alone.
  return found as unknown as SelectQueryBuilder<Database, 'students', object>;
}

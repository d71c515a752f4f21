// Student search as you type: SQLite FTS5 over names and identifiers (SQLite-only SQL lives here), paged and sorted in SQL.
import { sql } from 'kysely';
import { looksLikeDigits, nhsDigits } from '../../contract/nhs-number';
import type { StudentPage, StudentSort } from '../../contract/students';
import { byShape, reusableQuery } from '../db/reusable';
import type { Db } from '../api/handlers';

/**
 * Turns what staff type into an FTS5 query: every word must match the start of a name or identifier.
 * Digits typed with spaces, dashes or dots (`943 476 59`, `943-476-5919`, `07700 900`) are joined, so NHS and phone
 * numbers match however they were typed.
 */
export function toFtsQuery(typed: string): string | null {
  const trimmed = typed.trim().toLowerCase();
  if (!trimmed) return null;
  const tokens = looksLikeDigits(trimmed) ? [nhsDigits(trimmed)] : trimmed.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (tokens.length === 0) return null;
  return tokens.map((t) => `"${t.replace(/"/g, '')}"*`).join(' ');
}

/** Matches are counted exactly up to this many (or up to the end of the page asked for); beyond it, "more than". */
export const SEARCH_COUNT_LIMIT = 100;

/** The count of matches, up to a limit (one query per shape: with or without search words, archived records or not). */
const countQuery = byShape((shape: { fts: boolean; archived: boolean }) =>
  reusableQuery((db, fts: string, limit: number) => {
    let counted = db.selectFrom('students').select(sql<number>`1`.as('one'));
    if (shape.fts) counted = counted.where(sql<boolean>`students.id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH ${fts})`);
    if (!shape.archived) counted = counted.where('students.archived_at', 'is', null);
    return db.selectFrom(counted.limit(limit).as('m')).select((eb) => eb.fn.countAll<number>().as('n'));
  }),
);

/** A page of matches in the chosen order (one query per shape). */
const pageQuery = byShape((shape: { fts: 'none' | 'broad' | 'narrow'; archived: boolean; sort: StudentSort }) =>
  reusableQuery((db, fts: string, limit: number, offset: number) => {
    let q = db.selectFrom('students');
    // Many matches: `+` keeps SQLite from driving the page by the match list (which then sorts every match), so it walks
    // the sort order's index and stops at the page's end. Few matches: sorting them is cheaper than walking the index.
    if (shape.fts === 'broad') q = q.where(sql<boolean>`+students.id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH ${fts})`);
    if (shape.fts === 'narrow') q = q.where(sql<boolean>`students.id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH ${fts})`);
    if (!shape.archived) q = q.where('students.archived_at', 'is', null);
    let rows = q.select(['id', 'reference', 'first_name', 'surname', 'preferred_name', 'date_of_birth', 'phone', 'nhs_number', 'postcode', 'archived_at']);
    switch (shape.sort) {
      case 'reference':
        rows = rows.orderBy('reference');
        break;
      case 'dateOfBirth':
        rows = rows.orderBy('date_of_birth').orderBy('id');
        break;
      case 'recent':
        rows = rows.orderBy('id', 'desc');
        break;
      default:
        rows = rows.orderBy('surname').orderBy('first_name').orderBy('id');
    }
    return rows.limit(limit).offset(offset);
  }),
);

/**
 * One page of matches in the chosen order, without sorting or counting every match: a search as you type that matches
 * thousands ("s") counts only up to the limit and reads its page by walking the sort order's index, stopping at the
 * page's end; a narrow one (a few hundred or fewer) sorts just its matches.
 */
export async function searchStudents(
  db: Db,
  input: { query: string; page: number; pageSize: number; sort: StudentSort; includeArchived: boolean },
): Promise<StudentPage> {
  const fts = toFtsQuery(input.query);
  const offset = (input.page - 1) * input.pageSize;
  const countUpTo = Math.max(SEARCH_COUNT_LIMIT, offset + input.pageSize);

  // Count by streaming the full-text matches (rowid order) and stopping one past the limit.
  const [{ n }] = await countQuery({ fts: !!fts, archived: input.includeArchived })(db, fts ?? '', countUpTo + 1);
  const more = Number(n) > countUpTo;
  const found = await pageQuery({ fts: fts ? (more ? 'broad' : 'narrow') : 'none', archived: input.includeArchived, sort: input.sort })(db, fts ?? '', input.pageSize, offset);
  return {
    rows: found.map((r) => ({
      id: r.id,
      reference: r.reference,
      firstName: r.first_name,
      surname: r.surname,
      preferredName: r.preferred_name,
      dateOfBirth: r.date_of_birth,
      phone: r.phone,
      nhsNumber: r.nhs_number,
      postcode: r.postcode,
      archived: r.archived_at !== null,
    })),
    total: more ? countUpTo : Number(n),
    more,
    page: input.page,
    pageSize: input.pageSize,
  };
}

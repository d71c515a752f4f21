// Student search as you type: SQLite FTS5 over names and identifiers (SQLite-only SQL lives here; the server's half is
// search-postgres.ts, which finds the same students), paged and sorted in SQL.
import { sql, type Kysely } from 'kysely';
import { looksLikeDigits, nhsDigits } from '../../contract/nhs-number';
import type { SortDirection } from '../../contract/lists';
import type { StudentPage, StudentSort, StudentSummary } from '../../contract/students';
import { engineOf } from '../db/dialect';
import { byShape, reusableQuery } from '../db/reusable';
import type { Database } from '../db/schema';
import type { Db } from '../api/handlers';
import { matchesTsQuery, studentsFoundOnServer, toTsQuery } from './search-postgres';

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

/** What was typed as the engine's own query: FTS5's on SQLite, a tsquery on PostgreSQL (null: no words to look for). */
function searchWords(db: Kysely<Database> | Db, typed: string): string | null {
  return engineOf(db) === 'postgres' ? toTsQuery(typed) : toFtsQuery(typed);
}

/** The columns the list shows (and sorts by). */
const LISTED = ['id', 'reference', 'first_name', 'surname', 'preferred_name', 'date_of_birth', 'phone', 'nhs_number', 'postcode', 'archived_at'] as const;

/** SQLite: the student is among FTS5's matches (`broad`: see ListShape). */
function ftsMatch(fts: 'broad' | 'narrow', words: unknown) {
  return fts === 'broad'
    ? sql<boolean>`+students.id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH ${words})`
    : sql<boolean>`students.id IN (SELECT rowid FROM students_fts WHERE students_fts MATCH ${words})`;
}

/** The students a search reads from: every student, FTS5's matches (SQLite), or the matches found first (PostgreSQL). */
function searched(db: Kysely<Database> | Db, fts: ListShape['fts'], words: unknown) {
  if (fts === 'none') return db.selectFrom('students');
  if (engineOf(db) === 'postgres') return studentsFoundOnServer(db, words, LISTED);
  return db.selectFrom('students').where(ftsMatch(fts, words));
}

/** Matches are counted exactly up to this many (or up to the end of the page asked for); beyond it, "more than". */
export const SEARCH_COUNT_LIMIT = 100;

export interface StudentFilter {
  query: string;
  sort: StudentSort;
  /** `desc` turns the sort round (the newest added first becomes the oldest first). */
  direction?: SortDirection;
  includeArchived: boolean;
}

/** How a query over the students is shaped: its SQL text depends only on this (the search words are a value). */
interface ListShape {
  /** `broad` (many matches) keeps SQLite from driving the page by the match list with `+` (which then sorts every
   * match), so it walks the sort order's index and stops at the page's end; with few matches (`narrow`), sorting them is
   * cheaper than walking the index. Either way the rows and their order are the same. */
  fts: 'none' | 'broad' | 'narrow';
  archived: boolean;
  sort: StudentSort;
  direction: SortDirection;
}

/** The students a filter selects, in its sort order: the one query behind the students list and its export. */
function studentsInOrder(db: Kysely<Database> | Db, shape: ListShape, fts: string) {
  let q = searched(db, shape.fts, fts);
  if (!shape.archived) q = q.where('students.archived_at', 'is', null);
  const rows = q.select(LISTED);
  const up = shape.direction === 'desc' ? 'desc' : 'asc';
  const down = shape.direction === 'desc' ? 'asc' : 'desc';
  switch (shape.sort) {
    case 'reference':
      return rows.orderBy('reference', up);
    case 'dateOfBirth':
      return rows.orderBy('date_of_birth', up).orderBy('id', up);
    case 'recent':
      return rows.orderBy('id', down);
    default:
      return rows.orderBy('surname', up).orderBy('first_name', up).orderBy('id', up);
  }
}

type StudentRow = Awaited<ReturnType<ReturnType<typeof studentsInOrder>['execute']>>[number];

function toSummary(r: StudentRow): StudentSummary {
  return {
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
  };
}

/** The count of matches, up to a limit (one query per shape: with or without search words, archived records or not). */
const countQuery = byShape((shape: { fts: boolean; archived: boolean }) =>
  reusableQuery((db, fts: string, limit: number) => {
    let counted = db.selectFrom('students').select(sql<number>`1`.as('one'));
    if (shape.fts) counted = counted.where(engineOf(db) === 'postgres' ? matchesTsQuery(fts) : ftsMatch('narrow', fts));
    if (!shape.archived) counted = counted.where('students.archived_at', 'is', null);
    return db.selectFrom(counted.limit(limit).as('m')).select((eb) => eb.fn.countAll<number>().as('n'));
  }),
);

/** A page of matches in the chosen order (compiled once per shape). */
const pageQuery = byShape((shape: ListShape) => reusableQuery((db, fts: string, limit: number, offset: number) => studentsInOrder(db, shape, fts).limit(limit).offset(offset)));

/**
 * One page of matches in the chosen order, without sorting or counting every match: a search as you type that matches
 * thousands ("s") counts only up to the limit and reads its page by walking the sort order's index, stopping at the
 * page's end; a narrow one (a few hundred or fewer) sorts just its matches.
 */
export async function searchStudents(db: Db, input: StudentFilter & { page: number; pageSize: number }): Promise<StudentPage> {
  const fts = searchWords(db, input.query);
  const offset = (input.page - 1) * input.pageSize;
  const countUpTo = Math.max(SEARCH_COUNT_LIMIT, offset + input.pageSize);

  // Count by streaming the full-text matches (rowid order) and stopping one past the limit.
  const [{ n }] = await countQuery({ fts: !!fts, archived: input.includeArchived })(db, fts ?? '', countUpTo + 1);
  const more = Number(n) > countUpTo;
  const found = await pageQuery({ fts: fts ? (more ? 'broad' : 'narrow') : 'none', archived: input.includeArchived, sort: input.sort, direction: input.direction ?? 'asc' })(db, fts ?? '', input.pageSize, offset);
  return {
    rows: found.map(toSummary),
    total: more ? countUpTo : Number(n),
    more,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** Every student the search would show for a filter, page after page, in the same order (a list export). */
export async function allStudents(db: Db, input: StudentFilter): Promise<StudentSummary[]> {
  const fts = searchWords(db, input.query);
  return (await studentsInOrder(db, { fts: fts ? 'narrow' : 'none', archived: input.includeArchived, sort: input.sort, direction: input.direction ?? 'asc' }, fts ?? '').execute()).map(toSummary);
}

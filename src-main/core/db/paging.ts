// One page of a list, sorted and paged in SQL: the sort name is looked up in the list's own whitelist of columns, ties are
// broken by id so a row never appears on two pages, and the whole list is counted once.
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { SortDirection } from '../../contract/lists';
import type { Db } from '../api/handlers';
import { escapeLike, likeCaseless } from './dialect';

/** A column to sort on: a column reference written in the code ('c.title'), or an expression (`sql\`lower(x)\``). */
export type SortKey = string | Expression<unknown>;

export interface PageRequest<S extends string> {
  sort: S;
  direction: SortDirection;
  page: number;
  pageSize: number;
}

const key = (k: SortKey) => (typeof k === 'string' ? sql.ref(k) : k);

/** A list's query in the order asked for: the same ordering for its pages and for its export. */
export function inOrder<DB, TB extends keyof DB, O, S extends string>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: Record<S, SortKey | readonly SortKey[]>,
  tiebreak: string,
  req: { sort: S; direction: SortDirection },
): SelectQueryBuilder<DB, TB, O> {
  const columns = order[req.sort];
  if (columns === undefined) throw new Error(`No such sort: ${String(req.sort)}`);
  const dir = req.direction === 'desc' ? sql`desc` : sql`asc`;
  let q = query;
  for (const c of Array.isArray(columns) ? columns : [columns]) {
    // NULLs (no date yet, no venue) go to the end whichever way the list is sorted. Written as NULLS LAST, not as
    // `x is null` first: PostgreSQL lets ORDER BY name a select's own alias (a count worked out per row) only bare.
    q = q.orderBy(sql`${key(c as SortKey)} ${dir} nulls last`);
  }
  return q.orderBy(sql`${sql.ref(tiebreak)} ${dir}`);
}

/**
 * `order` maps each sort name the contract allows to one or more columns (sorted in the asked direction, NULLs last);
 * `tiebreak` is the row's id column, always last. A page past the end is empty.
 */
export async function pageOf<DB, TB extends keyof DB, O, S extends string>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
  order: Record<S, SortKey | readonly SortKey[]>,
  tiebreak: string,
  req: PageRequest<S>,
): Promise<{ rows: O[]; total: number; page: number; pageSize: number }> {
  const counted = await sql<{ n: number }>`select count(*) as n from (${query}) as list_rows`.execute(db);
  const total = Number(counted.rows[0]?.n ?? 0);
  // A page past the end is empty (not the last page again): a caller reading page after page stops there.
  const rows = await inOrder(query, order, tiebreak, req)
    .limit(req.pageSize)
    .offset((req.page - 1) * req.pageSize)
    .execute();
  return { rows, total, page: req.page, pageSize: req.pageSize };
}

/**
 * A sort key that ignores the case of ASCII letters (`Smith` beside `smith`), in the same order on both engines: what
 * SQLite's `collate nocase` gives (code point order with A–Z folded). `lower` folds only ASCII letters on SQLite, and on
 * PostgreSQL under the "C" collation every app text column has; an ICU case-insensitive collation would sort by the
 * Unicode collation algorithm instead (É beside E), so the two engines' lists would differ.
 */
export function caseless(column: string): Expression<string> {
  return sql<string>`lower(${sql.ref(column)})`;
}

/** A list's search box: every word typed appears in one of `columns` (columns named in the code, never by the renderer). */
export function containsText(db: Db, columns: readonly string[], text: string): Expression<SqlBool> {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return sql<SqlBool>`1 = 1`;
  const one = (w: string) => sql.join(columns.map((c) => likeCaseless(db, sql<string>`coalesce(${sql.ref(c)}, '')`, `%${escapeLike(w)}%`)), sql` OR `);
  return sql<SqlBool>`(${sql.join(words.map((w) => sql`(${one(w)})`), sql` AND `)})`;
}

/**
 * One page of a list that a rule works out in code rather than in SQL (the questionnaires due: their windows are date
 * arithmetic in `outcomes`, written once). The same contract as `pageOf`: whitelisted sort keys, ties by `id`.
 */
export function pageInMemory<T, S extends string>(
  all: readonly T[],
  order: Record<S, (row: T) => string | number | null>,
  tiebreak: (row: T) => string | number,
  req: PageRequest<S>,
): { rows: T[]; total: number; page: number; pageSize: number } {
  const keyOf = order[req.sort];
  const sign = req.direction === 'desc' ? -1 : 1;
  const cmp = (a: string | number | null, b: string | number | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : typeof a === 'string' && typeof b === 'string' ? sign * a.localeCompare(b, 'en-GB', { sensitivity: 'base' }) || sign * (a < b ? -1 : 1) : sign * (a < b ? -1 : 1);
  const sorted = [...all].sort((x, y) => cmp(keyOf(x), keyOf(y)) || cmp(tiebreak(x), tiebreak(y)));
  return { rows: sorted.slice((req.page - 1) * req.pageSize, req.page * req.pageSize), total: sorted.length, page: req.page, pageSize: req.pageSize };
}

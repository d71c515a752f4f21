// Reading a table's rows in primary-key order, a page at a time, as canonical lines: what the export writes and what an
// import's check recomputes from the database it filled, with the same code so the two can only agree if the rows do.
import { sql } from 'kysely';
import type { AnyDb, TableShape } from './catalogue';
import { canonicalValue, TableDigest } from './format';

const PAGE = 2000;

export interface ScanOptions {
  /** Columns in this order (an export's manifest), rather than the table's own. */
  columns?: string[];
  signal?: AbortSignal;
  /** After each page, with the rows read so far. */
  onPage?: (rows: number) => void;
}

/**
 * Every row of `table` as its canonical line, in primary-key order. Pages follow the key (`(a, b) > (…)`, which both
 * engines understand) so a large table is not re-read from its start for each page. Run it inside one transaction for
 * a consistent snapshot.
 */
export async function* tableLines(db: AnyDb, table: TableShape, options: ScanOptions = {}): AsyncGenerator<string> {
  const columns = options.columns ?? table.columns;
  const key = table.primaryKey;
  const keyAt = key.map((k) => columns.indexOf(k));
  if (keyAt.some((i) => i < 0)) throw new Error(`The table ${table.name} has no column ${key[keyAt.findIndex((i) => i < 0)]} in the export.`);
  let after: unknown[] | null = null;
  let offset = 0;
  let read = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let q = db.selectFrom(table.name).select(columns.map((c) => sql.ref(c).as(c)));
    if (key.length > 0) {
      if (after) {
        const last = after;
        q = q.where(sql<boolean>`(${sql.join(key.map((k) => sql.ref(k)))}) > (${sql.join(last)})`);
      }
      for (const k of key) q = q.orderBy(sql.ref(k));
    } else {
      // No key (no table of the app today): every column orders it, and pages are counted.
      for (const c of columns) q = q.orderBy(sql.ref(c));
      q = q.offset(offset);
    }
    const rows = (await q.limit(PAGE).execute()) as Record<string, unknown>[];
    for (const row of rows) {
      yield JSON.stringify(columns.map((c) => canonicalValue(row[c], () => `The column ${c} of the table ${table.name}`)));
    }
    read += rows.length;
    options.onPage?.(read);
    if (rows.length < PAGE) return;
    const lastRow = rows[rows.length - 1];
    after = key.map((k) => lastRow[k]);
    offset += rows.length;
  }
}

/** A table's row count and checksum as the database holds it now. */
export async function tableDigest(db: AnyDb, table: TableShape, options: ScanOptions = {}): Promise<{ rows: number; sha256: string }> {
  const digest = new TableDigest();
  for await (const line of tableLines(db, table, options)) digest.add(line);
  return { rows: digest.rows, sha256: digest.digest() };
}

// The portable export's one engine-specific file: what tables, columns, keys and links a database has (SQLite's
// pragmas, PostgreSQL's catalogue), and the two steps of an import that differ by engine (putting off SQLite's
// foreign-key checks to the commit, moving PostgreSQL's id sequences past the copied ids).
import { sql, type Kysely } from 'kysely';
import { MIGRATION_TABLE } from '../migrate';
import { engineOf } from '../dialect';
import { serialiseWrites } from '../postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the export copies whatever tables the schema has
export type AnyDb = Kysely<any>;

export interface TableShape {
  name: string;
  /** In the database's own order. */
  columns: string[];
  /** The primary key's columns in key order; [] when the table has none (then rows are ordered by every column). */
  primaryKey: string[];
  /** Tables this one refers to (its foreign keys), itself excluded. */
  refersTo: string[];
  /** PostgreSQL only: each column's type as SQL (`bigint`, `text`, `bytea`), for inserting a batch as arrays. */
  types?: Record<string, string>;
}

/** Migration bookkeeping: each database keeps its own. */
const BOOKKEEPING = new Set([MIGRATION_TABLE, 'kysely_migration_lock']);

/**
 * Tables that belong to one desk, not the college, so they stay behind: the per-desk sign-in limit (a desk's own
 * window of failed attempts, keyed by the desk's name).
 */
export const PER_DESK_TABLES: ReadonlySet<string> = new Set(['sign_in_desks']);

/**
 * Tables a new database fills in itself (reference data the migrations ship, the counters, the audit chain's head):
 * an import replaces their rows with the export's, and they do not make a database count as "in use".
 * test/db/move-to-server.test.ts checks that a new database of either engine has rows in no other table.
 */
export const SEEDED_TABLES: ReadonlySet<string> = new Set(['bank_holidays', 'mileage_rates', 'benefit_limits', 'counters', 'audit_chain_head']);

/**
 * The college's tables, in an order that puts every table after the tables it refers to. Generated columns (computed
 * by the database, e.g. for search) are left out: they are remade from the others, never copied.
 */
export async function collegeTables(db: AnyDb): Promise<TableShape[]> {
  const all = engineOf(db) === 'postgres' ? await postgresTables(db) : await sqliteTables(db);
  return referencedFirst(all.filter((t) => !BOOKKEEPING.has(t.name) && !PER_DESK_TABLES.has(t.name)));
}

// ── SQLite ──

async function sqliteTables(db: AnyDb): Promise<TableShape[]> {
  // FTS5 tables (and their shadow tables) are an index over other tables, kept by triggers: rebuilt, never copied.
  const fts = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`.execute(db)).rows.map((r) => r.name);
  const isFts = (name: string) => fts.some((f) => name === f || name.startsWith(`${f}_`));
  const names = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`.execute(db)).rows
    .map((r) => r.name)
    .filter((n) => !isFts(n));
  const shapes: TableShape[] = [];
  for (const name of names) {
    const info = (await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${name}) order by cid`.execute(db)).rows;
    const links = (await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(db)).rows;
    shapes.push({
      name,
      columns: info.map((c) => c.name),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      refersTo: [...new Set(links.map((l) => l.table))].filter((t) => t !== name),
    });
  }
  return shapes;
}

// ── PostgreSQL ──

async function postgresTables(db: AnyDb): Promise<TableShape[]> {
  const columns = (
    await sql<{ table: string; column: string; type: string }>`
      select c.relname as "table", a.attname as "column", format_type(a.atttypid, a.atttypmod) as type
      from pg_class c join pg_attribute a on a.attrelid = c.oid
      where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        and a.attgenerated = ''
      order by c.relname, a.attnum`.execute(db)
  ).rows;
  const keys = (
    await sql<{ table: string; column: string }>`
      select c.relname as "table", a.attname as "column"
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      cross join lateral unnest(k.conkey) with ordinality as u(attnum, position)
      join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
      where k.contype = 'p' and c.relnamespace = current_schema()::regnamespace
      order by c.relname, u.position`.execute(db)
  ).rows;
  const links = (
    await sql<{ table: string; target: string }>`
      select c.relname as "table", t.relname as target
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class t on t.oid = k.confrelid
      where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace`.execute(db)
  ).rows;
  const byName = new Map<string, TableShape>();
  for (const { table, column, type } of columns) {
    let shape = byName.get(table);
    if (!shape) byName.set(table, (shape = { name: table, columns: [], primaryKey: [], refersTo: [], types: {} }));
    shape.columns.push(column);
    shape.types![column] = type;
  }
  for (const { table, column } of keys) byName.get(table)?.primaryKey.push(column);
  for (const { table, target } of links) {
    const shape = byName.get(table);
    if (shape && target !== table && !shape.refersTo.includes(target)) shape.refersTo.push(target);
  }
  return [...byName.values()];
}

/**
 * Before an import's first insert. SQLite: foreign keys are checked at the commit instead of row by row (the import's
 * order already satisfies them; this only keeps a table that refers to itself from mattering). PostgreSQL's keys are
 * not deferrable, so there the import relies on the order alone; it holds the server's write lock, so a desk that
 * connects meanwhile (and, say, sets up a first manager) waits and then finds the college's data there.
 */
export async function beforeImport(trx: AnyDb): Promise<void> {
  if (engineOf(trx) === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
  else await serialiseWrites(trx);
}

/** Rows per insert statement: PostgreSQL takes a batch as one array per column, SQLite as values within its parameter limit (32,766). */
export function rowsPerInsert(trx: AnyDb, columns: number): number {
  return engineOf(trx) === 'postgres' ? 5000 : Math.max(1, Math.min(1000, Math.floor(30_000 / columns)));
}

/**
 * Inserts a batch of rows (values in `columns` order). PostgreSQL: `insert … select * from unnest($1::bigint[], …)`,
 * one parameter per column however many rows, which the server parses once per batch (several times faster than
 * a VALUES list of thousands of parameters).
 */
export async function insertRows(trx: AnyDb, table: TableShape, columns: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  if (engineOf(trx) === 'postgres' && table.types) {
    const arrays = columns.map((c, i) => sql`${rows.map((r) => r[i])}::${sql.raw(`${table.types![c]}[]`)}`);
    await sql`insert into ${sql.table(table.name)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(trx);
    return;
  }
  await trx
    .insertInto(table.name)
    .values(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))))
    .execute();
}

/**
 * After an import's inserts. PostgreSQL: each identity column's sequence is moved past the copied ids, so the next
 * student added on the server gets the next id, not one the desk already used. SQLite needs nothing: an
 * `autoincrement` id follows the largest id in the table (and sqlite_sequence, which its inserts keep).
 */
export async function afterImport(trx: AnyDb): Promise<void> {
  if (engineOf(trx) !== 'postgres') return;
  const identities = (
    await sql<{ table: string; column: string }>`
      select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(trx)
  ).rows;
  for (const { table, column } of identities) {
    // setval(…, max, true): the next value is max + 1; an empty table's sequence is left to start at 1.
    await sql`
      select setval(pg_get_serial_sequence(${table}, ${column}), m) from (select max(${sql.ref(column)}) as m from ${sql.table(table)}) x where m is not null
    `.execute(trx);
  }
}

/** The migrations a database has had, newest last; [] for one without the app's bookkeeping. */
export async function schemaVersion(db: AnyDb): Promise<string | null> {
  const exists =
    engineOf(db) === 'postgres'
      ? (await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name = ${MIGRATION_TABLE}`.execute(db)).rows[0].n > 0
      : (await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(db)).rows[0].n > 0;
  if (!exists) return null;
  const last = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name', 'desc').limit(1).executeTakeFirst();
  return (last?.name as string | undefined) ?? null;
}

/** Tables ordered so each comes after every table it refers to (ties by name, so the order is the same on both engines). */
function referencedFirst(tables: TableShape[]): TableShape[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Set<string>();
  const order: TableShape[] = [];
  const visit = (t: TableShape, path: Set<string>) => {
    if (placed.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const r of [...t.refersTo].sort()) {
      const target = byName.get(r);
      if (target) visit(target, path);
    }
    path.delete(t.name);
    placed.add(t.name);
    order.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) visit(t, new Set());
  return order;
}

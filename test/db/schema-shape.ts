// The logical shape of a migrated database, read from SQLite (pragmas, sqlite_master) or PostgreSQL (information_schema,
// pg_catalog) into one form, so the two engines' schemas can be compared: tables, columns with logical types,
// nullability, defaults and identity, primary keys, unique constraints, foreign keys, indexes, CHECKs and triggers.
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export interface ColumnShape {
  name: string;
  /** Logical: integer, text, bytes, real. */
  type: string;
  notNull: boolean;
  /** The default as written, without PostgreSQL's `::type` casts; null for none. */
  default: string | null;
  /** An id the database hands out (SQLite AUTOINCREMENT, PostgreSQL identity). */
  generated: boolean;
  /** How a text column compares and sorts: `binary` (code point: SQLite's default, PostgreSQL's "C"), or what else. */
  collation: string | null;
}

export interface TableShape {
  columns: ColumnShape[];
  primaryKey: string[];
  /** Each unique constraint's columns, "a, b"; sorted. */
  unique: string[];
  /** "col -> table(col)", with any ON DELETE/UPDATE action; sorted. */
  foreignKeys: string[];
  /** Indexes created by name (not those behind a key or unique constraint): "name [unique] (a, b)"; sorted. */
  indexes: string[];
  /** Each CHECK as the columns it reads and the constants it names (operators are spelled differently); sorted. */
  checks: string[];
  triggers: string[];
}

export type SchemaShape = Record<string, TableShape>;

/** What each engine has for itself, left out of the comparison (say why, here). */
export const ENGINE_ONLY = {
  // Student search, which each engine does its own way for the same results (test/db/search-engines.test.ts):
  // SQLite's FTS5 table (and the shadow tables FTS5 makes), kept in step by triggers; PostgreSQL's GIN index over the
  // words of each row (migration 0014), which needs neither.
  sqliteTables: /^students_fts($|_)/,
  sqliteTriggers: /^students_fts_/,
  postgresIndexes: /^students_search_words$/,
  // Kysely's migration bookkeeping, made by the runner with Kysely's own DDL on both engines: its names are ASCII
  // migration names, so how the server's default collation sorts them does not matter.
  collationExempt: /^kysely_migration/,
};

const TYPES: Record<string, string> = {
  integer: 'integer',
  int: 'integer',
  bigint: 'integer',
  smallint: 'integer',
  text: 'text',
  'character varying': 'text',
  varchar: 'text',
  blob: 'bytes',
  bytea: 'bytes',
  real: 'real',
  'double precision': 'real',
};

function logicalType(declared: string): string {
  const base = declared.toLowerCase().replace(/\(.*\)$/, '').trim();
  return TYPES[base] ?? `unknown(${declared})`;
}

function normaliseDefault(d: string | null): string | null {
  if (d === null) return null;
  // PostgreSQL writes `'open'::text`, `(0)::bigint`; SQLite writes `'open'`, `0`.
  return d.replace(/::[a-z ]+(\[\])?/gi, '').replace(/^\((.*)\)$/, '$1');
}

/** The columns a CHECK reads and the constants it names, with string literals and casts set aside first. */
function checkSignature(expression: string, columns: string[]): string {
  const strings = [...expression.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]);
  const rest = expression.replace(/'((?:[^']|'')*)'/g, ' ').replace(/::[a-z ]+(\[\])?/gi, ' ');
  const numbers = [...rest.matchAll(/(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g)].map((m) => m[0]);
  const words = new Set([...rest.matchAll(/"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? m[2]));
  const reads = columns.filter((c) => words.has(c)).sort();
  const constants = [...strings.map((s) => `'${s}'`), ...numbers].sort();
  return `reads ${reads.join(', ')}: ${constants.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------------------- SQLite

export function sqliteShape(db: BetterSqlite3.Database): SchemaShape {
  const tables = db
    .prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string; sql: string }[];
  const shape: SchemaShape = {};
  for (const { name, sql } of tables) {
    if (ENGINE_ONLY.sqliteTables.test(name)) continue;
    const info = db.prepare(`select * from pragma_table_info(?) order by cid`).all(name) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const definitions = splitTopLevel(sql.slice(sql.indexOf('(') + 1, sql.lastIndexOf(')')));
    const autoincrement = new Set(
      definitions.filter((d) => /\bautoincrement\b/i.test(d)).map((d) => (d.match(/^"([^"]+)"|^(\w+)/) ?? [])[1] ?? ''),
    );
    const collations = new Map(
      definitions.map((d) => [(d.match(/^"([^"]+)"|^(\w+)/) ?? [])[1] ?? '', (d.match(/\bcollate\s+"?(\w+)"?/i)?.[1] ?? 'binary').toLowerCase()]),
    );
    const columns = info.map((c) => ({
      name: c.name,
      type: logicalType(c.type),
      // SQLite lets a non-integer primary key hold NULL (a documented old quirk); the app never stores one there, and
      // PostgreSQL forbids it, so a key column counts as NOT NULL.
      notNull: c.notnull === 1 || c.pk > 0,
      default: normaliseDefault(c.dflt_value),
      generated: autoincrement.has(c.name),
      collation: logicalType(c.type) === 'text' && !ENGINE_ONLY.collationExempt.test(name) ? (collations.get(c.name) ?? 'binary') : null,
    }));
    const names = columns.map((c) => c.name);
    const primaryKey = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);

    const indexList = db.prepare('select * from pragma_index_list(?)').all(name) as { name: string; unique: number; origin: string; partial: number }[];
    const indexColumns = (index: string) =>
      (db.prepare('select name from pragma_index_info(?) order by seqno').all(index) as { name: string }[]).map((r) => r.name);
    const unique = indexList.filter((i) => i.origin === 'u').map((i) => indexColumns(i.name).join(', ')).sort();
    const indexes = indexList
      .filter((i) => i.origin === 'c')
      .map((i) => `${i.name}${i.unique ? ' unique' : ''}${i.partial ? ' partial' : ''} (${indexColumns(i.name).join(', ')})`)
      .sort();

    const fkRows = db.prepare('select * from pragma_foreign_key_list(?) order by id, seq').all(name) as {
      id: number;
      table: string;
      from: string;
      to: string;
      on_update: string;
      on_delete: string;
    }[];
    const byId = new Map<number, typeof fkRows>();
    for (const r of fkRows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
    const foreignKeys = [...byId.values()]
      .map((rs) => foreignKey(rs.map((r) => r.from), rs[0].table, rs.map((r) => r.to), rs[0].on_delete, rs[0].on_update))
      .sort();

    const checks = definitions.flatMap((d) => checkBodies(d)).map((body) => checkSignature(body, names)).sort();
    const triggers = (db.prepare("select name from sqlite_master where type = 'trigger' and tbl_name = ? order by name").all(name) as { name: string }[])
      .map((r) => r.name)
      .filter((t) => !ENGINE_ONLY.sqliteTriggers.test(t));
    shape[name] = { columns, primaryKey, unique, foreignKeys, indexes, checks, triggers };
  }
  return shape;
}

function foreignKey(from: string[], table: string, to: string[], onDelete: string, onUpdate: string): string {
  const actions = [onDelete !== 'NO ACTION' ? ` on delete ${onDelete.toLowerCase()}` : '', onUpdate !== 'NO ACTION' ? ` on update ${onUpdate.toLowerCase()}` : ''];
  return `${from.join(', ')} -> ${table}(${to.join(', ')})${actions.join('')}`;
}

/** Splits a CREATE TABLE body at the commas between its column and constraint definitions. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** The expressions of every `check (…)` in one definition. */
function checkBodies(definition: string): string[] {
  const bodies: string[] = [];
  const re = /\bcheck\s*\(/gi;
  for (let m = re.exec(definition); m; m = re.exec(definition)) {
    let depth = 1;
    let quote = false;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < definition.length && depth > 0; i++) {
      const ch = definition[i];
      if (ch === "'") quote = !quote;
      else if (!quote && ch === '(') depth++;
      else if (!quote && ch === ')') depth--;
    }
    bodies.push(definition.slice(start, i - 1));
  }
  return bodies;
}

// ------------------------------------------------------------------------------------------------------ PostgreSQL

const PG_ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** The shape of the connection's current schema. */
export async function postgresShape(client: pg.ClientBase): Promise<SchemaShape> {
  const q = async <R extends pg.QueryResultRow>(text: string): Promise<R[]> => (await client.query<R>(text)).rows;
  const tables = await q<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
  );
  const columns = await q<{ table: string; name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string; collation_name: string | null }>(
    `select table_name as table, column_name as name, data_type, is_nullable, column_default, is_identity, collation_name
     from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`,
  );
  // Column lists in key order, for constraints and indexes.
  const constraints = await q<{ table: string; type: string; columns: string[]; ref_table: string | null; ref_columns: string[] | null; on_delete: string; on_update: string; def: string }>(
    `select t.relname as table, c.contype as type,
       array(select a.attname from unnest(c.conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o)::text[] as columns,
       r.relname as ref_table,
       array(select a.attname from unnest(c.confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o)::text[] as ref_columns,
       c.confdeltype as on_delete, c.confupdtype as on_update, pg_get_constraintdef(c.oid) as def
     from pg_constraint c join pg_class t on t.oid = c.conrelid left join pg_class r on r.oid = c.confrelid
     where t.relnamespace = (select oid from pg_namespace where nspname = current_schema())`,
  );
  const indexes = await q<{ table: string; name: string; unique: boolean; partial: boolean; columns: string[] }>(
    `select t.relname as table, ic.relname as name, i.indisunique as unique, i.indpred is not null as partial,
       array(select a.attname from unnest(i.indkey::int2[]) with ordinality k(n, o) join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n order by k.o)::text[] as columns
     from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
     where t.relnamespace = (select oid from pg_namespace where nspname = current_schema())
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))`,
  );
  const triggers = await q<{ table: string; name: string }>(
    `select t.relname as table, g.tgname as name from pg_trigger g join pg_class t on t.oid = g.tgrelid
     where t.relnamespace = (select oid from pg_namespace where nspname = current_schema()) and not g.tgisinternal`,
  );

  const shape: SchemaShape = {};
  for (const { name } of tables) {
    const cols = columns
      .filter((c) => c.table === name)
      .map((c) => ({
        name: c.name,
        type: logicalType(c.data_type),
        notNull: c.is_nullable === 'NO',
        default: normaliseDefault(c.column_default),
        generated: c.is_identity === 'YES',
        collation:
          logicalType(c.data_type) === 'text' && !ENGINE_ONLY.collationExempt.test(name)
            ? c.collation_name === 'C' || c.collation_name === 'POSIX'
              ? 'binary'
              : (c.collation_name ?? "the database's default")
            : null,
      }));
    const names = cols.map((c) => c.name);
    const mine = constraints.filter((c) => c.table === name);
    shape[name] = {
      columns: cols,
      primaryKey: mine.find((c) => c.type === 'p')?.columns ?? [],
      unique: mine.filter((c) => c.type === 'u').map((c) => c.columns.join(', ')).sort(),
      foreignKeys: mine
        .filter((c) => c.type === 'f')
        .map((c) => foreignKey(c.columns, c.ref_table ?? '?', c.ref_columns ?? [], PG_ACTIONS[c.on_delete], PG_ACTIONS[c.on_update]))
        .sort(),
      indexes: indexes
        .filter((i) => i.table === name && !ENGINE_ONLY.postgresIndexes.test(i.name))
        .map((i) => `${i.name}${i.unique ? ' unique' : ''}${i.partial ? ' partial' : ''} (${i.columns.join(', ')})`)
        .sort(),
      checks: mine
        .filter((c) => c.type === 'c')
        .map((c) => checkSignature(c.def.replace(/^CHECK\s*/i, ''), names))
        .sort(),
      triggers: triggers.filter((t) => t.table === name).map((t) => t.name).sort(),
    };
  }
  return shape;
}

// ------------------------------------------------------------------------------------------------------ comparison

/** Every difference, one readable line each naming the table (and column); empty when the shapes are the same. */
export function compareShapes(a: SchemaShape, b: SchemaShape, names: [string, string] = ['sqlite', 'postgres']): string[] {
  const [an, bn] = names;
  const out: string[] = [];
  for (const t of Object.keys(a).filter((t) => !(t in b))) out.push(`table ${t}: only on ${an}`);
  for (const t of Object.keys(b).filter((t) => !(t in a))) out.push(`table ${t}: only on ${bn}`);
  for (const t of Object.keys(a).filter((t) => t in b).sort()) {
    const ta = a[t];
    const tb = b[t];
    const colsA = new Map(ta.columns.map((c) => [c.name, c]));
    const colsB = new Map(tb.columns.map((c) => [c.name, c]));
    for (const c of ta.columns.filter((c) => !colsB.has(c.name))) out.push(`table ${t}: column ${c.name} only on ${an}`);
    for (const c of tb.columns.filter((c) => !colsA.has(c.name))) out.push(`table ${t}: column ${c.name} only on ${bn}`);
    for (const ca of ta.columns) {
      const cb = colsB.get(ca.name);
      if (!cb) continue;
      for (const key of ['type', 'notNull', 'default', 'generated', 'collation'] as const) {
        if (ca[key] !== cb[key]) out.push(`table ${t}: column ${ca.name}: ${key} ${JSON.stringify(ca[key])} on ${an}, ${JSON.stringify(cb[key])} on ${bn}`);
      }
    }
    const orderA = ta.columns.map((c) => c.name).filter((c) => colsB.has(c));
    const orderB = tb.columns.map((c) => c.name).filter((c) => colsA.has(c));
    if (orderA.join() !== orderB.join()) out.push(`table ${t}: column order (${orderA.join(', ')}) on ${an}, (${orderB.join(', ')}) on ${bn}`);
    if (ta.primaryKey.join() !== tb.primaryKey.join()) {
      out.push(`table ${t}: primary key (${ta.primaryKey.join(', ')}) on ${an}, (${tb.primaryKey.join(', ')}) on ${bn}`);
    }
    for (const key of ['unique', 'foreignKeys', 'indexes', 'checks', 'triggers'] as const) {
      const label = { unique: 'unique', foreignKeys: 'foreign key', indexes: 'index', checks: 'check', triggers: 'trigger' }[key];
      for (const x of ta[key].filter((x) => !tb[key].includes(x))) out.push(`table ${t}: ${label} ${x} only on ${an}`);
      for (const x of tb[key].filter((x) => !ta[key].includes(x))) out.push(`table ${t}: ${label} ${x} only on ${bn}`);
    }
  }
  return out;
}

// Migration 0014 (student search on the server): a desk's SQLite file is left as it was (its FTS5 search dates from
// 0001); a server database taken from 0013 to 0014 with students already in it finds them by the words of their names
// and numbers, from an index the search query really uses, and the desks' own role can add and search students.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, sql, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';
import { down as down0014 } from '../../db/migrations/0014_server_search';
import { runMigrations } from '../../src-main/core/db/migrate';
import { createPostgresPool, openPostgres, POSTGRES_MIGRATE, postgresKysely } from '../../src-main/core/db/postgres';
import { setUpServer } from '../../src-main/core/db/postgres-setup';
import type { Database } from '../../src-main/core/db/schema';
import { searchStudents } from '../../src-main/core/students/search';
import { matchesTsQuery } from '../../src-main/core/students/search-postgres';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';

failWithoutPostgresInCI();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are tested without today's schema types
type AnyDb = Kysely<any>;

const AT = '2025-01-01T00:00:00Z';
const student = (reference: string, first_name: string, surname: string, nhs_number: string | null = null) => ({
  reference,
  first_name,
  surname,
  nhs_number,
  date_of_birth: '1990-01-01',
  referral_source: 'self',
  secondary_mh_services: 'no',
  ethnic_category: 'Z',
  gender_identity: 'Z',
  employment_status: 'ZZ',
  created_at: AT,
  updated_at: AT,
});
const found = async (db: AnyDb, query: string) =>
  (await searchStudents(db as Kysely<Database>, { query, sort: 'surname', includeArchived: true, page: 1, pageSize: 25 })).rows.map((r) => r.reference);

/** Every migration up to and including `name`. */
function through(name: string): Record<string, Migration> {
  const names = Object.keys(migrations);
  return Object.fromEntries(names.slice(0, names.indexOf(name) + 1).map((n) => [n, migrations[n]]));
}

describe('on a desk’s SQLite file', () => {
  let dir: string;
  let db: AnyDb;
  let sqlite: BetterSqlite3.Database;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig14-'));
    sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
    db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('changes nothing: the schema is the same before and after, up and down, and search finds the same students', async () => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0013_claim_hands')).error).toBeUndefined();
    await db.insertInto('students').values(student('RC-000001', 'Zoë', "O'Brien", '9434765919')).execute();
    const schema = () => sqlite.prepare('select type, name, sql from sqlite_master order by name').all();
    const before = schema();
    const searchedBefore = [await found(db, 'zoe'), await found(db, 'brien'), await found(db, '943 476')];
    expect(searchedBefore).toEqual([['RC-000001'], ['RC-000001'], ['RC-000001']]);

    expect((await migrator.migrateTo('0014_server_search')).error).toBeUndefined();
    expect(schema()).toEqual(before);
    expect([await found(db, 'zoe'), await found(db, 'brien'), await found(db, '943 476')]).toEqual(searchedBefore);

    expect((await migrator.migrateTo('0013_claim_hands')).error).toBeUndefined();
    expect(schema()).toEqual(before);
  });
});

const drop: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of drop.reverse()) await fn();
});
async function fresh(): Promise<FreshDatabase> {
  const d = await freshPostgresDatabase();
  drop.push(() => d.drop());
  return d;
}

// Skipped only when RCD_TEST_POSTGRES_URL is unset, on a developer's machine without a PostgreSQL server (README:
// "Tests against PostgreSQL"); in CI failWithoutPostgresInCI() above fails instead, so CI never skips these.
describe.skipIf(!POSTGRES_URL)('on the college’s PostgreSQL server', () => {
  it('indexes the students already there, and the search reads that index', async () => {
    const server = await fresh();
    const db: AnyDb = postgresKysely(createPostgresPool(server.url));
    try {
      expect(await runMigrations(db, through('0013_claim_hands'), POSTGRES_MIGRATE)).toContain('0013_claim_hands');
      await db.insertInto('students').values([student('RC-000001', 'Zoë', "O'Brien", '9434765919'), student('RC-000002', 'Anne-Marie', 'Smith')]).execute();

      expect(await runMigrations(db, migrations, POSTGRES_MIGRATE)).toEqual(['0014_server_search']);
      expect(await found(db, 'ZOE')).toEqual(['RC-000001']);
      expect(await found(db, 'marie')).toEqual(['RC-000002']);
      expect(await found(db, '943 476')).toEqual(['RC-000001']);
      expect(await found(db, '2')).toEqual(['RC-000002']);
      // Kept up to date by the server itself: a changed name is found by its new words only.
      await db.updateTable('students').set({ surname: 'Jones' }).where('reference', '=', 'RC-000002').execute();
      expect(await found(db, 'smith')).toEqual([]);
      expect(await found(db, 'jon')).toEqual(['RC-000002']);

      // The search's condition is the index's expression: told to avoid reading the whole table, the server uses it.
      const plan = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return sql<{ 'QUERY PLAN': string }>`explain select id from students where ${matchesTsQuery("'zo':*")}`.execute(trx);
      });
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('students_search_words');

      await db.transaction().execute((trx) => down0014(trx, 'postgres'));
      const left = await sql<{ n: number }>`select count(*) as n from pg_proc where proname = 'student_search_words'`.execute(db);
      expect(left.rows[0].n).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it('lets the desks’ own role add students and search them (the index’s function needs no grant)', async () => {
    const role = `rcd_desk_${randomBytes(3).toString('hex')}`;
    // Roles belong to the whole server: this one goes after its database (cleaned up in reverse order).
    drop.push(async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop role if exists ${role}`);
      } finally {
        await client.end();
      }
    });
    const server = await fresh();
    await setUpServer(server.url, { appRole: role, appPassword: 'desk password' });
    const asDesk = new URL(server.url);
    asDesk.username = role;
    asDesk.password = 'desk password';
    const desk = await openPostgres<unknown>(asDesk.toString());
    try {
      const db = desk.db as AnyDb;
      await db.insertInto('students').values(student('RC-000001', 'Siobhán', 'Ó Súilleabháin')).execute();
      expect(await found(db, 'siobhan suil')).toEqual(['RC-000001']);
    } finally {
      await desk.close();
    }
  });
});

// Search finds the same records on a desk's SQLite file and on the college's PostgreSQL server (issue 12): the same
// students, put into both, give the same ids in the same order for the same typing (names with accents, apostrophes and
// hyphens, any case, NHS and phone numbers typed with or without spaces, references); search everything and the lists'
// search boxes ignore case on both; the lists' case-insensitive sorts come out in the same order on both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';
import type { StudentSort } from '../../src-main/contract/students';
import { caseless, containsText, inOrder } from '../../src-main/core/db/paging';
import { runMigrations } from '../../src-main/core/db/migrate';
import { openPostgres, type OpenedServerDatabase } from '../../src-main/core/db/postgres';
import type { Database } from '../../src-main/core/db/schema';
import { anonymiseStudent } from '../../src-main/core/privacy/anonymise';
import { searchEverything } from '../../src-main/core/search/search';
import { allStudents, searchStudents } from '../../src-main/core/students/search';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';

failWithoutPostgresInCI();

const AT = '2026-01-05T10:00:00.000Z';

/** first name, surname, preferred name, NHS number, phone (as typed; its digits are stored beside it), archived. */
const STUDENTS: [string, string, string | null, string | null, string | null, boolean?][] = [
  ['Zoë', 'O’Brien', null, '9434765919', '07700 900123'],
  ['zoe', "O'Brien", 'Zed', null, null],
  ['ZOE', 'Obrien', null, '4010232137', '+44 7700 900456'],
  ['Anne-Marie', 'Smith-Jones', 'Annie', null, '0161 496 0000'],
  ['ÉMILE', 'Durand', null, '9876543210', null],
  ['Émilie', 'du Pré', null, null, null],
  ['Łukasz', 'Nowak', null, null, '07700-900-789'],
  ['Luke', 'Novak', null, null, null],
  ['Siobhán', 'Ó Súilleabháin', 'Shiv', null, null],
  ['Søren', 'Kierkegaard', null, null, null],
  ['Йосип', 'Иванов', null, null, null],
  ['jo', 'smith', 'Joanne', null, '01632 960001'],
  ['Jo', 'SMITH', null, '1234567881', null, true],
  ['Mary', "D'Arcy-O'Neil", 'Mo', null, null],
  ['Dawn', 'Ng', null, null, null],
];
/** Plenty of S surnames, so a broad search ("s") passes the exact-count limit and takes SQLite's "broad" path. */
const MANY = Array.from({ length: 130 }, (_, i) => [`Sam${i % 7}`, ['Shaw', 'Sharma', 'Stone', 'shah'][i % 4]] as const);

const SEARCHES = [
  'zoe', 'Zoë', 'ZOË', 'zo', 'o brien', "o'brien", 'O’Brien', 'obrien', 'brien', 'anne', 'anne-marie', 'marie smith', 'smith jones', 'annie',
  'emile', 'émile', 'EMIL', 'du pre', 'pré', 'łukasz', 'łu', 'lu', 'nov', 'siobhan', 'súil', 'suil', 'shiv', 'søren', 'soren', 'йос', 'ив',
  'jo', 'JO SMITH', 'smith', "d'arcy", 'arcy', 'oneil', 'neil', 'ng', 'n', 's', 'sam3 sha', 'SHAH',
  '943 476 5919', '9434765919', '943-476', '943', '4010 232', '07700 900', '07700900123', '447700', '0161 496', '01632',
  'RC-000001', 'rc-0000', 'rc', '000012', '12', '1', '7', 'x', '"', "'", '--', '   ', '',
];
const SORTS: StudentSort[] = ['surname', 'reference', 'dateOfBirth', 'recent'];

interface Engine {
  db: Kysely<Database>;
  close(): Promise<void>;
}

async function sqliteEngine(): Promise<Engine> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-search-engines-'));
  const handle = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  handle.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  await runMigrations(db, migrations);
  return {
    db,
    close: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same rows, in the same order, into either engine (ids come out the same). */
async function fill(db: Kysely<Database>): Promise<void> {
  await db.insertInto('staff').values([
    { username: 'manager', display_name: 'Ásta Jónsdóttir', role: 'manager', password_hash: 'x', created_at: AT },
    { username: 'bsmith', display_name: 'Bob SMITH', role: 'admin', password_hash: 'x', created_at: AT },
    { username: 'ada', display_name: 'ada lovelace', role: 'coordinator', password_hash: 'x', created_at: AT },
    { username: 'emile', display_name: 'Émile Zola', role: 'admin', password_hash: 'x', created_at: AT },
    { username: 'zed', display_name: 'Zed Zimmer', role: 'admin', password_hash: 'x', created_at: AT },
    { username: 'under', display_name: 'a_b Underscore', role: 'admin', password_hash: 'x', created_at: AT },
    { username: 'digit', display_name: 'a1 Digit', role: 'admin', password_hash: 'x', created_at: AT },
    { username: 'obrien', display_name: "O'Brien Staff", role: 'admin', password_hash: 'x', created_at: AT },
    { username: 'oakes', display_name: 'Oakes Staff', role: 'admin', password_hash: 'x', created_at: AT },
  ]).execute();
  const rows = [...STUDENTS, ...MANY.map(([f, s]) => [f, s, null, null, null] as (typeof STUDENTS)[number])];
  await db
    .insertInto('students')
    .values(
      rows.map(([first, surname, preferred, nhs, phone, archived], i) => ({
        reference: `RC-${String(i + 1).padStart(6, '0')}`,
        first_name: first,
        surname,
        preferred_name: preferred,
        nhs_number: nhs,
        phone,
        phone_digits: phone ? phone.replace(/\D/g, '') : null,
        // Some share a birthday, so ties are broken by id on both engines.
        date_of_birth: `19${70 + (i % 20)}-0${1 + (i % 3)}-1${i % 2}`,
        referral_source: 'self',
        secondary_mh_services: 'no',
        ethnic_category: 'Z',
        gender_identity: 'Z',
        employment_status: 'ZZ',
        archived_at: archived ? AT : null,
        created_at: AT,
        updated_at: AT,
      })),
    )
    .execute();
  await db.insertInto('payees').values([
    { name: 'ACME Travel', payment_method: 'cash', created_at: AT, updated_at: AT },
    { name: 'acme taxis', payment_method: 'cash', created_at: AT, updated_at: AT },
    { name: '100% Taxis', payment_method: 'voucher', created_at: AT, updated_at: AT },
    { name: 'Zeta_Cabs', payment_method: 'bank_transfer', email: 'ZETA@example.org', created_at: AT, updated_at: AT },
    { name: 'ÉCOLE Buses', payment_method: 'cash', created_at: AT, updated_at: AT },
  ]).execute();
  await db.insertInto('courses').values([
    { title: 'Managing Anxiety', sessions_count: 4, default_session_minutes: 120, default_capacity: 12, created_at: AT, updated_at: AT },
    { title: 'anxiety and sleep', sessions_count: 2, default_session_minutes: 120, default_capacity: 12, created_at: AT, updated_at: AT },
    { title: 'Understanding ANXIETY', sessions_count: 3, default_session_minutes: 120, default_capacity: 12, created_at: AT, updated_at: AT },
  ]).execute();
  await db.insertInto('terms').values([
    { name: 'Spring 2026', starts_on: '2026-01-05', ends_on: '2026-03-27', created_at: AT },
    { name: 'autumn 2025', starts_on: '2025-09-01', ends_on: '2025-12-19', created_at: AT },
  ]).execute();
  await db.insertInto('venues').values([{ name: 'Town HALL' }, { name: 'the library' }]).execute();
  await db.insertInto('course_runs').values([
    { course_id: 1, term_id: 1, venue_id: 1, capacity: 12, created_at: AT, updated_at: AT },
    { course_id: 2, term_id: 2, venue_id: 2, capacity: 12, created_at: AT, updated_at: AT },
    { course_id: 3, term_id: 1, venue_id: 2, capacity: 12, created_at: AT, updated_at: AT },
  ]).execute();
  await db.insertInto('claims').values([
    { reference: 'EXP-000123', payee_id: 1, status: 'draft', entered_by: 1, entered_at: AT, updated_at: AT },
    { reference: 'EXP-001234', payee_id: 2, status: 'draft', entered_by: 1, entered_at: AT, updated_at: AT },
    { reference: 'EXP-000012', payee_id: 4, status: 'draft', entered_by: 1, entered_at: AT, updated_at: AT },
  ]).execute();
  await db.insertInto('facilitators').values([
    { first_name: 'Priya', surname: 'SMITH', kind: 'peer_trainer', created_at: AT },
    { first_name: 'sam', surname: 'Smithers', kind: 'volunteer', created_at: AT },
  ]).execute();
}

const drop: FreshDatabase[] = [];
afterAll(async () => {
  for (const d of drop) await d.drop();
});

// Skipped only when RCD_TEST_POSTGRES_URL is unset, on a developer's machine without a PostgreSQL server (README:
// "Tests against PostgreSQL"); in CI failWithoutPostgresInCI() above fails instead, so CI never skips these.
describe.skipIf(!POSTGRES_URL)('search on SQLite and on PostgreSQL', () => {
  let desk: Engine;
  let server: OpenedServerDatabase<Database>;
  const both = () => [desk.db, server.db] as const;

  beforeAll(async () => {
    desk = await sqliteEngine();
    const fresh = await freshPostgresDatabase();
    drop.push(fresh);
    server = await openPostgres<Database>(fresh.url, { migrate: true });
    for (const db of both()) await fill(db);
  });
  afterAll(async () => {
    await desk?.close();
    await server?.close();
  });

  /** The ids a search gives on each engine: [SQLite's, PostgreSQL's]. */
  async function idsOnBoth(query: string, sort: StudentSort, includeArchived: boolean, direction: 'asc' | 'desc' = 'asc') {
    return Promise.all(
      both().map(async (db) => {
        const page = await searchStudents(db, { query, sort, direction, includeArchived, page: 1, pageSize: 25 });
        return { ids: page.rows.map((r) => r.id), total: page.total, more: page.more };
      }),
    );
  }

  it('finds the same students, in the same order, for every way of typing', async () => {
    for (const query of SEARCHES) {
      for (const sort of SORTS) {
        for (const includeArchived of [false, true]) {
          const [onDesk, onServer] = await idsOnBoth(query, sort, includeArchived);
          expect(onServer, `"${query}" by ${sort}${includeArchived ? ', archived too' : ''}`).toEqual(onDesk);
        }
      }
      const exports = await Promise.all(both().map((db) => allStudents(db, { query, sort: 'surname', direction: 'desc', includeArchived: true })));
      expect(exports[1].map((s) => s.id), `export of "${query}"`).toEqual(exports[0].map((s) => s.id));
    }
  });

  it('finds what staff expect: accents and case ignored, words by their start, numbers however they were typed', async () => {
    const found = async (query: string) => {
      const [onDesk, onServer] = await idsOnBoth(query, 'reference', true);
      expect(onServer).toEqual(onDesk);
      return onDesk.ids;
    };
    expect(await found('zoë')).toEqual([1, 2, 3]);
    expect(await found('o brien')).toEqual([1, 2]);
    expect(await found('obrien')).toEqual([3]);
    expect(await found('smith jones')).toEqual([4]);
    expect(await found('annie')).toEqual([4]);
    expect(await found('EMIL')).toEqual([5, 6]);
    expect(await found('pre')).toEqual([6]);
    // ł and ø are letters of their own, not accented l and o (as SQLite's FTS5 has them).
    expect(await found('lu')).toEqual([8]);
    expect(await found('łu')).toEqual([7]);
    expect(await found('søren')).toEqual([10]);
    expect(await found('йос')).toEqual([11]);
    expect(await found('suil')).toEqual([9]);
    expect(await found('jo smith')).toEqual([4, 12, 13]);
    expect(await found("d'arcy")).toEqual([14]);
    expect(await found('943 476 5919')).toEqual([1]);
    expect(await found('943-476')).toEqual([1]);
    expect(await found('07700 900')).toEqual([1, 7]);
    expect(await found('447700')).toEqual([3]);
    expect(await found('RC-000012')).toEqual([12]);
    expect(await found('000012')).toEqual([12]);
    expect(await found('145')).toEqual([145]);
    expect(await found('x')).toEqual([]);
  });

  it('pages through a broad search the same way: the count stops at the limit, the pages agree', async () => {
    for (const page of [1, 2, 3, 6]) {
      const pages = await Promise.all(both().map((db) => searchStudents(db, { query: 's', sort: 'surname', includeArchived: false, page, pageSize: 25 })));
      expect(pages[0].more).toBe(page < 6);
      expect({ ...pages[1], rows: pages[1].rows.map((r) => r.id) }).toEqual({ ...pages[0], rows: pages[0].rows.map((r) => r.id) });
      expect(pages[1].rows).toEqual(pages[0].rows);
    }
  });

  it('search everything ignores case on both, and gives the same groups and results', async () => {
    const manager = { role: 'manager' as const };
    for (const query of ['acme', 'ACME', 'anxiety', 'SMITH', 'smith', 'zoë', '100%', 'zeta_', '_', 'école', 'ÉCOLE', 'ada', 'jón', 'anxiety spring', 'LIBRARY', 'hall', 'exp-12', '123', 'EXP-000012', 'zeta']) {
      const [onDesk, onServer] = await Promise.all(both().map((db) => searchEverything(db, manager, { query, limit: 5 })));
      expect(onServer, query).toEqual(onDesk);
    }
    const titles = async (db: Kysely<Database>, query: string, kind: string) =>
      (await searchEverything(db, manager, { query, limit: 10 })).groups.find((g) => g.kind === kind)?.results.map((r) => r.title) ?? [];
    for (const db of both()) {
      expect(await titles(db, 'ACME', 'payee')).toEqual(['ACME Travel', 'acme taxis']);
      // Best matches first: a title starting with the word, then one with a word starting with it.
      expect(await titles(db, 'anxiety', 'course')).toEqual(['anxiety and sleep', 'Managing Anxiety', 'Understanding ANXIETY']);
      expect(await titles(db, 'smith', 'staff')).toEqual(['Bob SMITH']);
      expect(await titles(db, 'smith', 'facilitator')).toEqual(['Priya SMITH', 'sam Smithers']);
      // % and _ are what they are, not wildcards.
      expect(await titles(db, '100%', 'payee')).toEqual(['100% Taxis']);
      expect(await titles(db, 'a_b', 'staff')).toEqual(['a_b Underscore']);
      expect(await titles(db, 'cole bus', 'payee')).toEqual(['ÉCOLE Buses']);
      expect(await titles(db, 'ANXIETY spring', 'run')).toEqual(['Managing Anxiety', 'Understanding ANXIETY']);
      expect(await titles(db, 'Library', 'run')).toEqual(['Understanding ANXIETY', 'anxiety and sleep']);
      expect(await titles(db, 'exp-12', 'claim')).toEqual(['EXP-000012 · Zeta_Cabs']);
      expect(await titles(db, 'ACME', 'claim')).toEqual(['EXP-001234 · acme taxis', 'EXP-000123 · ACME Travel']);
    }
  });

  it('a list’s search box ignores case on both, and matches % and _ as typed', async () => {
    for (const [typed, expected] of [
      ['aCmE', ['acme taxis', 'ACME Travel']],
      ['TAXIS', ['100% Taxis', 'acme taxis']],
      ['zeta@EXAMPLE', ['Zeta_Cabs']],
      ['%', ['100% Taxis']],
      ['_', ['Zeta_Cabs']],
      ['\\', []],
      ['acme travel', ['ACME Travel']],
    ] as const) {
      for (const db of both()) {
        const q = db.selectFrom('payees').select('name').where(containsText(db, ['name', 'email'], typed));
        const rows = await inOrder(q, { name: caseless('name') }, 'id', { sort: 'name', direction: 'asc' }).execute();
        expect(rows.map((r) => r.name), `${typed}`).toEqual(expected);
      }
    }
  });

  it('sorts ignoring case in the same order on both, the order SQLite’s collate nocase gives', async () => {
    const nocase = await sql<{ id: number }>`select id from students order by surname collate nocase, id`.execute(desk.db);
    const nocaseStaff = await sql<{ id: number }>`select id from staff order by display_name collate nocase desc, id desc`.execute(desk.db);
    for (const db of both()) {
      const sorted = await inOrder(db.selectFrom('students').select('id'), { surname: caseless('surname') }, 'id', { sort: 'surname', direction: 'asc' }).execute();
      expect(sorted.map((r) => r.id)).toEqual(nocase.rows.map((r) => r.id));
      const staff = await inOrder(db.selectFrom('staff').select('id'), { name: caseless('display_name') }, 'id', { sort: 'name', direction: 'desc' }).execute();
      expect(staff.map((r) => r.id)).toEqual(nocaseStaff.rows.map((r) => r.id));
    }
    const names = await server.db.selectFrom('staff').select('display_name').orderBy(caseless('display_name')).orderBy('id').execute();
    // Code point order with A–Z folded: digits and _ before letters, accented capitals after z.
    expect(names.map((r) => r.display_name)).toEqual(['a1 Digit', 'a_b Underscore', 'ada lovelace', 'Bob SMITH', "O'Brien Staff", 'Oakes Staff', 'Zed Zimmer', 'Ásta Jónsdóttir', 'Émile Zola']);
  });

  it('an anonymised student is no longer found by their old name or numbers on either engine', async () => {
    for (const db of both()) {
      const staff = { id: 1, username: 'manager', displayName: 'Ásta Jónsdóttir', role: 'manager' as const, mustChangePassword: false };
      await db.transaction().execute((trx) => anonymiseStudent(trx, { now: () => new Date(AT), audit: () => undefined, staff }, 4, 'Asked to be forgotten'));
    }
    for (const query of ['anne-marie', 'smith jones', 'annie', '0161 496']) {
      const [onDesk, onServer] = await idsOnBoth(query, 'surname', true);
      expect(onDesk.ids, query).toEqual([]);
      expect(onServer.ids, query).toEqual([]);
    }
    // The record is still found by its reference, the one thing left that identifies it to staff.
    const [onDesk, onServer] = await idsOnBoth('RC-000004', 'surname', true);
    expect(onDesk.ids).toEqual([4]);
    expect(onServer.ids).toEqual([4]);
  });
});

// Search as you type on a big list: a broad search ("s") says "more than 100" instead of counting every match, and its
// pages still come in the chosen order, the same rows as sorting every match would give; narrow searches count exactly.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core';

let t: TestCore;
let admin: string;
const SURNAMES = ['Smith', 'Stone', 'Sharma', 'Shaw', 'Singh', 'Jones', 'Patel'];
const FIRST = ['Sam', 'Alex', 'Jo', 'Priya', 'Tom'];
const people: { id: number; surname: string; first: string; archived: boolean }[] = [];

beforeAll(async () => {
  t = await makeTestCore();
  admin = await t.signInAs('admin');
  // Straight into the table, on either engine (the core suite runs on a desk's file and on the server).
  const rows = Array.from({ length: 400 }, (_, n) => {
    const i = n + 1;
    return {
      reference: `RC-${String(i).padStart(6, '0')}`,
      first_name: FIRST[(i * 3) % FIRST.length],
      surname: SURNAMES[(i * 7) % SURNAMES.length],
      date_of_birth: '1980-01-01',
      referral_source: 'self',
      secondary_mh_services: 'no',
      ethnic_category: 'Z',
      gender_identity: 'Z',
      employment_status: 'ZZ',
      archived_at: i % 25 === 0 ? '2026-02-01T00:00:00Z' : null,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
  });
  const ids = await t.core.database.db.insertInto('students').values(rows).returning('id').execute();
  rows.forEach((r, n) => people.push({ id: ids[n].id, surname: r.surname, first: r.first_name, archived: r.archived_at !== null }));
  matchesS = allS();
});
afterAll(() => t.close());

const inOrder = (xs: typeof people) => [...xs].sort((a, b) => (a.surname < b.surname ? -1 : a.surname > b.surname ? 1 : a.first < b.first ? -1 : a.first > b.first ? 1 : a.id - b.id));
// "s" matches the start of any name: every surname starting with S, and everyone called Sam.
let matchesS: typeof people = [];
const allS = () => inOrder(people.filter((p) => !p.archived && (p.surname.startsWith('S') || p.first === 'Sam')));

it('says “more than 100” for a broad search, and gives its first page in surname order', async () => {
  expect(matchesS.length).toBeGreaterThan(200);
  const page = await t.ok(admin, 'students.search', { query: 's', pageSize: 25 });
  expect(page.more).toBe(true);
  expect(page.total).toBe(100);
  expect(page.rows.map((r) => r.id)).toEqual(matchesS.slice(0, 25).map((p) => p.id));
});

it('pages on through a broad search in order, counting to the page asked for, and exactly once the end is in reach', async () => {
  const p6 = await t.ok(admin, 'students.search', { query: 's', pageSize: 25, page: 6 });
  expect(p6.rows.map((r) => r.id)).toEqual(matchesS.slice(125, 150).map((p) => p.id));
  expect(p6.more).toBe(true);
  expect(p6.total).toBe(150);
  const last = Math.ceil(matchesS.length / 25);
  const end = await t.ok(admin, 'students.search', { query: 's', pageSize: 25, page: last });
  expect(end.more).toBe(false);
  expect(end.total).toBe(matchesS.length);
  expect(end.rows.map((r) => r.id)).toEqual(matchesS.slice((last - 1) * 25).map((p) => p.id));
});

it('counts a narrow search exactly and sorts its matches', async () => {
  const patels = inOrder(people.filter((p) => !p.archived && p.surname === 'Patel'));
  const page = await t.ok(admin, 'students.search', { query: 'pat', pageSize: 25 });
  expect(page.more).toBe(false);
  expect(page.total).toBe(patels.length);
  expect(page.rows.map((r) => r.id)).toEqual(patels.slice(0, 25).map((p) => p.id));
});

it('keeps archived students out unless asked, and browsing everyone is “more than 100” too', async () => {
  const all = await t.ok(admin, 'students.search', { query: '', pageSize: 25, includeArchived: true });
  expect(all.more).toBe(true);
  expect(all.rows.map((r) => r.id)).toEqual(inOrder(people).slice(0, 25).map((p) => p.id));
  const recent = await t.ok(admin, 'students.search', { query: 's', pageSize: 5, sort: 'recent' });
  expect(recent.rows.map((r) => r.id)).toEqual([...matchesS].sort((a, b) => b.id - a.id).slice(0, 5).map((p) => p.id));
});

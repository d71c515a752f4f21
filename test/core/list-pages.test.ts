// Every list page is sorted and paged by the core, in SQL: a column header's sort gives the same rows as sorting the
// whole list, a page holds exactly its slice (ties broken by record number, so no row is on two pages), the count is of
// the whole list, and only the columns a list names can be sorted on (anything else is refused before SQL is built).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';

let t: TestCore;
let manager: string;
let coordinator: string;

const WORDS = ['Anxiety', 'Boundaries', 'Confidence', 'Depression', 'Eating well', 'Feelings', 'Grief', 'Hope', 'Identity', 'Journalling', 'Kindness', 'Loneliness'];
// Deliberately out of order, with ties (the same capacity) so the tie-break shows.
const shuffled = <T,>(xs: T[]) => xs.map((x, i) => ({ x, k: (i * 7) % xs.length })).sort((a, b) => a.k - b.k).map((p) => p.x);
const byText = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });

beforeAll(async () => {
  t = await makeTestCore();
  manager = 'setup';
  coordinator = await t.signInAs('coordinator');
});
afterAll(() => t.close());

describe('course catalogue', () => {
  const made: { id: number; title: string; places: number }[] = [];
  beforeAll(async () => {
    for (const [i, w] of shuffled(WORDS).entries()) {
      const places = 10 + (i % 3);
      const c = await t.ok(coordinator, 'scheduling.createCourse', {
        title: `Understanding ${w}`,
        description: null,
        category: i % 2 ? 'Living well' : 'Understanding mental health',
        sessionsCount: 6,
        defaultSessionMinutes: 120,
        defaultCapacity: places,
        coProduced: true,
        peerTraining: false,
      });
      made.push({ id: c.id, title: c.title, places });
    }
  });

  it('pages through the catalogue by title, A to Z and Z to A, each page its own slice of the whole', async () => {
    const az = [...made].sort((a, b) => byText(a.title, b.title)).map((c) => c.id);
    const p1 = await t.ok(coordinator, 'scheduling.coursesPage', { sort: 'title', direction: 'asc', page: 1, pageSize: 10 });
    const p2 = await t.ok(coordinator, 'scheduling.coursesPage', { sort: 'title', direction: 'asc', page: 2, pageSize: 10 });
    expect(p1.total).toBe(12);
    expect(p1.rows.map((c) => c.id)).toEqual(az.slice(0, 10));
    expect(p2.rows.map((c) => c.id)).toEqual(az.slice(10));
    const za = await t.ok(coordinator, 'scheduling.coursesPage', { sort: 'title', direction: 'desc', pageSize: 25 });
    expect(za.rows.map((c) => c.id)).toEqual([...az].reverse());
  });

  it('breaks ties by record number, so a course is never on two pages nor missed', async () => {
    const expected = [...made].sort((a, b) => a.places - b.places || a.id - b.id).map((c) => c.id);
    const pages = [];
    for (const page of [1, 2]) pages.push(...(await t.ok(coordinator, 'scheduling.coursesPage', { sort: 'places', page, pageSize: 10 })).rows.map((c) => c.id));
    expect(pages).toEqual(expected);
  });

  it('searches by title or category before paging, and counts only what matches', async () => {
    const found = await t.ok(coordinator, 'scheduling.coursesPage', { query: 'living', sort: 'title' });
    expect(found.total).toBe(6);
    expect(found.rows.every((c) => c.category === 'Living well')).toBe(true);
  });

  it('answers a page past the end with no rows and the whole count, so reading page after page stops', async () => {
    const late = await t.ok(coordinator, 'scheduling.coursesPage', { sort: 'title', page: 9, pageSize: 10 });
    expect(late).toMatchObject({ page: 9, total: 12, rows: [] });
  });

  it('refuses a column the list does not offer and a page size it does not offer', async () => {
    expect((await t.fail(coordinator, 'scheduling.coursesPage', { sort: 'title; drop table courses' as never })).code).toBe('VALIDATION');
    expect((await t.fail(coordinator, 'scheduling.coursesPage', { pageSize: 7 as never })).code).toBe('VALIDATION');
    expect((await t.fail(coordinator, 'scheduling.coursesPage', { pageSize: 1000 as never })).code).toBe('VALIDATION');
  });
});

describe('venues, facilitators, course runs', () => {
  const venues: { id: number; name: string; rooms: number }[] = [];
  const facilitators: { id: number; surname: string; first: string }[] = [];
  const runs: { id: number; title: string }[] = [];

  beforeAll(async () => {
    for (const [i, w] of shuffled(WORDS).slice(0, 11).entries()) {
      const v = await t.ok(coordinator, 'scheduling.createVenue', { name: `${w} House`, address: null, accessibilityNotes: null, active: true });
      for (let r = 0; r < i % 3; r++) await t.ok(coordinator, 'scheduling.createRoom', { venueId: v.id, name: `Room ${r + 1}`, capacity: 12, accessibilityNotes: null, active: true });
      venues.push({ id: v.id, name: v.name, rooms: i % 3 });
    }
    for (const [i, w] of shuffled(WORDS).slice(0, 11).entries()) {
      const f = await t.ok(coordinator, 'scheduling.createFacilitator', {
        firstName: i % 2 ? 'Sam' : 'Alex',
        surname: `${w.split(' ')[0]}son`,
        kind: i % 3 === 0 ? 'peer_trainer' : 'staff',
        email: null,
        phone: null,
        studentId: null,
        active: true,
        notes: null,
      });
      facilitators.push({ id: f.id, surname: `${w.split(' ')[0]}son`, first: i % 2 ? 'Sam' : 'Alex' });
    }
    const term = await t.ok(coordinator, 'scheduling.createTerm', { name: 'Autumn 2030', startsOn: '2030-09-02', endsOn: '2030-12-13' });
    const courses = (await t.ok(coordinator, 'scheduling.coursesPage', { pageSize: 100 })).rows;
    for (const c of courses.slice(0, 11)) {
      const run = await t.ok(coordinator, 'scheduling.createRun', { courseId: c.id, termId: term.id, venueId: venues[0].id, roomId: null, notes: null });
      runs.push({ id: run.id, title: c.title });
    }
  });

  it('sorts venues by name and by how many rooms they have, and pages them', async () => {
    const za = [...venues].sort((a, b) => byText(b.name, a.name)).map((v) => v.id);
    const p1 = await t.ok(coordinator, 'scheduling.venuesPage', { sort: 'name', direction: 'desc', pageSize: 10 });
    const p2 = await t.ok(coordinator, 'scheduling.venuesPage', { sort: 'name', direction: 'desc', pageSize: 10, page: 2 });
    expect(p1.total).toBe(11);
    expect([...p1.rows, ...p2.rows].map((v) => v.id)).toEqual(za);
    const most = await t.ok(coordinator, 'scheduling.venuesPage', { sort: 'rooms', direction: 'desc', pageSize: 25 });
    expect(most.rows.map((v) => v.id)).toEqual([...venues].sort((a, b) => b.rooms - a.rooms || b.id - a.id).map((v) => v.id));
    expect(most.rows[0].rooms).toHaveLength(2);
  });

  it('sorts facilitators by surname then first name, pages them, and narrows them to one role', async () => {
    const expected = [...facilitators].sort((a, b) => byText(a.surname, b.surname) || byText(a.first, b.first) || a.id - b.id).map((f) => f.id);
    const p1 = await t.ok(coordinator, 'scheduling.facilitatorsPage', { sort: 'surname', pageSize: 10 });
    const p2 = await t.ok(coordinator, 'scheduling.facilitatorsPage', { sort: 'surname', pageSize: 10, page: 2 });
    expect([...p1.rows, ...p2.rows].map((f) => f.id)).toEqual(expected);
    const peers = await t.ok(coordinator, 'scheduling.facilitatorsPage', { kind: 'peer_trainer' });
    expect(peers.total).toBe(4);
    expect(peers.rows.every((f) => f.kind === 'peer_trainer')).toBe(true);
  });

  it('sorts course runs by course title and pages them, with each run’s numbers worked out for its page', async () => {
    const expected = [...runs].sort((a, b) => byText(a.title, b.title) || a.id - b.id).map((r) => r.id);
    const p1 = await t.ok(coordinator, 'scheduling.listRuns', { sort: 'course', direction: 'asc', pageSize: 10 });
    const p2 = await t.ok(coordinator, 'scheduling.listRuns', { sort: 'course', direction: 'asc', pageSize: 10, page: 2 });
    expect(p1.total).toBe(11);
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(expected);
    expect(p1.rows[0]).toMatchObject({ venueName: venues[0].name, enrolledCount: 0, sessionCount: expect.any(Number) });
    const searched = await t.ok(coordinator, 'scheduling.listRuns', { query: runs[0].title.split(' ')[1] });
    expect(searched.rows.map((r) => r.id)).toEqual([runs[0].id]);
  });
});

describe('payees, claims, staff accounts, the audit log, students', () => {
  const payees: { id: number; name: string }[] = [];
  beforeAll(async () => {
    for (const w of shuffled(WORDS).slice(0, 11)) {
      const p = await t.ok(coordinator, 'expenses.payees.create', { fields: { name: `${w.split(' ')[0]} Payee`, email: null, address: null, paymentMethod: 'cash', bank: null, notes: null } });
      payees.push({ id: p.id, name: p.name });
    }
    for (const p of payees) await t.ok(coordinator, 'expenses.claims.create', { payeeId: p.id, notes: null });
    for (const w of shuffled(WORDS).slice(0, 10)) await t.signInAs('admin', `${w.split(' ')[0].toLowerCase()}.admin`);
  });

  it('sorts payees by name and pages them', async () => {
    const expected = [...payees].sort((a, b) => byText(a.name, b.name)).map((p) => p.id);
    const p1 = await t.ok(coordinator, 'expenses.payees.page', { sort: 'name', pageSize: 10 });
    const p2 = await t.ok(coordinator, 'expenses.payees.page', { sort: 'name', pageSize: 10, page: 2 });
    expect(p1.total).toBe(11);
    expect([...p1.rows, ...p2.rows].map((p) => p.id)).toEqual(expected);
  });

  it('lists claims newest first by default, and by payee A to Z when that column is chosen', async () => {
    const newest = await t.ok(coordinator, 'expenses.claims.list', { pageSize: 10 });
    expect(newest.total).toBe(11);
    const ids = newest.rows.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const byPayee = [
      ...(await t.ok(coordinator, 'expenses.claims.list', { sort: 'payee', direction: 'asc', pageSize: 10 })).rows,
      ...(await t.ok(coordinator, 'expenses.claims.list', { sort: 'payee', direction: 'asc', pageSize: 10, page: 2 })).rows,
    ];
    expect(byPayee.map((c) => c.payeeName)).toEqual([...payees].map((p) => p.name).sort(byText));
    const one = await t.ok(coordinator, 'expenses.claims.list', { query: payees[3].name });
    expect(one.rows.map((c) => c.payeeId)).toEqual([payees[3].id]);
  });

  it('sorts staff accounts by username and pages them', async () => {
    const all = (await t.ok(manager, 'staff.list', {})).map((s) => ({ id: s.id, username: s.username }));
    const expected = [...all].sort((a, b) => (a.username < b.username ? -1 : 1)).map((s) => s.id);
    const p1 = await t.ok(manager, 'staff.page', { sort: 'username', pageSize: 10 });
    const p2 = await t.ok(manager, 'staff.page', { sort: 'username', pageSize: 10, page: 2 });
    expect(p1.total).toBe(all.length);
    expect([...p1.rows, ...p2.rows].map((s) => s.id)).toEqual(expected);
    const admins = await t.ok(manager, 'staff.page', { role: 'admin' });
    expect(admins.rows.every((s) => s.role === 'admin')).toBe(true);
  });

  it('turns the audit log round (oldest first) and sorts it by who, keeping log order within each person', async () => {
    const newest = await t.ok(manager, 'audit.list', { pageSize: 10 });
    const oldest = await t.ok(manager, 'audit.list', { sort: 'when', direction: 'asc', pageSize: 10 });
    expect(oldest.total).toBe(newest.total);
    expect(oldest.rows.map((r) => r.id)).toEqual([...oldest.rows.map((r) => r.id)].sort((a, b) => a - b));
    expect(oldest.rows[0].id).toBeLessThan(newest.rows[9].id);
    const byWho = await t.ok(manager, 'audit.list', { sort: 'who', direction: 'asc', pageSize: 100 });
    const names = byWho.rows.map((r) => r.staffName ?? '');
    expect(names).toEqual([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
  });

  it('sorts students by surname either way', async () => {
    const admin = await t.signInAs('admin');
    for (const w of ['Young', 'Abbott', 'Mills']) {
      await t.ok(admin, 'students.create', { fields: validStudent({ firstName: 'Jo', surname: w }) });
    }
    const up = await t.ok(admin, 'students.search', { sort: 'surname', direction: 'asc' });
    const down = await t.ok(admin, 'students.search', { sort: 'surname', direction: 'desc' });
    expect(up.rows.map((s) => s.surname)).toEqual(['Abbott', 'Mills', 'Young']);
    expect(down.rows.map((s) => s.surname)).toEqual(['Young', 'Mills', 'Abbott']);
  });
});

describe('payment batches', () => {
  it('sorts payment batches by when they were made or by total, pages them, and narrows them to those not yet paid', async () => {
    const db = t.core.database.db;
    const made: number[] = [];
    for (let i = 1; i <= 11; i++) {
      const day = String(((i * 5) % 11) + 1).padStart(2, '0');
      const paid = i % 3 === 0;
      const row = { reference: `PB-TEST-${i}`, status: paid ? 'paid' : 'open', created_by: 1, created_at: `2030-01-${day}T10:00:00Z`, paid_at: paid ? `2030-02-${day}T10:00:00Z` : null };
      made.push((await db.insertInto('payment_batches').values(row as never).returning('id').executeTakeFirstOrThrow()).id);
    }
    const rows = await db.selectFrom('payment_batches').select(['id', 'created_at']).where('reference', 'like', 'PB-TEST-%').execute();
    const newestFirst = rows.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.id - a.id)).map((r) => r.id);
    const p1 = await t.ok(coordinator, 'expenses.batches.list', { sort: 'created', direction: 'desc', pageSize: 10 });
    const p2 = await t.ok(coordinator, 'expenses.batches.list', { sort: 'created', direction: 'desc', pageSize: 10, page: 2 });
    expect(p1.total).toBe(11);
    expect([...p1.rows, ...p2.rows].map((b) => b.id)).toEqual(newestFirst);
    const open = await t.ok(coordinator, 'expenses.batches.list', { status: 'open', pageSize: 25 });
    expect(open.total).toBe(8);
    expect(open.rows.every((b) => b.status === 'open')).toBe(true);
    const byTotal = await t.ok(coordinator, 'expenses.batches.list', { sort: 'total', direction: 'desc', pageSize: 25 });
    expect(byTotal.rows.map((b) => b.id)).toEqual([...made].sort((a, b) => b - a));
  });
});

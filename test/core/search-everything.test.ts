// Search everything (Ctrl+K): every kind of record is found from one box, each role gets only the kinds its permissions
// allow (decided in the core), and students are found exactly as the students list finds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleCan, type Role } from '../../src-main/contract/permissions';
import { SEARCH_KIND_PERMISSION, SEARCH_KINDS, type SearchEverythingResult, type SearchKind } from '../../src-main/contract/search';
import { claimReferenceQuery } from '../../src-main/core/search/search';
import { validStudent } from '../helpers/core';
import { bus, claimWith, makeWorld, type World } from './expenses-fixtures';

let w: World;
let session: Record<Role, string>;
let claimId: number;
let claimRef: string;
const ids = {} as Record<SearchKind, number>;

const kinds = (r: SearchEverythingResult) => r.groups.map((g) => g.kind);
const hit = (r: SearchEverythingResult, kind: SearchKind) => r.groups.find((g) => g.kind === kind)?.results ?? [];

beforeAll(async () => {
  w = await makeWorld();
  session = { admin: w.admin, coordinator: w.coordinator, manager: w.manager };
  const db = w.t.core.database.db;
  const at = new Date().toISOString();
  // One word, "Harbour", in a record of every kind: a role then sees exactly the kinds it may.
  ids.student = (await w.t.ok(w.admin, 'students.create', { fields: validStudent({ firstName: 'Nell', surname: 'Harbour', dateOfBirth: '1979-03-14' }) })).id;
  ids.course = (await w.t.ok(w.manager, 'scheduling.createCourse', { title: 'Harbour walks for wellbeing', sessionsCount: 4, defaultSessionMinutes: 90, defaultCapacity: 12, coProduced: true, peerTraining: false })).id;
  const term = await db.selectFrom('terms').select('id').executeTakeFirstOrThrow();
  const venue = await db.insertInto('venues').values({ name: 'Seafront Hub' }).returning('id').executeTakeFirstOrThrow();
  ids.run = (
    await db.insertInto('course_runs').values({ course_id: ids.course, term_id: term.id, venue_id: venue.id, capacity: 12, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()
  ).id;
  ids.facilitator = (await db.insertInto('facilitators').values({ first_name: 'Jess', surname: 'Harbour', kind: 'volunteer', created_at: at }).returning('id').executeTakeFirstOrThrow()).id;
  ids.payee = (await w.t.ok(w.coordinator, 'expenses.payees.create', { fields: { name: 'Harbour Carers Group', paymentMethod: 'cash' } })).id;
  ids.claim = await claimWith(w, ids.payee, [bus('2026-10-05', '3.20')]);
  await w.t.ok(w.manager, 'staff.create', { username: 'kit.harbour', displayName: 'Kit Harbour', role: 'admin', temporaryPassword: 'correct horse battery' });
  ids.staff = (await db.selectFrom('staff').where('username', '=', 'kit.harbour').select('id').executeTakeFirstOrThrow()).id;
  claimId = await claimWith(w, w.valId, [bus('2026-10-12', '2.50')]);
  claimRef = (await w.t.ok(w.admin, 'expenses.claims.get', { id: claimId })).reference;
});
afterAll(() => w.t.close());

describe('finding each kind of record from one box', () => {
  it('finds a student by surname, with their reference and date of birth in UK format, opening their record', async () => {
    const [s] = hit(await w.t.ok(w.manager, 'search.everything', { query: 'harb' }), 'student');
    expect(s).toMatchObject({ kind: 'student', id: ids.student, title: 'Nell Harbour', route: `/students/${ids.student}` });
    expect(s.subtitle).toMatch(/^RC-\d{6} · born 14 Mar 1979$/);
  });

  it('finds a course run by its course, term and venue together, with the term and venue to tell runs apart', async () => {
    const runs = hit(await w.t.ok(w.admin, 'search.everything', { query: 'anxiety autumn' }), 'run');
    expect(runs).toEqual([expect.objectContaining({ title: 'Understanding Anxiety', subtitle: 'Autumn 2026 · Civic Centre', route: expect.stringMatching(/^\/schedule\/runs\/\d+$/) })]);
    const byVenue = hit(await w.t.ok(w.admin, 'search.everything', { query: 'seafront' }), 'run');
    expect(byVenue.map((r) => r.id)).toEqual([ids.run]);
  });

  it('finds a course by a word inside its title', async () => {
    const courses = hit(await w.t.ok(w.admin, 'search.everything', { query: 'walks' }), 'course');
    expect(courses).toEqual([{ kind: 'course', id: ids.course, title: 'Harbour walks for wellbeing', subtitle: '4 sessions', route: `/schedule/courses?show=${ids.course}` }]);
  });

  it('finds a claim by its reference however it is typed, and by its payee’s name', async () => {
    const digits = claimRef.replace(/^EXP-0*/, '');
    for (const typed of [claimRef, claimRef.toLowerCase(), `exp-${digits}`, `EXP${digits}`, digits]) {
      const claims = hit(await w.t.ok(w.admin, 'search.everything', { query: typed }), 'claim');
      expect(claims[0], typed).toMatchObject({ id: claimId, title: `${claimRef} · Val Volunteer`, route: `/expenses/claims/${claimId}` });
    }
    const byPayee = hit(await w.t.ok(w.admin, 'search.everything', { query: 'val vol' }), 'claim');
    expect(byPayee.map((c) => c.id)).toEqual([claimId]);
    expect(byPayee[0].subtitle).toBe('Draft · entered 20 Nov 2026');
  });

  it('reads claim references the way staff type them', () => {
    expect(claimReferenceQuery('EXP-000123')).toEqual({ exact: 'EXP-000123', prefix: 'EXP-000123' });
    expect(claimReferenceQuery(' exp 12 ')).toEqual({ exact: 'EXP-000012', prefix: 'EXP-12' });
    expect(claimReferenceQuery('Val')).toBeNull();
    expect(claimReferenceQuery('RC-000123')).toBeNull();
  });

  it('finds payees, facilitators and staff by name', async () => {
    const r = await w.t.ok(w.manager, 'search.everything', { query: 'harbour' });
    expect(hit(r, 'payee')).toEqual([{ kind: 'payee', id: ids.payee, title: 'Harbour Carers Group', subtitle: 'Paid by cash or petty cash', route: `/expenses/payees?show=${ids.payee}` }]);
    expect(hit(r, 'facilitator')).toEqual([{ kind: 'facilitator', id: ids.facilitator, title: 'Jess Harbour', subtitle: 'Volunteer', route: `/schedule/facilitators?show=${ids.facilitator}` }]);
    expect(hit(r, 'staff')).toEqual([{ kind: 'staff', id: ids.staff, title: 'Kit Harbour', subtitle: 'kit.harbour · Admin', route: `/settings/staff?show=${ids.staff}` }]);
  });

  it('puts names that start with the text before names that only contain it', async () => {
    const at = new Date().toISOString();
    await w.t.core.database.db.insertInto('facilitators').values({ first_name: 'Ann', surname: 'Bell', kind: 'staff', created_at: at }).execute();
    await w.t.core.database.db.insertInto('facilitators').values({ first_name: 'Hannah', surname: 'Stone', kind: 'staff', created_at: at }).execute();
    const titles = hit(await w.t.ok(w.admin, 'search.everything', { query: 'ann' }), 'facilitator').map((f) => f.title);
    expect(titles).toEqual(['Ann Bell', 'Hannah Stone']);
  });

  it('treats % and _ as the characters typed, not as wildcards', async () => {
    const r = await w.t.ok(w.manager, 'search.everything', { query: '%' });
    expect(r.groups).toEqual([]);
  });
});

describe('each role gets only the kinds its permissions allow', () => {
  it.each(ROLES)('%s: the kinds searched and found follow the permission table, and no other kind ever comes back', async (role) => {
    const r = await w.t.ok(session[role], 'search.everything', { query: 'harbour' });
    const allowed = SEARCH_KINDS.filter((k) => roleCan(role, SEARCH_KIND_PERMISSION[k]));
    expect(r.searched).toEqual(allowed);
    // Every kind holds a "Harbour", so each role finds exactly the kinds it may see.
    expect(kinds(r)).toEqual(allowed);
  });

  it('an admin (who may view claims and payees but not manage staff) finds a claim and a payee but never a staff account', async () => {
    const r = await w.t.ok(w.admin, 'search.everything', { query: 'harbour' });
    expect(kinds(r)).toEqual(expect.arrayContaining(['claim', 'payee']));
    expect(kinds(r)).not.toContain('staff');
    expect(r.searched).not.toContain('staff');
    // A staff member's exact username finds nothing for them.
    expect((await w.t.ok(w.admin, 'search.everything', { query: 'kit.harbour' })).groups).toEqual([]);
  });

  it('is open to anyone signed in, and to nobody signed out', async () => {
    expect((await w.t.fail('nobody', 'search.everything', { query: 'harbour' })).reason).toBe('session.signed-out');
  });
});

describe('students are found exactly as the students list finds them', () => {
  beforeAll(async () => {
    for (const [firstName, surname, dateOfBirth] of [
      ['Sam', 'Harbourne', '1990-01-02'],
      ['Alex', 'Harbury', '1966-07-08'],
      ['Harbour', 'Jones', '2001-12-31'],
      ['Mo', 'Harbottle', '1955-05-05'],
      ['Ravi', 'Harbinson', '1988-08-08'],
      ['Zoe', 'Harbor', '1999-09-09'],
    ])
      await w.t.ok(w.admin, 'students.create', { fields: validStudent({ firstName, surname, dateOfBirth }), confirmedNotDuplicate: true });
  });

  it.each(['harb', 'Harbour', 'nell harb', 'RC-0000', '999', 'zzz'])('“%s”: the same students, in the same order, as students.search', async (query) => {
    for (const limit of [3, 5]) {
      const list = await w.t.ok(w.coordinator, 'students.search', { query, pageSize: limit });
      const found = await w.t.ok(w.coordinator, 'search.everything', { query, limit });
      expect(hit(found, 'student').map((s) => s.id)).toEqual(list.rows.map((s) => s.id));
      const group = found.groups.find((g) => g.kind === 'student');
      if (group) expect(group.more).toBe(list.more || list.total > list.rows.length);
    }
  });

  it('offers the students list for the rest when more match than are shown', async () => {
    const group = (await w.t.ok(w.admin, 'search.everything', { query: 'harb', limit: 2 })).groups.find((g) => g.kind === 'student');
    expect(group).toMatchObject({ more: true, moreRoute: '/students?q=harb' });
  });

  it('records the search in the audit log as a student search, never with the text typed', async () => {
    const someone = await w.t.signInAs('coordinator');
    await w.t.ok(someone, 'search.everything', { query: 'Harbourne' });
    const row = await w.t.core.database.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'search', entity: 'student', entity_id: null, summary: 'Search everywhere: 1 student shown' });
    expect(row.summary).not.toMatch(/Harbourne/);
  });
});

describe('bad input changes nothing and is explained', () => {
  it.each([
    ['', 'Please type something to search for.'],
    ['   ', 'Please type something to search for.'],
    ['x'.repeat(101), 'Search text can be at most 100 characters.'],
  ])('refuses “%s”', async (query, message) => {
    const e = await w.t.fail(w.admin, 'search.everything', { query });
    expect(e.reason).toBe('input.invalid');
    expect(JSON.stringify(e)).toContain(message);
  });
});

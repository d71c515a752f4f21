// Shared set-up for the expenses tests: a core with a course run, two peer facilitators, their sessions and payees.
import type { CoreOptions } from '../../src-main/core/api/core';
import { makeTestCore, type TestCore } from '../helpers/core';

/** Tests run as if today were 20 November 2026 (college time), so "future" and tax years are fixed. */
export const TODAY = new Date('2026-11-20T12:00:00Z');

/** A real 1×1 PNG and a real one-page PDF: receipts are decoded, so fakes with the right first bytes are refused. */
export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
export const PDF_TEXT =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
export const PDF = Buffer.from(PDF_TEXT).toString('base64');

export interface World {
  t: TestCore;
  admin: string;
  admin2: string;
  coordinator: string;
  coordinator2: string;
  manager: string;
  facilitatorIds: number[];
  sessionIds: number[];
  /** Pat Peer: bank transfer, linked to facilitator 1. */
  patId: number;
  /** Val Volunteer: cash, not linked to a facilitator. */
  valId: number;
}

/** `ticking`: each reading of the clock is a millisecond after the last (still 20 November), so the order things happened in shows in their times. */
/** `core`: options for the test core (e.g. `databaseFile`, for a world that must be a desk's own file on either engine's run). */
export async function makeWorld(opts: { ticking?: boolean; core?: Partial<CoreOptions> } = {}): Promise<World> {
  let tick = 0;
  const t = await makeTestCore({ now: opts.ticking ? () => new Date(TODAY.getTime() + tick++) : () => TODAY, ...opts.core });
  const db = t.core.database.db;
  const at = TODAY.toISOString();
  const course = await db
    .insertInto('courses')
    .values({ title: 'Understanding Anxiety', sessions_count: 4, default_session_minutes: 120, default_capacity: 15, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const term = await db.insertInto('terms').values({ name: 'Autumn 2026', starts_on: '2026-09-01', ends_on: '2026-12-18', created_at: at }).returning('id').executeTakeFirstOrThrow();
  const venue = await db.insertInto('venues').values({ name: 'Civic Centre' }).returning('id').executeTakeFirstOrThrow();
  const run = await db
    .insertInto('course_runs')
    .values({ course_id: course.id, term_id: term.id, venue_id: venue.id, capacity: 15, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const facilitatorIds: number[] = [];
  for (const [first_name, surname] of [
    ['Pat', 'Peer'],
    ['Robin', 'Other'],
  ]) {
    const f = await db.insertInto('facilitators').values({ first_name, surname, kind: 'peer_trainer', created_at: at }).returning('id').executeTakeFirstOrThrow();
    facilitatorIds.push(f.id);
  }
  await db.insertInto('course_run_facilitators').values({ course_run_id: run.id, facilitator_id: facilitatorIds[0], role: 'lead' }).execute();
  const sessionIds: number[] = [];
  for (const date of ['2026-10-05', '2026-10-12', '2026-10-13', '2026-10-19']) {
    const s = await db
      .insertInto('sessions')
      .values({ course_run_id: run.id, date, start_time: '10:00', end_time: '12:00', starts_at: `${date}T09:00:00Z`, ends_at: `${date}T11:00:00Z`, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    sessionIds.push(s.id);
  }
  const admin = await t.signInAs('admin');
  const admin2 = await t.signInAs('admin');
  const coordinator = await t.signInAs('coordinator');
  const coordinator2 = await t.signInAs('coordinator');
  const manager = await t.signInAs('manager');
  const pat = await t.ok(coordinator, 'expenses.payees.create', {
    fields: { facilitatorId: facilitatorIds[0], paymentMethod: 'bank_transfer', bank: { accountName: 'P PEER', sortCode: '12-34-56', accountNumber: '12345678' } },
  });
  const val = await t.ok(coordinator, 'expenses.payees.create', { fields: { name: 'Val Volunteer', paymentMethod: 'cash' } });
  return { t, admin, admin2, coordinator, coordinator2, manager, facilitatorIds, sessionIds, patId: pat.id, valId: val.id };
}

/** An admin-entered claim with the given lines, optionally submitted. Returns the claim id. */
export async function claimWith(
  w: World,
  payeeId: number,
  lines: Record<string, unknown>[],
  opts: { submit?: boolean; as?: string } = {},
): Promise<number> {
  const who = opts.as ?? w.admin;
  const c = await w.t.ok(who, 'expenses.claims.create', { payeeId });
  for (const line of lines) await w.t.ok(who, 'expenses.claims.addLine', { claimId: c.id, line: line as never });
  if (opts.submit) await w.t.ok(who, 'expenses.claims.submit', { id: c.id });
  return c.id;
}

export const mileage = (date: string, miles: string, vehicle = 'car_van', passengers = 0) => ({ date, category: 'mileage', miles, vehicle, passengers });
export const bus = (date: string, amount: string) => ({ date, category: 'public_transport', amount, description: 'Bus to the Civic Centre' });

// Moving a desk's database to the college's server and back (issue 12): a desk with data in every table is copied
// into a new server database through the portable export, every table's rows and checksum checked; the desk file is
// kept as a read-only archive; a damaged export or a server already in use is refused without changing anything;
// and the server's data comes back into a new desk file with the same checksums.
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION } from '../../db/migrations/index';
import { Core } from '../../src-main/core/api/core';
import { verifyAuditChain } from '../../src-main/core/audit/chain';
import type { Db } from '../../src-main/core/api/handlers';
import { openDatabase } from '../../src-main/core/db/open';
import { openPostgres } from '../../src-main/core/db/postgres';
import { openSqlite } from '../../src-main/core/db/sqlite';
import { collegeTables, PER_DESK_TABLES, SEEDED_TABLES, type AnyDb } from '../../src-main/core/db/portable/catalogue';
import { exportDatabase } from '../../src-main/core/db/portable/export';
import { ExportDamagedError } from '../../src-main/core/db/portable/format';
import { importDatabase } from '../../src-main/core/db/portable/import';
import { archiveNoteFile, exportDesk, exportServer, importIntoServer, moveDeskToServer, moveServerToDesk, readArchiveNote } from '../../src-main/core/db/portable/move';
import { MoveRefusedError, SchemaMismatchError, type MoveProgress } from '../../src-main/core/db/portable/progress';
import { tableDigest } from '../../src-main/core/db/portable/scan';
import { bus, claimWith, makeWorld, PNG, TODAY } from '../core/expenses-fixtures';
import { TEST_PASSWORD, validStudent } from '../helpers/core';
import { failWithoutPostgresInCI, freshPostgresDatabase, POSTGRES_URL, type FreshDatabase } from '../helpers/postgres';
import { returnsFixtures } from '../helpers/returns-fixtures';

failWithoutPostgresInCI();

/** Each table's rows and checksum, read from a database as it is now. */
async function digests(db: AnyDb): Promise<Record<string, { rows: number; sha256: string }>> {
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const t of await collegeTables(db)) out[t.name] = await tableDigest(db, t);
  return out;
}

async function withDesk<T>(file: string, fn: (db: AnyDb) => Promise<T>): Promise<T> {
  const db: AnyDb = new Kysely({ dialect: new SqliteDialect({ database: openSqlite(file, { readonly: true }) }) });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

async function withServer<T>(url: string, fn: (db: AnyDb) => Promise<T>): Promise<T> {
  const opened = await openPostgres<unknown>(url);
  try {
    return await fn(opened.db as AnyDb);
  } finally {
    await opened.close();
  }
}

/** A server database set up by this version of the app, as `npm run server:setup` leaves it. */
async function setUpServer(): Promise<FreshDatabase> {
  const fresh = await freshPostgresDatabase();
  dropLater.push(fresh);
  (await openPostgres(fresh.url, { migrate: true })).close();
  return fresh;
}

const dropLater: FreshDatabase[] = [];
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcd-move-test-'));
  tempDirs.push(dir);
  return dir;
}

/**
 * A desk's college with rows in every table, made through the app where it can be: staff, students with consent, a
 * course run with sessions, an enrolment and register marks, a claim with a receipt approved into a paid batch, an
 * outcome, a return with its stored files, the audit log. Returns the closed desk file (a copy, so each test has its own).
 */
async function buildDesk(): Promise<string> {
  const w = await makeWorld();
  const { t } = w;
  const db = t.core.database.db;
  const f = returnsFixtures(db);
  const at = TODAY.toISOString();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of many tables, for those no single call makes
  const ins = async (table: string, values: Record<string, unknown>) => Number(((await (db as Kysely<any>).insertInto(table).values(values).returning('id').executeTakeFirstOrThrow()) as { id: number }).id);
  const staffId = 1;

  // Students, with accents, an NHS number and a phone (search is rebuilt from them on a desk file).
  const ann = await t.ok(w.admin, 'students.create', { fields: validStudent({ firstName: 'Zoë', surname: 'Mover', nhsNumber: '9434765919', phone: '07700 900123' }) });
  const ben = await t.ok(w.admin, 'students.create', { fields: validStudent({ firstName: 'Ben', surname: 'O’Brien' }) });
  await f.consent(ann.id, '2026-09-01');

  // The schedule: a room, a closure, the run of makeWorld with its sessions; enrolments, a break, register marks.
  const runId = Number((await db.selectFrom('course_runs').select('id').executeTakeFirstOrThrow()).id);
  const termId = Number((await db.selectFrom('terms').select('id').executeTakeFirstOrThrow()).id);
  const venueId = Number((await db.selectFrom('venues').select('id').executeTakeFirstOrThrow()).id);
  await ins('rooms', { venue_id: venueId, name: 'Room 1', capacity: 12 });
  await ins('closures', { term_id: termId, starts_on: '2026-10-26', ends_on: '2026-10-30', description: 'Half term' });
  const enrolment = await f.enrol(runId, ann.id, '2026-09-20');
  await f.enrol(runId, ben.id, '2026-09-21');
  await ins('enrolment_breaks', { enrolment_id: enrolment, starts_on: '2026-10-13', resumed_on: '2026-10-19', reason: 'Hospital stay', recorded_by: staffId, recorded_at: at });
  await f.mark(w.sessionIds[0], ann.id, 'present');
  await f.mark(w.sessionIds[0], ben.id, 'apologies');
  await f.delivered(w.sessionIds[0], [w.facilitatorIds[0]]);
  await ins('follow_up_contacts', { student_id: ben.id, course_run_id: runId, contacted_on: '2026-10-06', contacted_by: staffId, outcome: 'left a message', created_at: at });

  // Claims: one with a receipt, approved and put into a payment batch; a payment for involvement, and its rate.
  const claimId = await claimWith(w, w.valId, [bus('2026-10-05', '3.40')]);
  for (const l of (await t.ok(w.admin, 'expenses.claims.get', { id: claimId })).lines) {
    await t.ok(w.admin, 'expenses.receipts.add', { lineId: l.id, fileName: 'bus ticket.png', base64: PNG });
  }
  await t.ok(w.admin, 'expenses.claims.submit', { id: claimId });
  await t.ok(w.coordinator, 'expenses.claims.approve', { id: claimId });
  await t.ok(w.coordinator, 'expenses.batches.create', { claimIds: [claimId] });
  await ins('involvement_rates', { basis: 'session', effective_from: '2026-04-01', rate_pence: 2500, created_by: staffId, created_at: at });
  await ins('involvement_payments', { payee_id: w.patId, session_id: w.sessionIds[0], work_date: '2026-10-05', basis: 'session', rate_pence: 2500, offered_pence: 2500, amount_pence: 2500, recorded_by: staffId, recorded_at: at, updated_at: at });

  // Outcomes: a questionnaire, a destination, feedback on the run.
  await t.ok(w.admin, 'outcomes.recordQuestionnaire', { studentId: ann.id, scale: 'SWEMWBS', timepoint: 'baseline', completedOn: '2026-10-05', courseRunId: runId, items: Array(7).fill(3) });
  await t.ok(w.admin, 'outcomes.recordDestination', { studentId: ann.id, kind: 'volunteering_started', withCollege: true, onDate: '2026-10-10' });
  await f.satisfaction(runId, '2026-10-19', 5, true, 'Really helped');

  // A return with its stored files, the college's settings, and the data-protection records.
  await t.ok(w.manager, 'settings.update', { collegeName: 'Riverside Recovery College' });
  await t.ok(w.manager, 'returns.produce', { period: { kind: 'custom', start: '2026-10-01', end: '2026-11-19' } });
  await ins('extract_runs', { period_start: '2026-04-01', period_end: '2026-06-30', reason: 'NHS data return', student_count: 2, sha256: 'ab'.repeat(32), run_by: staffId, run_at: at });
  await ins('subject_access_requests', { student_id: ben.id, received_on: '2026-11-01', due_on: '2026-12-01', logged_by: staffId, logged_at: at });
  await ins('disk_encryption_confirmations', { confirmed_on: '2026-11-01', confirmed_by: staffId, statement: 'BitLocker is on' });
  await db.insertInto('backup_settings').values({ key: 'second_folder', value: '/media/backup' }).execute();
  // A mistyped password: the throttle by username is the college's (the desk's own limit stays with the desk).
  await t.fail('typo', 'auth.signIn', { username: 'first.manager', password: 'not it' });
  await t.core.close();
  const file = path.join(tempDir(), 'desk.sqlite');
  copyFileSync(path.join(t.dir, 'recovery-college.sqlite'), file);
  copyFileSync(`${path.join(t.dir, 'recovery-college.sqlite')}.desk.json`, `${file}.desk.json`);
  rmSync(t.dir, { recursive: true, force: true });
  return file;
}

let desk: string;
beforeAll(async () => {
  desk = await buildDesk();
}, 60_000);

afterAll(async () => {
  for (const d of dropLater) await d.drop();
  for (const dir of tempDirs) {
    try {
      chmodSync(path.join(dir, 'desk.sqlite'), 0o644);
    } catch {
      // not every folder holds a desk
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the desk used for these tests', () => {
  it('has rows in every college table', async () => {
    const empty = Object.entries(await withDesk(desk, digests)).filter(([, d]) => d.rows === 0).map(([name]) => name);
    expect(empty).toEqual([]);
  });
});

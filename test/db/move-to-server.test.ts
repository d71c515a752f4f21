// Moving a desk's database to the college's server and back (issue 12): a desk with data in every table is copied
// into a new server database through the portable export, every table's rows and checksum checked; the desk file is
// kept as a read-only archive; a damaged export or a server already in use is refused without changing anything;
// and the server's data comes back into a new desk file with the same checksums.
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Kysely, SqliteDialect } from 'kysely';
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
  const file = path.join(tempDir(), 'desk.sqlite');
  // A desk's own file, also when the core suite runs on the server.
  const w = await makeWorld({ core: { databaseFile: file, allowAnyLocation: true } });
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
  await ins('follow_up_contacts', { student_id: ben.id, course_run_id: runId, contacted_on: '2026-10-06', contacted_by: staffId, outcome: 'Left a message: "call back" \\ {after 5}, NULL\nthanks', created_at: at });

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

/** A copy of the test desk in its own folder, with its note of a clean close (what a closed app leaves). */
function deskCopy(): string {
  const file = path.join(tempDir(), 'desk.sqlite');
  copyFileSync(desk, file);
  copyFileSync(`${desk}.desk.json`, `${file}.desk.json`);
  return file;
}

describe.skipIf(!POSTGRES_URL)('moving a desk to the college server', () => {
  let file: string;
  let server: FreshDatabase;
  let before: Awaited<ReturnType<typeof digests>>;
  const progress: MoveProgress[] = [];
  beforeAll(async () => {
    file = deskCopy();
    before = await withDesk(file, digests);
    server = await setUpServer();
    await moveDeskToServer(file, server.url, { onProgress: (p) => progress.push(p), now: () => TODAY });
  }, 60_000);

  it('copies every table: the same rows, ids and checksums on the server as on the desk', async () => {
    const after = await withServer(server.url, digests);
    expect(after).toEqual(before);
    const ids = await withServer(server.url, (db) => db.selectFrom('students').select(['id', 'reference', 'first_name']).orderBy('id').execute());
    const deskIds = await withDesk(file, (db) => db.selectFrom('students').select(['id', 'reference', 'first_name']).orderBy('id').execute());
    expect(ids).toEqual(deskIds);
    expect(ids.map((s) => s.first_name)).toContain('Zoë');
  });

  it('carries receipts and return files byte for byte', async () => {
    const bytes = async (db: AnyDb) => ({
      receipts: (await db.selectFrom('claim_receipts').select(['id', 'content']).orderBy('id').execute()).map((r) => [r.id, Buffer.from(r.content).toString('hex')]),
      files: (await db.selectFrom('return_files').select(['id', 'bytes']).orderBy('id').execute()).map((r) => [r.id, Buffer.from(r.bytes).toString('hex')]),
    });
    const onServer = await withServer(server.url, bytes);
    expect(onServer).toEqual(await withDesk(file, bytes));
    expect(onServer.receipts).toHaveLength(1);
    expect(onServer.receipts[0][1]).toMatch(/^89504e470d0a1a0a/); // a PNG, as the app stored it
    expect(onServer.files.length).toBeGreaterThan(0);
  });

  it('keeps the audit log verifiable on the server', async () => {
    const chain = await withServer(server.url, (db) => verifyAuditChain(db as unknown as Db));
    expect(chain.ok).toBe(true);
    expect(chain.rowsChecked).toBe(before.audit_log.rows);
  });

  it('lets staff sign in on the server with the password they had on the desk', async () => {
    const hashes = (db: AnyDb) => db.selectFrom('staff').select(['username', 'password_hash']).orderBy('id').execute();
    const onServer = await withServer(server.url, hashes);
    expect(onServer).toEqual(await withDesk(file, hashes));
    const manager = onServer.find((s) => s.username === 'first.manager')!;
    const { verifyPassword } = await import('../../src-main/core/auth/passwords');
    expect(await verifyPassword(TEST_PASSWORD, manager.password_hash)).toBe(true);
  });

  it('keeps the desk file as a read-only archive with a note of where the data went', () => {
    expect(statSync(file).mode & 0o777).toBe(0o444);
    const note = readArchiveNote(file)!;
    expect(note.movedAt).toBe(TODAY.toISOString());
    expect(note.server).toEqual({ host: '127.0.0.1', port: Number(new URL(server.url).port), database: server.name });
    expect(note.schema).toBe(LATEST_MIGRATION);
    expect(readFileSync(archiveNoteFile(file), 'utf8')).not.toMatch(/password/i);
  });

  it('refuses to move the same desk a second time', async () => {
    const again = await setUpServer();
    await expect(moveDeskToServer(file, again.url)).rejects.toMatchObject({ kind: 'already-moved' });
  });

  it('reports progress for every table, through export, import and verification', () => {
    const tables = Object.keys(before);
    for (const stage of ['export', 'import', 'verify'] as const) {
      expect(new Set(progress.filter((p) => p.stage === stage).map((p) => p.table))).toEqual(new Set(tables));
    }
  });
  // Last in this group: it adds to the server.
  it('lets staff sign in on the server with their desk password, and numbers a new student after the copied ones', async () => {
    const copied = await withDesk(file, (db) => db.selectFrom('students').select(['id', 'reference']).execute());
    const core = await Core.open({ dataDir: tempDir(), passwordCost: 'fast', now: () => TODAY, server: { connection: server.url } });
    try {
      const signIn = await core.call('on-server', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
      expect(signIn.ok).toBe(true);
      const added = await core.call('on-server', 'students.create', { fields: validStudent({ firstName: 'New', surname: 'OnServer' }) });
      if (!added.ok) throw new Error(added.error.message);
      const student = added.value as { id: number; reference: string };
      expect(student.id).toBe(Math.max(...copied.map((c) => c.id as number)) + 1);
      expect(copied.map((c) => c.reference)).not.toContain(student.reference);
    } finally {
      await core.close();
    }
  });
});

describe.skipIf(!POSTGRES_URL)('refusals that leave everything as it was', () => {
  let exportFile: string;
  beforeAll(async () => {
    exportFile = path.join(tempDir(), 'college.rcd-export.gz');
    await exportDesk(desk, exportFile);
  });

  it('refuses a server that already holds data, and changes nothing there', async () => {
    const server = await setUpServer();
    await importIntoServer(exportFile, server.url);
    const held = await withServer(server.url, digests);
    const error = await importIntoServer(exportFile, server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoveRefusedError);
    expect((error as MoveRefusedError).kind).toBe('not-empty');
    expect((error as Error).message).toMatch(/already holds data .*Nothing has been changed/);
    expect(await withServer(server.url, digests)).toEqual(held);
  });

  it('refuses an export whose rows were changed, naming the table, and leaves the server empty', async () => {
    const text = gunzipSync(readFileSync(exportFile)).toString('utf8');
    const changed = text.replace('"Zoë"', '"Zoe"');
    expect(changed).not.toBe(text);
    const tampered = path.join(tempDir(), 'tampered.gz');
    writeFileSync(tampered, gzipSync(changed));
    const server = await setUpServer();
    const error = await importIntoServer(tampered, server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportDamagedError);
    expect((error as ExportDamagedError).table).toBe('students');
    expect((error as Error).message).toMatch(/rows of students do not match its checksum/);
    // Still empty: the good export goes in afterwards.
    await importIntoServer(exportFile, server.url);
  });

  it('refuses an export file with a byte flipped', async () => {
    const bytes = readFileSync(exportFile);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)] ^= 0x20;
    const damaged = path.join(tempDir(), 'flipped.gz');
    writeFileSync(damaged, flipped);
    const server = await setUpServer();
    await expect(importIntoServer(damaged, server.url)).rejects.toBeInstanceOf(ExportDamagedError);
    await importIntoServer(exportFile, server.url);
  });

  it('refuses an export made at another version of the app’s data', async () => {
    const lines = gunzipSync(readFileSync(exportFile)).toString('utf8').split('\n');
    lines[0] = lines[0].replace(`"schema":"${LATEST_MIGRATION}"`, '"schema":"0099_from_the_future"');
    const other = path.join(tempDir(), 'other-version.gz');
    writeFileSync(other, gzipSync(lines.join('\n')));
    const server = await setUpServer();
    const error = await importIntoServer(other, server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect((error as Error).message).toMatch(/0099_from_the_future.*Use the same version of the app/);
  });

  it('refuses a server database that has not been set up, pointing to server:setup', async () => {
    const bare = await freshPostgresDatabase();
    dropLater.push(bare);
    await expect(importIntoServer(exportFile, bare.url)).rejects.toThrow(/has not been set up/);
  });

  it('rolls back a move cancelled part-way, so the server is still empty', async () => {
    const server = await setUpServer();
    const stop = new AbortController();
    const cancelled = importIntoServer(exportFile, server.url, { signal: stop.signal, onProgress: (p) => p.table === 'students' && stop.abort() });
    await expect(cancelled).rejects.toThrow();
    const rows = await withServer(server.url, async (db) => Object.values(await digests(db)).reduce((n, d) => n + d.rows, 0));
    const seeded = await withServer(server.url, async (db) => Object.entries(await digests(db)).filter(([t]) => SEEDED_TABLES.has(t)).reduce((n, [, d]) => n + d.rows, 0));
    expect(rows).toBe(seeded);
    await importIntoServer(exportFile, server.url);
  });

  it('refuses a desk that is open (or was not closed properly), before reading it', async () => {
    const file = deskCopy();
    writeFileSync(`${file}.desk.json`, JSON.stringify({ createdAt: TODAY.toISOString(), cleanClose: false }));
    const server = await setUpServer();
    await expect(moveDeskToServer(file, server.url)).rejects.toMatchObject({ kind: 'in-use' });
    expect(existsSync(archiveNoteFile(file))).toBe(false);
  });
});

describe.skipIf(!POSTGRES_URL)('moving the college back from the server to a desk file', () => {
  it('gives a new desk file whose every table has the server’s rows and checksums, that staff can open and search', async () => {
    const server = await setUpServer();
    await moveDeskToServer(deskCopy(), server.url);
    const onServer = await withServer(server.url, digests);
    const dir = tempDir();
    const file = path.join(dir, 'recovery-college.sqlite');
    await moveServerToDesk(server.url, file, { allowAnyLocation: true });
    expect(await withDesk(file, digests)).toEqual(onServer);
    await expect(moveServerToDesk(server.url, file, { allowAnyLocation: true })).rejects.toMatchObject({ kind: 'exists' });

    const core = await Core.open({ dataDir: dir, passwordCost: 'fast', now: () => TODAY });
    try {
      const signIn = await core.call('back', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
      expect(signIn.ok).toBe(true);
      const found = await core.call('back', 'students.search', { query: 'zoe' } as never);
      expect(JSON.stringify(found)).toMatch(/Mover/);
      const chain = await verifyAuditChain(core.database.db as unknown as Db);
      expect(chain.ok).toBe(true);
    } finally {
      await core.close();
    }
  });

  it('reads the same export into a desk file as into the server (one portable format)', async () => {
    const dir = tempDir();
    const exportFile = path.join(dir, 'college.rcd-export.gz');
    const server = await setUpServer();
    await importIntoServer((await exportDesk(desk, exportFile), exportFile), server.url);
    const again = path.join(dir, 'again.rcd-export.gz');
    const fromServer = await exportServer(server.url, again);
    const fromDesk = await withDesk(desk, (db) => exportDatabase(db, path.join(dir, 'third.gz')));
    expect(fromServer.tables).toEqual(fromDesk.tables);
    expect(fromServer.sourceEngine).toBe('postgres');
  });
});

describe.skipIf(!POSTGRES_URL)('what a new database holds before anything is moved into it', () => {
  it('has rows only in the tables the app fills in itself, on either engine, and never a per-desk table in an export', async () => {
    const dir = tempDir();
    const opened = await openDatabase(path.join(dir, 'new.sqlite'), { allowAnyLocation: true });
    const onDesk = await digests(opened.db as AnyDb);
    await opened.close();
    const server = await setUpServer();
    const onServer = await withServer(server.url, digests);
    for (const d of [onDesk, onServer]) {
      expect(Object.entries(d).filter(([, x]) => x.rows > 0).map(([t]) => t).sort()).toEqual([...SEEDED_TABLES].sort());
      for (const t of PER_DESK_TABLES) expect(Object.keys(d)).not.toContain(t);
    }
    expect(onServer).toEqual(onDesk);
  });
});

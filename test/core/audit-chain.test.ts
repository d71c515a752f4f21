// The tamper-evident audit log: someone with the sqlite3 command line edits, deletes, reorders or empties audit rows
// while the app is closed, and the chain check finds it every time, naming the first entry affected.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../src-main/core/api/core';
import { auditRowHash, checkAuditChainIfDue, readAuditChainHead, verifyAuditChain } from '../../src-main/core/audit/chain';
import { auditHeadFile } from '../../src-main/core/audit/outside';
import { readHeader } from '../../src-main/core/backups/crypto';
import { makeTestCore, TEST_PASSWORD, validStudent, type TestCore, deskFile, FILE_ONLY } from '../helpers/core';

let t: TestCore;
let ids: number[];
const db = () => t.core.database.db;
const raw = () => deskFile(t).sqlite;

beforeEach(async () => {
  t = await makeTestCore();
  for (const surname of ['Able', 'Baker', 'Carter']) {
    const s = await t.ok('setup', 'students.create', { fields: validStudent({ surname }) });
    await t.ok('setup', 'students.update', { id: s.id, version: s.version, fields: validStudent({ surname, phone: '01702 000000' }) });
  }
  ids = (await db().selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
  expect(ids.length).toBeGreaterThanOrEqual(7);
});
afterEach(() => t.close());

/** What someone determined does first: the triggers stop casual edits, so they drop them. */
const dropGuards = () => raw().exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');

type Row = Parameters<typeof auditRowHash>[1] & { id: number };
/**
 * The whole log rewritten consistently, as someone with the sqlite3 command line and this app's source would: the
 * guards dropped, one early entry changed, every entry after it re-sealed, and the head row moved to match.
 */
function rewriteWholeLog(db: { exec(sql: string): unknown; prepare(sql: string): { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] } }, changedId: number): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.prepare("UPDATE audit_log SET summary = 'Nothing happened here' WHERE id = ?").run(changedId);
  let prev = '0'.repeat(64);
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]) {
    const hash = auditRowHash(prev, r);
    db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id);
    prev = hash;
  }
  db.prepare('UPDATE audit_chain_head SET last_hash = ?').run(prev);
}

/** Opens the same data folder again, as the app does on its next start, and signs the manager in. */
async function reopen(): Promise<{ core: Core; session: string }> {
  const core = await Core.open({ dataDir: t.dir, passwordCost: 'fast' });
  const r = await core.call('again', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
  expect(r.ok).toBe(true);
  return { core, session: 'again' };
}

describe('the chain', () => {
  it('verifies an untouched log, through the API for a manager, and records the check', async () => {
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, rowsChecked: ids.length });
    const r = await t.ok('setup', 'audit.verifyChain', {});
    expect(r.ok).toBe(true);
    const status = await t.ok('setup', 'audit.chainStatus', {});
    expect(status.lastCheck).toMatchObject({ ok: true, trigger: 'manual', checkedBy: 'First Manager' });
    expect(status.lastVerifiedAt).not.toBeNull();
    const coordinator = await t.signInAs('coordinator');
    expect((await t.fail(coordinator, 'audit.verifyChain', {})).reason).toBe('access.role');
  });

  // On the server the same is the app role's privileges (INSERT only on audit_log): test/db/postgres-setup.test.ts.
  it.skipIf(FILE_ONLY)('refuses ordinary UPDATE and DELETE on audit rows', () => {
    expect(() => raw().prepare('UPDATE audit_log SET summary = ? WHERE id = ?').run('x', ids[0])).toThrow(/cannot be changed/);
    expect(() => raw().prepare('DELETE FROM audit_log WHERE id = ?').run(ids[0])).toThrow(/cannot be deleted/);
  });
});

// Tampering is done here with the sqlite3-style handle on the desk's file; the verifier reads through Kysely and is the
// same on the server, where test/db/postgres-setup.test.ts shows the desks' role cannot change or delete audit rows.
describe.skipIf(FILE_ONLY)('tampering by raw SQL is detected every time', () => {
  it('an entry reassigned to someone else with an old date', async () => {
    await t.signInAs('admin');
    dropGuards();
    raw().prepare("UPDATE audit_log SET staff_id = (SELECT max(id) FROM staff), at = '2020-03-01T10:00:00.000Z' WHERE id = ?").run(ids[3]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBadId: ids[3], problem: expect.stringMatching(/has been changed/) });
  });

  it('an entry changed and its own hash recomputed', async () => {
    dropGuards();
    const r = raw().prepare('SELECT * FROM audit_log WHERE id = ?').get(ids[2]) as Parameters<typeof auditRowHash>[1] & { prev_hash: string };
    const forged = { ...r, summary: 'Nothing to see' };
    raw().prepare('UPDATE audit_log SET summary = ?, hash = ? WHERE id = ?').run(forged.summary, auditRowHash(r.prev_hash, forged), ids[2]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBadId: ids[3], problem: expect.stringMatching(new RegExp(`does not follow entry ${ids[2]}`)) });
  });

  it('a create entry deleted', async () => {
    dropGuards();
    raw().prepare('DELETE FROM audit_log WHERE id = ?').run(ids[1]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBadId: ids[2] });
  });

  it('the first entry deleted', async () => {
    dropGuards();
    raw().prepare('DELETE FROM audit_log WHERE id = ?').run(ids[0]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBadId: ids[1], problem: expect.stringMatching(/should be the first/) });
  });

  it('two entries swapped (reordered)', async () => {
    dropGuards();
    const [a, b] = [ids[2], ids[3]];
    raw().exec(`UPDATE audit_log SET id = -1 WHERE id = ${a}; UPDATE audit_log SET id = ${a} WHERE id = ${b}; UPDATE audit_log SET id = ${b} WHERE id = -1;`);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBadId: a });
  });

  it('the last entries cut off', async () => {
    dropGuards();
    raw().prepare('DELETE FROM audit_log WHERE id >= ?').run(ids[ids.length - 2]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBadId: ids[ids.length - 3] + 1, problem: expect.stringMatching(/last 2 entries have been removed/) });
  });

  it('the whole table emptied', async () => {
    dropGuards();
    raw().exec('DELETE FROM audit_log');
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, problem: expect.stringMatching(/has been cleared/) });
  });

  it('the whole chain and its head rewritten: caught against the head a backup kept', async () => {
    const fromBackup = await readAuditChainHead(db());
    dropGuards();
    raw().prepare("UPDATE audit_log SET summary = 'rewritten' WHERE id = ?").run(ids[1]);
    let prev = '0'.repeat(64);
    for (const r of raw().prepare('SELECT * FROM audit_log ORDER BY id').all() as (Parameters<typeof auditRowHash>[1] & { id: number })[]) {
      const hash = auditRowHash(prev, r);
      raw().prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id);
      prev = hash;
    }
    raw().prepare('UPDATE audit_chain_head SET last_hash = ?').run(prev);
    expect((await verifyAuditChain(db())).ok).toBe(true); // undetectable from inside the file alone…
    expect(await verifyAuditChain(db(), { expectedHead: fromBackup })).toMatchObject({ ok: false, firstBadId: fromBackup.lastId }); // …but not against the backup's copy
  });

  it('keeps reporting a break after new entries are written, never accepting it', async () => {
    dropGuards();
    raw().prepare('DELETE FROM audit_log WHERE id = ?').run(ids[4]);
    await t.ok('setup', 'students.create', { fields: validStudent({ surname: 'Later' }) });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, firstBadId: ids[5] });
    const r = await t.ok('setup', 'audit.verifyChain', {});
    expect(r).toMatchObject({ ok: false, firstBadId: ids[5] });
    expect((await t.ok('setup', 'audit.chainStatus', {})).lastCheck).toMatchObject({ ok: false, firstBadId: ids[5] });
  });
});

// The copies outside the log are kept beside a desk's file and in its backups; a server has neither (IT's backups).
describe.skipIf(FILE_ONLY)('a rewrite of the whole log is caught against the copies kept outside it', () => {
  it('made while the app is closed: reported when it next opens, naming the first entry changed, and the backup still taken', async () => {
    await t.core.startupTasks;
    const file = deskFile(t).file;
    await t.core.close(); // a clean close brings the copy beside the database up to date
    expect(JSON.parse(readFileSync(auditHeadFile(file), 'utf8'))).toMatchObject({ lastId: ids[ids.length - 1] });
    const sqlite3 = new Sqlite(file);
    rewriteWholeLog(sqlite3, ids[1]);
    sqlite3.close();
    // The backups are moved away too, so the copy beside the database is the only one left to catch it.
    rmSync(path.join(t.dir, 'backups'), { recursive: true, force: true });
    expect((await verifyAuditChainOnFile(file)).ok).toBe(true); // undetectable from inside the file alone…

    const again = await reopen();
    try {
      await again.core.startupTasks;
      // …but the check at start-up compares it with the copy beside the database: not accepted, first entry named.
      const checks = deskFile(again).sqlite.prepare('SELECT "trigger", ok, first_bad_id AS firstBadId, problem FROM audit_chain_checks ORDER BY id').all() as { trigger: string; ok: number; firstBadId: number; problem: string }[];
      expect(checks.at(-2)).toMatchObject({ trigger: 'weekly', ok: 0, firstBadId: ids[1], problem: expect.stringMatching(/rewritten from this entry on/) });
      expect(checks.at(-1)).toMatchObject({ trigger: 'backup', ok: 0, firstBadId: ids[1] });
      const verified = await again.core.call(again.session, 'audit.verifyChain', {});
      expect(verified).toMatchObject({ ok: true, value: { ok: false, firstBadId: ids[1], problem: expect.stringMatching(/beside the database/) } });
      // The backup at start-up was still taken (evidence), and its status reports the break.
      const status = await again.core.call(again.session, 'backups.status', {});
      expect(status.ok && status.value.lastBackup).toBeTruthy();
      expect(status.ok && status.value.auditChain).toMatchObject({ ok: false, firstBadId: ids[1] });
      // Closing again does not move the copy onto the rewritten log: the break is reported at every start.
      await again.core.close();
      const third = await reopen();
      await third.core.startupTasks;
      expect(await third.core.call(third.session, 'audit.chainStatus', {})).toMatchObject({ value: { lastCheck: { ok: false, firstBadId: ids[1] } } });
      await third.core.close();
    } finally {
      await again.core.close();
    }
  });

  it('made with the copy beside the database removed too: caught by the encrypted backup’s header', async () => {
    await t.core.startupTasks;
    await t.ok('setup', 'backups.setPassphrase', { passphrase: 'harbour violet thimble', startAfresh: false });
    const backup = await t.ok('setup', 'backups.takeNow', {});
    expect(backup.encrypted).toBe(true);
    const { header } = await readHeader(path.join(deskFile(t).backupsDir, backup.name));
    const { last } = raw().prepare('SELECT max(id) AS last FROM audit_log').get() as { last: number };
    expect(header.audit).toMatchObject({ intact: true, lastId: last });
    rewriteWholeLog(raw(), ids[2]);
    rmSync(auditHeadFile(deskFile(t).file), { force: true });
    expect((await verifyAuditChain(db())).ok).toBe(true);
    const r = await t.ok('setup', 'audit.verifyChain', {});
    expect(r).toMatchObject({ ok: false, firstBadId: ids[2], problem: expect.stringContaining(backup.name) });
  });

  it('made with the app running: caught by a plain backup, which is itself a copy of the log', async () => {
    await t.core.startupTasks;
    const backup = await t.ok('setup', 'backups.takeNow', {});
    expect(backup.encrypted).toBe(false);
    rewriteWholeLog(raw(), ids[4]);
    rmSync(auditHeadFile(deskFile(t).file), { force: true });
    expect(await t.ok('setup', 'audit.verifyChain', {})).toMatchObject({ ok: false, firstBadId: ids[4] });
  });

  it('a backup of a broken log is still taken, marked as not intact, and the break shown to the manager', async () => {
    await t.core.startupTasks;
    await t.ok('setup', 'backups.setPassphrase', { passphrase: 'harbour violet thimble', startAfresh: false });
    dropGuards();
    raw().prepare('DELETE FROM audit_log WHERE id = ?').run(ids[3]);
    const backup = await t.ok('setup', 'backups.takeNow', {});
    const { header } = await readHeader(path.join(deskFile(t).backupsDir, backup.name));
    expect(header.audit).toMatchObject({ intact: false }); // kept as evidence, never trusted as a copy later
    expect((await t.ok('setup', 'backups.status', {})).auditChain).toMatchObject({ ok: false, firstBadId: ids[4] });
    expect((await t.ok('setup', 'audit.chainStatus', {})).lastCheck).toMatchObject({ trigger: 'backup', ok: false, firstBadId: ids[4] });
    expect((await t.ok('setup', 'privacy.dataSecurity.report', {})).auditChain).toMatchObject({ lastCheckOk: false, lastCheckProblem: expect.stringContaining(`entry ${ids[4]}`) });
  });

  it('an intact log passes against every copy, and restoring an older backup is not mistaken for tampering', async () => {
    await t.core.startupTasks;
    const older = await t.ok('setup', 'backups.takeNow', {});
    expect(await t.ok('setup', 'audit.verifyChain', {})).toMatchObject({ ok: true });
    await t.ok('setup', 'students.create', { fields: validStudent({ surname: 'Afterwards' }) });
    await t.ok('setup', 'backups.takeNow', {});
    expect(await t.ok('setup', 'audit.verifyChain', {})).toMatchObject({ ok: true });
    await t.ok('setup', 'backups.restore', { source: { name: older.name }, confirm: true });
    const r = await t.core.call('after-restore', 'auth.signIn', { username: 'first.manager', password: TEST_PASSWORD });
    expect(r.ok).toBe(true);
    expect(await t.core.call('after-restore', 'audit.verifyChain', {})).toMatchObject({ ok: true, value: { ok: true } });
    expect(existsSync(auditHeadFile(deskFile(t).file))).toBe(true);
  });
});

/** The check as it would run with only the file itself to go on. */
async function verifyAuditChainOnFile(file: string) {
  const sqlite3 = new Sqlite(file, { readonly: true });
  try {
    const rows = sqlite3.prepare('SELECT * FROM audit_log ORDER BY id').all() as (Row & { prev_hash: string; hash: string })[];
    let prev = '0'.repeat(64);
    for (const r of rows) {
      if (r.prev_hash !== prev || auditRowHash(prev, r) !== r.hash) return { ok: false };
      prev = r.hash;
    }
    const head = sqlite3.prepare('SELECT last_hash FROM audit_chain_head').get() as { last_hash: string };
    return { ok: head.last_hash === prev };
  } finally {
    sqlite3.close();
  }
}

describe('the weekly check', () => {
  it('runs when a week has passed since the last check, and not before', async () => {
    const now = new Date('2030-01-01T09:00:00Z');
    expect(await checkAuditChainIfDue(db(), now)).toMatchObject({ ok: true });
    expect(await checkAuditChainIfDue(db(), new Date('2030-01-07T09:00:00Z'))).toBeNull();
    expect(await checkAuditChainIfDue(db(), new Date('2030-01-08T09:00:01Z'))).toMatchObject({ ok: true });
    const status = await t.ok('setup', 'audit.chainStatus', {});
    expect(status.lastCheck).toMatchObject({ trigger: 'weekly', ok: true });
  });
});

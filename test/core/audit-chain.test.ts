// The tamper-evident audit log: someone with the sqlite3 command line edits, deletes, reorders or empties audit rows
// while the app is closed, and the chain check finds it every time, naming the first entry affected.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRowHash, checkAuditChainIfDue, readAuditChainHead, verifyAuditChain } from '../../src-main/core/audit/chain';
import { makeTestCore, validStudent, type TestCore } from '../helpers/core';

let t: TestCore;
let ids: number[];
const db = () => t.core.database.db;
const raw = () => t.core.database.sqlite;

beforeEach(async () => {
  t = await makeTestCore();
  for (const surname of ['Able', 'Baker', 'Carter']) {
    const s = await t.ok('setup', 'students.create', { fields: validStudent({ surname }) });
    await t.ok('setup', 'students.update', { id: s.id, version: s.version, fields: validStudent({ surname, phone: '01702 000000' }) });
  }
  ids = (raw().prepare('SELECT id FROM audit_log ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  expect(ids.length).toBeGreaterThanOrEqual(7);
});
afterEach(() => t.close());

/** What someone determined does first: the triggers stop casual edits, so they drop them. */
const dropGuards = () => raw().exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');

describe('the chain', () => {
  it('verifies an untouched log, through the API for a manager, and records the check', async () => {
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, rowsChecked: ids.length });
    const r = await t.ok('setup', 'audit.verifyChain', {});
    expect(r.ok).toBe(true);
    const status = await t.ok('setup', 'audit.chainStatus', {});
    expect(status.lastCheck).toMatchObject({ ok: true, trigger: 'manual', checkedBy: 'First Manager' });
    expect(status.lastVerifiedAt).not.toBeNull();
    const coordinator = await t.signInAs('coordinator');
    expect((await t.fail(coordinator, 'audit.verifyChain', {})).code).toBe('FORBIDDEN');
  });

  it('refuses ordinary UPDATE and DELETE on audit rows', () => {
    expect(() => raw().prepare('UPDATE audit_log SET summary = ? WHERE id = ?').run('x', ids[0])).toThrow(/cannot be changed/);
    expect(() => raw().prepare('DELETE FROM audit_log WHERE id = ?').run(ids[0])).toThrow(/cannot be deleted/);
  });
});

describe('tampering by raw SQL is detected every time', () => {
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

// Every call checks the signed-in account and the idle-lock setting; both are kept in memory between calls, and any
// change to them — through the API or straight into the database on the same connection — counts on the very next call.
// Statements are prepared once per SQL text and kept in a bounded list.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src-main/core/db/sqlite-cache';
import { makeTestCore, type TestCore, deskFile, FILE_ONLY } from '../helpers/core';

describe('the signed-in account and settings kept between calls', () => {
  let t: TestCore;
  let admin: string;
  let adminId: number;
  beforeEach(async () => {
    t = await makeTestCore();
    admin = await t.signInAs('admin', 'kept.admin');
    adminId = (await t.core.database.db.selectFrom('staff').select('id').where('username', '=', 'kept.admin').executeTakeFirstOrThrow()).id;
    await t.ok(admin, 'students.search', { query: '' }); // the account is now held in memory
  });
  afterEach(() => t.close());

  it('refuses a deactivated account on its very next call', async () => {
    await t.ok('setup', 'staff.setActive', { id: adminId, active: false });
    expect((await t.fail(admin, 'students.search', { query: '' })).reason).toBe('session.signed-out');
  });

  it('applies a role change on the next call', async () => {
    expect((await t.fail(admin, 'staff.list', {})).reason).toBe('access.role');
    await t.ok('setup', 'staff.update', { id: adminId, displayName: 'Now a manager', role: 'manager' });
    await t.ok(admin, 'staff.list', {});
    const status = await t.ok(admin, 'auth.status', {});
    expect(JSON.stringify(status)).toContain('Now a manager');
  });

  // A desk's file only: on the college's server the account and settings are read afresh on every call.
  it.skipIf(FILE_ONLY)('sees a change written straight into the database on the same connection', async () => {
    deskFile(t).sqlite.prepare(`UPDATE staff SET active = 0 WHERE id = ?`).run(adminId);
    expect((await t.fail(admin, 'students.search', { query: '' })).reason).toBe('session.signed-out');
  });

  it.skipIf(FILE_ONLY)('sees a change made by another connection to the same file', async () => {
    const other = new BetterSqlite3(deskFile(t).file);
    other.prepare(`UPDATE staff SET active = 0 WHERE id = ?`).run(adminId);
    other.close();
    expect((await t.fail(admin, 'students.search', { query: '' })).reason).toBe('session.signed-out');
  });

  it('locks an idle desk as soon as the idle time is shortened', async () => {
    let now = new Date('2026-11-26T10:00:00Z').getTime();
    await t.close();
    t = await makeTestCore({ now: () => new Date(now) });
    admin = await t.signInAs('admin', 'idle.admin');
    await t.ok(admin, 'students.search', { query: '' });
    now += 3 * 60_000; // three minutes idle: under the default ten
    await t.ok(admin, 'students.search', { query: '' });
    await t.ok('setup', 'settings.update', { idleLockMinutes: 2 });
    now += 150_000; // two and a half minutes idle
    expect((await t.fail(admin, 'students.search', { query: '' })).reason).toBe('session.locked');
  });
});

describe('prepared statements under Kysely', () => {
  let dir: string;
  let sqlite: BetterSqlite3.Database;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rcd-stmt-'));
    sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    if (sqlite.open) sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reuses the statement for the same SQL text and keeps at most the chosen number, dropping the least recently used', () => {
    const db = withStatementCache(sqlite, 3);
    const a = db.prepare('SELECT 1');
    expect(db.prepare('SELECT 1')).toBe(a);
    db.prepare('SELECT 2');
    db.prepare('SELECT 3');
    db.prepare('SELECT 1'); // used again: now the most recent
    db.prepare('SELECT 4'); // drops SELECT 2
    expect(db.cachedStatements()).toBe(3);
    expect(db.prepare('SELECT 1')).toBe(a);
    const two = db.prepare('SELECT 2');
    expect(two).not.toBe(a);
    expect((two as unknown as BetterSqlite3.Statement).pluck().get()).toBe(2);
    db.close();
    expect(sqlite.open).toBe(false);
  });
});

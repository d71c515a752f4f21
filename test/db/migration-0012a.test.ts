// Migration 0012a (audit chain): a log written before it is chained in id order, verifies as intact, and a later edit
// made by hand is found; the migration also refuses ordinary edits, and goes back down cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';
import { verifyAuditChain } from '../../src-main/core/audit/chain';
import type { Database } from '../../src-main/core/db/schema';

let dir: string;
let sqlite: BetterSqlite3.Database;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are tested without today's schema types
let db: Kysely<any>;
let migrator: Migrator;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig12a-'));
  sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('chains the audit rows already there, so the log verifies, and a later hand edit is found', async () => {
  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  await db.insertInto('staff').values({ username: 'm', display_name: 'M', role: 'manager', password_hash: 'x', created_at: '2025-01-01T00:00:00Z' }).execute();
  for (let i = 1; i <= 5; i++) {
    await db.insertInto('audit_log').values({ at: `2025-01-0${i}T10:00:00.000Z`, staff_id: 1, action: 'create', entity: 'student', entity_id: i, fields: '[]', summary: `Added RC-00000${i}` }).execute();
  }

  expect((await migrator.migrateTo('0012a_audit_chain')).error).toBeUndefined();
  const rows = await db.selectFrom('audit_log').select(['id', 'prev_hash', 'hash', 'summary']).orderBy('id').execute();
  expect(rows).toHaveLength(5);
  expect(rows[0].prev_hash).toBe('0'.repeat(64));
  for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  expect(await db.selectFrom('audit_chain_head').selectAll().execute()).toEqual([{ id: 1, last_id: 5, last_hash: rows[4].hash, row_count: 5 }]);
  expect(await verifyAuditChain(db as unknown as Kysely<Database>)).toMatchObject({ ok: true, rowsChecked: 5 });

  expect(() => sqlite.prepare("UPDATE audit_log SET summary = 'x' WHERE id = 2").run()).toThrow(/cannot be changed/);
  sqlite.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET summary = 'x' WHERE id = 2;");
  expect(await verifyAuditChain(db as unknown as Kysely<Database>)).toMatchObject({ ok: false, firstBadId: 2 });

  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  const columns = (await db.introspection.getTables()).find((t) => t.name === 'audit_log')!.columns.map((c) => c.name);
  expect(columns).not.toContain('hash');
  expect((await db.introspection.getTables()).map((t) => t.name)).not.toContain('audit_chain_head');
});

it('starts an empty log at the beginning of the chain', async () => {
  expect((await migrator.migrateTo('0012a_audit_chain')).error).toBeUndefined();
  expect(await db.selectFrom('audit_chain_head').selectAll().execute()).toEqual([{ id: 1, last_id: 0, last_hash: '0'.repeat(64), row_count: 0 }]);
  expect(await verifyAuditChain(db as unknown as Kysely<Database>)).toMatchObject({ ok: true, rowsChecked: 0 });
});

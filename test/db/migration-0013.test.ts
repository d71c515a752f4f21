// Migration 0013 (every hand in a claim): from 0012b with a claim and its line edits in place, up to 0013, checks, and back down.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';

let dir: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are tested without today's schema types
let db: Kysely<any>;
let migrator: Migrator;
const AT = '2025-01-01T00:00:00Z';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig13-'));
  const sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('records receipt removals and notes changes as hands in a claim, keeping the line edits already recorded', async () => {
  expect((await migrator.migrateTo('0012b_data_protection')).error).toBeUndefined();
  await db.insertInto('staff').values({ username: 'a', display_name: 'A', role: 'admin', password_hash: 'x', created_at: AT }).execute();
  await db.insertInto('staff').values({ username: 'c', display_name: 'C', role: 'coordinator', password_hash: 'x', created_at: AT }).execute();
  await db.insertInto('payees').values({ name: 'P', payment_method: 'cash', created_at: AT, updated_at: AT }).execute();
  await db.insertInto('claims').values({ reference: 'EX-1', payee_id: 1, status: 'draft', entered_by: 1, entered_at: AT, updated_at: AT }).execute();
  await db.insertInto('claim_lines').values({ claim_id: 1, line_date: '2025-01-02', category: 'parking', amount_pence: 500, created_by: 1, created_at: AT }).execute();
  await db.insertInto('claim_line_edits').values({ claim_id: 1, line_id: 1, action: 'add', staff_id: 1, at: AT }).execute();
  await db.insertInto('claim_line_edits').values({ claim_id: 1, line_id: 1, action: 'change', staff_id: 2, at: AT }).execute();
  await expect(db.insertInto('claim_line_edits').values({ claim_id: 1, line_id: 1, action: 'remove-receipt', staff_id: 2, at: AT }).execute()).rejects.toThrow(/CHECK/);

  expect((await migrator.migrateTo('0013_claim_hands')).error).toBeUndefined();
  const edits = () => db.selectFrom('claim_line_edits').select(['id', 'line_id', 'action', 'staff_id']).orderBy('id').execute();
  expect(await edits()).toEqual([
    { id: 1, line_id: 1, action: 'add', staff_id: 1 },
    { id: 2, line_id: 1, action: 'change', staff_id: 2 },
  ]);
  await db.insertInto('claim_line_edits').values({ claim_id: 1, line_id: 1, action: 'remove-receipt', staff_id: 2, at: AT }).execute();
  await db.insertInto('claim_line_edits').values({ claim_id: 1, line_id: null, action: 'edit-notes', staff_id: 2, at: AT }).execute();
  await expect(db.insertInto('claim_line_edits').values({ claim_id: 1, line_id: 1, action: 'magic', staff_id: 2, at: AT }).execute()).rejects.toThrow(/CHECK/);
  await expect(db.insertInto('claim_line_edits').values({ claim_id: 9, line_id: 1, action: 'add', staff_id: 2, at: AT }).execute()).rejects.toThrow(/FOREIGN KEY/);
  await expect(db.insertInto('claim_line_edits').values({ claim_id: 1, line_id: 1, action: 'add', staff_id: 9, at: AT }).execute()).rejects.toThrow(/FOREIGN KEY/);
  const indexes = await db.selectFrom('sqlite_master' as never).select('name' as never).where('type' as never, '=', 'index' as never).where('tbl_name' as never, '=', 'claim_line_edits' as never).execute();
  expect(indexes).toContainEqual({ name: 'claim_line_edits_claim' });

  expect((await migrator.migrateTo('0012b_data_protection')).error).toBeUndefined();
  expect(await edits()).toEqual([
    { id: 1, line_id: 1, action: 'add', staff_id: 1 },
    { id: 2, line_id: 1, action: 'change', staff_id: 2 },
  ]);
  await expect(db.insertInto('claim_line_edits').values({ claim_id: 1, line_id: null, action: 'add', staff_id: 2, at: AT }).execute()).rejects.toThrow(/NOT NULL/);
});

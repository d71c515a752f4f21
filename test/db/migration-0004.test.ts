// Migration 0004 (expenses): migrate to 0003, add data, migrate to 0004; earlier data is kept and the new tables work,
// with HMRC mileage rates and ESA limits seeded and the money/status checks enforced by the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index';

let dir: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migration tests work below today's schema types
let db: Kysely<any>;
let migrator: Migrator;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig-'));
  const sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0004_expenses', () => {
  it('keeps earlier data, seeds the rates and enforces its checks', async () => {
    expect((await migrator.migrateTo('0003_registers')).error).toBeUndefined();
    const at = '2026-01-01T00:00:00.000Z';
    await db.insertInto('staff').values({ username: 'm', display_name: 'M', role: 'manager', password_hash: 'x', created_at: at }).execute();
    await db.insertInto('facilitators').values({ first_name: 'Pat', surname: 'Peer', kind: 'peer_trainer', created_at: at }).execute();

    expect((await migrator.migrateTo('0004_expenses')).error).toBeUndefined();
    expect((await db.selectFrom('facilitators').select('first_name').execute()).map((r) => r.first_name)).toEqual(['Pat']);
    const rates = await db.selectFrom('mileage_rates').selectAll().orderBy('vehicle').execute();
    expect(rates.map((r) => [r.vehicle, r.effective_from, r.rate_pence, r.threshold_miles, r.above_threshold_pence])).toEqual([
      ['bicycle', '2011-04-06', 20, null, null],
      ['car_van', '2011-04-06', 45, 10000, 25],
      ['motorcycle', '2011-04-06', 24, null, null],
      ['passenger', '2011-04-06', 5, null, null],
    ]);
    const limits = await db.selectFrom('benefit_limits').select(['kind', 'weekly_pence', 'effective_from']).orderBy('kind').execute();
    expect(limits).toEqual([
      { kind: 'higher', weekly_pence: 19550, effective_from: '2025-04-07' },
      { kind: 'lower', weekly_pence: 2000, effective_from: '2025-04-07' },
    ]);

    const payee = await db.insertInto('payees').values({ facilitator_id: 1, name: 'Pat Peer', payment_method: 'cash', created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
    const claim = await db
      .insertInto('claims')
      .values({ reference: 'EXP-000001', payee_id: payee.id, entered_by: 1, entered_at: at, updated_at: at })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    expect(claim.status).toBe('draft');
    const line = { claim_id: claim.id, line_date: '2026-01-01', category: 'parking', amount_pence: 250, created_by: 1, created_at: at };
    await db.insertInto('claim_lines').values(line).execute();
    await expect(db.insertInto('claim_lines').values({ ...line, amount_pence: -1 }).execute()).rejects.toThrow(/CHECK/);
    await expect(db.insertInto('claim_lines').values({ ...line, category: 'holiday' }).execute()).rejects.toThrow(/CHECK/);
    await expect(db.insertInto('payees').values({ name: 'X', payment_method: 'cheque', created_at: at, updated_at: at }).execute()).rejects.toThrow(/CHECK/);
    await expect(db.insertInto('claims').values({ reference: 'EXP-2', payee_id: 999, entered_by: 1, entered_at: at, updated_at: at }).execute()).rejects.toThrow(/FOREIGN KEY/);
    await db
      .insertInto('claim_receipts')
      .values({ line_id: 1, file_name: 'r.png', mime_type: 'image/png', size_bytes: 3, content: Buffer.from([1, 2, 3]), uploaded_by: 1, uploaded_at: at })
      .execute();
    const r = await db.selectFrom('claim_receipts').select('content').executeTakeFirstOrThrow();
    expect(Buffer.from(r.content)).toEqual(Buffer.from([1, 2, 3]));
  });

  it('migrates down cleanly', async () => {
    expect((await migrator.migrateTo('0004_expenses')).error).toBeUndefined();
    expect((await migrator.migrateTo('0003_registers')).error).toBeUndefined();
    const tables = await db.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain('claims');
    expect(tables.map((t) => t.name)).toContain('attendance');
  });
});

// Migration 0012b (data protection): from 0012a with a student, consent and staff in place, up to 0012b, checks, and back down.
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
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig12b-'));
  const sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('adds subject access requests, consent review dates, anonymisation and training dates without touching existing rows', async () => {
  expect((await migrator.migrateTo('0012a_audit_chain')).error).toBeUndefined();
  await db.insertInto('staff').values({ username: 'm', display_name: 'M', role: 'manager', password_hash: 'x', created_at: AT }).execute();
  await db
    .insertInto('students')
    .values({ reference: 'RC-000001', first_name: 'A', surname: 'B', date_of_birth: '1980-01-01', referral_source: 'self', secondary_mh_services: 'no', ethnic_category: 'Z', gender_identity: 'Z', employment_status: 'ZZ', created_at: AT, updated_at: AT })
    .execute();
  await db.insertInto('data_sharing_consents').values({ student_id: 1, given_on: '2025-01-01', recorded_by: 1, recorded_at: AT }).execute();

  expect((await migrator.migrateTo('0012b_data_protection')).error).toBeUndefined();
  expect(await db.selectFrom('students').select(['reference', 'anonymised_at']).execute()).toEqual([{ reference: 'RC-000001', anonymised_at: null }]);
  expect(await db.selectFrom('data_sharing_consents').select(['given_on', 'review_on']).execute()).toEqual([{ given_on: '2025-01-01', review_on: null }]);
  expect(await db.selectFrom('staff').select('training_completed_on').execute()).toEqual([{ training_completed_on: null }]);
  const req = { student_id: 1, received_on: '2025-02-01', due_on: '2025-03-01', logged_by: 1, logged_at: AT };
  await db.insertInto('subject_access_requests').values(req).execute();
  await expect(db.insertInto('subject_access_requests').values({ ...req, due_on: '2025-01-01' }).execute()).rejects.toThrow(/CHECK/);
  await expect(db.insertInto('subject_access_requests').values({ ...req, student_id: 9 }).execute()).rejects.toThrow(/FOREIGN KEY/);
  await db.insertInto('disk_encryption_confirmations').values({ confirmed_on: '2025-02-01', confirmed_by: 1, statement: 'BitLocker on C:' }).execute();

  expect((await migrator.migrateTo('0012a_audit_chain')).error).toBeUndefined();
  const tables = await db.introspection.getTables();
  expect(tables.map((t) => t.name)).not.toContain('subject_access_requests');
  expect(tables.find((t) => t.name === 'students')!.columns.map((c) => c.name)).not.toContain('anonymised_at');
  expect(await db.selectFrom('students').select('reference').execute()).toEqual([{ reference: 'RC-000001' }]);
});

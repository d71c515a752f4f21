// Migration 0008 (sign-in throttling, recovery key, reference counters): from 0006 with data in place, up, checks, down.
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
const AT = '2025-01-01T00:00:00.000Z';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rcd-mig8-'));
  const sqlite = new BetterSqlite3(path.join(dir, 'db.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('0008a moves wrong-password counts and locks out of the staff row into the throttle table, and back', async () => {
  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  const staff = (username: string, over: Record<string, unknown> = {}) =>
    db.insertInto('staff').values({ username, display_name: username, role: 'admin', password_hash: 'x', created_at: AT, ...over }).execute();
  await staff('calm');
  await staff('tried', { failed_attempts: 3 });
  await staff('locked', { failed_attempts: 0, locked_until: '2025-01-01T00:15:00.000Z' });

  expect((await migrator.migrateTo('0008a_sign_in')).error).toBeUndefined();
  expect(await db.selectFrom('sign_in_throttle').selectAll().orderBy('username').execute()).toEqual([
    { username: 'locked', failures: 5, last_failure_at: '2025-01-01T00:15:00.000Z' },
    { username: 'tried', failures: 3, last_failure_at: AT },
  ]);
  const columns = (await db.introspection.getTables()).find((t) => t.name === 'staff')!.columns.map((c) => c.name);
  expect(columns).not.toContain('failed_attempts');
  expect(columns).not.toContain('locked_until');
  await expect(db.insertInto('manager_recovery').values({ id: 2, key_hash: 'h', created_at: AT }).execute()).rejects.toThrow(/CHECK/);

  expect((await migrator.migrateTo('0006_outcomes_indexes')).error).toBeUndefined();
  expect(await db.selectFrom('staff').select(['username', 'failed_attempts']).orderBy('username').execute()).toEqual([
    { username: 'calm', failed_attempts: 0 },
    { username: 'locked', failed_attempts: 4 },
    { username: 'tried', failed_attempts: 3 },
  ]);
});

it('0008b seeds each reference counter past every number already used, and removes the counters again', async () => {
  expect((await migrator.migrateTo('0008a_sign_in')).error).toBeUndefined();
  const student = (reference: string) =>
    db
      .insertInto('students')
      .values({ reference, first_name: 'A', surname: 'B', date_of_birth: '1980-01-01', referral_source: 'self', secondary_mh_services: 'no', ethnic_category: 'Z', gender_identity: 'Z', employment_status: 'ZZ', created_at: AT, updated_at: AT })
      .execute();
  await student('RC-000001');
  await student('RC-000041'); // a number past the row ids (say, typed in from an older system)
  await student('RC-T00003'); // not a number: ignored
  expect((await migrator.migrateTo('0008b_reference_counters')).error).toBeUndefined();
  expect(await db.selectFrom('counters').selectAll().orderBy('name').execute()).toEqual([
    { name: 'claim', next: 1 },
    { name: 'payment_batch', next: 1 },
    { name: 'student', next: 42 },
  ]);
  expect((await migrator.migrateTo('0008a_sign_in')).error).toBeUndefined();
  expect((await db.introspection.getTables()).map((t) => t.name)).not.toContain('counters');
});

// Migration 0008a (frozen once landed): sign-in throttling moves out of the staff row into a table keyed by the
// username typed (so an unknown username is throttled exactly like a real one), a per-desk limit, and the manager
// recovery key (only its hash). The old per-account counter and hard lock columns are copied across and dropped.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0).check(sql`failures >= 0`))
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sign_in_desks')
    .addColumn('desk', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0).check(sql`failures >= 0`))
    .addColumn('window_started_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('manager_recovery')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('staff.id'))
    .execute();

  // A locked account stays locked (now as 5 failures ending when the old lock ended); a partial count carries over.
  await sql`
    insert into sign_in_throttle (username, failures, last_failure_at)
    select username, case when locked_until is not null then 5 else failed_attempts end, coalesce(locked_until, created_at)
    from staff where failed_attempts > 0 or locked_until is not null
  `.execute(db);
  await db.schema.alterTable('staff').dropColumn('failed_attempts').execute();
  await db.schema.alterTable('staff').dropColumn('locked_until').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff').addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('staff').addColumn('locked_until', 'text').execute();
  await sql`
    update staff set failed_attempts = coalesce((select min(failures, 4) from sign_in_throttle t where t.username = staff.username), 0)
  `.execute(db);
  await db.schema.dropTable('manager_recovery').execute();
  await db.schema.dropTable('sign_in_desks').execute();
  await db.schema.dropTable('sign_in_throttle').execute();
}

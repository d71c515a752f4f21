// Migration 0012a (frozen once landed): makes the audit log tamper-evident. Each row gets the SHA-256 of its own content
// chained to the row before it; a single-row head table holds the last row's id and hash and the number of rows (every
// audit write updates it in the same transaction, which also serialises writers on a database server); checks of the
// chain are recorded; and triggers refuse ordinary UPDATE and DELETE on the log. Existing rows are chained in id order.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

const GENESIS = '0'.repeat(64);

/** A frozen copy of the row hash (src-main/core/audit/chain.ts must compute exactly the same). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row of the frozen audit_log shape
function rowHash(prev: string, r: Record<string, any>): string {
  return createHash('sha256')
    .update(JSON.stringify([prev, r.at, r.staff_id, r.action, r.entity, r.entity_id, r.fields, r.summary]))
    .digest('hex');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('last_id', 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_chain_checks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`"trigger" in ('manual', 'weekly', 'backup')`))
    .addColumn('staff_id', 'integer', (c) => c.references('staff.id'))
    .addColumn('ok', 'integer', (c) => c.notNull().check(sql`ok in (0, 1)`))
    .addColumn('rows_checked', 'integer', (c) => c.notNull())
    .addColumn('first_bad_id', 'integer')
    .addColumn('problem', 'text')
    .addColumn('head_hash', 'text')
    .execute();

  let prev = GENESIS;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(2000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const hash = rowHash(prev, r);
      await db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
      prev = hash;
      lastId = r.id;
      count++;
    }
  }
  await db.insertInto('audit_chain_head').values({ id: 1, last_id: lastId, last_hash: prev, row_count: count }).execute();

  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS audit_log_no_update`.execute(db);
  await sql`DROP TRIGGER IF EXISTS audit_log_no_delete`.execute(db);
  await db.schema.dropTable('audit_chain_checks').execute();
  await db.schema.dropTable('audit_chain_head').execute();
  await db.schema.alterTable('audit_log').dropColumn('hash').execute();
  await db.schema.alterTable('audit_log').dropColumn('prev_hash').execute();
}

// Migration 0013 (frozen once landed): every hand in a claim, not only in its lines. claim_line_edits also records
// removing a receipt ('remove-receipt') and changing the claim's notes ('edit-notes', which has no line: line_id is
// null), so whoever did either may not approve the claim (segregation of duties). SQLite cannot change a CHECK
// constraint in place, so the table is rebuilt with its rows, in plain Kysely (the same steps work on PostgreSQL).
import { sql, type Kysely } from 'kysely';

const ACTIONS_0009 = ['add', 'change', 'remove', 'waive-receipt', 'attach-receipt'];
const ACTIONS_0013 = [...ACTIONS_0009, 'remove-receipt', 'edit-notes'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
async function rebuild(db: Kysely<any>, actions: string[], lineRequired: boolean): Promise<void> {
  const list = sql.join(actions.map((a) => sql.lit(a)));
  await db.schema
    .createTable('claim_line_edits_next')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('claim_id', 'integer', (c) => c.notNull().references('claims.id'))
    /** No foreign key: a removed line's edits are kept, since its editor still may not approve the claim. Null: the claim itself (its notes). */
    .addColumn('line_id', 'integer', (c) => (lineRequired ? c.notNull() : c))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in (${list})`))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO claim_line_edits_next (id, claim_id, line_id, action, staff_id, at)
    SELECT id, claim_id, line_id, action, staff_id, at FROM claim_line_edits
    WHERE action IN (${list})${lineRequired ? sql` AND line_id IS NOT NULL` : sql``}`.execute(db);
  await db.schema.dropTable('claim_line_edits').execute();
  await db.schema.alterTable('claim_line_edits_next').renameTo('claim_line_edits').execute();
  await db.schema.createIndex('claim_line_edits_claim').on('claim_line_edits').columns(['claim_id', 'staff_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see rebuild()
export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, ACTIONS_0013, false);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see rebuild()
export async function down(db: Kysely<any>): Promise<void> {
  // Back to 0009's table: the rows it cannot hold (receipt removals, notes) go, as they did not exist before.
  await rebuild(db, ACTIONS_0009, true);
}

// Migration 0009 (frozen once landed): the college's rules that need new facts recorded.
// - enrolments.joined_by: how a place began (enrolment, promotion from the waiting list, a drop-in), so a one-off
//   drop-in is counted as an attendance and not as a course place. Existing promoted places are marked as such.
// - enrolments.withdraw_reason_code: why a student withdrew, from a short ILR-style list (the free-text reason stays).
// - enrolment_breaks: agreed breaks in a place (ILR "break in learning"), from a date until resumed.
// - claim_line_edits: who created or changed each claim line, and when (segregation of duties: nobody who edited a
//   line may approve its claim); claim_lines.updated_by/updated_at keep the latest edit at hand.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('enrolments')
    .addColumn('joined_by', 'text', (c) => c.notNull().defaultTo('enrolment').check(sql`joined_by in ('enrolment','waiting_list','drop_in')`))
    .execute();
  await db.schema
    .alterTable('enrolments')
    .addColumn('withdraw_reason_code', 'text', (c) =>
      c.check(sql`withdraw_reason_code in ('health','personal','moved_away','work_or_study','course_not_right','no_contact','other')`),
    )
    .execute();
  await db.updateTable('enrolments').set({ joined_by: 'waiting_list' }).where('promoted_at', 'is not', null).execute();
  await db.updateTable('enrolments').set({ withdraw_reason_code: 'other' }).where('status', '=', 'withdrawn').execute();

  await db.schema
    .createTable('enrolment_breaks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    /** The first day back; null while the break is in force. */
    .addColumn('resumed_on', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enrolment_breaks_enrolment').on('enrolment_breaks').columns(['enrolment_id', 'starts_on']).execute();

  await db.schema.alterTable('claim_lines').addColumn('updated_by', 'integer', (c) => c.references('staff.id')).execute();
  await db.schema.alterTable('claim_lines').addColumn('updated_at', 'text').execute();
  await db.schema
    .createTable('claim_line_edits')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('claim_id', 'integer', (c) => c.notNull().references('claims.id'))
    /** No foreign key: a removed line's edits are kept, since its editor still may not approve the claim. */
    .addColumn('line_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('add','change','remove','waive-receipt','attach-receipt')`))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('claim_line_edits_claim').on('claim_line_edits').columns(['claim_id', 'staff_id']).execute();
  // Every existing line was added by its creator; a waived receipt was waived by the person recorded.
  await sql`INSERT INTO claim_line_edits (claim_id, line_id, action, staff_id, at)
    SELECT claim_id, id, 'add', created_by, created_at FROM claim_lines`.execute(db);
  await sql`INSERT INTO claim_line_edits (claim_id, line_id, action, staff_id, at)
    SELECT claim_id, id, 'waive-receipt', receipt_waived_by, receipt_waived_at FROM claim_lines WHERE receipt_waived_by IS NOT NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('claim_line_edits').execute();
  await db.schema.alterTable('claim_lines').dropColumn('updated_at').execute();
  await db.schema.alterTable('claim_lines').dropColumn('updated_by').execute();
  await db.schema.dropTable('enrolment_breaks').execute();
  await db.schema.alterTable('enrolments').dropColumn('withdraw_reason_code').execute();
  await db.schema.alterTable('enrolments').dropColumn('joined_by').execute();
}

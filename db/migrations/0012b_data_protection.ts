// Migration 0012b (frozen once landed): data protection. Subject access requests (received, due one month later,
// completed); a review date on data-sharing consent; when a student was anonymised; each staff member's data security
// training date; and the manager's dated confirmations that the disk holding the database is encrypted.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subject_access_requests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id'))
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('how_received', 'text')
    .addColumn('logged_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('logged_at', 'text', (c) => c.notNull())
    .addColumn('last_exported_at', 'text')
    .addColumn('completed_on', 'text')
    .addColumn('completed_by', 'integer', (c) => c.references('staff.id'))
    .addCheckConstraint('subject_access_due_after_received', sql`due_on >= received_on`)
    .execute();
  await db.schema.createIndex('subject_access_open').on('subject_access_requests').columns(['completed_on', 'due_on']).execute();

  await db.schema.alterTable('data_sharing_consents').addColumn('review_on', 'text').execute();
  await db.schema.alterTable('students').addColumn('anonymised_at', 'text').execute();
  await db.schema.alterTable('staff').addColumn('training_completed_on', 'text').execute();

  await db.schema
    .createTable('disk_encryption_confirmations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('confirmed_on', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('statement', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('disk_encryption_confirmations').execute();
  await db.schema.alterTable('staff').dropColumn('training_completed_on').execute();
  await db.schema.alterTable('students').dropColumn('anonymised_at').execute();
  await db.schema.alterTable('data_sharing_consents').dropColumn('review_on').execute();
  await db.schema.dropTable('subject_access_requests').execute();
}

// Migration 0001 (frozen once landed): staff accounts, settings, audit log, students, data-sharing consent, student search.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','coordinator','manager')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('last_signed_in_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'integer', (c) => c.references('staff.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('summary', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id', 'id']).execute();

  await db.schema
    .createTable('students')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('surname', 'text', (c) => c.notNull())
    .addColumn('preferred_name', 'text')
    .addColumn('pronouns', 'text')
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('phone_digits', 'text')
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('town', 'text')
    .addColumn('postcode', 'text')
    .addColumn('emergency_contact_name', 'text')
    .addColumn('emergency_contact_phone', 'text')
    .addColumn('emergency_contact_relationship', 'text')
    .addColumn('support_needs', 'text')
    .addColumn('referral_source', 'text', (c) => c.notNull())
    .addColumn('referral_other', 'text')
    .addColumn('secondary_mh_services', 'text', (c) => c.notNull())
    .addColumn('ethnic_category', 'text', (c) => c.notNull())
    .addColumn('gender_identity', 'text', (c) => c.notNull())
    .addColumn('employment_status', 'text', (c) => c.notNull())
    .addColumn('nhs_number', 'text', (c) => c.unique())
    .addColumn('archived_at', 'text')
    .addColumn('archived_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('students_sort_name').on('students').columns(['surname', 'first_name', 'id']).execute();
  await db.schema.createIndex('students_dob').on('students').columns(['date_of_birth']).execute();

  await db.schema
    .createTable('data_sharing_consents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id'))
    .addColumn('given_on', 'text', (c) => c.notNull())
    .addColumn('withdrawn_on', 'text')
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consents_student').on('data_sharing_consents').columns(['student_id']).execute();

  // SQLite-only: full-text search over names and identifiers, kept in step by triggers.
  // `ids` holds the reference, the reference number without padding, NHS number digits and phone digits.
  await sql`CREATE VIRTUAL TABLE students_fts USING fts5(names, ids, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')`.execute(db);
  const row = (r: 'new') => sql.raw(
    `${r}.first_name || ' ' || ${r}.surname || ' ' || coalesce(${r}.preferred_name, ''), ` +
      `${r}.reference || ' ' || ltrim(substr(${r}.reference, 4), '0') || ' ' || coalesce(${r}.nhs_number, '') || ' ' || coalesce(${r}.phone_digits, '')`,
  );
  await sql`CREATE TRIGGER students_fts_insert AFTER INSERT ON students BEGIN
    INSERT INTO students_fts(rowid, names, ids) VALUES (new.id, ${row('new')});
  END`.execute(db);
  await sql`CREATE TRIGGER students_fts_update AFTER UPDATE ON students BEGIN
    DELETE FROM students_fts WHERE rowid = old.id;
    INSERT INTO students_fts(rowid, names, ids) VALUES (new.id, ${row('new')});
  END`.execute(db);
  await sql`CREATE TRIGGER students_fts_delete AFTER DELETE ON students BEGIN
    DELETE FROM students_fts WHERE rowid = old.id;
  END`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['students_fts', 'data_sharing_consents', 'students', 'audit_log', 'settings', 'staff']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}

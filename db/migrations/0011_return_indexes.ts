// Migration 0011 (frozen once landed): indexes for the contract return's remaining scans, so its cost follows the
// period's data rather than the college's whole history — enrolments by enrolment date, and questionnaires by
// completeness and date (the "incomplete, excluded" figure). bench/run.ts measures the return against its floor.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('enrolments_enrolled_on').on('enrolments').column('enrolled_on').execute();
  await db.schema.createIndex('questionnaires_complete_on').on('questionnaires').columns(['complete', 'completed_on']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('questionnaires_complete_on').execute();
  await db.schema.dropIndex('enrolments_enrolled_on').execute();
}

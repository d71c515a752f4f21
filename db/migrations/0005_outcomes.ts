// Migration 0005 (frozen once landed): outcomes — wellbeing questionnaires item by item, destinations, anonymous
// satisfaction forms — and contract returns kept exactly as produced (files as BLOBs), plus the data-sharing extract log.
import { sql, type Kysely } from 'kysely';

const ITEMS = 14;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // One questionnaire as answered. item_1..item_7 for SWEMWBS, item_1..item_14 for WEMWBS; a missing answer is null
  // and makes the questionnaire incomplete (complete = 0, scores null): never guessed.
  // score_centi is the reported score × 100 (SWEMWBS: the metric score from the conversion table; WEMWBS: the raw total).
  let q = db.schema
    .createTable('questionnaires')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id'))
    .addColumn('course_run_id', 'integer', (c) => c.references('course_runs.id'))
    .addColumn('scale', 'text', (c) => c.notNull().check(sql`scale in ('SWEMWBS','WEMWBS')`))
    .addColumn('timepoint', 'text', (c) => c.notNull().check(sql`timepoint in ('baseline','end','3m','6m')`))
    .addColumn('completed_on', 'text', (c) => c.notNull());
  for (let i = 1; i <= ITEMS; i++) {
    q = q.addColumn(`item_${i}`, 'integer', (c) => c.check(sql.raw(`item_${i} between 1 and 5`)));
  }
  await q
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('raw_score', 'integer')
    .addColumn('score_centi', 'integer')
    .addColumn('entered_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('questionnaires_student').on('questionnaires').columns(['student_id', 'timepoint', 'completed_on']).execute();
  await db.schema.createIndex('questionnaires_timepoint').on('questionnaires').columns(['timepoint', 'completed_on']).execute();
  await db.schema.createIndex('questionnaires_run').on('questionnaires').columns(['course_run_id', 'student_id']).execute();

  // kind: paid_work_started | paid_work_kept | education_started | volunteering_started. with_college: volunteering with us.
  await db.schema
    .createTable('destinations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('paid_work_started','paid_work_kept','education_started','volunteering_started')`),
    )
    .addColumn('with_college', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('entered_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('destinations_student').on('destinations').columns(['student_id']).execute();
  await db.schema.createIndex('destinations_date').on('destinations').columns(['on_date']).execute();

  // Anonymous paper forms: deliberately no student column.
  await db.schema
    .createTable('satisfaction_responses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('course_run_id', 'integer', (c) => c.notNull().references('course_runs.id'))
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.check(sql`rating between 1 and 5`))
    .addColumn('would_recommend', 'integer', (c) => c.check(sql`would_recommend in (0, 1)`))
    .addColumn('comment', 'text')
    .addColumn('entered_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('satisfaction_run').on('satisfaction_responses').columns(['course_run_id']).execute();
  await db.schema.createIndex('satisfaction_date').on('satisfaction_responses').columns(['received_on']).execute();

  // A contract return as produced: the period, the parameters it used, the figures (JSON) and who/when.
  await db.schema
    .createTable('returns')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('period_kind', 'text', (c) => c.notNull().check(sql`period_kind in ('quarter','financialYear','custom')`))
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('figures_sha256', 'text', (c) => c.notNull())
    .addColumn('produced_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('produced_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('returns_period').on('returns').columns(['period_start', 'period_end']).execute();

  // The exact files of a return, kept so what was sent can be re-opened byte for byte.
  await db.schema
    .createTable('return_files')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('return_id', 'integer', (c) => c.notNull().references('returns.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'blob', (c) => c.notNull())
    .addUniqueConstraint('return_files_name', ['return_id', 'name'])
    .execute();

  // Every run of the NHS-number data-sharing extract: who, when, why, which period, how many students.
  await db.schema
    .createTable('extract_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('student_count', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('run_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('run_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['extract_runs', 'return_files', 'returns', 'satisfaction_responses', 'destinations', 'questionnaires']) {
    await db.schema.dropTable(t).execute();
  }
}

// Migration 0004 (frozen once landed): expenses and involvement payments — payees, claims with dated lines and receipts,
// payment batches, involvement payments, and the effective-dated rates they use (HMRC mileage, involvement, benefit limits).
// Money is integer pence; miles are integer tenths of a mile; hours are integer hundredths of an hour.
import { sql, type Kysely } from 'kysely';

const SEEDED_AT = '2026-01-01T00:00:00.000Z';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // How each person is paid. Bank details only for bank_transfer: sort code as 6 digits, account number as 8 digits.
  await db.schema
    .createTable('payees')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('facilitator_id', 'integer', (c) => c.references('facilitators.id').unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('payment_method', 'text', (c) => c.notNull().check(sql`payment_method in ('bank_transfer','cash','voucher')`))
    .addColumn('bank_account_name', 'text')
    .addColumn('bank_sort_code', 'text')
    .addColumn('bank_account_number', 'text')
    .addColumn('notes', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // vehicle: car_van | motorcycle | bicycle | passenger (per passenger-mile). Car/van has a higher and a lower tier.
  await db.schema
    .createTable('mileage_rates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('vehicle', 'text', (c) => c.notNull().check(sql`vehicle in ('car_van','motorcycle','bicycle','passenger')`))
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('rate_pence', 'integer', (c) => c.notNull())
    .addColumn('threshold_miles', 'integer')
    .addColumn('above_threshold_pence', 'integer')
    .addColumn('created_by', 'integer', (c) => c.references('staff.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mileage_rates_vehicle_from', ['vehicle', 'effective_from'])
    .execute();
  const hmrc = [
    { vehicle: 'car_van', rate_pence: 45, threshold_miles: 10_000, above_threshold_pence: 25 },
    { vehicle: 'passenger', rate_pence: 5, threshold_miles: null, above_threshold_pence: null },
    { vehicle: 'motorcycle', rate_pence: 24, threshold_miles: null, above_threshold_pence: null },
    { vehicle: 'bicycle', rate_pence: 20, threshold_miles: null, above_threshold_pence: null },
  ];
  for (const r of hmrc) await db.insertInto('mileage_rates').values({ ...r, effective_from: '2011-04-06', created_at: SEEDED_AT }).execute();

  // basis: session (per session delivered) | hour.
  await db.schema
    .createTable('involvement_rates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('basis', 'text', (c) => c.notNull().check(sql`basis in ('session','hour')`))
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('rate_pence', 'integer', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('staff.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('involvement_rates_basis_from', ['basis', 'effective_from'])
    .execute();

  // Weekly earnings limits for benefits (ESA permitted work). kind: lower | higher.
  await db.schema
    .createTable('benefit_limits')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('lower','higher')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('weekly_pence', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('staff.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('benefit_limits_kind_from', ['kind', 'effective_from'])
    .execute();
  // ESA permitted work from the April 2025 uprating (Monday 7 April 2025).
  await db
    .insertInto('benefit_limits')
    .values([
      { kind: 'lower', name: 'ESA permitted work lower limit', effective_from: '2025-04-07', weekly_pence: 2000, created_at: SEEDED_AT },
      { kind: 'higher', name: 'ESA permitted work higher limit', effective_from: '2025-04-07', weekly_pence: 19550, created_at: SEEDED_AT },
    ])
    .execute();

  // A payment batch: status open (being prepared) | paid.
  await db.schema
    .createTable('payment_batches')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','paid')`))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('paid_by', 'integer', (c) => c.references('staff.id'))
    .addColumn('paid_at', 'text')
    .addColumn('paid_on', 'text')
    .execute();

  // status: draft | submitted | approved | rejected | paid. A claim joins a batch once approved.
  await db.schema
    .createTable('claims')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('payee_id', 'integer', (c) => c.notNull().references('payees.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','submitted','approved','rejected','paid')`))
    .addColumn('notes', 'text')
    .addColumn('entered_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.references('staff.id'))
    .addColumn('submitted_at', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('staff.id'))
    .addColumn('decided_at', 'text')
    .addColumn('rejection_reason', 'text')
    .addColumn('batch_id', 'integer', (c) => c.references('payment_batches.id'))
    .addColumn('paid_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('claims_payee_status').on('claims').columns(['payee_id', 'status']).execute();
  await db.schema.createIndex('claims_status').on('claims').columns(['status', 'id']).execute();
  await db.schema.createIndex('claims_batch').on('claims').columns(['batch_id']).execute();

  // category: mileage | public_transport | parking | childcare_carer | subsistence | other.
  // Mileage lines: miles_tenths, vehicle and passengers are typed; amount_pence and working are computed.
  await db.schema
    .createTable('claim_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('claim_id', 'integer', (c) => c.notNull().references('claims.id'))
    .addColumn('line_date', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('mileage','public_transport','parking','childcare_carer','subsistence','other')`),
    )
    .addColumn('description', 'text')
    .addColumn('amount_pence', 'integer', (c) => c.notNull().check(sql`amount_pence >= 0`))
    .addColumn('miles_tenths', 'integer')
    .addColumn('vehicle', 'text', (c) => c.check(sql`vehicle in ('car_van','motorcycle','bicycle')`))
    .addColumn('passengers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('working', 'text')
    .addColumn('session_id', 'integer', (c) => c.references('sessions.id'))
    .addColumn('receipt_waived_reason', 'text')
    .addColumn('receipt_waived_by', 'integer', (c) => c.references('staff.id'))
    .addColumn('receipt_waived_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('claim_lines_claim').on('claim_lines').columns(['claim_id', 'line_date']).execute();
  await db.schema.createIndex('claim_lines_date').on('claim_lines').columns(['line_date']).execute();

  // Receipts are kept in the database itself (backed up with it), never as loose files.
  await db.schema
    .createTable('claim_receipts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('line_id', 'integer', (c) => c.notNull().references('claim_lines.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('content', 'blob', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('claim_receipts_line').on('claim_receipts').columns(['line_id']).execute();

  // Involvement payments are earnings (payroll), not expenses. status: recorded | approved | declined | paid.
  // offered_pence is what the rate gives; amount_pence is what will be paid (less if the person chose to reduce it).
  await db.schema
    .createTable('involvement_payments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('payee_id', 'integer', (c) => c.notNull().references('payees.id'))
    .addColumn('session_id', 'integer', (c) => c.references('sessions.id'))
    .addColumn('work_date', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull().check(sql`basis in ('session','hour')`))
    .addColumn('hours_hundredths', 'integer')
    .addColumn('rate_pence', 'integer', (c) => c.notNull())
    .addColumn('offered_pence', 'integer', (c) => c.notNull().check(sql`offered_pence >= 0`))
    .addColumn('amount_pence', 'integer', (c) => c.notNull().check(sql`amount_pence >= 0`))
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('recorded').check(sql`status in ('recorded','approved','declined','paid')`))
    .addColumn('payee_decision', 'text', (c) => c.notNull().defaultTo('accepted').check(sql`payee_decision in ('accepted','reduced','declined')`))
    .addColumn('decision_note', 'text')
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'integer', (c) => c.references('staff.id'))
    .addColumn('approved_at', 'text')
    .addColumn('limit_warning', 'text')
    .addColumn('batch_id', 'integer', (c) => c.references('payment_batches.id'))
    .addColumn('paid_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('involvement_payee_date').on('involvement_payments').columns(['payee_id', 'work_date']).execute();
  await db.schema.createIndex('involvement_status').on('involvement_payments').columns(['status']).execute();
  await db.schema.createIndex('involvement_batch').on('involvement_payments').columns(['batch_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['involvement_payments', 'claim_receipts', 'claim_lines', 'claims', 'payment_batches', 'benefit_limits', 'involvement_rates', 'mileage_rates', 'payees']) {
    await db.schema.dropTable(t).execute();
  }
}

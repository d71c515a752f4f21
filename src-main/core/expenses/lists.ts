// The expenses list pages — payees, claims, payment batches — searched, sorted and paged in SQL.
import { sql } from 'kysely';
import type { ParsedInput } from '../../contract/contract';
import type { PaymentBatchSummary } from '../../contract/expenses';
import type { ListPage } from '../../contract/lists';
import type { SignedInStaff } from '../../contract/staff';
import type { Db } from '../api/handlers';
import { caseless, containsText, pageOf } from '../db/paging';
import { toPayee } from './queries';

export async function pagePayees(db: Db, input: ParsedInput<'expenses.payees.page'>, viewer: SignedInStaff) {
  let q = db.selectFrom('payees').selectAll();
  if (!input.includeInactive) q = q.where('active', '=', 1);
  if (input.query) q = q.where(containsText(db, ['name', 'email'], input.query));
  const page = await pageOf(db, q, { name: caseless('name'), email: caseless('email'), paymentMethod: 'payment_method' }, 'id', input);
  return { ...page, rows: page.rows.map((r) => toPayee(r, viewer)) };
}

export async function pageBatches(db: Db, input: ParsedInput<'expenses.batches.list'>): Promise<ListPage<PaymentBatchSummary>> {
  // The total is sorted on as an expression, not by its name: PostgreSQL allows a selected column's name in ORDER BY
  // only on its own, not inside the `is null` the paging puts before it.
  const totalPence = sql<number>`((select coalesce(sum(l.amount_pence), 0) from claims c join claim_lines l on l.claim_id = c.id where c.batch_id = b.id)
        + (select coalesce(sum(i.amount_pence), 0) from involvement_payments i where i.batch_id = b.id))`;
  let q = db
    .selectFrom('payment_batches as b')
    .innerJoin('staff as s', 's.id', 'b.created_by')
    .select(['b.id', 'b.reference', 'b.status', 'b.created_at', 'b.paid_at', 's.display_name'])
    .select([
      sql<number>`(select count(*) from claims c where c.batch_id = b.id)`.as('claim_count'),
      sql<number>`(select count(*) from involvement_payments i where i.batch_id = b.id)`.as('involvement_count'),
      totalPence.as('total_pence'),
    ]);
  if (input.status) q = q.where('b.status', '=', input.status);
  const page = await pageOf(
    db,
    q,
    { reference: 'b.reference', status: 'b.status', created: 'b.created_at', paid: 'b.paid_at', total: totalPence },
    'b.id',
    input,
  );
  return {
    ...page,
    rows: page.rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      createdAt: r.created_at,
      createdBy: r.display_name,
      paidAt: r.paid_at,
      claimCount: Number(r.claim_count),
      involvementCount: Number(r.involvement_count),
      totalPence: Number(r.total_pence),
    })),
  };
}

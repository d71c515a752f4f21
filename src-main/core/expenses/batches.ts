// Payment batches: approved claims and involvement payments gathered for the finance office, totalled per payee,
// exported (CSV + remittance notes) and marked paid — after which nothing in them can change.
import { ApiError } from '../../contract/errors';
import type { BatchPayeeTotal, PayableItems, PaymentBatchDetail, PaymentBatchSummary } from '../../contract/expenses';
import type { ExportedFile } from '../../contract/define';
import { collegeToday } from '../../contract/dates';
import { roleCan } from '../../contract/permissions';
import type { SignedInStaff } from '../../contract/staff';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import { readSettings } from '../settings/settings';
import { describeInvolvement, describeLine, financeCsv, remittancePdf, type RemittanceLine } from './exports';
import { pageBatches } from './lists';
import { claimsByIds, claimsInBatch, findBatch, involvementByIds, linesOfClaims, listClaims, listInvolvement, payeesByIds, toPayee } from './queries';
import { bankDetailsFor } from './rules';
import { nextReference } from '../db/counters';

type Ctx = Pick<StaffContext, 'now' | 'staff' | 'audit'>;

async function batchRow(db: Db, id: number) {
  const row = await findBatch(db, id);
  if (!row) throw new ApiError('record.not-found', 'That payment batch could not be found.');
  return row;
}

export async function loadBatch(db: Db, id: number, viewer: SignedInStaff): Promise<PaymentBatchDetail> {
  const b = await batchRow(db, id);
  const { rows: claims } = await listClaims(db, { batchId: id }, 1, 100_000);
  const involvement = await listInvolvement(db, { batchId: id }, 100_000);
  const payeeIds = [...new Set([...claims.map((c) => c.payeeId), ...involvement.map((i) => i.payeeId)])];
  const payees = await payeesByIds(db, payeeIds);
  const totals = new Map<number, BatchPayeeTotal>();
  for (const p of payees) {
    totals.set(p.id, {
      payeeId: p.id,
      payeeName: p.name,
      paymentMethod: p.payment_method,
      bank: toPayee(p, viewer).bank,
      expensesPence: 0,
      earningsPence: 0,
      totalPence: 0,
      claimReferences: [],
      involvementCount: 0,
    });
  }
  for (const c of [...claims].sort((x, y) => x.id - y.id)) {
    const t = totals.get(c.payeeId) as BatchPayeeTotal;
    t.expensesPence += c.totalPence;
    t.totalPence += c.totalPence;
    t.claimReferences.push(c.reference);
  }
  for (const i of involvement) {
    const t = totals.get(i.payeeId) as BatchPayeeTotal;
    t.earningsPence += i.amountPence;
    t.totalPence += i.amountPence;
    t.involvementCount++;
  }
  const payeeTotals = [...totals.values()].sort((x, y) => x.payeeName.localeCompare(y.payeeName) || x.payeeId - y.payeeId);
  return {
    id: b.id,
    reference: b.reference,
    status: b.status,
    createdAt: b.created_at,
    createdBy: b.created_by_name,
    paidAt: b.paid_at,
    claimCount: claims.length,
    involvementCount: involvement.length,
    totalPence: payeeTotals.reduce((s, p) => s + p.totalPence, 0),
    payees: payeeTotals,
    claims,
    involvement,
  };
}

export async function createBatch(trx: Db, ctx: Ctx, claimIds: number[], involvementIds: number[]): Promise<number> {
  const claims = await claimsByIds(trx, claimIds);
  if (claims.length !== new Set(claimIds).size) throw new ApiError('record.not-found', 'One of the chosen claims could not be found. Please refresh the list and choose again.');
  const notReady = claims.filter((c) => c.status !== 'approved' || c.batch_id !== null);
  if (notReady.length > 0) {
    throw new ApiError(
      'batch.not-ready',
      `Only approved claims that are not already in a batch can be paid. Not ready: ${notReady
        .slice(0, 5)
        .map((c) => `${c.reference} (${c.batch_id !== null && c.status === 'approved' ? 'already in a batch' : c.status})`)
        .join(', ')}${notReady.length > 5 ? '…' : ''}.`,
    );
  }
  const inv = await involvementByIds(trx, involvementIds);
  if (inv.length !== new Set(involvementIds).size) throw new ApiError('record.not-found', 'One of the chosen involvement payments could not be found.');
  if (inv.some((i) => i.status !== 'approved' || i.batch_id !== null)) {
    throw new ApiError('batch.not-ready', 'Only approved involvement payments that are not already in a batch can be paid.');
  }
  const reference = await nextReference(trx, 'payment_batch');
  const { id } = await trx
    .insertInto('payment_batches')
    .values({ reference, created_by: ctx.staff.id, created_at: ctx.now().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < claimIds.length; i += 500) {
    await trx.updateTable('claims').set({ batch_id: id }).where('id', 'in', claimIds.slice(i, i + 500)).execute();
  }
  for (let i = 0; i < involvementIds.length; i += 500) {
    await trx.updateTable('involvement_payments').set({ batch_id: id }).where('id', 'in', involvementIds.slice(i, i + 500)).execute();
  }
  ctx.audit({ action: 'create', entity: 'payment_batch', entityId: id, summary: `${reference}: ${claimIds.length} claims, ${involvementIds.length} involvement payments` });
  return id;
}

export async function markBatchPaid(trx: Db, ctx: Ctx, id: number, paidOn: string): Promise<void> {
  const b = await batchRow(trx, id);
  if (b.status === 'paid') throw new ApiError('batch.paid', `Batch ${b.reference} is already marked paid.`);
  if (paidOn > collegeToday(ctx.now())) throw new ApiError('input.invalid', 'The payment date cannot be in the future.', { fields: { paidOn: 'In the future.' } });
  const now = ctx.now().toISOString();
  await trx.updateTable('payment_batches').set({ status: 'paid', paid_by: ctx.staff.id, paid_at: now, paid_on: paidOn }).where('id', '=', id).execute();
  const claims = await claimsInBatch(trx, id);
  await trx.updateTable('claims').set({ status: 'paid', paid_at: now, updated_at: now }).where('batch_id', '=', id).execute();
  // Each claim's own history shows when it was paid, not just the batch's.
  for (const c of claims) ctx.audit({ action: 'paid', entity: 'claim', entityId: c.id, fields: ['status'], summary: `Paid in ${b.reference}` });
  await trx.updateTable('involvement_payments').set({ status: 'paid', paid_at: now, updated_at: now }).where('batch_id', '=', id).execute();
  ctx.audit({ action: 'mark-paid', entity: 'payment_batch', entityId: id, fields: ['status'], summary: `${b.reference} paid on ${paidOn}` });
}

/** Every payee's remittance note for a batch, or just one payee's. */
export async function remittanceFiles(db: Db, batch: PaymentBatchDetail, today: string, onlyPayeeId?: number): Promise<ExportedFile[]> {
  const { collegeName } = await readSettings(db);
  const claimIds = batch.claims.map((c) => c.id);
  const lines = (await linesOfClaims(db, claimIds)) as { claim_id: number; line_date: string; category: 'mileage'; description: string | null; miles_tenths: number | null; working: string | null; amount_pence: number }[];
  const claimById = new Map(batch.claims.map((c) => [c.id, c]));
  const payeeRows = new Map(
    (
      await payeesByIds(
        db,
        batch.payees.map((p) => p.payeeId),
      )
    ).map((p) => [p.id, p]),
  );
  const files: ExportedFile[] = [];
  for (const p of batch.payees) {
    if (onlyPayeeId !== undefined && p.payeeId !== onlyPayeeId) continue;
    const row = payeeRows.get(p.payeeId);
    const expenses: RemittanceLine[] = lines
      .filter((l) => claimById.get(l.claim_id)?.payeeId === p.payeeId)
      .map((l) => ({ date: l.line_date, reference: claimById.get(l.claim_id)?.reference ?? '', what: describeLine(l), amountPence: l.amount_pence }));
    const earnings: RemittanceLine[] = batch.involvement
      .filter((i) => i.payeeId === p.payeeId)
      .map((i) => ({ date: i.date, reference: '', what: describeInvolvement(i), amountPence: i.amountPence }));
    // A remittance note may travel by post or email: it only ever shows the masked account.
    const masked = row ? bankDetailsFor(row, false) : null;
    const pdf = await remittancePdf({
      collegeName,
      batchReference: batch.reference,
      issuedOn: today,
      payeeName: p.payeeName,
      address: row?.address ?? null,
      paymentMethod: p.paymentMethod,
      maskedAccount: masked ? `${masked.sortCode} ${masked.accountNumber}` : null,
      expenses,
      earnings,
    });
    files.push({ suggestedName: `remittance-${batch.reference}-${slug(p.payeeName)}.pdf`, mimeType: 'application/pdf', base64: pdf.toString('base64') });
  }
  return files;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'payee';
}

/** Payment batches, newest first (the batches page, and the count of batches waiting to be paid on Today). */
export async function listBatches(db: Db, filter: { status?: PaymentBatchSummary['status'] } = {}): Promise<PaymentBatchSummary[]> {
  let q = db
    .selectFrom('payment_batches as b')
    .innerJoin('staff as s', 's.id', 'b.created_by')
    .select(['b.id', 'b.reference', 'b.status', 'b.created_at', 'b.paid_at', 's.display_name']);
  if (filter.status) q = q.where('b.status', '=', filter.status);
  const rows = await q
    .orderBy('b.id', 'desc')
    .limit(500)
    .execute();
  const out: PaymentBatchSummary[] = [];
  for (const r of rows) {
    const c = await db
      .selectFrom('claims as c')
      .innerJoin('claim_lines as l', 'l.claim_id', 'c.id')
      .select((eb) => [eb.fn.sum<number>('l.amount_pence').as('total'), eb.fn.count<number>('c.id').distinct().as('n')])
      .where('c.batch_id', '=', r.id)
      .executeTakeFirst();
    const i = await db
      .selectFrom('involvement_payments')
      .select((eb) => [eb.fn.sum<number>('amount_pence').as('total'), eb.fn.countAll<number>().as('n')])
      .where('batch_id', '=', r.id)
      .executeTakeFirst();
    out.push({
      id: r.id,
      reference: r.reference,
      status: r.status,
      createdAt: r.created_at,
      createdBy: r.display_name,
      paidAt: r.paid_at,
      claimCount: Number(c?.n ?? 0),
      involvementCount: Number(i?.n ?? 0),
      totalPence: Number(c?.total ?? 0) + Number(i?.total ?? 0),
    });
  }
  return out;
}

/** Approved claims and involvement payments not yet in a batch. */
export async function payableItems(db: Db): Promise<PayableItems> {
  return {
    claims: (await listClaims(db, { approvedUnbatched: true }, 1, 5000)).rows,
    involvement: await listInvolvement(db, { approvedUnbatched: true }, 5000),
  };
}

export const batchHandlers: HandlersFor<'expenses.batches.'> = {
  'expenses.batches.list': async (ctx, input) => pageBatches(ctx.db, input),

  'expenses.batches.get': async (ctx, input) => loadBatch(ctx.db, input.id, ctx.staff),

  'expenses.batches.payable': async (ctx) => payableItems(ctx.db),

  'expenses.batches.create': async (ctx, input) =>
    loadBatch(ctx.db, await createBatch(ctx.db, ctx, input.claimIds, input.involvementIds), ctx.staff),

  'expenses.batches.cancel': async (ctx, input) => {
    const b = await batchRow(ctx.db, input.id);
    if (b.status === 'paid') throw new ApiError('batch.paid', `Batch ${b.reference} has been paid and can no longer be undone.`);
    await ctx.db.updateTable('claims').set({ batch_id: null }).where('batch_id', '=', input.id).execute();
    await ctx.db.updateTable('involvement_payments').set({ batch_id: null }).where('batch_id', '=', input.id).execute();
    await ctx.db.deleteFrom('payment_batches').where('id', '=', input.id).execute();
    ctx.audit({ action: 'cancel', entity: 'payment_batch', entityId: input.id, summary: `Cancelled ${b.reference}; its claims are approved and unbatched again` });
    return null;
  },

  'expenses.batches.financeCsv': async (ctx, input) => {
    const batch = await loadBatch(ctx.db, input.id, ctx.staff);
    if (!roleCan(ctx.staff.role, 'payees.bankDetails')) throw new ApiError('access.role', 'The finance file holds full bank details, which your role cannot see.');
    const csv = financeCsv(batch);
    ctx.audit({ action: 'export-csv', entity: 'payment_batch', entityId: input.id, summary: `Finance CSV for ${batch.reference}` });
    return { suggestedName: `payment-batch-${batch.reference}.csv`, mimeType: 'text/csv', base64: Buffer.from(csv, 'utf8').toString('base64') };
  },

  'expenses.batches.remittance': async (ctx, input) => {
    const batch = await loadBatch(ctx.db, input.id, ctx.staff);
    const [file] = await remittanceFiles(ctx.db, batch, collegeToday(ctx.now()), input.payeeId);
    if (!file) throw new ApiError('record.not-found', 'That payee has nothing in this batch.');
    return file;
  },

  'expenses.batches.remittances': async (ctx, input) => {
    const batch = await loadBatch(ctx.db, input.id, ctx.staff);
    return remittanceFiles(ctx.db, batch, collegeToday(ctx.now()));
  },

  'expenses.batches.markPaid': async (ctx, input) => {
    await markBatchPaid(ctx.db, ctx, input.id, input.paidOn ?? collegeToday(ctx.now()));
    return loadBatch(ctx.db, input.id, ctx.staff);
  },
};

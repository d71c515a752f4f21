// Reading expenses data into the contract's shapes, and the look-ups the services share (rates in force, miles counted).
// Plain Kysely only: no SQLite-specific SQL here.
import type { Selectable } from 'kysely';
import type { ClaimSort } from '../../contract/expenses';
import type { PageRequest } from '../db/paging';
import { caseless, containsText, inOrder, pageOf } from '../db/paging';
import type { SortDirection } from '../../contract/lists';
import { ApiError } from '../../contract/errors';
import type {
  ClaimDetail,
  ClaimLine,
  ClaimSummary,
  InvolvementPayment,
  Payee,
  ReceiptInfo,
  Vehicle,
} from '../../contract/expenses';
import { VEHICLES } from '../../contract/expenses';
import { roleCan } from '../../contract/permissions';
import { formatDate } from '../../contract/dates';
import type { SignedInStaff } from '../../contract/staff';
import type { Db } from '../api/handlers';
import { reusableQuery } from '../db/reusable';
import { bankDetailsFor, taxYearOf, taxYearRange, type VehicleRate } from './rules';
import type { ClaimHandAction, ExpensesTables } from './tables';

type PayeeRow = Selectable<ExpensesTables['payees']>;

export function toPayee(row: PayeeRow, viewer: SignedInStaff): Payee {
  return {
    id: row.id,
    facilitatorId: row.facilitator_id,
    name: row.name,
    email: row.email,
    address: row.address,
    paymentMethod: row.payment_method,
    bank: row.payment_method === 'bank_transfer' ? bankDetailsFor(row, roleCan(viewer.role, 'payees.bankDetails')) : null,
    notes: row.notes,
    active: row.active === 1,
    version: row.version,
  };
}

const payeeQuery = reusableQuery((db, id: number) => db.selectFrom('payees').selectAll().where('id', '=', id));

export async function getPayeeRow(db: Db, id: number) {
  const [row] = await payeeQuery(db, id);
  if (!row) throw new ApiError('record.not-found', 'That payee could not be found.');
  return row;
}

// ── claims ────────────────────────────────────────────────────
const CLAIM_COLUMNS = [
  'c.id',
  'c.reference',
  'c.payee_id',
  'p.name as payee_name',
  'c.status',
  'c.entered_at',
  'c.submitted_at',
  'e.display_name as entered_by_name',
  'b.reference as batch_reference',
] as const;

function claimsQuery(db: Db) {
  return db
    .selectFrom('claims as c')
    .innerJoin('payees as p', 'p.id', 'c.payee_id')
    .innerJoin('staff as e', 'e.id', 'c.entered_by')
    .leftJoin('payment_batches as b', 'b.id', 'c.batch_id');
}

/** Totals, line counts and date ranges for a set of claims, in one query. */
async function lineAggregates(db: Db, claimIds: number[]) {
  const out = new Map<number, { total: number; count: number; first: string | null; last: string | null }>();
  if (claimIds.length === 0) return out;
  for (let i = 0; i < claimIds.length; i += 500) {
    const rows = await db
      .selectFrom('claim_lines')
      .select((eb) => [
        'claim_id',
        eb.fn.sum<number>('amount_pence').as('total'),
        eb.fn.countAll<number>().as('n'),
        eb.fn.min('line_date').as('first'),
        eb.fn.max('line_date').as('last'),
      ])
      .where('claim_id', 'in', claimIds.slice(i, i + 500))
      .groupBy('claim_id')
      .execute();
    for (const r of rows) out.set(r.claim_id, { total: Number(r.total ?? 0), count: Number(r.n), first: r.first, last: r.last });
  }
  return out;
}

type ClaimListRow = {
  id: number;
  reference: string;
  payee_id: number;
  payee_name: string;
  status: ClaimSummary['status'];
  entered_at: string;
  submitted_at: string | null;
  entered_by_name: string;
  batch_reference: string | null;
};

async function toSummaries(db: Db, rows: ClaimListRow[]): Promise<ClaimSummary[]> {
  const agg = await lineAggregates(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const a = agg.get(r.id);
    return {
      id: r.id,
      reference: r.reference,
      payeeId: r.payee_id,
      payeeName: r.payee_name,
      status: r.status,
      totalPence: a?.total ?? 0,
      lineCount: a?.count ?? 0,
      firstDate: a?.first ?? null,
      lastDate: a?.last ?? null,
      enteredBy: r.entered_by_name,
      enteredAt: r.entered_at,
      submittedAt: r.submitted_at,
      batchReference: r.batch_reference,
    };
  });
}

type ClaimFilter = { status?: ClaimSummary['status']; payeeId?: number; batchId?: number; ids?: number[]; approvedUnbatched?: boolean };

/** The claims a filter selects, in the list's order (waiting claims oldest first, otherwise newest first). */
function filteredClaims(db: Db, filter: ClaimFilter) {
  let q = claimsQuery(db);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.payeeId !== undefined) q = q.where('c.payee_id', '=', filter.payeeId);
  if (filter.batchId !== undefined) q = q.where('c.batch_id', '=', filter.batchId);
  if (filter.ids) q = q.where('c.id', 'in', filter.ids.length ? filter.ids : [-1]);
  if (filter.approvedUnbatched) q = q.where('c.status', '=', 'approved').where('c.batch_id', 'is', null);
  return q;
}

function inListOrder(db: Db, filter: ClaimFilter) {
  return filteredClaims(db, filter)
    .select([...CLAIM_COLUMNS])
    .orderBy('c.id', filter.status === 'submitted' ? 'asc' : 'desc');
}

export async function listClaims(db: Db, filter: ClaimFilter, page = 1, pageSize = 50): Promise<{ rows: ClaimSummary[]; total: number }> {
  const [{ total }] = await filteredClaims(db, filter).select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = (await inListOrder(db, filter)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()) as ClaimListRow[];
  return { rows: await toSummaries(db, rows), total: Number(total) };
}

/** The claims list page: filtered and searched, sorted by a whitelisted column (ties by id), one page. */
const CLAIM_ORDER = { reference: 'c.reference', payee: caseless('p.name'), status: 'c.status', entered: 'c.entered_at', submitted: 'c.submitted_at' };

function searchedClaims(db: Db, filter: ClaimFilter & { query?: string }) {
  const q = filteredClaims(db, filter).select([...CLAIM_COLUMNS]);
  return filter.query ? q.where(containsText(db, ['c.reference', 'p.name'], filter.query)) : q;
}

export async function pageClaims(db: Db, filter: ClaimFilter & { query?: string }, req: PageRequest<ClaimSort>) {
  const page = await pageOf(db, searchedClaims(db, filter), CLAIM_ORDER, 'c.id', req);
  return { ...page, rows: await toSummaries(db, page.rows as ClaimListRow[]) };
}

/** Every claim the claims list shows for a filter and sort, page after page, in the same order (its export). */
export async function allClaimsInOrder(db: Db, filter: ClaimFilter & { query?: string }, order: { sort: ClaimSort; direction: SortDirection }): Promise<ClaimSummary[]> {
  return toSummaries(db, (await inOrder(searchedClaims(db, filter), CLAIM_ORDER, 'c.id', order).execute()) as ClaimListRow[]);
}

/** Every claim `listClaims` would show for a filter, page after page, in the same order (a list export). */
export async function allClaims(db: Db, filter: ClaimFilter): Promise<ClaimSummary[]> {
  return toSummaries(db, (await inListOrder(db, filter).execute()) as ClaimListRow[]);
}

export async function getClaimRow(db: Db, id: number) {
  const row = await db.selectFrom('claims').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('record.not-found', 'That claim could not be found. It may have been discarded.');
  return row;
}

export type ClaimRow = Awaited<ReturnType<typeof getClaimRow>>;

export async function staffName(db: Db, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const r = await db.selectFrom('staff').select('display_name').where('id', '=', id).executeTakeFirst();
  return r?.display_name ?? null;
}

export async function sessionLabels(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  const out = new Map<number, string>();
  if (wanted.length === 0) return out;
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('course_runs as r', 'r.id', 's.course_run_id')
    .innerJoin('courses as co', 'co.id', 'r.course_id')
    .select(['s.id', 's.date', 's.start_time', 'co.title'])
    .where('s.id', 'in', wanted)
    .execute();
  for (const r of rows) out.set(r.id, `${r.title}, ${formatDate(r.date)} ${r.start_time}`);
  return out;
}

/** What each staff member did to a claim (added, changed or removed a line, waived, attached or removed a receipt, changed its notes), from claim_line_edits. */
export type LineHands = Map<number, Set<ClaimHandAction>>;

export async function lineHands(db: Db, claimId: number): Promise<LineHands> {
  const rows: { staff_id: number | null; action: ClaimHandAction }[] = await db
    .selectFrom('claim_line_edits')
    .select(['staff_id', 'action'])
    .where('claim_id', '=', claimId)
    .execute();
  // The lines' own columns too, for rows written without an edit record (demo data, imports).
  for (const l of await db.selectFrom('claim_lines').select(['created_by', 'receipt_waived_by']).where('claim_id', '=', claimId).execute()) {
    rows.push({ staff_id: l.created_by, action: 'add' }, { staff_id: l.receipt_waived_by, action: 'waive-receipt' });
  }
  for (const r of await db.selectFrom('claim_receipts as r').innerJoin('claim_lines as l', 'l.id', 'r.line_id').select('r.uploaded_by').where('l.claim_id', '=', claimId).execute()) {
    rows.push({ staff_id: r.uploaded_by, action: 'attach-receipt' });
  }
  const out: LineHands = new Map();
  for (const r of rows) {
    if (r.staff_id === null) continue;
    let set = out.get(r.staff_id);
    if (!set) out.set(r.staff_id, (set = new Set()));
    set.add(r.action);
  }
  return out;
}

export interface ApprovalBlock {
  reason: 'access.role' | 'claim.not-submitted' | 'claim.own-hand' | 'claim.receipts-missing';
  message: string;
}

/**
 * Segregation of duties, the one rule: nobody who entered or submitted the claim, added, changed or removed a line,
 * waived, attached or removed a receipt, or changed its notes, may approve it. Then every line needs its receipt.
 * Returns why this person cannot approve this claim right now (the reason and the words to show), or null.
 */
export function approvalBlock(claim: ClaimRow, hands: LineHands, missingReceipts: number, viewer: SignedInStaff): ApprovalBlock | null {
  if (!roleCan(viewer.role, 'expenses.approve')) return { reason: 'access.role', message: 'Your role cannot approve expense claims.' };
  if (claim.status !== 'submitted') return { reason: 'claim.not-submitted', message: `Only a submitted claim can be approved; this one is ${claim.status}.` };
  if (claim.entered_by === viewer.id) return { reason: 'claim.own-hand', message: 'You entered this claim, so someone else must approve it.' };
  if (claim.submitted_by === viewer.id) return { reason: 'claim.own-hand', message: 'You submitted this claim, so someone else must approve it.' };
  const mine = hands.get(viewer.id);
  if (mine?.has('add')) return { reason: 'claim.own-hand', message: 'You entered a line on this claim, so someone else must approve it.' };
  if (mine?.has('change') || mine?.has('remove')) return { reason: 'claim.own-hand', message: 'You changed a line on this claim, so someone else must approve it.' };
  if (mine?.has('waive-receipt')) return { reason: 'claim.own-hand', message: 'You waived a receipt on this claim, so someone else must approve it.' };
  if (mine?.has('attach-receipt')) return { reason: 'claim.own-hand', message: 'You attached a receipt to this claim, so someone else must approve it.' };
  if (mine?.has('remove-receipt')) return { reason: 'claim.own-hand', message: 'You removed a receipt from this claim, so someone else must approve it.' };
  if (mine?.has('edit-notes')) return { reason: 'claim.own-hand', message: 'You changed this claim’s notes, so someone else must approve it.' };
  if (missingReceipts > 0) {
    return {
      reason: 'claim.receipts-missing',
      message:
        missingReceipts === 1
          ? 'One line has no receipt. Please attach it, or record why there is none, before approving.'
          : `${missingReceipts} lines have no receipt. Please attach them, or record why there are none, before approving.`,
    };
  }
  return null;
}

/** Records who did what to a claim or one of its lines (`lineId` null: the claim itself), and when (segregation of duties reads it). */
export async function recordLineEdit(db: Db, ctx: { staff: SignedInStaff; now: () => Date }, claimId: number, lineId: number | null, action: ClaimHandAction): Promise<void> {
  const at = ctx.now().toISOString();
  await db.insertInto('claim_line_edits').values({ claim_id: claimId, line_id: lineId, action, staff_id: ctx.staff.id, at }).execute();
  if (lineId !== null && action !== 'remove') await db.updateTable('claim_lines').set({ updated_by: ctx.staff.id, updated_at: at }).where('id', '=', lineId).execute();
}

export async function loadClaimDetail(db: Db, id: number, viewer: SignedInStaff): Promise<ClaimDetail> {
  const claim = await getClaimRow(db, id);
  const [summary] = await toSummaries(db, (await claimsQuery(db).select([...CLAIM_COLUMNS]).where('c.id', '=', id).execute()) as ClaimListRow[]);
  const lineRows = await linesOfClaim(db, id);
  const receiptRows = await receiptsOfLines(
    db,
    lineRows.map((l) => l.id),
  );
  const receiptsByLine = new Map<number, ReceiptInfo[]>();
  for (const r of receiptRows) {
    const list = receiptsByLine.get(r.line_id) ?? [];
    list.push({ id: r.id, fileName: r.file_name, mimeType: r.mime_type, sizeBytes: r.size_bytes, uploadedAt: r.uploaded_at });
    receiptsByLine.set(r.line_id, list);
  }
  const labels = await sessionLabels(
    db,
    lineRows.map((l) => l.session_id),
  );
  const waivers = new Map<number, string | null>();
  for (const l of lineRows) if (l.receipt_waived_by !== null && !waivers.has(l.receipt_waived_by)) waivers.set(l.receipt_waived_by, await staffName(db, l.receipt_waived_by));
  const lines: ClaimLine[] = lineRows.map((l) => {
    const receipts = receiptsByLine.get(l.id) ?? [];
    return {
      id: l.id,
      date: l.line_date,
      category: l.category,
      description: l.description,
      amountPence: l.amount_pence,
      milesTenths: l.miles_tenths,
      vehicle: l.vehicle,
      passengers: l.passengers,
      working: l.working,
      sessionId: l.session_id,
      sessionLabel: l.session_id === null ? null : (labels.get(l.session_id) ?? null),
      receipts,
      receiptWaivedReason: l.receipt_waived_reason,
      receiptWaivedBy: l.receipt_waived_by === null ? null : (waivers.get(l.receipt_waived_by) ?? null),
      needsReceipt: l.category !== 'mileage' && receipts.length === 0 && !l.receipt_waived_reason,
    };
  });
  const missing = lines.filter((l) => l.needsReceipt).length;
  return {
    ...summary,
    notes: claim.notes,
    lines,
    submittedBy: await staffName(db, claim.submitted_by),
    decidedBy: await staffName(db, claim.decided_by),
    decidedAt: claim.decided_at,
    rejectionReason: claim.rejection_reason,
    paidAt: claim.paid_at,
    version: claim.version,
    editable: claim.status === 'draft',
    approvalBlockedBecause: approvalBlock(claim, await lineHands(db, id), missing, viewer)?.message ?? null,
  };
}

// ── rates in force ────────────────────────────────────────────
export interface MileageRateTable {
  rows: { vehicle: Vehicle | 'passenger'; effective_from: string; rate_pence: number; threshold_miles: number | null; above_threshold_pence: number | null }[];
}

const mileageRatesQuery = reusableQuery((db) =>
  db.selectFrom('mileage_rates').select(['vehicle', 'effective_from', 'rate_pence', 'threshold_miles', 'above_threshold_pence']).orderBy('effective_from', 'desc'),
);

export async function loadMileageRates(db: Db): Promise<MileageRateTable> {
  const rows = await mileageRatesQuery(db);
  return { rows };
}

/** The rate in force on a date: the latest one starting on or before it. */
export function rateOn(table: MileageRateTable, vehicle: Vehicle | 'passenger', date: string): VehicleRate {
  const r = table.rows.find((x) => x.vehicle === vehicle && x.effective_from <= date);
  if (!r) {
    const what = vehicle === 'passenger' ? 'passengers' : VEHICLES[vehicle].toLowerCase();
    throw new ApiError('input.invalid', `There is no mileage rate for ${what} on ${formatDate(date)}. A coordinator can add one under Rates.`, {
      fields: { 'line.date': `No mileage rate for ${what} on this date.` },
    });
  }
  return { ratePence: r.rate_pence, thresholdMiles: r.threshold_miles, aboveThresholdPence: r.above_threshold_pence };
}

/** Statuses whose car/van miles count towards a person's 10,000-mile tier: money committed or on its way. */
export const TIER_COUNTED_STATUSES = ['submitted', 'approved', 'paid'] as const;

/**
 * The order the 10,000-mile tier counts a payee's claims in, the one home of that rule: by when each was submitted
 * (then by claim number, should two share a moment). A claim is worked out at submission against every claim counted
 * by then — the ones before it in this order — and a draft, not yet counted, comes after all of them. Re-working a claim
 * later (after a rejection) uses the same order, so it counts only the claims before it, paid or not, never the ones
 * after it: two unpaid claims never each count the other's miles.
 */
export async function claimsBeforeInTier(db: Db, claimId: number | null): Promise<{ submittedAt: string; id: number } | 'all'> {
  if (claimId === null) return 'all';
  const c = await db.selectFrom('claims').select(['id', 'status', 'submitted_at']).where('id', '=', claimId).executeTakeFirst();
  if (!c || c.status === 'draft' || c.submitted_at === null) return 'all';
  return { submittedAt: c.submitted_at, id: c.id };
}

/** Car/van business miles (tenths) counted for a payee in a tax year before claim `claimId` in the tier's order (all counted claims for a draft or a preview). */
export async function carMilesCounted(db: Db, payeeId: number, taxYear: number, claimId: number | null): Promise<number> {
  const { from, to } = taxYearRange(taxYear);
  const before = await claimsBeforeInTier(db, claimId);
  const query = milesCountedQueries[claimId === null ? 'all' : before === 'all' ? 'allButThis' : 'beforeThis'];
  const [r] = await query(db, payeeId, from, to, claimId ?? 0, before === 'all' ? '' : before.submittedAt);
  return Number(r?.tenths ?? 0);
}

/** The tier's miles query in its three shapes (a preview: every counted claim; a draft: all but itself; a submitted claim: those before it). */
const milesCountedQuery = (shape: 'all' | 'allButThis' | 'beforeThis') =>
  reusableQuery((db, payeeId: number, from: string, to: string, claimId: number, submittedAt: string) => {
    let q = db
      .selectFrom('claim_lines as l')
      .innerJoin('claims as c', 'c.id', 'l.claim_id')
      .select((eb) => eb.fn.sum<number>('l.miles_tenths').as('tenths'))
      .where('c.payee_id', '=', payeeId)
      .where('c.status', 'in', [...TIER_COUNTED_STATUSES])
      .where('l.category', '=', 'mileage')
      .where('l.vehicle', '=', 'car_van')
      .where('l.line_date', '>=', from)
      .where('l.line_date', '<=', to);
    if (shape !== 'all') q = q.where('c.id', '!=', claimId);
    if (shape === 'beforeThis') {
      q = q.where((eb) => eb.or([eb('c.submitted_at', '<', submittedAt), eb.and([eb('c.submitted_at', '=', submittedAt), eb('c.id', '<', claimId)])]));
    }
    return q;
  });
const milesCountedQueries = { all: milesCountedQuery('all'), allButThis: milesCountedQuery('allButThis'), beforeThis: milesCountedQuery('beforeThis') };

export { taxYearOf };

// ── involvement ───────────────────────────────────────────────
export async function listInvolvement(
  db: Db,
  filter: { status?: InvolvementPayment['status']; payeeId?: number; batchId?: number; ids?: number[]; approvedUnbatched?: boolean },
  limit = 200,
): Promise<InvolvementPayment[]> {
  let q = db
    .selectFrom('involvement_payments as i')
    .innerJoin('payees as p', 'p.id', 'i.payee_id')
    .innerJoin('staff as r', 'r.id', 'i.recorded_by')
    .leftJoin('staff as a', 'a.id', 'i.approved_by')
    .leftJoin('payment_batches as b', 'b.id', 'i.batch_id')
    .selectAll('i')
    .select(['p.name as payee_name', 'r.display_name as recorded_by_name', 'a.display_name as approved_by_name', 'b.reference as batch_reference']);
  if (filter.status) q = q.where('i.status', '=', filter.status);
  if (filter.payeeId !== undefined) q = q.where('i.payee_id', '=', filter.payeeId);
  if (filter.batchId !== undefined) q = q.where('i.batch_id', '=', filter.batchId);
  if (filter.ids) q = q.where('i.id', 'in', filter.ids.length ? filter.ids : [-1]);
  if (filter.approvedUnbatched) q = q.where('i.status', '=', 'approved').where('i.batch_id', 'is', null);
  const rows = await q.orderBy('i.work_date', 'desc').orderBy('i.id', 'desc').limit(limit).execute();
  const labels = await sessionLabels(
    db,
    rows.map((r) => r.session_id),
  );
  return rows.map((r) => ({
    id: r.id,
    payeeId: r.payee_id,
    payeeName: r.payee_name,
    sessionId: r.session_id,
    sessionLabel: r.session_id === null ? null : (labels.get(r.session_id) ?? null),
    date: r.work_date,
    basis: r.basis,
    hoursHundredths: r.hours_hundredths,
    ratePence: r.rate_pence,
    offeredPence: r.offered_pence,
    amountPence: r.amount_pence,
    description: r.description,
    status: r.status,
    payeeDecision: r.payee_decision,
    decisionNote: r.decision_note,
    recordedBy: r.recorded_by_name,
    approvedBy: r.approved_by_name,
    limitWarning: r.limit_warning,
    batchReference: r.batch_reference,
  }));
}

export async function getInvolvement(db: Db, id: number): Promise<InvolvementPayment> {
  const [row] = await listInvolvement(db, { ids: [id] }, 1);
  if (!row) throw new ApiError('record.not-found', 'That involvement payment could not be found.');
  return row;
}

/** Is this session one the payee's facilitator was planned for or recorded as delivering? */
export async function assertFacilitatedSession(db: Db, payee: { facilitator_id: number | null; name: string }, sessionId: number): Promise<{ date: string }> {
  const session = await db.selectFrom('sessions').select(['id', 'date', 'course_run_id']).where('id', '=', sessionId).executeTakeFirst();
  if (!session) throw new ApiError('record.not-found', 'That session could not be found.');
  if (payee.facilitator_id === null) {
    throw new ApiError('input.invalid', `${payee.name} is not linked to a facilitator record, so this cannot be linked to a session.`, {
      fields: { sessionId: 'This payee is not linked to a facilitator.' },
    });
  }
  const fid = payee.facilitator_id;
  const delivered = await db.selectFrom('session_delivery').select('session_id').where('session_id', '=', sessionId).where('facilitator_id', '=', fid).executeTakeFirst();
  const planned = delivered
    ? true
    : !!(await db
        .selectFrom('course_run_facilitators')
        .select('facilitator_id')
        .where('course_run_id', '=', session.course_run_id)
        .where('facilitator_id', '=', fid)
        .executeTakeFirst());
  if (!planned) {
    throw new ApiError('input.invalid', `${payee.name} did not facilitate that session. Please choose one of their sessions, or leave the session blank.`, {
      fields: { sessionId: 'Not one of this person’s sessions.' },
    });
  }
  return { date: session.date };
}

// ── look-ups the services share (raw rows; the services decide what a missing one means) ──

/** A claim's lines, in date order. */
export async function linesOfClaim(db: Db, claimId: number) {
  return db.selectFrom('claim_lines').selectAll().where('claim_id', '=', claimId).orderBy('line_date').orderBy('id').execute();
}

export async function lineCountOfClaim(db: Db, claimId: number): Promise<number> {
  const { n } = await db.selectFrom('claim_lines').select((eb) => eb.fn.countAll<number>().as('n')).where('claim_id', '=', claimId).executeTakeFirstOrThrow();
  return Number(n);
}

/** A claim's mileage lines in date order: what the 10,000-mile tier is worked out from. */
export async function mileageLinesOfClaim(db: Db, claimId: number) {
  return db
    .selectFrom('claim_lines')
    .select(['id', 'line_date', 'miles_tenths', 'vehicle', 'passengers', 'amount_pence', 'working'])
    .where('claim_id', '=', claimId)
    .where('category', '=', 'mileage')
    .orderBy('line_date')
    .orderBy('id')
    .execute();
}

/** The lines of many claims, in date order (a remittance lists them). */
export async function linesOfClaims(db: Db, claimIds: number[]) {
  const out = [];
  for (let i = 0; i < claimIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('claim_lines')
        .select(['claim_id', 'line_date', 'category', 'description', 'miles_tenths', 'working', 'amount_pence'])
        .where('claim_id', 'in', claimIds.slice(i, i + 500))
        .orderBy('line_date')
        .orderBy('id')
        .execute()),
    );
  }
  return out;
}

export async function findClaimLine(db: Db, lineId: number) {
  return db.selectFrom('claim_lines').selectAll().where('id', '=', lineId).executeTakeFirst();
}

/** The receipts attached to some lines (no file contents), oldest first. */
export async function receiptsOfLines(db: Db, lineIds: number[]) {
  if (lineIds.length === 0) return [];
  return db.selectFrom('claim_receipts').select(['id', 'line_id', 'file_name', 'mime_type', 'size_bytes', 'uploaded_at']).where('line_id', 'in', lineIds).orderBy('id').execute();
}

/** A payee's claims not yet paid (draft, submitted or approved), other than `exceptId`. */
export async function unpaidClaimsOfPayee(db: Db, payeeId: number, exceptId: number) {
  return db
    .selectFrom('claims')
    .select(['id', 'payee_id', 'reference', 'status', 'submitted_at'])
    .where('payee_id', '=', payeeId)
    .where('id', '!=', exceptId)
    .where('status', 'in', ['draft', 'submitted', 'approved'])
    .execute();
}

/** Claims by id, with what decides whether they can go into a batch. */
export async function claimsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('claims').select(['id', 'reference', 'status', 'batch_id']).where('id', 'in', ids).execute();
}

export async function claimsInBatch(db: Db, batchId: number) {
  return db.selectFrom('claims').select(['id', 'version']).where('batch_id', '=', batchId).execute();
}

/** A payment batch with the name of who made it. */
export async function findBatch(db: Db, id: number) {
  return db
    .selectFrom('payment_batches as b')
    .innerJoin('staff as s', 's.id', 'b.created_by')
    .selectAll('b')
    .select('s.display_name as created_by_name')
    .where('b.id', '=', id)
    .executeTakeFirst();
}

export async function payeesByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('payees').selectAll().where('id', 'in', ids).execute();
}

/** The payee set up for a facilitator, other than `excludePayeeId`, if any. */
export async function payeeOfFacilitator(db: Db, facilitatorId: number, excludePayeeId?: number) {
  let q = db.selectFrom('payees').select(['id', 'name']).where('facilitator_id', '=', facilitatorId);
  if (excludePayeeId !== undefined) q = q.where('id', '!=', excludePayeeId);
  return q.executeTakeFirst();
}

/** Active facilitators who are not yet set up as payees, by name. */
export async function facilitatorsWithoutPayee(db: Db) {
  return db
    .selectFrom('facilitators as f')
    .leftJoin('payees as p', 'p.facilitator_id', 'f.id')
    .select(['f.id', 'f.first_name', 'f.surname', 'f.kind'])
    .where('p.id', 'is', null)
    .where('f.active', '=', 1)
    .orderBy('f.surname')
    .orderBy('f.first_name')
    .execute();
}

/** Up to 500 scheduled sessions a facilitator was planned for or delivered, latest first, optionally between dates. */
export async function sessionsOfFacilitator(db: Db, facilitatorId: number, range: { from?: string; to?: string }) {
  const fid = facilitatorId;
  let q = db
    .selectFrom('sessions as s')
    .innerJoin('course_runs as r', 'r.id', 's.course_run_id')
    .innerJoin('courses as co', 'co.id', 'r.course_id')
    .leftJoin('session_delivery as d', (j) => j.onRef('d.session_id', '=', 's.id').on('d.facilitator_id', '=', fid))
    .select(['s.id', 's.date', 's.start_time', 's.end_time', 'co.title', 'd.facilitator_id as delivered_by'])
    .where('s.status', '=', 'scheduled')
    .where((eb) =>
      eb.or([
        eb('d.facilitator_id', '=', fid),
        eb.exists(
          eb
            .selectFrom('course_run_facilitators as f')
            .select('f.facilitator_id')
            .whereRef('f.course_run_id', '=', 's.course_run_id')
            .where('f.facilitator_id', '=', fid),
        ),
      ]),
    );
  if (range.from) q = q.where('s.date', '>=', range.from);
  if (range.to) q = q.where('s.date', '<=', range.to);
  return q.orderBy('s.date', 'desc').orderBy('s.start_time').limit(500).execute();
}

// ── rates ─────────────────────────────────────────────────────

/** Every rate and limit ever set, each kind newest first. */
export async function allRateRows(db: Db) {
  return {
    mileage: await db.selectFrom('mileage_rates').selectAll().orderBy('vehicle').orderBy('effective_from', 'desc').execute(),
    involvement: await db.selectFrom('involvement_rates').selectAll().orderBy('basis').orderBy('effective_from', 'desc').execute(),
    limits: await db.selectFrom('benefit_limits').selectAll().orderBy('kind').orderBy('effective_from', 'desc').execute(),
  };
}

export async function findMileageRate(db: Db, vehicle: Vehicle | 'passenger', effectiveFrom: string) {
  return db.selectFrom('mileage_rates').select('id').where('vehicle', '=', vehicle).where('effective_from', '=', effectiveFrom).executeTakeFirst();
}

export async function findInvolvementRate(db: Db, basis: 'session' | 'hour', effectiveFrom: string) {
  return db.selectFrom('involvement_rates').select('id').where('basis', '=', basis).where('effective_from', '=', effectiveFrom).executeTakeFirst();
}

export async function findBenefitLimit(db: Db, kind: 'lower' | 'higher', effectiveFrom: string) {
  return db.selectFrom('benefit_limits').select('id').where('kind', '=', kind).where('effective_from', '=', effectiveFrom).executeTakeFirst();
}

/** The involvement rate in force on a date for a basis, if any. */
export async function involvementRateOn(db: Db, basis: 'session' | 'hour', date: string) {
  return db.selectFrom('involvement_rates').selectAll().where('basis', '=', basis).where('effective_from', '<=', date).orderBy('effective_from', 'desc').executeTakeFirst();
}

/** Benefit limits that had started by a date, newest first. */
export async function benefitLimitsFrom(db: Db, date: string) {
  return db.selectFrom('benefit_limits').selectAll().where('effective_from', '<=', date).orderBy('effective_from', 'desc').execute();
}

// ── involvement payments ──────────────────────────────────────

export async function findInvolvementPayment(db: Db, id: number) {
  return db.selectFrom('involvement_payments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Involvement payments by id, with what decides whether they can go into a batch. */
export async function involvementByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('involvement_payments').select(['id', 'status', 'batch_id']).where('id', 'in', ids).execute();
}

/** A payee's approved or paid involvement earnings between two dates, leaving out payment `exceptId`. */
export async function involvementEarnedBetween(db: Db, payeeId: number, from: string, to: string, exceptId: number | null): Promise<number> {
  let q = db
    .selectFrom('involvement_payments')
    .select((eb) => eb.fn.sum<number>('amount_pence').as('total'))
    .where('payee_id', '=', payeeId)
    .where('status', 'in', ['approved', 'paid'])
    .where('work_date', '>=', from)
    .where('work_date', '<=', to);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return Number((await q.executeTakeFirst())?.total ?? 0);
}

/** A payment (not declined) already recorded for a payee for a session, if any. */
export async function involvementForSession(db: Db, payeeId: number, sessionId: number) {
  return db.selectFrom('involvement_payments').select('id').where('payee_id', '=', payeeId).where('session_id', '=', sessionId).where('status', '!=', 'declined').executeTakeFirst();
}

// ── what belongs to one person (anonymisation follows these) ──

export async function payeeIdsOfFacilitators(db: Db, facilitatorIds: number[]): Promise<number[]> {
  if (facilitatorIds.length === 0) return [];
  return (await db.selectFrom('payees').select('id').where('facilitator_id', 'in', facilitatorIds).execute()).map((p) => p.id);
}

export async function claimIdsOfPayees(db: Db, payeeIds: number[]): Promise<number[]> {
  if (payeeIds.length === 0) return [];
  return (await db.selectFrom('claims').select('id').where('payee_id', 'in', payeeIds).execute()).map((c) => c.id);
}

export async function lineIdsOfClaims(db: Db, claimIds: number[]): Promise<number[]> {
  if (claimIds.length === 0) return [];
  return (await db.selectFrom('claim_lines').select('id').where('claim_id', 'in', claimIds).execute()).map((l) => l.id);
}

/** A payee with this name, ignoring case (pass it trimmed and lower-cased), if any. */
export async function payeeNamed(db: Db, nameLower: string) {
  return db
    .selectFrom('payees')
    .select('name')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', nameLower))
    .executeTakeFirst();
}

/** A receipt with its file. */
export async function findReceipt(db: Db, id: number) {
  return db.selectFrom('claim_receipts').select(['id', 'line_id', 'file_name', 'mime_type', 'size_bytes', 'content']).where('id', '=', id).executeTakeFirst();
}

/** A receipt's name and the line and claim it belongs to (not the file). */
export async function findReceiptPlace(db: Db, id: number) {
  return db
    .selectFrom('claim_receipts as r')
    .innerJoin('claim_lines as l', 'l.id', 'r.line_id')
    .select(['r.id', 'r.file_name', 'r.line_id', 'l.claim_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** When the claim waiting longest for a decision was submitted (null when none is waiting). */
export async function oldestSubmittedAt(db: Db): Promise<string | null> {
  const oldest = await db.selectFrom('claims').select((eb) => eb.fn.min('submitted_at').as('at')).where('status', '=', 'submitted').executeTakeFirst();
  return (oldest?.at as string | null | undefined) ?? null;
}

// ── totals (approved and paid money between two dates) ────────

const COUNTED_IN_TOTALS = ['approved', 'paid'] as const;

/** Claim line amounts and miles per payee and category. */
export async function lineTotalsByPayee(db: Db, from: string, to: string) {
  return db
    .selectFrom('claim_lines as l')
    .innerJoin('claims as c', 'c.id', 'l.claim_id')
    .select((eb) => ['c.payee_id', 'l.category', eb.fn.sum<number>('l.amount_pence').as('pence'), eb.fn.sum<number>('l.miles_tenths').as('tenths')])
    .where('c.status', 'in', [...COUNTED_IN_TOTALS])
    .where('l.line_date', '>=', from)
    .where('l.line_date', '<=', to)
    .groupBy(['c.payee_id', 'l.category'])
    .execute();
}

/** Claim line amounts and miles per day, claim and category (months are grouped by the caller, with no date function). */
export async function lineTotalsByDay(db: Db, from: string, to: string) {
  return db
    .selectFrom('claim_lines as l')
    .innerJoin('claims as c', 'c.id', 'l.claim_id')
    .select((eb) => ['l.line_date', 'l.claim_id', 'l.category', eb.fn.sum<number>('l.amount_pence').as('pence'), eb.fn.sum<number>('l.miles_tenths').as('tenths')])
    .where('c.status', 'in', [...COUNTED_IN_TOTALS])
    .where('l.line_date', '>=', from)
    .where('l.line_date', '<=', to)
    .groupBy(['l.line_date', 'l.claim_id', 'l.category'])
    .execute();
}

/** Involvement payments per payee. */
export async function involvementTotalsByPayee(db: Db, from: string, to: string) {
  return db
    .selectFrom('involvement_payments')
    .select((eb) => ['payee_id', eb.fn.sum<number>('amount_pence').as('pence')])
    .where('status', 'in', [...COUNTED_IN_TOTALS])
    .where('work_date', '>=', from)
    .where('work_date', '<=', to)
    .groupBy('payee_id')
    .execute();
}

/** Involvement payments per day of work. */
export async function involvementTotalsByDay(db: Db, from: string, to: string) {
  return db
    .selectFrom('involvement_payments')
    .select((eb) => ['work_date', eb.fn.sum<number>('amount_pence').as('pence')])
    .where('status', 'in', [...COUNTED_IN_TOTALS])
    .where('work_date', '>=', from)
    .where('work_date', '<=', to)
    .groupBy('work_date')
    .execute();
}

/** Every payee's name by id. */
export async function payeeNames(db: Db): Promise<Map<number, string>> {
  return new Map((await db.selectFrom('payees').select(['id', 'name']).execute()).map((p) => [p.id, p.name]));
}

// Expense claims: draft lines (mileage worked out from HMRC rates), receipts waived by a coordinator, and the workflow
// draft → submitted → approved | rejected → paid, with the rule that nobody approves a claim they entered or submitted.
import { ApiError, validationError } from '../../contract/errors';
import { CLAIM_STATUSES, type ClaimLineFields, type MileageWorking, type RetieredLine, type Vehicle } from '../../contract/expenses';
import { collegeToday } from '../../contract/dates';
import { formatPence, parseMilesTenths } from '../../contract/money';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import {
  approvalBlock,
  lineHands,
  recordLineEdit,
  assertFacilitatedSession,
  carMilesCounted,
  findClaimLine,
  getClaimRow,
  getPayeeRow,
  lineCountOfClaim,
  linesOfClaim,
  pageClaims,
  loadClaimDetail,
  loadMileageRates,
  mileageLinesOfClaim,
  rateOn,
  receiptsOfLines,
  unpaidClaimsOfPayee,
  type ClaimRow,
  type MileageRateTable,
} from './queries';
import { computeMileage, taxYearLabel, taxYearOf } from './rules';
import { nextReference } from '../db/counters';

type Ctx = Pick<StaffContext, 'now' | 'staff' | 'audit'>;

export function assertEditable(claim: ClaimRow): void {
  if (claim.status === 'draft') return;
  if (claim.status === 'paid') throw new ApiError('claim.not-draft', `Claim ${claim.reference} has been paid and can no longer be changed.`);
  throw new ApiError(
    'claim.not-draft',
    `Claim ${claim.reference} is ${CLAIM_STATUSES[claim.status].toLowerCase()}, so its lines can no longer be changed. Only a draft claim can be edited.`,
  );
}

/** Works out one mileage line for a payee, counting the tier from their other claims plus `ownMilesBefore`. */
export async function workOutMileage(
  db: Db,
  rates: MileageRateTable,
  p: { payeeId: number; claimId: number | null; date: string; milesTenths: number; vehicle: Vehicle; passengers: number; ownMilesBeforeTenths: number },
): Promise<MileageWorking> {
  const taxYear = taxYearOf(p.date);
  const rate = rateOn(rates, p.vehicle, p.date);
  const passengerRatePence = p.passengers > 0 ? rateOn(rates, 'passenger', p.date).ratePence : 0;
  const before = p.vehicle === 'car_van' ? (await carMilesCounted(db, p.payeeId, taxYear, p.claimId)) + p.ownMilesBeforeTenths : 0;
  const r = computeMileage({ milesTenths: p.milesTenths, vehicle: p.vehicle, passengers: p.passengers, rate, passengerRatePence, milesBeforeTenths: before });
  return {
    milesTenths: p.milesTenths,
    vehicle: p.vehicle,
    passengers: p.passengers,
    amountPence: r.amountPence,
    working: r.working,
    taxYear: taxYearLabel(taxYear),
    milesBeforeTenths: before,
    parts: r.parts,
    passengerPence: r.passengerPence,
  };
}

/**
 * Re-works every mileage line of a claim in date order. The tier counts this person's car/van miles on the claims before
 * this one in the tier's order (`claimsBeforeInTier`: for a draft, every submitted, approved or paid claim) in the same
 * tax year, then this claim's earlier lines. Called whenever a draft's lines change and once more at submission, after
 * which the amounts are fixed unless a rejection re-tiers them.
 */
export async function recomputeClaimMileage(trx: Db, claim: { id: number; payee_id: number }): Promise<void> {
  const lines = await mileageLinesOfClaim(trx, claim.id);
  if (lines.length === 0) return;
  const rates = await loadMileageRates(trx);
  const ownByYear = new Map<number, number>();
  for (const l of lines) {
    const year = taxYearOf(l.line_date);
    const own = ownByYear.get(year) ?? 0;
    const w = await workOutMileage(trx, rates, {
      payeeId: claim.payee_id,
      claimId: claim.id,
      date: l.line_date,
      milesTenths: l.miles_tenths ?? 0,
      vehicle: l.vehicle ?? 'car_van',
      passengers: l.passengers,
      ownMilesBeforeTenths: own,
    });
    if (l.vehicle === 'car_van') ownByYear.set(year, own + (l.miles_tenths ?? 0));
    if (w.amountPence !== l.amount_pence || w.working !== l.working) {
      await trx.updateTable('claim_lines').set({ amount_pence: w.amountPence, working: w.working }).where('id', '=', l.id).execute();
    }
  }
}

/**
 * The 10,000-mile tier counts a person's car/van miles across their claims in a tax year. When a claim is rejected its
 * miles stop counting, so the payee's other not-yet-paid claims (submitted, approved, then drafts) with mileage in the
 * same tax years are worked out again, in the tier's order (`claimsBeforeInTier`): each counts only the claims before
 * it — paid or not — and never one after it. Paid claims never change. Each changed line is audited and returned.
 */
export async function retierAfterRejection(trx: Db, ctx: Ctx, rejectedClaimId: number): Promise<RetieredLine[]> {
  const rejected = await getClaimRow(trx, rejectedClaimId);
  const years = [
    ...new Set(
      (await mileageLinesOfClaim(trx, rejectedClaimId)).filter((l) => l.vehicle === 'car_van').map((l) => taxYearOf(l.line_date)),
    ),
  ];
  if (years.length === 0) return [];
  const others = await unpaidClaimsOfPayee(trx, rejected.payee_id, rejectedClaimId);
  // The tier's order: submitted first, by when (then number); drafts last. Each line's count comes from the database,
  // so the order only makes the list the coordinator sees read the way the tier runs.
  others.sort((a, b) => tierKey(a).localeCompare(tierKey(b)) || a.id - b.id);
  const changed: RetieredLine[] = [];
  for (const claim of others) {
    const before = await mileageLinesOfClaim(trx, claim.id);
    if (!before.some((l) => years.includes(taxYearOf(l.line_date)))) continue;
    await recomputeClaimMileage(trx, claim);
    const after = new Map((await mileageLinesOfClaim(trx, claim.id)).map((l) => [l.id, l]));
    for (const b of before) {
      const a = after.get(b.id);
      if (!a || a.amount_pence === b.amount_pence) continue;
      changed.push({ claimId: claim.id, claimReference: claim.reference, lineId: b.id, date: b.line_date, beforePence: b.amount_pence, afterPence: a.amount_pence, working: a.working ?? '' });
      ctx.audit({
        action: 'retier',
        entity: 'claim',
        entityId: claim.id,
        fields: ['amount'],
        summary: `Line ${b.id}: ${formatPence(b.amount_pence)} → ${formatPence(a.amount_pence)} after ${rejected.reference} was rejected (${a.working ?? ''})`,
      });
    }
  }
  return changed;
}

/** Sort key for the tier's order of claims (see `claimsBeforeInTier`): submitted by time, drafts after every one of them. */
function tierKey(c: { status: string; submitted_at: string | null }): string {
  return c.status === 'draft' || c.submitted_at === null ? '~' : c.submitted_at;
}

async function checkLine(trx: Db, ctx: Ctx, payee: Awaited<ReturnType<typeof getPayeeRow>>, line: ClaimLineFields): Promise<void> {
  if (line.date > collegeToday(ctx.now())) throw validationError({ 'line.date': 'The date cannot be in the future.' });
  if (line.sessionId !== null) await assertFacilitatedSession(trx, payee, line.sessionId);
  if (line.category === 'mileage') {
    // Fails early with a plain message when no rate is in force that day.
    const rates = await loadMileageRates(trx);
    rateOn(rates, line.vehicle as Vehicle, line.date);
    if (line.passengers > 0) rateOn(rates, 'passenger', line.date);
  }
}

function lineColumns(line: ClaimLineFields) {
  return {
    line_date: line.date,
    category: line.category,
    description: line.description,
    // Mileage amounts are worked out by recomputeClaimMileage straight after the write.
    amount_pence: line.category === 'mileage' ? 0 : (line.amountPence as number),
    miles_tenths: line.milesTenths,
    vehicle: line.vehicle,
    passengers: line.passengers,
    working: null,
    session_id: line.sessionId,
  };
}

async function touch(trx: Db, ctx: Ctx, claim: ClaimRow): Promise<void> {
  await trx
    .updateTable('claims')
    .set({ updated_at: ctx.now().toISOString(), version: claim.version + 1 })
    .where('id', '=', claim.id)
    .execute();
}

async function lineWithClaim(trx: Db, lineId: number) {
  const line = await findClaimLine(trx, lineId);
  if (!line) throw new ApiError('record.not-found', 'That claim line could not be found. It may have been removed.');
  return { line, claim: await getClaimRow(trx, line.claim_id) };
}

export async function createClaim(trx: Db, ctx: Ctx, payeeId: number, notes: string | null): Promise<number> {
  const payee = await getPayeeRow(trx, payeeId);
  if (payee.active !== 1) throw new ApiError('payee.inactive', `${payee.name} is no longer active as a payee. Please reactivate them first.`);
  const now = ctx.now().toISOString();
  const reference = await nextReference(trx, 'claim');
  const { id } = await trx
    .insertInto('claims')
    .values({ reference, payee_id: payeeId, notes, entered_by: ctx.staff.id, entered_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  ctx.audit({ action: 'create', entity: 'claim', entityId: id, summary: `Started claim ${reference} for payee ${payee.id}` });
  return id;
}

export async function addClaimLine(trx: Db, ctx: Ctx, claimId: number, line: ClaimLineFields): Promise<number> {
  const claim = await getClaimRow(trx, claimId);
  assertEditable(claim);
  await checkLine(trx, ctx, await getPayeeRow(trx, claim.payee_id), line);
  const { id } = await trx
    .insertInto('claim_lines')
    .values({ ...lineColumns(line), claim_id: claimId, created_by: ctx.staff.id, created_at: ctx.now().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordLineEdit(trx, ctx, claimId, id, 'add');
  await recomputeClaimMileage(trx, claim);
  await touch(trx, ctx, claim);
  ctx.audit({ action: 'add-line', entity: 'claim', entityId: claimId, fields: Object.keys(line), summary: `Line ${id}: ${line.category} on ${line.date}` });
  return id;
}

export async function submitClaim(trx: Db, ctx: Ctx, claimId: number): Promise<void> {
  const claim = await getClaimRow(trx, claimId);
  if (claim.status !== 'draft') throw new ApiError('claim.not-draft', `Claim ${claim.reference} has already been ${claim.status}.`);
  const n = await lineCountOfClaim(trx, claimId);
  if (Number(n) === 0) throw new ApiError('claim.no-lines', 'This claim has no lines yet. Please add at least one dated line before submitting it.');
  await recomputeClaimMileage(trx, claim);
  const now = ctx.now().toISOString();
  await trx
    .updateTable('claims')
    .set({ status: 'submitted', submitted_by: ctx.staff.id, submitted_at: now, updated_at: now, version: claim.version + 1 })
    .where('id', '=', claimId)
    .execute();
  ctx.audit({ action: 'submit', entity: 'claim', entityId: claimId, fields: ['status'] });
}

export async function decideClaim(trx: Db, ctx: Ctx, claimId: number, decision: { approve: true } | { approve: false; reason: string }): Promise<void> {
  const claim = await getClaimRow(trx, claimId);
  if (claim.status !== 'submitted') {
    throw new ApiError('claim.not-submitted', `Only a submitted claim can be ${decision.approve ? 'approved' : 'rejected'}; ${claim.reference} is ${claim.status}.`);
  }
  const now = ctx.now().toISOString();
  if (decision.approve) {
    const lines = await linesOfClaim(trx, claimId);
    const withReceipt = new Set(
      (
        await receiptsOfLines(
          trx,
          lines.map((l) => l.id),
        )
      ).map((r) => r.line_id),
    );
    const missing = lines.filter((l) => l.category !== 'mileage' && !l.receipt_waived_reason && !withReceipt.has(l.id)).length;
    const block = approvalBlock(claim, await lineHands(trx, claimId), missing, ctx.staff);
    if (block) throw new ApiError(block.reason, block.message);
    await trx
      .updateTable('claims')
      .set({ status: 'approved', decided_by: ctx.staff.id, decided_at: now, updated_at: now, version: claim.version + 1 })
      .where('id', '=', claimId)
      .execute();
    ctx.audit({ action: 'approve', entity: 'claim', entityId: claimId, fields: ['status'] });
  } else {
    await trx
      .updateTable('claims')
      .set({ status: 'rejected', decided_by: ctx.staff.id, decided_at: now, rejection_reason: decision.reason, updated_at: now, version: claim.version + 1 })
      .where('id', '=', claimId)
      .execute();
    ctx.audit({ action: 'reject', entity: 'claim', entityId: claimId, fields: ['status', 'rejectionReason'] });
  }
}

export const claimHandlers: HandlersFor<'expenses.claims.'> = {
  'expenses.claims.list': async (ctx, input) => {
    return pageClaims(ctx.db, { status: input.status, payeeId: input.payeeId, query: input.query }, input);
  },

  'expenses.claims.get': async (ctx, input) => loadClaimDetail(ctx.db, input.id, ctx.staff),

  'expenses.claims.create': async (ctx, input) =>
    loadClaimDetail(ctx.db, await createClaim(ctx.db, ctx, input.payeeId, input.notes), ctx.staff),

  'expenses.claims.updateNotes': async (ctx, input) => {
    const claim = await getClaimRow(ctx.db, input.id);
    assertEditable(claim);
    await ctx.db
      .updateTable('claims')
      .set({ notes: input.notes, updated_at: ctx.now().toISOString(), version: claim.version + 1 })
      .where('id', '=', input.id)
      .execute();
    // Changing what the claim says is a hand in it (saving the same words again is not).
    if ((claim.notes ?? null) !== (input.notes ?? null)) await recordLineEdit(ctx.db, ctx, input.id, null, 'edit-notes');
    ctx.audit({ action: 'update', entity: 'claim', entityId: input.id, fields: ['notes'] });
    return loadClaimDetail(ctx.db, input.id, ctx.staff);
  },

  'expenses.claims.addLine': async (ctx, input) => {
    await addClaimLine(ctx.db, ctx, input.claimId, input.line);
    return loadClaimDetail(ctx.db, input.claimId, ctx.staff);
  },

  'expenses.claims.updateLine': async (ctx, input) => {
    const { line: before, claim } = await lineWithClaim(ctx.db, input.lineId);
    assertEditable(claim);
    await checkLine(ctx.db, ctx, await getPayeeRow(ctx.db, claim.payee_id), input.line);
    const next = lineColumns(input.line);
    await ctx.db
      .updateTable('claim_lines')
      .set({ ...next, ...(next.category === 'mileage' ? { receipt_waived_reason: null, receipt_waived_by: null, receipt_waived_at: null } : {}) })
      .where('id', '=', input.lineId)
      .execute();
    await recordLineEdit(ctx.db, ctx, claim.id, input.lineId, 'change');
    await recomputeClaimMileage(ctx.db, claim);
    await touch(ctx.db, ctx, claim);
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => k !== 'working' && k !== 'amount_pence' && next[k] !== before[k]);
    if (next.category !== 'mileage' && next.amount_pence !== before.amount_pence) changed.push('amount_pence');
    ctx.audit({ action: 'update-line', entity: 'claim', entityId: claim.id, fields: changed, summary: `Line ${input.lineId}` });
    return loadClaimDetail(ctx.db, claim.id, ctx.staff);
  },

  'expenses.claims.removeLine': async (ctx, input) => {
    const { line, claim } = await lineWithClaim(ctx.db, input.lineId);
    assertEditable(claim);
    await ctx.db.deleteFrom('claim_receipts').where('line_id', '=', input.lineId).execute();
    await ctx.db.deleteFrom('claim_lines').where('id', '=', input.lineId).execute();
    await recordLineEdit(ctx.db, ctx, claim.id, input.lineId, 'remove');
    await recomputeClaimMileage(ctx.db, claim);
    await touch(ctx.db, ctx, claim);
    ctx.audit({
      action: 'remove-line',
      entity: 'claim',
      entityId: claim.id,
      summary: `Removed line ${input.lineId}: ${line.category} on ${line.line_date}, ${formatPence(line.amount_pence)}`,
    });
    return loadClaimDetail(ctx.db, claim.id, ctx.staff);
  },

  'expenses.claims.waiveReceipt': async (ctx, input) => {
    const { line, claim } = await lineWithClaim(ctx.db, input.lineId);
    if (claim.status !== 'draft' && claim.status !== 'submitted') {
      throw new ApiError('claim.not-draft', `Claim ${claim.reference} is ${claim.status}; its receipts can no longer change.`);
    }
    if (line.category === 'mileage') throw new ApiError('input.invalid', 'Mileage lines do not need a receipt.');
    await ctx.db
      .updateTable('claim_lines')
      .set({ receipt_waived_reason: input.reason, receipt_waived_by: ctx.staff.id, receipt_waived_at: ctx.now().toISOString() })
      .where('id', '=', input.lineId)
      .execute();
    await recordLineEdit(ctx.db, ctx, claim.id, input.lineId, 'waive-receipt');
    await touch(ctx.db, ctx, claim);
    ctx.audit({ action: 'waive-receipt', entity: 'claim', entityId: claim.id, fields: ['receiptWaivedReason'], summary: `Line ${input.lineId}` });
    return loadClaimDetail(ctx.db, claim.id, ctx.staff);
  },

  'expenses.claims.submit': async (ctx, input) => {
    await submitClaim(ctx.db, ctx, input.id);
    return loadClaimDetail(ctx.db, input.id, ctx.staff);
  },

  'expenses.claims.approve': async (ctx, input) => {
    await decideClaim(ctx.db, ctx, input.id, { approve: true });
    return loadClaimDetail(ctx.db, input.id, ctx.staff);
  },

  'expenses.claims.reject': async (ctx, input) => {
    await decideClaim(ctx.db, ctx, input.id, { approve: false, reason: input.reason });
    const retiered = await retierAfterRejection(ctx.db, ctx, input.id);
    return { ...(await loadClaimDetail(ctx.db, input.id, ctx.staff)), retiered };
  },

  'expenses.claims.discard': async (ctx, input) => {
    const claim = await getClaimRow(ctx.db, input.id);
    if (claim.status !== 'draft') throw new ApiError('claim.not-draft', `Only a draft claim can be thrown away; ${claim.reference} is ${claim.status}.`);
    const lineIds = (await linesOfClaim(ctx.db, input.id)).map((l) => l.id);
    if (lineIds.length) await ctx.db.deleteFrom('claim_receipts').where('line_id', 'in', lineIds).execute();
    await ctx.db.deleteFrom('claim_lines').where('claim_id', '=', input.id).execute();
    await ctx.db.deleteFrom('claims').where('id', '=', input.id).execute();
    ctx.audit({ action: 'discard', entity: 'claim', entityId: input.id, summary: `Discarded draft ${claim.reference}` });
    return null;
  },
};

export const mileageHandlers: HandlersFor<'expenses.mileage.'> = {
  'expenses.mileage.preview': async (ctx, input) => {
    const miles = parseMilesTenths(input.miles);
    if (!miles.ok) throw validationError({ miles: miles.message });
    if (input.vehicle !== 'car_van' && input.passengers > 0) throw validationError({ passengers: 'Passenger payments apply to cars and vans only.' });
    await getPayeeRow(ctx.db, input.payeeId);
    let own = 0;
    if (input.claimId !== undefined && input.vehicle === 'car_van') {
      const year = taxYearOf(input.date);
      const lines = (await mileageLinesOfClaim(ctx.db, input.claimId)).filter((l) => l.vehicle === 'car_van' && l.line_date <= input.date);
      own = lines.filter((l) => l.id !== input.lineId && taxYearOf(l.line_date) === year).reduce((s, l) => s + (l.miles_tenths ?? 0), 0);
    }
    return workOutMileage(ctx.db, await loadMileageRates(ctx.db), {
      payeeId: input.payeeId,
      claimId: input.claimId ?? null,
      date: input.date,
      milesTenths: miles.value,
      vehicle: input.vehicle,
      passengers: input.passengers,
      ownMilesBeforeTenths: own,
    });
  },
};

// Involvement payments: recognition for delivering sessions, paid as earnings (payroll), checked before approval
// against the weekly benefit limits so nobody loses benefits by accident; the person may reduce or decline a payment.
import { ApiError, validationError } from '../../contract/errors';
import type { WeekCheck } from '../../contract/expenses';
import { collegeToday, formatDate } from '../../contract/dates';
import { divRoundHalfUp, formatPence } from '../../contract/money';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import {
  assertFacilitatedSession,
  benefitLimitsFrom,
  findInvolvementPayment,
  getInvolvement,
  getPayeeRow,
  involvementEarnedBetween,
  involvementForSession,
  involvementRateOn,
  listInvolvement,
} from './queries';
import { weekOf } from './rules';

type Ctx = Pick<StaffContext, 'now' | 'staff' | 'audit'>;

async function paymentRow(db: Db, id: number) {
  const row = await findInvolvementPayment(db, id);
  if (!row) throw new ApiError('record.not-found', 'That involvement payment could not be found.');
  return row;
}

function assertRecorded(row: { status: string }): void {
  if (row.status !== 'recorded') {
    throw new ApiError('involvement.decided', row.status === 'paid' ? 'This payment has been paid and can no longer change.' : `This payment is already ${row.status}; it can no longer change.`);
  }
}

/** The person's involvement earnings in the Monday–Sunday week of a payment, against the limits in force that day. */
export async function weekCheck(db: Db, p: { id: number | null; payeeId: number; date: string; amountPence: number }): Promise<WeekCheck> {
  const payee = await getPayeeRow(db, p.payeeId);
  const week = weekOf(p.date);
  const before = await involvementEarnedBetween(db, p.payeeId, week.from, week.to, p.id);
  const after = before + p.amountPence;
  const limitRows = await benefitLimitsFrom(db, p.date);
  const limits = (['lower', 'higher'] as const)
    .map((kind) => limitRows.find((r) => r.kind === kind))
    .filter((r): r is NonNullable<typeof r> => !!r)
    .map((r) => ({ kind: r.kind, name: r.name, weeklyPence: r.weekly_pence, crosses: before <= r.weekly_pence && after > r.weekly_pence, alreadyOver: before > r.weekly_pence }));
  const crossed = limits.filter((l) => l.crosses);
  const over = limits.filter((l) => l.alreadyOver);
  let warning: string | null = null;
  const weekWords = `the week of ${formatDate(week.from)} to ${formatDate(week.to)}`;
  if (crossed.length > 0) {
    const top = crossed[crossed.length - 1];
    warning =
      `This payment would take ${payee.name}’s involvement earnings for ${weekWords} to ${formatPence(after)}, ` +
      `over the ${top.name} of ${formatPence(top.weeklyPence)} a week. This could affect their benefits. ` +
      'Please check with them first: they may choose to take less, or to decline it.';
  } else if (over.length > 0 && p.amountPence > 0) {
    const top = over[over.length - 1];
    warning =
      `${payee.name}’s involvement earnings for ${weekWords} are already ${formatPence(before)}, over the ${top.name} of ` +
      `${formatPence(top.weeklyPence)} a week; this payment would add ${formatPence(p.amountPence)}. Please check with them first.`;
  }
  return { paymentId: p.id, payeeName: payee.name, weekStart: week.from, weekEnd: week.to, earnedBeforePence: before, thisPaymentPence: p.amountPence, afterPence: after, limits, warning };
}

export async function recordInvolvement(
  trx: Db,
  ctx: Ctx,
  input: { payeeId: number; sessionId?: number | null; date?: string; basis: 'session' | 'hour'; hours?: number; description: string | null },
): Promise<number> {
  const payee = await getPayeeRow(trx, input.payeeId);
  if (payee.active !== 1) throw new ApiError('payee.inactive', `${payee.name} is no longer active as a payee.`);
  let date = input.date ?? '';
  if (input.sessionId) {
    const session = await assertFacilitatedSession(trx, payee, input.sessionId);
    date = session.date;
    const existing = await involvementForSession(trx, input.payeeId, input.sessionId);
    if (existing) throw new ApiError('involvement.exists', `An involvement payment is already recorded for ${payee.name} for that session.`);
  }
  if (date > collegeToday(ctx.now())) throw validationError({ date: 'An involvement payment is for work already done; the date cannot be in the future.' });
  const rate = await involvementRateOn(trx, input.basis, date);
  if (!rate) {
    throw new ApiError('input.invalid', `There is no ${input.basis === 'session' ? 'per-session' : 'hourly'} involvement rate in force on ${formatDate(date)}. A coordinator can add one under Rates.`, {
      fields: { basis: 'No rate in force on this date.' },
    });
  }
  const hours = input.basis === 'hour' ? (input.hours ?? 0) : null;
  const offered = hours === null ? rate.rate_pence : divRoundHalfUp(rate.rate_pence * hours, 100);
  const now = ctx.now().toISOString();
  const { id } = await trx
    .insertInto('involvement_payments')
    .values({
      payee_id: input.payeeId,
      session_id: input.sessionId ?? null,
      work_date: date,
      basis: input.basis,
      hours_hundredths: hours,
      rate_pence: rate.rate_pence,
      offered_pence: offered,
      amount_pence: offered,
      description: input.description,
      recorded_by: ctx.staff.id,
      recorded_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ctx.audit({ action: 'create', entity: 'involvement_payment', entityId: id, summary: `Payee ${payee.id}, ${date}, ${formatPence(offered)}` });
  return id;
}

export async function approveInvolvement(trx: Db, ctx: Ctx, id: number, confirmed: boolean): Promise<void> {
  const row = await paymentRow(trx, id);
  assertRecorded(row);
  if (row.recorded_by === ctx.staff.id) throw new ApiError('involvement.own-record', 'You recorded this payment, so someone else must approve it.');
  const check = await weekCheck(trx, { id, payeeId: row.payee_id, date: row.work_date, amountPence: row.amount_pence });
  if (check.warning && !confirmed) throw new ApiError('involvement.week-warning', check.warning, { details: check });
  const now = ctx.now().toISOString();
  await trx
    .updateTable('involvement_payments')
    .set({ status: 'approved', approved_by: ctx.staff.id, approved_at: now, limit_warning: check.warning, updated_at: now })
    .where('id', '=', id)
    .execute();
  ctx.audit({
    action: 'approve',
    entity: 'involvement_payment',
    entityId: id,
    fields: ['status'],
    // Not the warning's text, which names the person: the audit log outlives their anonymisation.
    summary: check.warning ? `Approved after a benefit-limit warning (that week’s earnings ${formatPence(check.afterPence)})` : null,
  });
}

export const involvementHandlers: HandlersFor<'expenses.involvement.'> = {
  'expenses.involvement.list': async (ctx, input) => listInvolvement(ctx.db, { status: input.status, payeeId: input.payeeId }, input.limit),

  'expenses.involvement.record': async (ctx, input) =>
    getInvolvement(ctx.db, await recordInvolvement(ctx.db, ctx, input)),

  'expenses.involvement.weekCheck': async (ctx, input) => {
    const row = await paymentRow(ctx.db, input.id);
    return weekCheck(ctx.db, { id: row.id, payeeId: row.payee_id, date: row.work_date, amountPence: row.status === 'declined' ? 0 : row.amount_pence });
  },

  'expenses.involvement.approve': async (ctx, input) => {
    await approveInvolvement(ctx.db, ctx, input.id, input.confirmed);
    return getInvolvement(ctx.db, input.id);
  },

  'expenses.involvement.reduce': async (ctx, input) => {
    const row = await paymentRow(ctx.db, input.id);
    assertRecorded(row);
    if (input.amount === 0) throw validationError({ amount: 'To take nothing, record the payment as declined instead.' });
    if (input.amount >= row.offered_pence) throw validationError({ amount: `The reduced amount must be less than the full payment of ${formatPence(row.offered_pence)}.` });
    await ctx.db
      .updateTable('involvement_payments')
      .set({ amount_pence: input.amount, payee_decision: 'reduced', decision_note: input.note, updated_at: ctx.now().toISOString() })
      .where('id', '=', input.id)
      .execute();
    ctx.audit({
      action: 'reduce',
      entity: 'involvement_payment',
      entityId: input.id,
      fields: ['amount', 'payeeDecision', 'decisionNote'],
      summary: `Reduced from ${formatPence(row.offered_pence)} to ${formatPence(input.amount)} at the person’s request`,
    });
    return getInvolvement(ctx.db, input.id);
  },

  'expenses.involvement.decline': async (ctx, input) => {
    const row = await paymentRow(ctx.db, input.id);
    assertRecorded(row);
    await ctx.db
      .updateTable('involvement_payments')
      .set({ status: 'declined', payee_decision: 'declined', decision_note: input.note, updated_at: ctx.now().toISOString() })
      .where('id', '=', input.id)
      .execute();
    ctx.audit({ action: 'decline', entity: 'involvement_payment', entityId: input.id, fields: ['status', 'payeeDecision', 'decisionNote'] });
    return getInvolvement(ctx.db, input.id);
  },
};

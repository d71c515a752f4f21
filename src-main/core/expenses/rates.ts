// Effective-dated rates: HMRC mileage, involvement payment rates and weekly benefit limits. A new rate applies from its
// date on; earlier journeys and payments keep the rate that was in force for them.
import { ApiError } from '../../contract/errors';
import type { ExpenseRates } from '../../contract/expenses';
import { formatDate } from '../../contract/dates';
import { formatPence } from '../../contract/money';
import type { Db, HandlersFor } from '../api/handlers';
import { allRateRows, findBenefitLimit, findInvolvementRate, findMileageRate } from './queries';

export async function loadRates(db: Db): Promise<ExpenseRates> {
  const { mileage, involvement, limits } = await allRateRows(db);
  return {
    mileage: mileage.map((r) => ({
      id: r.id,
      vehicle: r.vehicle,
      effectiveFrom: r.effective_from,
      ratePence: r.rate_pence,
      thresholdMiles: r.threshold_miles,
      aboveThresholdPence: r.above_threshold_pence,
    })),
    involvement: involvement.map((r) => ({ id: r.id, basis: r.basis, effectiveFrom: r.effective_from, ratePence: r.rate_pence, description: r.description })),
    benefitLimits: limits.map((r) => ({ id: r.id, kind: r.kind, name: r.name, effectiveFrom: r.effective_from, weeklyPence: r.weekly_pence })),
  };
}

function duplicate(what: string, from: string): ApiError {
  return new ApiError('rate.exists', `There is already ${what} starting on ${formatDate(from)}. Rates are kept for the record, so please choose another start date.`);
}

export const rateHandlers: HandlersFor<'expenses.rates.'> = {
  'expenses.rates.list': async (ctx) => loadRates(ctx.db),

  'expenses.rates.addMileage': async (ctx, input) => {
    const exists = await findMileageRate(ctx.db, input.vehicle, input.effectiveFrom);
    if (exists) throw duplicate('a mileage rate for this vehicle', input.effectiveFrom);
    const car = input.vehicle === 'car_van';
    const { id } = await ctx.db
      .insertInto('mileage_rates')
      .values({
        vehicle: input.vehicle,
        effective_from: input.effectiveFrom,
        rate_pence: input.rate,
        threshold_miles: car ? (input.thresholdMiles ?? null) : null,
        above_threshold_pence: car ? (input.aboveThreshold ?? null) : null,
        created_by: ctx.staff.id,
        created_at: ctx.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'mileage_rate', entityId: id, summary: `${input.vehicle} ${formatPence(input.rate)} from ${input.effectiveFrom}` });
    return loadRates(ctx.db);
  },

  'expenses.rates.addInvolvement': async (ctx, input) => {
    const exists = await findInvolvementRate(ctx.db, input.basis, input.effectiveFrom);
    if (exists) throw duplicate(`an involvement rate per ${input.basis}`, input.effectiveFrom);
    const { id } = await ctx.db
      .insertInto('involvement_rates')
      .values({ basis: input.basis, effective_from: input.effectiveFrom, rate_pence: input.rate, description: input.description, created_by: ctx.staff.id, created_at: ctx.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'involvement_rate', entityId: id, summary: `${formatPence(input.rate)} per ${input.basis} from ${input.effectiveFrom}` });
    return loadRates(ctx.db);
  },

  'expenses.rates.addBenefitLimit': async (ctx, input) => {
    const exists = await findBenefitLimit(ctx.db, input.kind, input.effectiveFrom);
    if (exists) throw duplicate(`a ${input.kind} benefit limit`, input.effectiveFrom);
    const { id } = await ctx.db
      .insertInto('benefit_limits')
      .values({ kind: input.kind, name: input.name, effective_from: input.effectiveFrom, weekly_pence: input.weekly, created_by: ctx.staff.id, created_at: ctx.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'create', entity: 'benefit_limit', entityId: id, summary: `${input.name} ${formatPence(input.weekly)} a week from ${input.effectiveFrom}` });
    return loadRates(ctx.db);
  },
};

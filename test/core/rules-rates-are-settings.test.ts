// The rule: mileage rates, involvement rates and benefit limits are the college's settings — managers change them,
// within sensible bounds, with plain messages (no £9,999 a mile).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './expenses-fixtures';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

describe('rates and limits are settings', () => {
  it('are changed by managers, not coordinators or admins', async () => {
    const input = { vehicle: 'bicycle' as const, effectiveFrom: '2027-04-06', rate: '0.30' };
    expect((await w.t.fail(w.coordinator, 'expenses.rates.addMileage', input)).reason).toBe('access.role');
    expect((await w.t.fail(w.admin, 'expenses.rates.addMileage', input)).reason).toBe('access.role');
    expect((await w.t.fail(w.coordinator, 'expenses.rates.addInvolvement', { basis: 'session', effectiveFrom: '2027-04-06', rate: '20.00' })).reason).toBe('access.role');
    expect((await w.t.fail(w.coordinator, 'expenses.rates.addBenefitLimit', { kind: 'lower', name: 'Lower limit', effectiveFrom: '2027-04-06', weekly: '20.00' })).reason).toBe('access.role');
    const rates = await w.t.ok(w.manager, 'expenses.rates.addMileage', input);
    expect(rates.mileage.some((r) => r.vehicle === 'bicycle' && r.ratePence === 30 && r.effectiveFrom === '2027-04-06')).toBe(true);
    // Everyone who works with claims can still read them.
    await w.t.ok(w.admin, 'expenses.rates.list', {});
  });

  it('refuse amounts no college would mean, saying what the limit is', async () => {
    const e = await w.t.fail(w.manager, 'expenses.rates.addMileage', { vehicle: 'car_van', effectiveFrom: '2027-04-06', rate: '9999', thresholdMiles: 10000, aboveThreshold: '0.25' });
    expect(e.reason).toBe('input.invalid');
    expect(e.fields?.rate).toMatch(/at most £1\.00 a mile/);
    const above = await w.t.fail(w.manager, 'expenses.rates.addMileage', { vehicle: 'car_van', effectiveFrom: '2027-04-06', rate: '0.45', thresholdMiles: 10000, aboveThreshold: '0.60' });
    expect(above.fields?.aboveThreshold).toMatch(/not more than the rate for the first miles/);
    const miles = await w.t.fail(w.manager, 'expenses.rates.addMileage', { vehicle: 'car_van', effectiveFrom: '2027-04-06', rate: '0.45', thresholdMiles: 10_000_000, aboveThreshold: '0.25' });
    expect(miles.fields?.thresholdMiles).toMatch(/at most 100,000 miles/);
    const inv = await w.t.fail(w.manager, 'expenses.rates.addInvolvement', { basis: 'hour', effectiveFrom: '2027-04-06', rate: '9999.00' });
    expect(inv.fields?.rate).toMatch(/at most £250\.00/);
    const limit = await w.t.fail(w.manager, 'expenses.rates.addBenefitLimit', { kind: 'higher', name: 'Higher', effectiveFrom: '2027-04-06', weekly: '99999' });
    expect(limit.fields?.weekly).toMatch(/at most £1,000\.00 a week/);
    const none = await w.t.ok(w.manager, 'expenses.rates.list', {});
    expect(none.mileage.filter((r) => r.effectiveFrom === '2027-04-06')).toEqual([]);
  });
});

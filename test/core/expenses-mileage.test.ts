// HMRC mileage: the 10,000-mile car/van tier per person per tax year (split lines, new tax year), passengers,
// motorcycles and bicycles — as pure rules and through the API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeMileage, taxYearOf, weekOf } from '../../src-main/core/expenses/rules';
import { claimWith, makeWorld, mileage, type World } from './expenses-fixtures';

const CAR = { ratePence: 45, thresholdMiles: 10_000, aboveThresholdPence: 25 };

describe('mileage rules', () => {
  it('splits a line that straddles 10,000 car miles and shows the working', () => {
    const r = computeMileage({ milesTenths: 1200, vehicle: 'car_van', passengers: 0, rate: CAR, passengerRatePence: 5, milesBeforeTenths: 99_200 });
    expect(r.parts).toEqual([
      { milesTenths: 800, ratePence: 45 },
      { milesTenths: 400, ratePence: 25 },
    ]);
    expect(r.amountPence).toBe(80 * 45 + 40 * 25);
    expect(r.working).toBe('120 mi: 80 × 45p + 40 × 25p = £46.00');
  });

  it('adds 5p per passenger-mile, and rounds tenths of a mile once, half up', () => {
    const r = computeMileage({ milesTenths: 125, vehicle: 'car_van', passengers: 2, rate: CAR, passengerRatePence: 5, milesBeforeTenths: 0 });
    // 12.5 × 45p = 562.5p, plus 2 × 12.5 × 5p = 125p → 687.5p → 688p
    expect(r.amountPence).toBe(688);
    expect(r.passengerPence).toBe(125);
    expect(r.working).toBe('12.5 mi: 12.5 × 45p + 2 passengers × 12.5 × 5p = £6.88');
  });

  it('property: the amount always equals 45p up to the threshold and 25p beyond, whatever the split', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 2000; i++) {
      const before = rnd(120_000);
      const miles = 1 + rnd(20_000);
      const r = computeMileage({ milesTenths: miles, vehicle: 'car_van', passengers: 0, rate: CAR, passengerRatePence: 5, milesBeforeTenths: before });
      const first = Math.max(0, Math.min(miles, 100_000 - before));
      expect(r.parts.reduce((s, p) => s + p.milesTenths, 0)).toBe(miles);
      expect(r.amountPence).toBe(Math.floor((first * 45 + (miles - first) * 25 + 5) / 10));
      // Two lines of a split journey never pay more than the single line would.
      const half = Math.floor(miles / 2);
      const a = computeMileage({ milesTenths: half, vehicle: 'car_van', passengers: 0, rate: CAR, passengerRatePence: 5, milesBeforeTenths: before });
      const b = computeMileage({ milesTenths: miles - half, vehicle: 'car_van', passengers: 0, rate: CAR, passengerRatePence: 5, milesBeforeTenths: before + half });
      expect(Math.abs(a.amountPence + b.amountPence - r.amountPence)).toBeLessThanOrEqual(1);
    }
  });

  it('knows UK tax years and Monday–Sunday weeks', () => {
    expect(taxYearOf('2026-04-05')).toBe(2025);
    expect(taxYearOf('2026-04-06')).toBe(2026);
    expect(taxYearOf('2027-01-31')).toBe(2026);
    expect(weekOf('2026-10-14')).toEqual({ from: '2026-10-12', to: '2026-10-18' });
    expect(weekOf('2026-10-18')).toEqual({ from: '2026-10-12', to: '2026-10-18' });
  });
});

describe('mileage through the API', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.t.close());

  const lines = async (claimId: number) => (await w.t.ok(w.coordinator, 'expenses.claims.get', { id: claimId })).lines;

  it('counts the tier across the person’s claims in the tax year, splits the straddling line, and starts again in April', async () => {
    // 9,950 miles already claimed (submitted) this tax year.
    await claimWith(w, w.patId, [mileage('2026-05-01', '5000'), mileage('2026-06-01', '4950')], { submit: true });
    const c2 = await claimWith(w, w.patId, [mileage('2026-10-05', '120')]);
    const [line] = await lines(c2);
    expect(line.amountPence).toBe(50 * 45 + 70 * 25);
    expect(line.working).toBe('120 mi: 50 × 45p + 70 × 25p = £40.00');

    // Another line later in the same draft is all at 25p.
    await w.t.ok(w.admin, 'expenses.claims.addLine', { claimId: c2, line: mileage('2026-10-12', '10') as never });
    expect((await lines(c2)).map((l) => l.amountPence)).toEqual([4000, 250]);

    // A journey in the previous tax year (before 6 April 2026) is back at 45p.
    await w.t.ok(w.admin, 'expenses.claims.addLine', { claimId: c2, line: mileage('2026-04-05', '10') as never });
    const byDate = await lines(c2);
    expect(byDate[0]).toMatchObject({ date: '2026-04-05', amountPence: 450 });

    // Another person's miles never count towards Pat's tier.
    const val = await claimWith(w, w.valId, [mileage('2026-10-12', '100')]);
    expect((await lines(val))[0].amountPence).toBe(4500);
  });

  it('does not count draft or rejected claims towards the tier', async () => {
    await claimWith(w, w.patId, [mileage('2026-05-01', '10000')]); // a draft
    const rejected = await claimWith(w, w.patId, [mileage('2026-05-02', '10000')], { submit: true });
    await w.t.ok(w.coordinator, 'expenses.claims.reject', { id: rejected, reason: 'Duplicate of a paper claim' });
    const c = await claimWith(w, w.patId, [mileage('2026-10-05', '10')]);
    expect((await lines(c))[0].amountPence).toBe(450);
  });

  it('previews a line with its tier at API level without saving', async () => {
    await claimWith(w, w.patId, [mileage('2026-05-01', '9990')], { submit: true });
    const p = await w.t.ok(w.admin, 'expenses.mileage.preview', { payeeId: w.patId, date: '2026-10-05', miles: '20', vehicle: 'car_van', passengers: 1 });
    expect(p).toMatchObject({ taxYear: '2026-27', milesBeforeTenths: 99_900, amountPence: 10 * 45 + 10 * 25 + 20 * 5 });
    expect(p.working).toBe('20 mi: 10 × 45p + 10 × 25p + 1 passenger × 20 × 5p = £8.00');
  });

  it('pays motorcycles 24p and bicycles 20p a mile with no tier, and refuses passengers on them', async () => {
    await claimWith(w, w.patId, [mileage('2026-05-01', '20000')], { submit: true });
    const c = await claimWith(w, w.patId, [mileage('2026-10-05', '10', 'motorcycle'), mileage('2026-10-06', '7.5', 'bicycle')]);
    const [moto, bike] = await lines(c);
    expect(moto).toMatchObject({ amountPence: 240, working: '10 mi: 10 × 24p = £2.40' });
    expect(bike).toMatchObject({ amountPence: 150, working: '7.5 mi: 7.5 × 20p = £1.50' });
    const e = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: c, line: mileage('2026-10-06', '5', 'bicycle', 1) as never });
    expect(e.fields?.['line.passengers']).toMatch(/cars and vans only/);
  });

  it('uses the rate in force on the journey’s date when a coordinator adds a new one', async () => {
    await w.t.ok(w.manager, 'expenses.rates.addMileage', { vehicle: 'bicycle', effectiveFrom: '2026-09-01', rate: '0.30' });
    const c = await claimWith(w, w.patId, [mileage('2026-08-31', '10', 'bicycle'), mileage('2026-09-01', '10', 'bicycle')]);
    expect((await lines(c)).map((l) => l.amountPence)).toEqual([200, 300]);
    const e = await w.t.fail(w.admin, 'expenses.rates.addMileage', { vehicle: 'bicycle', effectiveFrom: '2026-09-02', rate: '0.30' });
    expect(e.reason).toBe('access.role');
  });

  it('refuses bad miles with a clear message and saves nothing', async () => {
    const c = await claimWith(w, w.patId, []);
    for (const [miles, msg] of [
      ['-5', /negative/],
      ['12.55', /1 decimal place/],
      ['0', /more than 0/],
      ['lots', /as a number/],
    ] as const) {
      const e = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: c, line: mileage('2026-10-05', miles) as never });
      expect(e.reason).toBe('input.invalid');
      expect(e.fields?.['line.miles']).toMatch(msg);
    }
    const future = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: c, line: mileage('2026-12-01', '5') as never });
    expect(future.fields?.['line.date']).toMatch(/future/);
    expect(await lines(c)).toEqual([]);
  });
});

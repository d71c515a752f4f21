// The rule: the 10,000-mile tier is per claimant per tax year across claims. When a claim is rejected, the payee's
// other not-yet-paid claims in that tax year are worked out again — shown, audited, and returned to the coordinator —
// and paid claims never change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimWith, makeWorld, mileage, type World } from './expenses-fixtures';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

const amounts = async (id: number) => (await w.t.ok(w.admin, 'expenses.claims.get', { id })).lines.map((l) => l.amountPence);

describe('re-tiering after a rejection', () => {
  it('raises the payee’s other unpaid claims back to 45p, says which amounts changed, and leaves paid claims alone', async () => {
    // Paid: 2,000 miles in May. Rejected: 8,000 miles in June. Submitted later: 100 miles in October, at 25p.
    const paid = await claimWith(w, w.patId, [mileage('2026-05-01', '2000')], { submit: true });
    await w.t.ok(w.coordinator, 'expenses.claims.approve', { id: paid });
    const batch = await w.t.ok(w.coordinator, 'expenses.batches.create', { claimIds: [paid], involvementIds: [] });
    await w.t.ok(w.coordinator, 'expenses.batches.markPaid', { id: batch.id });
    const big = await claimWith(w, w.patId, [mileage('2026-06-01', '8000')], { submit: true });
    const later = await claimWith(w, w.patId, [mileage('2026-10-05', '100')], { submit: true });
    expect(await amounts(later)).toEqual([2500]); // 10,000 already counted: all at 25p
    const paidBefore = await amounts(paid);

    const r = await w.t.ok(w.coordinator, 'expenses.claims.reject', { id: big, reason: 'Journeys not for the college' });
    expect(r.retiered).toEqual([
      expect.objectContaining({ claimId: later, date: '2026-10-05', beforePence: 2500, afterPence: 4500, working: '100 mi: 100 × 45p = £45.00' }),
    ]);
    expect(await amounts(later)).toEqual([4500]);
    expect(await amounts(paid)).toEqual(paidBefore);
    const audit = await w.t.core.database.db.selectFrom('audit_log').select(['action', 'summary']).where('action', '=', 'retier').execute();
    expect(audit).toEqual([expect.objectContaining({ summary: expect.stringMatching(/£25\.00 → £45\.00 after .* was rejected/) })]);
  });
});

describe('re-tiering works the unpaid claims in the tier’s order, each counting only the claims before it', () => {
  const pay = async (id: number) => {
    await w.t.ok(w.coordinator, 'expenses.claims.approve', { id });
    const batch = await w.t.ok(w.coordinator, 'expenses.batches.create', { claimIds: [id], involvementIds: [] });
    await w.t.ok(w.coordinator, 'expenses.batches.markPaid', { id: batch.id });
  };
  const retierAudit = async () => w.t.core.database.db.selectFrom('audit_log').select(['entity_id', 'summary']).where('action', '=', 'retier').orderBy('id').execute();

  it('pays two unpaid 6,000-mile claims 10,000 miles at 45p and 2,000 at 25p once the 8,000-mile claim is rejected', async () => {
    const big = await claimWith(w, w.patId, [mileage('2026-06-01', '8000')], { submit: true });
    const first = await claimWith(w, w.patId, [mileage('2026-07-01', '6000')], { submit: true });
    const second = await claimWith(w, w.patId, [mileage('2026-08-01', '6000')], { submit: true });
    expect([await amounts(first), await amounts(second)]).toEqual([[190000], [150000]]);

    const r = await w.t.ok(w.coordinator, 'expenses.claims.reject', { id: big, reason: 'Not college journeys' });
    expect(await amounts(first)).toEqual([270000]); // 6,000 × 45p
    expect(await amounts(second)).toEqual([230000]); // 4,000 × 45p + 2,000 × 25p
    expect((await amounts(first))[0] + (await amounts(second))[0]).toBe(500000); // £5,000, not £4,600
    expect(r.retiered).toEqual([
      expect.objectContaining({ claimId: first, beforePence: 190000, afterPence: 270000, working: expect.stringMatching(/× 45p = £2,700\.00$/) }),
      expect.objectContaining({ claimId: second, beforePence: 150000, afterPence: 230000, working: expect.stringMatching(/× 45p \+ .* × 25p = £2,300\.00$/) }),
    ]);
    expect((await retierAudit()).map((a) => a.entity_id)).toEqual([first, second]);
  });

  it('with three unpaid claims (one already approved) and a draft, counts each only after the ones submitted before it', async () => {
    const big = await claimWith(w, w.patId, [mileage('2026-05-01', '8000')], { submit: true });
    const a = await claimWith(w, w.patId, [mileage('2026-06-01', '4000')], { submit: true });
    await w.t.ok(w.coordinator, 'expenses.claims.approve', { id: a });
    const b = await claimWith(w, w.patId, [mileage('2026-07-01', '4000')], { submit: true });
    const c = await claimWith(w, w.patId, [mileage('2026-08-01', '4000')], { submit: true });
    const draft = await claimWith(w, w.patId, [mileage('2026-09-01', '1000')]);

    const r = await w.t.ok(w.coordinator, 'expenses.claims.reject', { id: big, reason: 'Not college journeys' });
    expect(await amounts(a)).toEqual([180000]); // 4,000 × 45p
    expect(await amounts(b)).toEqual([180000]); // 4,000 × 45p (4,000 before it)
    expect(await amounts(c)).toEqual([140000]); // 2,000 × 45p + 2,000 × 25p (8,000 before it)
    expect(await amounts(draft)).toEqual([25000]); // 12,000 counted before it: 1,000 × 25p
    expect(r.retiered?.map((l) => [l.claimId, l.beforePence, l.afterPence])).toEqual([
      [a, 140000, 180000],
      [b, 100000, 180000],
      [c, 100000, 140000],
    ]);
    expect(await retierAudit()).toHaveLength(3);
  });

  it('counts a paid claim submitted earlier, never changes it, and follows the order of submission, not of creation', async () => {
    const w2 = await makeWorld({ ticking: true });
    try {
      const ok = w2.t.ok.bind(w2.t);
      const amountsIn = async (id: number) => (await ok(w2.admin, 'expenses.claims.get', { id })).lines.map((l) => l.amountPence);
      const paid = await claimWith(w2, w2.patId, [mileage('2026-05-01', '3000')], { submit: true });
      await ok(w2.coordinator, 'expenses.claims.approve', { id: paid });
      const batch = await ok(w2.coordinator, 'expenses.batches.create', { claimIds: [paid], involvementIds: [] });
      await ok(w2.coordinator, 'expenses.batches.markPaid', { id: batch.id });
      const big = await claimWith(w2, w2.patId, [mileage('2026-06-01', '8000')], { submit: true });
      // Started first, submitted last.
      const startedFirst = await claimWith(w2, w2.patId, [mileage('2026-07-01', '5000')]);
      const submittedFirst = await claimWith(w2, w2.patId, [mileage('2026-07-02', '5000')], { submit: true });
      await ok(w2.admin, 'expenses.claims.submit', { id: startedFirst });
      expect([await amountsIn(submittedFirst), await amountsIn(startedFirst)]).toEqual([[125000], [125000]]);

      const r = await ok(w2.coordinator, 'expenses.claims.reject', { id: big, reason: 'Not college journeys' });
      expect(await amountsIn(paid)).toEqual([135000]);
      expect(await amountsIn(submittedFirst)).toEqual([225000]); // 3,000 paid before it: 5,000 × 45p
      expect(await amountsIn(startedFirst)).toEqual([165000]); // 8,000 before it: 2,000 × 45p + 3,000 × 25p
      expect(r.retiered?.map((l) => l.claimId)).toEqual([submittedFirst, startedFirst]);
      expect(r.retiered?.some((l) => l.claimId === paid)).toBe(false);
    } finally {
      await w2.t.close();
    }
  });

  it('never lowers a claim: a paid claim submitted after an unpaid one does not count before it', async () => {
    const small = await claimWith(w, w.patId, [mileage('2026-05-01', '2000')], { submit: true });
    const unpaid = await claimWith(w, w.patId, [mileage('2026-06-01', '6000')], { submit: true });
    const paidLater = await claimWith(w, w.patId, [mileage('2026-07-01', '6000')], { submit: true });
    await pay(paidLater);
    expect(await amounts(unpaid)).toEqual([270000]);
    const r = await w.t.ok(w.coordinator, 'expenses.claims.reject', { id: small, reason: 'Not college journeys' });
    expect(r.retiered).toEqual([]);
    expect(await amounts(unpaid)).toEqual([270000]);
    expect(await amounts(paidLater)).toEqual([190000]);
  });
});

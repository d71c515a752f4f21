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

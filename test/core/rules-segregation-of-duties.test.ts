// The rule: nobody who created, edited, waived a receipt on, attached or removed a receipt from, changed the notes of,
// or submitted any part of a claim can approve it; nobody who recorded an involvement payment can approve it. Who had
// each hand in a claim, and when, is kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bus, claimWith, makeWorld, mileage, PNG, type World } from './expenses-fixtures';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

const lineIds = async (claimId: number) => (await w.t.ok(w.admin, 'expenses.claims.get', { id: claimId })).lines.map((l) => l.id);

describe('segregation of duties on claims', () => {
  it('refuses approval to a coordinator who raised a line’s amount on an admin’s draft, and records the edit', async () => {
    const id = await claimWith(w, w.valId, [bus('2026-10-05', '3.20')]);
    const [lineId] = await lineIds(id);
    await w.t.ok(w.admin, 'expenses.receipts.add', { lineId, fileName: 'bus.png', base64: PNG });
    await w.t.ok(w.coordinator, 'expenses.claims.updateLine', { lineId, line: bus('2026-10-05', '32.00') as never });
    await w.t.ok(w.admin, 'expenses.claims.submit', { id });
    const e = await w.t.fail(w.coordinator, 'expenses.claims.approve', { id });
    expect(e).toMatchObject({ reason: 'claim.own-hand', message: expect.stringMatching(/You changed a line on this claim, so someone else must approve it/) });
    expect((await w.t.ok(w.coordinator, 'expenses.claims.get', { id })).approvalBlockedBecause).toMatch(/You changed a line/);
    const row = await w.t.core.database.db.selectFrom('claim_lines').select(['updated_by', 'updated_at']).where('id', '=', lineId).executeTakeFirstOrThrow();
    expect(row.updated_by).not.toBeNull();
    expect(row.updated_at).toBe('2026-11-20T12:00:00.000Z');
    const edits = await w.t.core.database.db.selectFrom('claim_line_edits').select(['line_id', 'action']).where('claim_id', '=', id).orderBy('id').execute();
    expect(edits).toEqual([
      { line_id: lineId, action: 'add' },
      { line_id: lineId, action: 'attach-receipt' },
      { line_id: lineId, action: 'change' },
    ]);
    // Someone who had no hand in it may approve.
    await w.t.ok(w.coordinator2, 'expenses.claims.approve', { id });
  });

  it('refuses approval to whoever waived a receipt, attached one, or removed a line', async () => {
    const waived = await claimWith(w, w.valId, [bus('2026-10-05', '3.20')]);
    await w.t.ok(w.coordinator, 'expenses.claims.waiveReceipt', { lineId: (await lineIds(waived))[0], reason: 'Lost on the bus' });
    await w.t.ok(w.admin, 'expenses.claims.submit', { id: waived });
    expect((await w.t.fail(w.coordinator, 'expenses.claims.approve', { id: waived }))).toMatchObject({ reason: 'claim.own-hand', message: expect.stringMatching(/waived a receipt/) });

    const attached = await claimWith(w, w.valId, [bus('2026-10-05', '3.20')], { submit: true });
    await w.t.ok(w.coordinator, 'expenses.receipts.add', { lineId: (await lineIds(attached))[0], fileName: 'bus.png', base64: PNG });
    expect((await w.t.fail(w.coordinator, 'expenses.claims.approve', { id: attached }))).toMatchObject({ reason: 'claim.own-hand', message: expect.stringMatching(/attached a receipt/) });

    const removed = await claimWith(w, w.patId, [mileage('2026-10-05', '10'), mileage('2026-10-06', '10')]);
    await w.t.ok(w.coordinator, 'expenses.claims.removeLine', { lineId: (await lineIds(removed))[1] });
    await w.t.ok(w.admin, 'expenses.claims.submit', { id: removed });
    expect((await w.t.fail(w.coordinator, 'expenses.claims.approve', { id: removed }))).toMatchObject({ reason: 'claim.own-hand', message: expect.stringMatching(/You changed a line/) });
    await w.t.ok(w.coordinator2, 'expenses.claims.approve', { id: removed });
  });

  it('refuses approval to whoever removed a receipt from the claim, and records who and when', async () => {
    const id = await claimWith(w, w.valId, [bus('2026-10-05', '3.20')]);
    const [lineId] = await lineIds(id);
    const wrong = await w.t.ok(w.admin, 'expenses.receipts.add', { lineId, fileName: 'wrong.png', base64: PNG });
    await w.t.ok(w.admin, 'expenses.receipts.add', { lineId, fileName: 'bus.png', base64: PNG });
    await w.t.ok(w.coordinator, 'expenses.receipts.remove', { id: wrong.lines[0].receipts[0].id });
    await w.t.ok(w.admin, 'expenses.claims.submit', { id });
    const e = await w.t.fail(w.coordinator, 'expenses.claims.approve', { id });
    expect(e).toMatchObject({ reason: 'claim.own-hand', message: 'You removed a receipt from this claim, so someone else must approve it.' });
    expect((await w.t.ok(w.coordinator, 'expenses.claims.get', { id })).approvalBlockedBecause).toMatch(/You removed a receipt/);
    const edits = await w.t.core.database.db.selectFrom('claim_line_edits').select(['line_id', 'action', 'at']).where('claim_id', '=', id).where('action', '=', 'remove-receipt').execute();
    expect(edits).toEqual([{ line_id: lineId, action: 'remove-receipt', at: '2026-11-20T12:00:00.000Z' }]);
    await w.t.ok(w.coordinator2, 'expenses.claims.approve', { id });
  });

  it('refuses approval to whoever changed the claim’s notes, and records who and when', async () => {
    const id = await claimWith(w, w.patId, [mileage('2026-10-05', '10')]);
    await w.t.ok(w.coordinator, 'expenses.claims.updateNotes', { id, notes: 'Journeys agreed with the lead' });
    // Saving the same words again is not a further hand, and someone who only looked has none.
    await w.t.ok(w.admin, 'expenses.claims.updateNotes', { id, notes: 'Journeys agreed with the lead' });
    await w.t.ok(w.admin, 'expenses.claims.submit', { id });
    const e = await w.t.fail(w.coordinator, 'expenses.claims.approve', { id });
    expect(e).toMatchObject({ reason: 'claim.own-hand', message: 'You changed this claim’s notes, so someone else must approve it.' });
    const edits = await w.t.core.database.db.selectFrom('claim_line_edits').select(['line_id', 'action', 'staff_id', 'at']).where('claim_id', '=', id).where('action', '=', 'edit-notes').execute();
    expect(edits).toEqual([{ line_id: null, action: 'edit-notes', staff_id: expect.any(Number), at: '2026-11-20T12:00:00.000Z' }]);
    await w.t.ok(w.coordinator2, 'expenses.claims.approve', { id });
  });
});

describe('segregation of duties on involvement payments', () => {
  it('refuses approval to the coordinator who recorded the payment, and lets another approve it', async () => {
    await w.t.ok(w.manager, 'expenses.rates.addInvolvement', { basis: 'session', effectiveFrom: '2026-04-06', rate: '15.00', description: 'Peer trainer session' });
    const p = await w.t.ok(w.coordinator, 'expenses.involvement.record', { payeeId: w.patId, sessionId: w.sessionIds[0], basis: 'session' });
    const e = await w.t.fail(w.coordinator, 'expenses.involvement.approve', { id: p.id });
    expect(e).toMatchObject({ reason: 'involvement.own-record', message: 'You recorded this payment, so someone else must approve it.' });
    expect((await w.t.ok(w.coordinator, 'expenses.involvement.list', { status: 'recorded' })).map((x) => x.id)).toEqual([p.id]);
    expect(await w.t.ok(w.coordinator2, 'expenses.involvement.approve', { id: p.id })).toMatchObject({ status: 'approved' });
  });
});

// Involvement payments: effective-dated rates, the weekly benefit-limit warning before approval, reducing or declining,
// batching as "earnings — payroll", and the totals per payee per tax year and per month.
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bus, claimWith, makeWorld, mileage, PNG, type World } from './expenses-fixtures';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.t.ok(w.manager, 'expenses.rates.addInvolvement', { basis: 'session', effectiveFrom: '2026-04-06', rate: '15.00', description: 'Peer trainer session' });
  await w.t.ok(w.manager, 'expenses.rates.addInvolvement', { basis: 'hour', effectiveFrom: '2026-04-06', rate: '12.60' });
});
afterEach(() => w.t.close());

describe('involvement payments', () => {
  it('records a payment per session at the rate in force, and refuses a second one for the same session', async () => {
    const p = await w.t.ok(w.admin, 'expenses.involvement.record', { payeeId: w.patId, sessionId: w.sessionIds[0], basis: 'session' });
    expect(p).toMatchObject({ date: '2026-10-05', ratePence: 1500, offeredPence: 1500, amountPence: 1500, status: 'recorded', sessionLabel: expect.stringMatching(/Understanding Anxiety/) });
    const again = await w.t.fail(w.admin, 'expenses.involvement.record', { payeeId: w.patId, sessionId: w.sessionIds[0], basis: 'session' });
    expect(again.reason).toBe('involvement.exists');
    const hourly = await w.t.ok(w.admin, 'expenses.involvement.record', { payeeId: w.valId, date: '2026-10-07', basis: 'hour', hours: '2.5', description: 'Open day stall' });
    expect(hourly.amountPence).toBe(3150);
    const early = await w.t.fail(w.admin, 'expenses.involvement.record', { payeeId: w.valId, date: '2026-03-01', basis: 'session' });
    expect(early.message).toMatch(/no per-session involvement rate in force on 1 Mar 2026/);
    const future = await w.t.fail(w.admin, 'expenses.involvement.record', { payeeId: w.valId, date: '2026-12-01', basis: 'session' });
    expect(future.fields?.date).toMatch(/future/);
    const noHours = await w.t.fail(w.admin, 'expenses.involvement.record', { payeeId: w.valId, date: '2026-10-07', basis: 'hour' });
    expect(noHours.fields?.hours).toMatch(/hours worked/);
  });

  it('warns before approval when a payment would cross a weekly benefit limit, and records the confirmation', async () => {
    // Week of Mon 12 – Sun 18 October 2026: two sessions for Pat at £15 each, lower limit £20.
    const first = await w.t.ok(w.admin, 'expenses.involvement.record', { payeeId: w.patId, sessionId: w.sessionIds[1], basis: 'session' });
    const second = await w.t.ok(w.admin, 'expenses.involvement.record', { payeeId: w.patId, sessionId: w.sessionIds[2], basis: 'session' });
    const check1 = await w.t.ok(w.coordinator, 'expenses.involvement.weekCheck', { id: first.id });
    expect(check1).toMatchObject({ weekStart: '2026-10-12', weekEnd: '2026-10-18', earnedBeforePence: 0, afterPence: 1500, warning: null });
    expect(check1.limits.map((l) => [l.kind, l.weeklyPence])).toEqual([
      ['lower', 2000],
      ['higher', 19550],
    ]);
    await w.t.ok(w.coordinator, 'expenses.involvement.approve', { id: first.id });
    expect((await w.t.fail(w.admin, 'expenses.involvement.approve', { id: second.id })).reason).toBe('access.role');
    const warn = await w.t.fail(w.coordinator, 'expenses.involvement.approve', { id: second.id });
    expect(warn.reason).toBe('involvement.week-warning');
    expect(warn).toMatchObject({ reason: 'involvement.week-warning', message: expect.stringMatching(/to £30\.00, over the ESA permitted work lower limit of £20\.00 a week/) });
    expect(warn.details).toMatchObject({ earnedBeforePence: 1500, thisPaymentPence: 1500, limits: [{ kind: 'lower', crosses: true }, { kind: 'higher', crosses: false }] });
    expect((await w.t.ok(w.coordinator, 'expenses.involvement.list', { status: 'recorded' })).map((p) => p.id)).toEqual([second.id]);

    // Pat chooses to take £5 so the week stays at the limit: no warning now.
    const reduced = await w.t.ok(w.admin, 'expenses.involvement.reduce', { id: second.id, amount: '5', note: 'Pat asked to stay within permitted work' });
    expect(reduced).toMatchObject({ offeredPence: 1500, amountPence: 500, payeeDecision: 'reduced' });
    expect((await w.t.fail(w.admin, 'expenses.involvement.reduce', { id: second.id, amount: '15.00', note: 'x' })).fields?.amount).toMatch(/less than the full payment/);
    const approved = await w.t.ok(w.coordinator, 'expenses.involvement.approve', { id: second.id });
    expect(approved).toMatchObject({ status: 'approved', limitWarning: null });
  });

  it('lets the coordinator go ahead once confirmed, keeping the warning, and lets a person decline', async () => {
    await w.t.ok(w.manager, 'expenses.rates.addBenefitLimit', { kind: 'higher', name: 'ESA permitted work higher limit', effectiveFrom: '2026-04-06', weekly: '20.00' });
    const a = await w.t.ok(w.admin, 'expenses.involvement.record', { payeeId: w.valId, date: '2026-10-12', basis: 'hour', hours: '1' });
    const b = await w.t.ok(w.admin, 'expenses.involvement.record', { payeeId: w.valId, date: '2026-10-14', basis: 'hour', hours: '1' });
    await w.t.ok(w.coordinator, 'expenses.involvement.approve', { id: a.id });
    const e = await w.t.fail(w.coordinator, 'expenses.involvement.approve', { id: b.id });
    expect(e).toMatchObject({ reason: 'involvement.week-warning', message: expect.stringMatching(/over the ESA permitted work higher limit of £20\.00/) });
    const ok = await w.t.ok(w.coordinator, 'expenses.involvement.approve', { id: b.id, confirmed: true });
    expect(ok.limitWarning).toMatch(/higher limit/);
    const c = await w.t.ok(w.admin, 'expenses.involvement.record', { payeeId: w.valId, date: '2026-10-15', basis: 'hour', hours: '1' });
    const declined = await w.t.ok(w.admin, 'expenses.involvement.decline', { id: c.id, note: 'Val prefers to volunteer unpaid this week' });
    expect(declined).toMatchObject({ status: 'declined', payeeDecision: 'declined' });
    expect((await w.t.fail(w.coordinator, 'expenses.involvement.approve', { id: c.id })).reason).toBe('involvement.decided');
    const audit = await w.t.ok(w.manager, 'audit.list', { entity: 'involvement_payment' });
    expect(audit.rows.find((r) => r.action === 'approve' && r.summary)?.summary).toMatch(/after a benefit-limit warning/);
  });

  it('pays involvement in a batch flagged “earnings — payroll”, and totals it apart from expenses', async () => {
    const inv = await w.t.ok(w.admin, 'expenses.involvement.record', { payeeId: w.patId, sessionId: w.sessionIds[0], basis: 'session' });
    await w.t.ok(w.coordinator, 'expenses.involvement.approve', { id: inv.id });
    const claim = await claimWith(w, w.patId, [mileage('2026-10-05', '20'), bus('2026-11-02', '3.00')]);
    const line = (await w.t.ok(w.admin, 'expenses.claims.get', { id: claim })).lines[1];
    await w.t.ok(w.admin, 'expenses.receipts.add', { lineId: line.id, fileName: 'bus', base64: PNG });
    await w.t.ok(w.admin, 'expenses.claims.submit', { id: claim });
    await w.t.ok(w.coordinator, 'expenses.claims.approve', { id: claim });
    const payable = await w.t.ok(w.coordinator, 'expenses.batches.payable', {});
    const batch = await w.t.ok(w.coordinator, 'expenses.batches.create', { claimIds: payable.claims.map((c) => c.id), involvementIds: payable.involvement.map((i) => i.id) });
    expect(batch.payees[0]).toMatchObject({ expensesPence: 900 + 300, earningsPence: 1500, totalPence: 2700 });
    const rows = parse(Buffer.from((await w.t.ok(w.coordinator, 'expenses.batches.financeCsv', { id: batch.id })).base64, 'base64'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.Type, r.Amount])).toEqual([
      ['expenses', '12.00'],
      ['earnings — payroll', '15.00'],
    ]);
    await w.t.ok(w.coordinator, 'expenses.batches.markPaid', { id: batch.id });
    expect((await w.t.ok(w.admin, 'expenses.involvement.list', { payeeId: w.patId }))[0].status).toBe('paid');

    const totals = await w.t.ok(w.admin, 'expenses.totals.payees', { taxYear: 2026 });
    expect(totals).toEqual([{ payeeId: w.patId, payeeName: 'Pat Peer', expensesPence: 1200, mileageTenths: 200, mileagePence: 900, involvementPence: 1500 }]);
    expect(await w.t.ok(w.admin, 'expenses.totals.payees', { taxYear: 2025 })).toEqual([]);
    const months = await w.t.ok(w.admin, 'expenses.totals.months', { taxYear: 2026 });
    expect(months).toEqual([
      { month: '2026-10', expensesPence: 900, mileageTenths: 200, involvementPence: 1500, claimCount: 1 },
      { month: '2026-11', expensesPence: 300, mileageTenths: 0, involvementPence: 0, claimCount: 1 },
    ]);
    const csv = parse(Buffer.from((await w.t.ok(w.admin, 'expenses.totals.exportCsv', { taxYear: 2026, kind: 'payees' })).base64, 'base64')) as string[][];
    expect(csv[1]).toEqual(['2026-27', 'Pat Peer', '12.00', '9.00', '20', '15.00']);
  });
});

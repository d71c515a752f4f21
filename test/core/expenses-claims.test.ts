// Claims end to end through the core: payees and bank-detail masking, every state transition (and the refused ones),
// the rule that nobody approves a claim they entered or submitted, receipts, and bad input changing nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bus, claimWith, makeWorld, mileage, PDF, PNG, type World } from './expenses-fixtures';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

const auditCount = async () => Number((await w.t.core.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('payees', () => {
  it('shows full bank details to coordinators and managers, masked to admins, decided in the core', async () => {
    const full = await w.t.ok(w.coordinator, 'expenses.payees.get', { id: w.patId });
    expect(full.bank).toEqual({ accountName: 'P PEER', sortCode: '12-34-56', accountNumber: '12345678', masked: false });
    expect((await w.t.ok(w.manager, 'expenses.payees.get', { id: w.patId })).bank?.masked).toBe(false);
    const masked = await w.t.ok(w.admin, 'expenses.payees.get', { id: w.patId });
    expect(masked.bank).toEqual({ accountName: 'P PEER', sortCode: '**-**-56', accountNumber: '****5678', masked: true });
    const list = await w.t.ok(w.admin, 'expenses.payees.list', {});
    expect(JSON.stringify(list)).not.toContain('12345678');
    expect(list.map((p) => p.name)).toEqual(['Pat Peer', 'Val Volunteer']);
  });

  it('validates bank details with plain messages and saves nothing', async () => {
    const before = await auditCount();
    const e = await w.t.fail(w.admin, 'expenses.payees.create', {
      fields: { name: 'Sam', paymentMethod: 'bank_transfer', bank: { accountName: 'S', sortCode: '12-34-5', accountNumber: '1234567' } },
    });
    expect(e.fields?.['bank.sortCode']).toMatch(/six digits/);
    expect(e.fields?.['bank.accountNumber']).toMatch(/add a 0 at the start/);
    const missing = await w.t.fail(w.admin, 'expenses.payees.create', { fields: { name: 'Sam', paymentMethod: 'bank_transfer' } });
    expect(missing.message).toMatch(/bank details/);
    expect(await auditCount()).toBe(before);
    expect((await w.t.ok(w.admin, 'expenses.payees.candidates', {})).map((c) => c.name)).toEqual(['Robin Other']);
  });

  it('lets an admin add a payee with bank details but not redirect existing ones', async () => {
    const p = await w.t.ok(w.admin, 'expenses.payees.create', {
      fields: { facilitatorId: w.facilitatorIds[1], paymentMethod: 'bank_transfer', bank: { accountName: 'R OTHER', sortCode: '40 11 22', accountNumber: '87654321' } },
    });
    expect(p.name).toBe('Robin Other');
    expect(p.bank?.accountNumber).toBe('****4321');
    const fields = { facilitatorId: w.facilitatorIds[1], paymentMethod: 'bank_transfer' as const, email: 'robin@example.org' };
    // Changing other details keeps the bank details on file.
    const updated = await w.t.ok(w.admin, 'expenses.payees.update', { id: p.id, version: p.version, fields });
    expect(updated.email).toBe('robin@example.org');
    const e = await w.t.fail(w.admin, 'expenses.payees.update', {
      id: p.id,
      version: updated.version,
      fields: { ...fields, bank: { accountName: 'R OTHER', sortCode: '99-99-99', accountNumber: '11112222' } },
    });
    expect(e.reason).toBe('access.role');
    const ok = await w.t.ok(w.coordinator, 'expenses.payees.update', {
      id: p.id,
      version: updated.version,
      fields: { ...fields, bank: { accountName: 'R OTHER', sortCode: '99-99-99', accountNumber: '11112222' } },
    });
    expect(ok.bank?.sortCode).toBe('99-99-99');
  });
});

describe('claim workflow', () => {
  it('goes draft → submitted → approved → paid, each step audited, and a paid claim can no longer change', async () => {
    const id = await claimWith(w, w.patId, [mileage('2026-10-05', '12'), bus('2026-10-05', '4.80')]);
    let c = await w.t.ok(w.admin, 'expenses.claims.get', { id });
    expect(c).toMatchObject({ status: 'draft', editable: true, totalPence: 540 + 480, lineCount: 2 });
    const busLine = c.lines.find((l) => l.category === 'public_transport');
    expect(busLine?.needsReceipt).toBe(true);
    await w.t.ok(w.admin, 'expenses.receipts.add', { lineId: busLine!.id, fileName: 'bus-ticket.png', base64: PNG });
    c = await w.t.ok(w.admin, 'expenses.claims.submit', { id });
    expect(c.status).toBe('submitted');
    expect(c.submittedBy).toMatch(/admin/);
    c = await w.t.ok(w.coordinator, 'expenses.claims.approve', { id });
    expect(c).toMatchObject({ status: 'approved', editable: false });
    const batch = await w.t.ok(w.coordinator, 'expenses.batches.create', { claimIds: [id] });
    await w.t.ok(w.coordinator, 'expenses.batches.markPaid', { id: batch.id });
    c = await w.t.ok(w.admin, 'expenses.claims.get', { id });
    expect(c.status).toBe('paid');
    const e = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: id, line: bus('2026-10-06', '1.00') as never });
    expect(e).toMatchObject({ reason: 'claim.not-draft', message: expect.stringMatching(/has been paid and can no longer be changed/) });
    expect((await w.t.fail(w.admin, 'expenses.claims.removeLine', { lineId: busLine!.id })).reason).toBe('claim.not-draft');
    expect((await w.t.fail(w.admin, 'expenses.receipts.remove', { id: c.lines[1].receipts[0]?.id ?? c.lines[0].receipts[0].id })).reason).toBe('claim.not-draft');
    expect((await w.t.fail(w.coordinator, 'expenses.claims.reject', { id, reason: 'late' })).reason).toBe('claim.not-submitted');
    const audit = await w.t.ok(w.manager, 'audit.list', { entity: 'claim' });
    expect(audit.rows.map((r) => r.action).reverse()).toEqual(['create', 'add-line', 'add-line', 'add-receipt', 'submit', 'approve', 'paid']);
  });

  it('never lets whoever entered or submitted a claim approve it', async () => {
    // A coordinator enters and submits: they cannot approve; another coordinator can.
    const own = await claimWith(w, w.patId, [mileage('2026-10-05', '10')], { submit: true, as: w.coordinator });
    const e = await w.t.fail(w.coordinator, 'expenses.claims.approve', { id: own });
    expect(e).toMatchObject({ reason: 'claim.own-hand', message: 'You entered this claim, so someone else must approve it.' });
    expect((await w.t.ok(w.coordinator, 'expenses.claims.get', { id: own })).approvalBlockedBecause).toMatch(/You entered/);
    // An admin enters, a coordinator submits: the submitter cannot approve.
    const c2 = await claimWith(w, w.patId, [mileage('2026-10-05', '10')], { as: w.admin });
    await w.t.ok(w.coordinator2, 'expenses.claims.submit', { id: c2 });
    expect((await w.t.fail(w.coordinator2, 'expenses.claims.approve', { id: c2 }))).toMatchObject({ reason: 'claim.own-hand', message: expect.stringMatching(/You submitted this claim/) });
    // A coordinator who added a line to someone else's claim cannot approve it either.
    const c3 = await claimWith(w, w.patId, [mileage('2026-10-05', '10')]);
    await w.t.ok(w.manager, 'expenses.claims.addLine', { claimId: c3, line: mileage('2026-10-06', '1') as never });
    await w.t.ok(w.admin, 'expenses.claims.submit', { id: c3 });
    expect((await w.t.fail(w.manager, 'expenses.claims.approve', { id: c3 }))).toMatchObject({ reason: 'claim.own-hand', message: expect.stringMatching(/You entered a line/) });
    // An admin can never approve (role), even a claim they had nothing to do with.
    expect((await w.t.fail(w.admin2, 'expenses.claims.approve', { id: c3 })).reason).toBe('access.role');
    await w.t.ok(w.coordinator, 'expenses.claims.approve', { id: own === c3 ? c2 : c3 });
    await w.t.ok(w.coordinator2, 'expenses.claims.approve', { id: own });
    expect((await w.t.ok(w.admin, 'expenses.claims.list', { status: 'approved' })).total).toBe(2);
  });

  it('refuses every transition from the wrong state', async () => {
    const draft = await claimWith(w, w.patId, [mileage('2026-10-05', '10')]);
    expect((await w.t.fail(w.coordinator, 'expenses.claims.approve', { id: draft }))).toMatchObject({ reason: 'claim.not-submitted', message: expect.stringMatching(/Only a submitted claim can be approved/) });
    expect((await w.t.fail(w.coordinator, 'expenses.claims.reject', { id: draft, reason: 'x' }))).toMatchObject({ reason: 'claim.not-submitted', message: expect.stringMatching(/Only a submitted claim can be rejected/) });
    expect((await w.t.fail(w.coordinator, 'expenses.batches.create', { claimIds: [draft] }))).toMatchObject({ reason: 'batch.not-ready', message: expect.stringMatching(/Only approved claims/) });
    await w.t.ok(w.admin, 'expenses.claims.submit', { id: draft });
    expect((await w.t.fail(w.admin, 'expenses.claims.submit', { id: draft }))).toMatchObject({ reason: 'claim.not-draft', message: expect.stringMatching(/already been submitted/) });
    expect((await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: draft, line: bus('2026-10-05', '2') as never }))).toMatchObject({ reason: 'claim.not-draft', message: expect.stringMatching(/Only a draft claim can be edited/) });
    expect((await w.t.fail(w.admin, 'expenses.claims.discard', { id: draft })).reason).toBe('claim.not-draft');
    const rejectNoReason = await w.t.fail(w.coordinator, 'expenses.claims.reject', { id: draft, reason: '  ' });
    expect(rejectNoReason.fields?.reason).toMatch(/give a reason/);
    const rejected = await w.t.ok(w.coordinator, 'expenses.claims.reject', { id: draft, reason: 'Journey was not for college business' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'Journey was not for college business' });
    expect((await w.t.fail(w.coordinator2, 'expenses.claims.approve', { id: draft })).reason).toBe('claim.not-submitted');
    expect((await w.t.fail(w.coordinator, 'expenses.batches.create', { claimIds: [draft] }))).toMatchObject({ reason: 'batch.not-ready', message: expect.stringMatching(/rejected/) });
    // A claim with no lines cannot be submitted; a draft can be thrown away.
    const empty = await claimWith(w, w.valId, []);
    const e = await w.t.fail(w.admin, 'expenses.claims.submit', { id: empty });
    expect(e).toMatchObject({ reason: 'claim.no-lines', message: expect.stringMatching(/no lines/) });
    expect((await w.t.ok(w.admin, 'expenses.claims.get', { id: empty })).status).toBe('draft');
    await w.t.ok(w.admin, 'expenses.claims.discard', { id: empty });
    expect((await w.t.fail(w.admin, 'expenses.claims.get', { id: empty })).reason).toBe('record.not-found');
  });

  it('needs a receipt on non-mileage lines unless a coordinator records why not', async () => {
    const id = await claimWith(w, w.valId, [bus('2026-10-05', '3.10'), { date: '2026-10-05', category: 'subsistence', amount: '4.50' }], { submit: true });
    let c = await w.t.ok(w.coordinator, 'expenses.claims.get', { id });
    expect(c.approvalBlockedBecause).toMatch(/2 lines have no receipt/);
    expect((await w.t.fail(w.coordinator, 'expenses.claims.approve', { id })).reason).toBe('claim.receipts-missing');
    // A receipt arriving after submission may still be attached; an admin cannot waive one.
    await w.t.ok(w.admin, 'expenses.receipts.add', { lineId: c.lines[0].id, fileName: 'ticket', base64: PDF });
    expect((await w.t.fail(w.admin, 'expenses.claims.waiveReceipt', { lineId: c.lines[1].id, reason: 'lost' })).reason).toBe('access.role');
    c = await w.t.ok(w.coordinator, 'expenses.claims.waiveReceipt', { lineId: c.lines[1].id, reason: 'Café gave no receipt; amount matches our price list' });
    expect(c.lines[1]).toMatchObject({ needsReceipt: false, receiptWaivedReason: expect.stringMatching(/Café/) });
    expect(c.lines[0].receipts[0]).toMatchObject({ fileName: 'ticket.pdf', mimeType: 'application/pdf' });
    // Whoever waived a receipt may not approve the claim (segregation of duties): another coordinator does.
    expect((await w.t.fail(w.coordinator, 'expenses.claims.approve', { id }))).toMatchObject({ reason: 'claim.own-hand', message: expect.stringMatching(/You waived a receipt/) });
    c = await w.t.ok(w.coordinator2, 'expenses.claims.approve', { id });
    expect(c.status).toBe('approved');
  });
});

describe('receipts', () => {
  it('stores a receipt in the database and gives it back, checking the bytes rather than the name', async () => {
    const id = await claimWith(w, w.valId, [bus('2026-10-05', '2.00')]);
    const line = (await w.t.ok(w.admin, 'expenses.claims.get', { id })).lines[0];
    const c = await w.t.ok(w.admin, 'expenses.receipts.add', { lineId: line.id, fileName: 'scan.pdf', base64: PNG });
    const r = c.lines[0].receipts[0];
    expect(r).toMatchObject({ fileName: 'scan.png', mimeType: 'image/png' });
    const file = await w.t.ok(w.admin, 'expenses.receipts.get', { id: r.id });
    expect(file.mimeType).toBe('image/png');
    expect(Buffer.from(file.base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const before = await auditCount();
    const exe = Buffer.from('MZ\x90\x00 not a receipt').toString('base64');
    const e = await w.t.fail(w.admin, 'expenses.receipts.add', { lineId: line.id, fileName: 'receipt.jpg', base64: exe });
    expect(e).toMatchObject({ reason: 'input.invalid', message: expect.stringMatching(/PNG, JPEG or WebP\) or a PDF/) });
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(16)]).toString('base64');
    expect((await w.t.fail(w.admin, 'expenses.receipts.add', { lineId: line.id, fileName: 'IMG_0001.HEIC', base64: heic })).message).toMatch(/HEIC/);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]).toString('base64');
    expect((await w.t.fail(w.admin, 'expenses.receipts.add', { lineId: line.id, fileName: 'big.pdf', base64: big })).message).toMatch(/larger than 10 MB/);
    expect(await auditCount()).toBe(before);
    expect((await w.t.ok(w.admin, 'expenses.claims.get', { id })).lines[0].receipts).toHaveLength(1);
    const after = await w.t.ok(w.admin, 'expenses.receipts.remove', { id: r.id });
    expect(after.lines[0].needsReceipt).toBe(true);
  });
});

describe('bad input', () => {
  it('refuses negative amounts, future dates, too many decimals and sessions the person did not facilitate', async () => {
    const id = await claimWith(w, w.patId, []);
    const before = await auditCount();
    const neg = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: id, line: bus('2026-10-05', '-4.00') as never });
    expect(neg.fields?.['line.amount']).toMatch(/cannot be negative/);
    const dp = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: id, line: bus('2026-10-05', '4.005') as never });
    expect(dp.fields?.['line.amount']).toMatch(/at most 2 decimal places/);
    const future = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: id, line: bus('2026-11-21', '4.00') as never });
    expect(future.fields?.['line.date']).toMatch(/cannot be in the future/);
    const bogus = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: id, line: bus('2026-02-30', '4.00') as never });
    expect(bogus.fields?.['line.date']).toMatch(/real date/);
    const notTheirs = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: id, line: { ...bus('2026-10-05', '4'), sessionId: 999 } as never });
    expect(notTheirs.reason).toBe('record.not-found');
    const val = await claimWith(w, w.valId, []);
    const unlinked = await w.t.fail(w.admin, 'expenses.claims.addLine', { claimId: val, line: { ...bus('2026-10-05', '4'), sessionId: w.sessionIds[0] } as never });
    expect(unlinked.message).toMatch(/not linked to a facilitator/);
    expect(await auditCount()).toBe(before + 1);
    const linked = await w.t.ok(w.admin, 'expenses.claims.addLine', { claimId: id, line: { ...bus('2026-10-05', '4'), sessionId: w.sessionIds[0] } as never });
    expect(linked.lines[0].sessionLabel).toMatch(/Understanding Anxiety, 5 Oct 2026 10:00/);
    const sessions = await w.t.ok(w.admin, 'expenses.payees.sessions', { payeeId: w.patId });
    expect(sessions).toHaveLength(4);
  });
});

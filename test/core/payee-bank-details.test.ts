// Bank details: only a coordinator or manager can put new bank details on a payee, however the change is reached.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './expenses-fixtures';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

const attackerAccount = { accountName: 'P PEER', sortCode: '66-66-66', accountNumber: '66666666' };

async function bankOnFile(payeeId: number) {
  return (await w.t.core.database.db.selectFrom('payees').select(['payment_method', 'bank_sort_code', 'bank_account_number']).where('id', '=', payeeId).executeTakeFirstOrThrow());
}

describe('bank details', () => {
  it('an admin cannot redirect a payee’s money by switching them to cash and back to bank transfer with a new account', async () => {
    const pat = await w.t.ok(w.admin, 'expenses.payees.get', { id: w.patId });
    const base = { facilitatorId: w.facilitatorIds[0], email: null, address: null, notes: null, name: null };
    // Switching to cash is allowed (it erases the details, and is audited)…
    const cash = await w.t.ok(w.admin, 'expenses.payees.update', { id: pat.id, version: pat.version, fields: { ...base, paymentMethod: 'cash' } });
    expect(await bankOnFile(pat.id)).toEqual({ payment_method: 'cash', bank_sort_code: null, bank_account_number: null });
    // …but putting new bank details back is not.
    const back = await w.t.fail(w.admin, 'expenses.payees.update', { id: pat.id, version: cash.version, fields: { ...base, paymentMethod: 'bank_transfer', bank: attackerAccount } });
    expect(back).toMatchObject({ reason: 'access.role', message: expect.stringMatching(/Only a coordinator or manager can add or change a payee’s bank details/) });
    expect(await bankOnFile(pat.id)).toEqual({ payment_method: 'cash', bank_sort_code: null, bank_account_number: null });
  });

  it('an admin cannot add bank details to a payee paid by cash; a coordinator can, and it is audited without the details', async () => {
    const val = await w.t.ok(w.admin, 'expenses.payees.get', { id: w.valId });
    const fields = { facilitatorId: null, name: 'Val Volunteer', email: null, address: null, notes: null, paymentMethod: 'bank_transfer' as const, bank: attackerAccount };
    expect((await w.t.fail(w.admin, 'expenses.payees.update', { id: val.id, version: val.version, fields })).reason).toBe('access.role');
    expect((await bankOnFile(val.id)).bank_sort_code).toBeNull();

    await w.t.ok(w.coordinator, 'expenses.payees.update', { id: val.id, version: val.version, fields });
    expect((await bankOnFile(val.id)).bank_sort_code).toBe('666666');
    const audit = await w.t.ok(w.manager, 'audit.list', { entity: 'payee' });
    const entry = audit.rows.find((r) => r.action === 'change-bank-details' && r.entityId === val.id);
    expect(entry).toMatchObject({ summary: 'Bank details added (account ending 6666)', fields: ['bank'] });
    expect(JSON.stringify(audit.rows)).not.toContain('666666');
  });

  it('an admin can still change a payee’s other details, keeping the bank details on file', async () => {
    const pat = await w.t.ok(w.admin, 'expenses.payees.get', { id: w.patId });
    const updated = await w.t.ok(w.admin, 'expenses.payees.update', {
      id: pat.id,
      version: pat.version,
      fields: { facilitatorId: w.facilitatorIds[0], name: null, email: 'pat@example.org', address: null, notes: null, paymentMethod: 'bank_transfer' },
    });
    expect(updated.email).toBe('pat@example.org');
    expect(await bankOnFile(pat.id)).toMatchObject({ bank_sort_code: '123456', bank_account_number: '12345678' });
  });
});

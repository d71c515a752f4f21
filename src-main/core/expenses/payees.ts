// Payees: the facilitators and volunteers the college pays, and how — bank details masked unless the caller may see them.
import { changedMeanwhile } from '../audit/changed-meanwhile';
import { ApiError, validationError } from '../../contract/errors';
import type { PayeeFields } from '../../contract/expenses';
import { roleCan } from '../../contract/permissions';
import type { Db, HandlersFor, StaffContext } from '../api/handlers';
import { findFacilitator } from '../scheduling/rows';
import { pagePayees } from './lists';
import { facilitatorsWithoutPayee, getPayeeRow, payeeOfFacilitator, sessionsOfFacilitator, toPayee } from './queries';

async function facilitatorName(db: Db, facilitatorId: number, excludePayeeId?: number): Promise<string> {
  const f = await findFacilitator(db, facilitatorId);
  if (!f) throw validationError({ 'fields.facilitatorId': 'That facilitator could not be found.' });
  const other = await payeeOfFacilitator(db, facilitatorId, excludePayeeId);
  if (other) throw new ApiError('payee.exists', `${other.name} is already set up as a payee. Please use that record.`);
  return `${f.first_name} ${f.surname}`;
}

function columnsFor(fields: PayeeFields, name: string) {
  const bank = fields.paymentMethod === 'bank_transfer' ? fields.bank : null;
  return {
    facilitator_id: fields.facilitatorId,
    name,
    email: fields.email,
    address: fields.address,
    payment_method: fields.paymentMethod,
    bank_account_name: bank?.accountName ?? null,
    bank_sort_code: bank?.sortCode ?? null,
    bank_account_number: bank?.accountNumber ?? null,
    notes: fields.notes,
  };
}

type BankColumns = Pick<ReturnType<typeof columnsFor>, 'bank_account_name' | 'bank_sort_code' | 'bank_account_number'>;

/** What a change does to the bank details on file: adds them, changes them, removes them, or leaves them alone. */
export function bankDetailsChange(before: BankColumns, after: BankColumns): 'added' | 'changed' | 'removed' | null {
  const had = before.bank_sort_code !== null || before.bank_account_number !== null;
  const has = after.bank_sort_code !== null || after.bank_account_number !== null;
  if (!had && !has) return null;
  if (!had) return 'added';
  if (!has) return 'removed';
  const same = before.bank_account_name === after.bank_account_name && before.bank_sort_code === after.bank_sort_code && before.bank_account_number === after.bank_account_number;
  return same ? null : 'changed';
}

export const BANK_DETAILS_NEEDED = 'Please enter the bank details for a bank transfer: name on the account, sort code and account number.';

/** A new payee paid by bank transfer needs bank details (an update may keep the ones on file). */
export function lacksBankDetails(fields: Pick<PayeeFields, 'paymentMethod' | 'bank'>): boolean {
  return fields.paymentMethod === 'bank_transfer' && !fields.bank;
}

export async function createPayee(trx: Db, ctx: Pick<StaffContext, 'now' | 'staff' | 'audit'>, fields: PayeeFields): Promise<number> {
  if (lacksBankDetails(fields)) throw validationError({ 'fields.bank.sortCode': BANK_DETAILS_NEEDED });
  const name = fields.name ?? (fields.facilitatorId !== null ? await facilitatorName(trx, fields.facilitatorId) : '');
  if (fields.facilitatorId !== null && fields.name) await facilitatorName(trx, fields.facilitatorId);
  const now = ctx.now().toISOString();
  const { id } = await trx
    .insertInto('payees')
    .values({ ...columnsFor(fields, name), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  ctx.audit({
    action: 'create',
    entity: 'payee',
    entityId: id,
    fields: ['name', 'paymentMethod', ...(fields.bank && fields.paymentMethod === 'bank_transfer' ? ['bank'] : [])],
    summary: `Added payee ${id}${fields.facilitatorId !== null ? ` (facilitator ${fields.facilitatorId})` : ''}`,
  });
  return id;
}

export const payeeHandlers: HandlersFor<'expenses.payees.'> = {
  'expenses.payees.list': async (ctx, input) => {
    let q = ctx.db.selectFrom('payees').selectAll().orderBy('name');
    if (!input.includeInactive) q = q.where('active', '=', 1);
    return (await q.execute()).map((r) => toPayee(r, ctx.staff));
  },

  'expenses.payees.page': async (ctx, input) => pagePayees(ctx.db, input, ctx.staff),

  'expenses.payees.get': async (ctx, input) => toPayee(await getPayeeRow(ctx.db, input.id), ctx.staff),

  'expenses.payees.candidates': async (ctx) => {
    const rows = await facilitatorsWithoutPayee(ctx.db);
    return rows.map((r) => ({ facilitatorId: r.id, name: `${r.first_name} ${r.surname}`, kind: r.kind }));
  },

  'expenses.payees.create': async (ctx, input) =>
    toPayee(await getPayeeRow(ctx.db, await createPayee(ctx.db, ctx, input.fields)), ctx.staff),

  'expenses.payees.update': async (ctx, input) => {
    const before = await getPayeeRow(ctx.db, input.id);
    if (before.version !== input.version) {
      throw await changedMeanwhile(ctx.db, 'payee', input.id, 'payee');
    }
    const fields = input.fields;
    let bank = fields.bank;
    if (fields.paymentMethod === 'bank_transfer' && !bank) {
      if (!before.bank_sort_code || !before.bank_account_number) {
        throw validationError({ 'fields.bank.sortCode': 'Please enter the bank details for a bank transfer: name on the account, sort code and account number.' });
      }
      bank = { accountName: before.bank_account_name ?? '', sortCode: before.bank_sort_code, accountNumber: before.bank_account_number };
    }
    const after = columnsFor({ ...fields, bank }, before.name);
    const bankChange = bankDetailsChange(before, after);
    // Where money goes is for those trusted with full bank details, whatever the payee's state: new details on a
    // payee paid by cash (or whose details were just erased) redirect payments as surely as editing them does.
    if ((bankChange === 'added' || bankChange === 'changed') && !roleCan(ctx.staff.role, 'payees.bankDetails')) {
      throw new ApiError('access.role', 'Only a coordinator or manager can add or change a payee’s bank details. Please ask one to make this change.');
    }
    let name = fields.name ?? before.name;
    if (fields.facilitatorId !== null && fields.facilitatorId !== before.facilitator_id) {
      const fname = await facilitatorName(ctx.db, fields.facilitatorId, input.id);
      if (!fields.name) name = fname;
    }
    const next = { ...columnsFor({ ...fields, bank }, name), active: input.active === undefined ? before.active : input.active ? 1 : 0 };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== before[k]);
    if (changed.length === 0) return toPayee(before, ctx.staff);
    // Compare-and-set on the version in the one statement, so a change saved by another desk in between is never overwritten.
    const saved = await ctx.db
      .updateTable('payees')
      .set((eb) => ({ ...next, updated_at: ctx.now().toISOString(), version: eb('version', '+', 1) }))
      .where('id', '=', input.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) === 0) throw await changedMeanwhile(ctx.db, 'payee', input.id, 'payee');
    // The audit names the fields changed, never the bank details themselves.
    ctx.audit({ action: 'update', entity: 'payee', entityId: input.id, fields: changed });
    if (bankChange) {
      const ending = after.bank_account_number ? ` (account ending ${after.bank_account_number.slice(-4)})` : '';
      ctx.audit({ action: 'change-bank-details', entity: 'payee', entityId: input.id, fields: ['bank'], summary: `Bank details ${bankChange}${ending}` });
    }
    return toPayee(await getPayeeRow(ctx.db, input.id), ctx.staff);
  },

  'expenses.payees.sessions': async (ctx, input) => {
    const payee = await getPayeeRow(ctx.db, input.payeeId);
    if (payee.facilitator_id === null) return [];
    const rows = await sessionsOfFacilitator(ctx.db, payee.facilitator_id, input);
    return rows.map((r) => ({ id: r.id, date: r.date, startTime: r.start_time, endTime: r.end_time, courseTitle: r.title, delivered: r.delivered_by !== null }));
  },
};

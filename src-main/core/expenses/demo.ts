// Fictional expenses for the training database: a few payees (facilitators where they exist), claims in every state,
// a paid batch and involvement payments, and before them the college's history of monthly mileage claims for sessions
// peer trainers and volunteers delivered, approved and paid in a batch each month — built through the same services the
// API uses, so it is all valid and audited.
import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { SignedInStaff } from '../../contract/staff';
import type { Database } from '../db/schema';
import { writeAudit, type AuditRecord } from '../audit/audit';
import { createBatch, markBatchPaid } from './batches';
import { addClaimLine, createClaim, decideClaim, submitClaim } from './claims';
import { approveInvolvement, recordInvolvement } from './involvement';
import { createPayee } from './payees';
import { addReceipt } from './receipts';

/** A tiny valid PNG (1×1 pixel) standing in for a scanned receipt. */
const RECEIPT_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function staffFor(db: Kysely<Database>, role: SignedInStaff['role'], avoid?: number): Promise<SignedInStaff | null> {
  let q = db.selectFrom('staff').selectAll().where('role', '=', role).where('active', '=', 1);
  if (avoid !== undefined) q = q.where('id', '!=', avoid);
  const r = await q.orderBy('id').executeTakeFirst();
  return r ? { id: r.id, username: r.username, displayName: r.display_name, role: r.role, mustChangePassword: false } : null;
}

export async function fillExpensesDemo(db: Kysely<Database>, now: Date): Promise<{ payees: number; claims: number }> {
  const admin = (await staffFor(db, 'admin')) ?? (await staffFor(db, 'manager'));
  const approver = (await staffFor(db, 'coordinator')) ?? (await staffFor(db, 'manager', admin?.id));
  if (!admin || !approver || admin.id === approver.id) return { payees: 0, claims: 0 };
  // The demo is filled outside Core.call, so it keeps its own audit rows and writes them at the end of its transaction.
  const audits: { staff: SignedInStaff; entry: AuditRecord }[] = [];
  const as = (staff: SignedInStaff) => ({ now: () => now, staff, audit: (entry: AuditRecord) => void audits.push({ staff, entry }) });
  const day = (daysAgo: number) => DateTime.fromJSDate(now).setZone('Europe/London').minus({ days: daysAgo }).toISODate() as string;

  return db.transaction().execute(async (trx) => {
    const taxYearStart = day(0) >= `${day(0).slice(0, 4)}-04-06` ? `${day(0).slice(0, 4)}-04-06` : `${Number(day(0).slice(0, 4)) - 1}-04-06`;
    await trx
      .insertInto('involvement_rates')
      .values([
        { basis: 'session', effective_from: taxYearStart, rate_pence: 2000, description: 'Peer trainer, per session delivered', created_by: approver.id, created_at: now.toISOString() },
        { basis: 'hour', effective_from: taxYearStart, rate_pence: 1260, description: 'Co-production work, per hour', created_by: approver.id, created_at: now.toISOString() },
      ])
      .onConflict((oc) => oc.doNothing())
      .execute();

    const facilitators = await trx
      .selectFrom('facilitators as f')
      .leftJoin('payees as p', 'p.facilitator_id', 'f.id')
      .select(['f.id'])
      .where('f.kind', '!=', 'staff')
      .where('p.id', 'is', null)
      .orderBy('f.id')
      .limit(4)
      .execute();
    const payeeIds: number[] = [];
    const banks = [
      { accountName: 'DEMO PAYEE ONE', sortCode: '200000', accountNumber: '55779911' },
      { accountName: 'DEMO PAYEE TWO', sortCode: '309634', accountNumber: '12345678' },
    ];
    for (const [i, f] of facilitators.entries()) {
      payeeIds.push(
        await createPayee(trx, as(admin), {
          facilitatorId: f.id,
          name: null,
          email: null,
          address: null,
          paymentMethod: i < banks.length ? 'bank_transfer' : i % 2 ? 'voucher' : 'cash',
          bank: i < banks.length ? banks[i] : null,
          notes: null,
        }),
      );
    }
    for (const name of ['Jordan Demo-Volunteer', 'Sam Demo-Helper'].slice(0, Math.max(0, 3 - payeeIds.length) + 1)) {
      payeeIds.push(await createPayee(trx, as(admin), { facilitatorId: null, name, email: null, address: null, paymentMethod: 'cash', bank: null, notes: 'Fictional' }));
    }

    let claims = 0;
    const claimFor = async (payeeId: number, daysAgo: number, state: 'draft' | 'submitted' | 'approved' | 'rejected' | 'paid') => {
      const id = await createClaim(trx, as(admin), payeeId, 'Typed in from the paper claim form');
      await addClaimLine(trx, as(admin), id, { date: day(daysAgo), category: 'mileage', description: 'Home to venue and back', amountPence: null, milesTenths: 184, vehicle: 'car_van', passengers: 0, sessionId: null });
      const bus = await addClaimLine(trx, as(admin), id, { date: day(daysAgo), category: 'public_transport', description: 'Bus fare', amountPence: 480, milesTenths: null, vehicle: null, passengers: 0, sessionId: null });
      await addReceipt(trx, as(admin), bus, 'bus-ticket.png', RECEIPT_PNG);
      claims++;
      if (state === 'draft') return id;
      await submitClaim(trx, as(admin), id);
      if (state === 'submitted') return id;
      await decideClaim(trx, as(approver), id, state === 'rejected' ? { approve: false, reason: 'Already paid on an earlier claim' } : { approve: true });
      return id;
    };
    const paid = [await claimFor(payeeIds[0], 40, 'paid'), await claimFor(payeeIds[1 % payeeIds.length], 38, 'paid')];
    await claimFor(payeeIds[0], 12, 'approved');
    await claimFor(payeeIds[1 % payeeIds.length], 9, 'submitted');
    await claimFor(payeeIds[2 % payeeIds.length], 6, 'submitted');
    await claimFor(payeeIds[2 % payeeIds.length], 20, 'rejected');
    await claimFor(payeeIds[0], 2, 'draft');
    const batch = await createBatch(trx, as(approver), paid, []);
    await markBatchPaid(trx, as(approver), batch, day(30));

    for (const [i, payeeId] of payeeIds.slice(0, 2).entries()) {
      const id = await recordInvolvement(trx, as(admin), { payeeId, date: day(10 + i), basis: 'hour', hours: 200, description: 'Co-designing the spring prospectus' });
      if (i === 0) await approveInvolvement(trx, as(approver), id, true);
    }
    for (const { staff, entry } of audits) await writeAudit(trx, { now: () => now, staff }, entry);
    return { payees: payeeIds.length, claims };
  });
}

/**
 * Past months of expenses: each month, peer trainers and volunteers who delivered sessions claim their mileage for
 * them (lines linked to the sessions), the claims are submitted, approved (one now and then rejected) and paid in that
 * month's batch. Run before fillExpensesDemo, so references and ids follow the dates. Stops two months before today,
 * where the present-day claims in every state begin.
 */
export async function fillExpensesHistory(
  db: Kysely<Database>,
  now: Date,
  options: { payees?: number; progress?: (fraction: number) => Promise<void> } = {},
): Promise<{ claims: number; batches: number }> {
  const admin = (await staffFor(db, 'admin')) ?? (await staffFor(db, 'manager'));
  const approver = (await staffFor(db, 'coordinator')) ?? (await staffFor(db, 'manager', admin?.id));
  if (!admin || !approver || admin.id === approver.id) return { claims: 0, batches: 0 };
  const today = DateTime.fromJSDate(now).setZone('Europe/London').startOf('day');
  const first = await db.selectFrom('sessions').select((eb) => eb.fn.min('date').as('d')).executeTakeFirst();
  if (!first?.d) return { claims: 0, batches: 0 };
  const audits: { staff: SignedInStaff; at: Date; entry: AuditRecord }[] = [];
  const as = (staff: SignedInStaff, on: DateTime) => {
    const at = on.set({ hour: 11 }).toJSDate();
    return { now: () => at, staff, audit: (entry: AuditRecord) => void audits.push({ staff, at, entry }) };
  };
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  const facilitators = await db
    .selectFrom('facilitators as f')
    .leftJoin('payees as p', 'p.facilitator_id', 'f.id')
    .select(['f.id'])
    .where('f.kind', '!=', 'staff')
    .where('p.id', 'is', null)
    .where(({ exists, selectFrom }) => exists(selectFrom('session_delivery as d').select('d.session_id').whereRef('d.facilitator_id', '=', 'f.id')))
    .orderBy('f.id')
    .limit(options.payees ?? 6)
    .execute();
  const months: DateTime[] = [];
  for (let m = DateTime.fromISO(first.d as string).startOf('month'); m < today.minus({ months: 2 }).startOf('month'); m = m.plus({ months: 1 })) months.push(m);

  return db.transaction().execute(async (trx) => {
    const payees: { id: number; facilitatorId: number }[] = [];
    const opened = as(admin, months[0] ?? today);
    for (const [i, f] of facilitators.entries()) {
      const id = await createPayee(trx, opened, { facilitatorId: f.id, name: null, email: null, address: null, paymentMethod: i % 3 === 2 ? 'voucher' : 'cash', bank: null, notes: null });
      payees.push({ id, facilitatorId: f.id });
    }
    let claims = 0;
    let batches = 0;
    for (const [mi, month] of months.entries()) {
      const end = month.endOf('month').startOf('day');
      const approved: number[] = [];
      for (const payee of payees) {
        const delivered = await trx
          .selectFrom('session_delivery as d')
          .innerJoin('sessions as s', 's.id', 'd.session_id')
          .select(['s.id', 's.date'])
          .where('d.facilitator_id', '=', payee.facilitatorId)
          .where('s.date', '>=', month.toISODate() as string)
          .where('s.date', '<=', end.toISODate() as string)
          .orderBy('s.date')
          .limit(4)
          .execute();
        if (delivered.length === 0) continue;
        const typedOn = end.plus({ days: 2 });
        const claimId = await createClaim(trx, as(admin, typedOn), payee.id, 'Typed in from the paper claim form');
        const miles = 60 + Math.floor(random() * 200);
        for (const s of delivered) {
          await addClaimLine(trx, as(admin, typedOn), claimId, {
            date: s.date,
            category: 'mileage',
            description: 'Home to venue and back',
            amountPence: null,
            milesTenths: miles,
            vehicle: 'car_van',
            passengers: 0,
            sessionId: s.id,
          });
        }
        await submitClaim(trx, as(admin, typedOn), claimId);
        const reject = random() < 0.05;
        await decideClaim(trx, as(approver, end.plus({ days: 5 })), claimId, reject ? { approve: false, reason: 'The same journeys were on an earlier claim' } : { approve: true });
        if (!reject) approved.push(claimId);
        claims++;
      }
      if (approved.length > 0) {
        const batch = await createBatch(trx, as(approver, end.plus({ days: 7 })), approved, []);
        await markBatchPaid(trx, as(approver, end.plus({ days: 10 })), batch, end.plus({ days: 10 }).toISODate() as string);
        batches++;
      }
      await options.progress?.((mi + 1) / months.length);
    }
    for (const { staff, at, entry } of audits) await writeAudit(trx, { now: () => at, staff }, entry);
    return { claims, batches };
  });
}

/** The training database's expenses stage: the history first, then today's claims in every state. */
export const expensesDemoFiller = async (ctx: { db: Kysely<Database>; now: Date; progress(f: number): Promise<void> }): Promise<void> => {
  await fillExpensesHistory(ctx.db, ctx.now, { progress: (f) => ctx.progress(0.9 * f) });
  await fillExpensesDemo(ctx.db, ctx.now);
};

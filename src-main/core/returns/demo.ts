// Training-database contract returns: the returns the college has already sent, produced by the real returns.produce
// handler for each past financial quarter (and each whole financial year) its history covers, a few days after the
// period ended. The quarter that ended most recently is left for the trainee to produce, as a manager would find it.
import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import { collegeToday } from '../../contract/dates';
import { lastCompletedQuarter, resolvePeriod, type Period } from '../../contract/returns';
import type { SignedInStaff } from '../../contract/staff';
import type { StaffContext } from '../api/handlers';
import { writeAudit, type AuditRecord } from '../audit/audit';
import type { Database } from '../db/schema';
import { returnHandlers } from './returns';

/** The periods a college with history from `firstDay` has returned by `today`, oldest first (not the latest quarter). */
export function pastReturnPeriods(firstDay: string, today: string): Period[] {
  const latest = lastCompletedQuarter(today);
  const periods: Period[] = [];
  const firstFy = Number(firstDay.slice(0, 4)) - 1;
  for (let fy = firstFy; fy <= latest.financialYear; fy++) {
    for (let quarter = 1; quarter <= 4; quarter++) {
      if (fy === latest.financialYear && quarter >= latest.quarter) break;
      const p: Period = { kind: 'quarter', financialYear: fy, quarter };
      if (resolvePeriod(p).start >= firstDay) periods.push(p);
    }
    // The year's own return follows its fourth quarter, when the college ran for the whole of it.
    const year: Period = { kind: 'financialYear', financialYear: fy };
    const r = resolvePeriod(year);
    if (r.start >= firstDay && r.end < resolvePeriod(latest).start) periods.push(year);
  }
  return periods;
}

export async function fillReturnsDemo(db: Kysely<Database>, now: Date, options: { managerId: number; progress?: (fraction: number) => Promise<void> }): Promise<number> {
  const today = collegeToday(now);
  const first = await db.selectFrom('sessions').select((eb) => eb.fn.min('date').as('d')).executeTakeFirst();
  const row = await db.selectFrom('staff').selectAll().where('id', '=', options.managerId).executeTakeFirst();
  if (!first?.d || !row) return 0;
  const staff: SignedInStaff = { id: row.id, username: row.username, displayName: row.display_name, role: row.role, mustChangePassword: false };
  const periods = pastReturnPeriods(first.d as string, today);
  for (const [i, period] of periods.entries()) {
    // Produced about a week after the period ended, as the commissioner asks.
    const at = DateTime.fromISO(resolvePeriod(period).end, { zone: 'Europe/London' }).plus({ days: 8 }).set({ hour: 10 }).toJSDate();
    await db.transaction().execute(async (trx) => {
      const audits: AuditRecord[] = [];
      const ctx = {
        db: trx,
        staff,
        now: () => at,
        audit: (entry: AuditRecord) => void audits.push(entry),
        afterCommit: () => undefined,
      } as unknown as StaffContext;
      await returnHandlers['returns.produce'](ctx, { period });
      for (const entry of audits) await writeAudit(trx, { now: () => at, staff }, entry);
    });
    await options.progress?.((i + 1) / periods.length);
  }
  return periods.length;
}

/** The training database's returns stage (last: it reads the registers, questionnaires and feedback made before it). */
export const returnsDemoFiller = async (ctx: { db: Kysely<Database>; now: Date; staff: { manager: number }; progress(f: number): Promise<void> }): Promise<void> => {
  await fillReturnsDemo(ctx.db, ctx.now, { managerId: ctx.staff.manager, progress: (f) => ctx.progress(f) });
};

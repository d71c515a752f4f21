// Which contract return is due: the most recent quarter that has ended, until a return for exactly its dates is produced.
import { lastCompletedQuarter, resolvePeriod, type ResolvedPeriod } from '../../contract/returns';
import type { Db } from '../api/handlers';

export async function nextReturnDue(db: Db, today: string): Promise<ResolvedPeriod | null> {
  const period = resolvePeriod(lastCompletedQuarter(today));
  const produced = await db.selectFrom('returns').select('id').where('period_start', '=', period.start).where('period_end', '=', period.end).executeTakeFirst();
  return produced ? null : period;
}

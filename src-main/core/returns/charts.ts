// Chart data for the Reports page (internal, managers only): by month, wellbeing change distribution, co-delivery.
import { sql } from 'kysely';
import type { ReturnCharts, ResolvedPeriod } from '../../contract/returns';
import type { Db } from '../api/handlers';
import { ATTENDED_MARKS } from './definitions';
import { heldSessions, pairedChanges, sessionTeams } from './figures';

// `substr` on a `YYYY-MM-DD` text date is plain string slicing (portable SQL), not a date function.
const month = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 7)`;

export async function returnCharts(db: Db, period: ResolvedPeriod): Promise<ReturnCharts> {
  const range = { start: period.start, end: period.end };
  const months = new Map<string, ReturnCharts['byMonth'][number]>();
  const at = (m: string) => {
    let v = months.get(m);
    if (!v) months.set(m, (v = { month: m, enrolments: 0, attendances: 0, sessionsHeld: 0, sessionsCoDelivered: 0 }));
    return v;
  };

  const enrolments = await db
    .selectFrom('enrolments')
    .where('status', 'in', ['enrolled', 'withdrawn'])
    .where('enrolled_on', '>=', range.start)
    .where('enrolled_on', '<=', range.end)
    .select([month('enrolled_on').as('m'), (eb) => eb.fn.countAll().as('n')])
    .groupBy('m')
    .execute();
  for (const r of enrolments) at(r.m).enrolments = Number(r.n);

  const attendances = await heldSessions(db, range)
    .innerJoin('attendance as a', 'a.session_id', 's.id')
    .where('a.mark', 'in', ATTENDED_MARKS)
    .select([month('s.date').as('m'), (eb) => eb.fn.countAll().as('n')])
    .groupBy('m')
    .execute();
  for (const r of attendances) at(r.m).attendances = Number(r.n);

  const sessions = await heldSessions(db, range)
    .leftJoin(sessionTeams(db, range).as('t'), 't.session_id', 's.id')
    .select([
      month('s.date').as('m'),
      (eb) => eb.fn.countAll().as('held'),
      (eb) => eb.fn.sum(eb.case().when(eb.and([eb('t.peers', '>=', 1), eb('t.trainers', '>=', 2)])).then(eb.lit(1)).else(eb.lit(0)).end()).as('co'),
    ])
    .groupBy('m')
    .execute();
  let held = 0;
  let co = 0;
  for (const r of sessions) {
    at(r.m).sessionsHeld = Number(r.held);
    at(r.m).sessionsCoDelivered = Number(r.co);
    held += Number(r.held);
    co += Number(r.co);
  }

  const wellbeingChange: ReturnCharts['wellbeingChange'] = [];
  for (const scale of ['SWEMWBS', 'WEMWBS'] as const) {
    const rows = await db
      .selectFrom(pairedChanges(db, range, scale).as('p'))
      .select(['p.change'])
      .execute();
    const bins = new Map<number, number>();
    for (const r of rows) {
      const change = Math.round(Number(r.change) / 100);
      bins.set(change, (bins.get(change) ?? 0) + 1);
    }
    for (const [change, students] of [...bins].sort((a, b) => a[0] - b[0])) wellbeingChange.push({ scale, change, students });
  }

  return {
    period,
    byMonth: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
    wellbeingChange,
    coDeliveryPercent: held > 0 ? Math.round((co * 1000) / held) / 10 : null,
  };
}

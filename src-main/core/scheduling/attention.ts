// Course runs that need a coordinator's attention: still to come without the co-delivery team (a peer trainer plus one
// other), or starting within two weeks with fewer students than the college's minimum enrolment.
import { DateTime } from 'luxon';
import { STARTING_SOON_DAYS, type RunNeed, type RunsNeedingAttention } from '../../contract/scheduling';
import type { Db } from '../api/handlers';
import { readSettings } from '../settings/settings';
import { currentRunIds, listRunSummaries } from './rows';

export async function runsNeedingAttention(db: Db, today: string, need: RunNeed): Promise<RunsNeedingAttention> {
  const { minimumEnrolment } = await readSettings(db);
  // Runs in terms not yet over: a finished run's team can no longer change.
  const current = await currentRunIds(db, today);
  const runs = await listRunSummaries(db, { runIds: current });
  if (need === 'team') {
    // A run with no sessions yet still needs its team; one whose last session is past does not.
    return { need, minimumEnrolment, runs: runs.filter((r) => !r.meetsCoDelivery && (r.lastDate === null || r.lastDate >= today)) };
  }
  const soon = DateTime.fromISO(today, { zone: 'utc' }).plus({ days: STARTING_SOON_DAYS }).toISODate() as string;
  return {
    need,
    minimumEnrolment,
    runs: runs
      .filter((r) => r.firstDate !== null && r.firstDate >= today && r.firstDate <= soon && r.enrolledCount < minimumEnrolment)
      .sort((a, b) => (a.firstDate as string).localeCompare(b.firstDate as string) || a.courseTitle.localeCompare(b.courseTitle)),
  };
}

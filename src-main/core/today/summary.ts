// Today's summary: for each item the person's role may see, the count of the list it links to — computed by calling that
// list's own query function, so the number on Today (and beside the navigation) is always the length of the list.
import { DateTime } from 'luxon';
import { formatDate, formatTimestamp } from '../../contract/dates';
import { roleCan } from '../../contract/permissions';
import { TODAY_ITEM_IDS, TODAY_ITEMS, type TodayItem, type TodayItemId, type TodaySummary } from '../../contract/today';
import type { StaffContext } from '../api/handlers';
import { listBatches, payableItems } from '../expenses/batches';
import { listClaims, oldestSubmittedAt } from '../expenses/queries';
import { followUpDue } from '../outcomes/outcomes';
import { unusedAccounts } from '../privacy/data-security';
import { activeStaff } from '../staff/repository';
import { collegeNow, type CollegeNow } from '../registers/attendance';
import { followUpList } from '../registers/follow-up';
import { registersToTake, sessionsOn } from '../registers/session-list';
import { nextReturnDue } from '../returns/due';
import { runsNeedingAttention } from '../scheduling/attention';
import { timetableSessions } from '../scheduling/views';

interface Figure {
  count: number;
  detail: string | null;
}

/** A backup older than this (a day's backup plus a day's grace) needs a look. */
const BACKUP_OVERDUE_MS = 2 * 24 * 60 * 60 * 1000;

/** Monday to Sunday of the week `today` is in. */
export function weekOf(today: string): { from: string; to: string } {
  const monday = DateTime.fromISO(today, { zone: 'utc' }).startOf('week');
  return { from: monday.toISODate() as string, to: monday.plus({ days: 6 }).toISODate() as string };
}

function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days);
}

function figures(ctx: StaffContext, now: CollegeNow, week: { from: string; to: string }): Record<TodayItemId, () => Promise<Figure>> {
  const db = ctx.db;
  return {
    sessionsToday: async () => ({ count: (await sessionsOn(db, [now.today], now)).length, detail: null }),

    sessionsThisWeek: async () => {
      const sessions = (await timetableSessions(db, week, { kind: 'all' })).filter((s) => s.status === 'scheduled');
      return { count: sessions.length, detail: `${formatDate(week.from)} to ${formatDate(week.to)}` };
    },

    registersToTake: async () => {
      const list = await registersToTake(db, now);
      const oldest = list.length ? list[list.length - 1].date : null;
      return { count: list.length, detail: oldest ? `The oldest is from ${formatDate(oldest)}.` : null };
    },

    welfareFollowUps: async () => ({ count: (await followUpList(db, now, {})).filter((e) => !e.contactedSinceLastMiss).length, detail: null }),

    questionnairesDue: async () => {
      const due = await followUpDue(db, now.today);
      const overdue = due.filter((d) => d.overdue).length;
      return { count: due.length, detail: overdue ? `${overdue} overdue.` : null };
    },

    claimsToApprove: async () => {
      const { total } = await listClaims(db, { status: 'submitted' }, 1, 1);
      if (total === 0) return { count: 0, detail: null };
      const oldestAt = await oldestSubmittedAt(db);
      const days = oldestAt ? daysBetween(collegeNow(new Date(oldestAt)).today, now.today) : null;
      const age = days === null ? null : days === 0 ? 'The oldest was submitted today.' : `The oldest has waited ${days} ${days === 1 ? 'day' : 'days'}.`;
      return { count: total, detail: age };
    },

    batchesToPay: async () => ({ count: (await listBatches(db, { status: 'open' })).length, detail: null }),

    readyForBatch: async () => {
      const p = await payableItems(db);
      return { count: p.claims.length + p.involvement.length, detail: null };
    },

    runsNeedingTeam: async () => {
      const count = (await runsNeedingAttention(db, now.today, 'team')).runs.length;
      return { count, detail: count ? 'Co-delivery is at least one peer trainer plus one other facilitator.' : null };
    },

    runsBelowMinimum: async () => {
      const r = await runsNeedingAttention(db, now.today, 'enrolment');
      return { count: r.runs.length, detail: r.runs.length ? `Starting in the next two weeks with fewer than ${r.minimumEnrolment} enrolled.` : null };
    },

    returnDue: async () => {
      const due = await nextReturnDue(db, now.today);
      return { count: due ? 1 : 0, detail: due ? due.label : null };
    },

    backupStatus: async () => {
      if (ctx.session.database === 'demo') return { count: 0, detail: 'The training database is not backed up: nothing in it is real.' };
      if (ctx.services.databaseInfo().engine === 'postgres') return { count: 0, detail: 'This desk works on the college’s server, which IT backs up.' };
      const s = await ctx.services.backups.status(db);
      const last = s.lastBackup;
      if (!last) return { count: 1, detail: 'No backup has been made yet.' };
      if (s.lastFailure && s.lastFailure.at > last.takenAt) return { count: 1, detail: `The last backup did not work: ${s.lastFailure.message}` };
      if (ctx.now().getTime() - Date.parse(last.takenAt) > BACKUP_OVERDUE_MS) return { count: 1, detail: `The last backup was made on ${formatTimestamp(last.takenAt)}; one is made every day.` };
      if (s.secondFolderProblem) return { count: 1, detail: s.secondFolderProblem };
      return { count: 0, detail: `Last verified backup: ${formatTimestamp(last.takenAt)}.` };
    },

    unusedAccounts: async () => ({ count: unusedAccounts(await activeStaff(db), ctx.now()).length, detail: null }),
  };
}

export async function todaySummary(ctx: StaffContext): Promise<TodaySummary> {
  const now = collegeNow(ctx.now());
  const week = weekOf(now.today);
  const compute = figures(ctx, now, week);
  const items: TodayItem[] = [];
  for (const id of TODAY_ITEM_IDS) {
    const spec = TODAY_ITEMS[id];
    // Decided here, from the role's permissions: an item the role may not see is neither computed nor sent.
    if (!roleCan(ctx.staff.role, spec.access)) continue;
    const { count, detail } = await compute[id]();
    items.push({ id, group: spec.group, count, label: count > 0 ? spec.words(count) : spec.none, link: spec.link, nav: spec.nav, detail });
  }
  return { today: now.today, weekFrom: week.from, weekTo: week.to, items };
}

// Date helpers shared by core and renderer: `YYYY-MM-DD` text dates, Europe/London as the college's clock.
import { DateTime } from 'luxon';

export const COLLEGE_ZONE = 'Europe/London';

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  // By arithmetic rather than by parsing a DateTime (a quarter of a mileage line's validation went on that): the
  // Gregorian calendar's month lengths, 29 February in years divisible by 4 except centuries not divisible by 400.
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
}

/** The years the timetable (and the college's money) may use: a typo like 2062 or 1026 is caught, not stored. */
export const TIMETABLE_YEARS = { from: '2000-01-01', to: '2100-12-31' } as const;

export function isWithinTimetableYears(date: string): boolean {
  return date >= TIMETABLE_YEARS.from && date <= TIMETABLE_YEARS.to;
}

/** Today's date at the college, as `YYYY-MM-DD`. */
export function collegeToday(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(COLLEGE_ZONE).toISODate() as string;
}

/** The instant a college day begins (midnight in London), as an ISO UTC timestamp: `2026-07-01` → `2026-06-30T23:00:00.000Z`. */
export function collegeDayStart(date: string): string {
  return DateTime.fromISO(date, { zone: COLLEGE_ZONE }).startOf('day').toUTC().toISO() as string;
}

/** Whole years between a date of birth and a day. */
export function ageOn(dateOfBirth: string, on: string): number {
  return Math.floor(DateTime.fromISO(on).diff(DateTime.fromISO(dateOfBirth), 'years').years);
}

/** `2025-03-07` → `7 Mar 2025`, the way staff write dates. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone: COLLEGE_ZONE });
  return dt.isValid ? dt.toFormat('d LLL yyyy') : iso;
}

/**
 * Free text (an audit summary written before dates were worded) with each `2025-03-07` shown as `7 Mar 2025`. Stored text
 * never changes (the audit log is chained); only what staff read does. Dates inside file names or timestamps are left be.
 */
export function ukDatesIn(text: string): string {
  return text.replace(/(?<![\w-])(\d{4}-\d{2}-\d{2})(?![\w-])/g, (d) => (isIsoDate(d) ? formatDate(d) : d));
}

/** ISO timestamp → `7 Mar 2025, 14:05` in college time. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso).setZone(COLLEGE_ZONE);
  return dt.isValid ? dt.toFormat('d LLL yyyy, HH:mm') : iso;
}

// ── UK tax years and weeks: computed here only, from dates in college (Europe/London) time ──
/** The tax year a date falls in, named by its starting calendar year (6 April – 5 April): 2026-04-05 → 2025. */
export function taxYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '04-06' ? year : year - 1;
}

/** The tax year the college is in now: 00:30 on 6 April in London (23:30 UTC on the 5th, in summer time) is the new year. */
export function currentTaxYear(now: Date = new Date()): number {
  return taxYearOf(collegeToday(now));
}

export function taxYearRange(startYear: number): { from: string; to: string } {
  return { from: `${startYear}-04-06`, to: `${startYear + 1}-04-05` };
}

/** `2025-26`, the way HMRC names tax years. */
export function taxYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The Monday-to-Sunday week containing a `YYYY-MM-DD` date (a calendar date has no time zone to shift it). */
export function weekOf(date: string): { from: string; to: string } {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  const monday = d.minus({ days: d.weekday - 1 });
  return { from: monday.toISODate() as string, to: monday.plus({ days: 6 }).toISODate() as string };
}

/** The week the college is in now (Sunday 23:30 UTC in summer is already Monday in London). */
export function currentWeek(now: Date = new Date()): { from: string; to: string } {
  return weekOf(collegeToday(now));
}

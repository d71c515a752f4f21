// Date helpers shared by core and renderer: `YYYY-MM-DD` text dates, Europe/London as the college's clock.
import { DateTime } from 'luxon';

export const COLLEGE_ZONE = 'Europe/London';

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** Today's date at the college, as `YYYY-MM-DD`. */
export function collegeToday(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(COLLEGE_ZONE).toISODate() as string;
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

/** ISO timestamp → `7 Mar 2025, 14:05` in college time. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso).setZone(COLLEGE_ZONE);
  return dt.isValid ? dt.toFormat('d LLL yyyy, HH:mm') : iso;
}

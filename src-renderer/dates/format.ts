// The one place the renderer turns stored dates and times into what staff read: "14 Mar 1988", "October 2026", "14:05".
import { DateTime } from 'luxon';
import { COLLEGE_ZONE, formatDate, formatTimestamp } from '../../src-main/contract/dates';

export { formatDate, formatTimestamp };

/** `2026-10` (or a date in it) → `October 2026`. */
export function formatMonth(isoMonth: string | null | undefined): string {
  if (!isoMonth) return '';
  const dt = DateTime.fromISO(isoMonth.slice(0, 7), { zone: COLLEGE_ZONE });
  return dt.isValid ? dt.toFormat('LLLL yyyy') : isoMonth;
}

/** `2026-10` → `Oct 2026`, for chart axes where space is short. */
export function formatMonthShort(isoMonth: string | null | undefined): string {
  if (!isoMonth) return '';
  const dt = DateTime.fromISO(isoMonth.slice(0, 7), { zone: COLLEGE_ZONE });
  return dt.isValid ? dt.toFormat('LLL yyyy') : isoMonth;
}

/** `2026-03-14` → `Sat 14 Mar 2026`: a date with its weekday, for sessions. */
export function formatDayDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone: COLLEGE_ZONE });
  return dt.isValid ? dt.toFormat('ccc d LLL yyyy') : iso;
}

/** `2026-03-14` → `14/03/2026`, the way a date sits in a date field. */
export function formatDateForInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone: COLLEGE_ZONE });
  return dt.isValid ? dt.toFormat('dd/MM/yyyy') : iso;
}

/** A stored `HH:MM` (or `HH:MM:SS`) time, always shown on the 24-hour clock. */
export function formatTime(time: string | null | undefined): string {
  if (!time) return '';
  const m = /^(\d{1,2}):(\d{2})/.exec(time);
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : time;
}

/** `09:30`–`11:00` as one label. */
export function formatTimeRange(start: string, end: string): string {
  return `${formatTime(start)}–${formatTime(end)}`;
}

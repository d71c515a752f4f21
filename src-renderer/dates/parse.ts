// Reading dates and times as staff type them: always day first (UK order), never the machine's locale.
import { DateTime } from 'luxon';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function isoFrom(day: number, month: number, year: number): string | null {
  if (year < 1000 || year > 9999) return null;
  const dt = DateTime.fromObject({ year, month, day }, { zone: 'utc' });
  return dt.isValid ? (dt.toISODate() as string) : null;
}

/**
 * `14/03/1988`, `14-3-1988`, `14.03.1988`, `14 3 1988`, `14031988`, `14 March 1988` or a pasted `1988-03-14`
 * → `1988-03-14`. Anything else (a two-digit year, 31/02, US order that cannot be a UK date) → null.
 */
export function parseUkDate(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/,/g, ' ');
  if (t === '') return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return isoFrom(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{2})(\d{2})(\d{4})$/.exec(t);
  if (m) return isoFrom(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/.exec(t);
  if (m) return isoFrom(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?\s+(\d{4})$/.exec(t);
  if (m) {
    const word = m[2] === 'sept' ? 'sep' : m[2];
    const month = word.length >= 3 ? MONTHS.findIndex((name) => name.startsWith(word)) + 1 : 0;
    if (month > 0) return isoFrom(Number(m[1]), month, Number(m[3]));
  }
  return null;
}

/** `14:05`, `14.05`, `1405`, `9:30`, `9` → `HH:MM` on the 24-hour clock; anything else → null. */
export function parseTime(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{1,2})(?:[:.]?(\d{2}))?$/.exec(t);
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

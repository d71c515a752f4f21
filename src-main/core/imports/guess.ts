// Turning a college's own words into the app's: which column is which field (from its heading), which code a free-text
// value means ("White British" → A, "Female" → 2, "Self" → self-referral), and dates as staff write them (07/03/1985).
import { DateTime } from 'luxon';
import { isIsoDate } from '../../contract/dates';
import { valueKey, type ImportField } from '../../contract/imports';

/** Letters and digits only, lower case: "D.O.B." → "dob", "White – British" → "whitebritish". */
export function squash(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The field each heading most likely fills: the heading remembered from an earlier import first, then the field's
 * own label or key, then the other words colleges use. Each field fills at most one column (the first that fits).
 */
export function guessColumns(fields: readonly ImportField[], headers: string[], remembered: Record<string, string>): (string | null)[] {
  const known = new Set(fields.map((f) => f.key));
  const used = new Set<string>();
  const take = (key: string | undefined): string | null => {
    if (!key || !known.has(key) || used.has(key)) return null;
    used.add(key);
    return key;
  };
  const out: (string | null)[] = headers.map((h) => take(remembered[valueKey(h)]));
  headers.forEach((h, i) => {
    if (out[i] !== null || Object.hasOwn(remembered, valueKey(h))) return;
    const s = squash(h);
    if (!s) return;
    const field =
      fields.find((f) => squash(f.label) === s || squash(f.key) === s) ?? fields.find((f) => (f.headers ?? []).some((w) => squash(w) === s));
    out[i] = take(field?.key);
  });
  return out;
}

/** The ways a code's label can be written: whole, without its bracketed note, and the part after a dash. */
function labelForms(label: string): string[] {
  const forms = [label, label.replace(/\s*\(.*?\)\s*/g, ' ')];
  const dash = label.split(/\s[–-]\s/);
  if (dash.length > 1) forms.push(dash[dash.length - 1]);
  return forms.map(squash).filter(Boolean);
}

/**
 * The code a value most likely means, or null: blank → the field's "not known" code; the code itself; the college's
 * usual words; the label in any of its forms; else the start of exactly one label ("Self" → "Self-referral").
 */
export function suggestCode(field: ImportField, text: string): string | null {
  const codes = field.codes;
  if (!codes) return null;
  const key = valueKey(text);
  if (!key) return field.blank ?? null;
  const entries = Object.entries(codes);
  const byCode = entries.find(([code]) => code.toLowerCase() === key);
  if (byCode) return byCode[0];
  const s = squash(text);
  if (!s) return null;
  for (const [code, words] of Object.entries(field.words ?? {})) if (words.some((w) => w === key || squash(w) === s)) return code;
  const byLabel = entries.find(([, label]) => labelForms(label).includes(s));
  if (byLabel) return byLabel[0];
  if (s.length >= 3) {
    const starts = entries.filter(([, label]) => labelForms(label).some((f) => f.startsWith(s)));
    if (starts.length === 1) return starts[0][0];
  }
  return null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A date as staff write it in a spreadsheet, in UK order: `07/03/1985`, `7-3-85`, `7.3.1985`, `7 Mar 1985`,
 * `1985-03-07`. Says plainly when it is not a real day (31/02/1990) or not a date at all.
 */
export function readDate(text: string, today: string): { iso: string } | { problem: string } {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  let match: RegExpMatchArray | null;
  if ((match = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = t.match(/^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})$/))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = t.match(/^(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([A-Za-z]{3,9})\.?,?[\s\-/]+(\d{2}|\d{4})$/))) {
    const month = MONTHS.indexOf(match[2].slice(0, 3).toLowerCase());
    if (month < 0) return { problem: `“${t}” is not a date the app can read. Please write it as day/month/year, like 07/03/1985.` };
    [d, m, y] = [Number(match[1]), month + 1, Number(match[3])];
  } else return { problem: `“${t}” is not a date the app can read. Please write it as day/month/year, like 07/03/1985.` };
  // Two-digit years: the most recent year with those digits that is not in the future (85 → 1985, 07 → 2007).
  if (y < 100) {
    const century = Number(today.slice(0, 2)) * 100;
    y = century + y > Number(today.slice(0, 4)) ? century - 100 + y : century + y;
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isIsoDate(iso)) {
    const monthName = m >= 1 && m <= 12 ? DateTime.utc(2000, m, 1).toFormat('LLLL') : null;
    return {
      problem: monthName
        ? `“${t}” is not a real date: ${monthName} ${y} has no day ${d}. Please check the day and month.`
        : `“${t}” is not a real date: there is no month ${m}. Dates are read day first (day/month/year); please check the order.`,
    };
  }
  return { iso };
}

// Money and other typed decimals: parsed from text into integer minor units without floating point, and formatted back.
// The one place that converts between what staff type ("£1,234.5") and what is stored (123450 pence).

export type Pence = number;

export type ParseResult = { ok: true; value: number } | { ok: false; message: string };

/** Largest amount the app accepts anywhere: £1,000,000.00 (keeps every sum far inside safe integers). */
export const MAX_PENCE = 100_000_000;

/**
 * Parses a non-negative decimal typed by a person into an integer count of `1 / 10^places` units,
 * digit by digit (never `Math.round(x * 100)`). Accepts thousands commas in the right places and spaces around.
 */
export function parseDecimal(text: string, places: number, what: { noun: string; example: string; max: number }): ParseResult {
  const raw = String(text ?? '').trim();
  if (raw === '') return { ok: false, message: `Please enter the ${what.noun}.` };
  if (/^[-−–(]/.test(raw) || raw.endsWith(')')) return { ok: false, message: `The ${what.noun} cannot be negative.` };
  const m = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(raw);
  if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) {
    return { ok: false, message: `Please enter the ${what.noun} as a number, for example ${what.example}.` };
  }
  const whole = m[1].replace(/,/g, '');
  const fraction = m[2] ?? '';
  if (fraction.length > places) {
    return {
      ok: false,
      message:
        places === 0
          ? `Please enter the ${what.noun} as a whole number.`
          : `The ${what.noun} can have at most ${places} decimal place${places === 1 ? '' : 's'}, for example ${what.example}.`,
    };
  }
  if (whole.replace(/^0+/, '').length > 12) return { ok: false, message: `The ${what.noun} is too large.` };
  let value = 0;
  for (const ch of whole) value = value * 10 + (ch.charCodeAt(0) - 48);
  const padded = fraction.padEnd(places, '0');
  for (const ch of padded) value = value * 10 + (ch.charCodeAt(0) - 48);
  if (value > what.max) return { ok: false, message: `The ${what.noun} is too large: the most the app accepts is ${formatUnits(what.max, places)}.` };
  return { ok: true, value };
}

/** "12.5" → 1250, "£1,234.56" → 123456. Rejects negatives, more than 2 decimal places and anything that is not a number. */
export function parseMoney(text: string, noun = 'amount'): ParseResult {
  const raw = String(text ?? '').trim().replace(/^£\s*/, '');
  if (/^[-−–]\s*£/.test(String(text ?? '').trim())) return { ok: false, message: `The ${noun} cannot be negative.` };
  return parseDecimal(raw, 2, { noun, example: '12.50', max: MAX_PENCE });
}

/** Miles typed to at most one decimal place: "12.5" → 125 tenths of a mile. */
export function parseMilesTenths(text: string): ParseResult {
  const raw = String(text ?? '').trim().replace(/\s*(mi|miles?)$/i, '');
  return parseDecimal(raw, 1, { noun: 'miles', example: '12.5', max: 100_000 * 10 });
}

/** Hours typed to at most two decimal places: "1.5" → 150 hundredths of an hour. */
export function parseHoursHundredths(text: string): ParseResult {
  const raw = String(text ?? '').trim().replace(/\s*(h|hrs?|hours?)$/i, '');
  return parseDecimal(raw, 2, { noun: 'hours', example: '1.5', max: 24 * 100 });
}

function formatUnits(units: number, places: number, thousands = true): string {
  const negative = units < 0;
  const abs = Math.abs(Math.trunc(units));
  const s = String(abs).padStart(places + 1, '0');
  const whole = places > 0 ? s.slice(0, -places) : s;
  const fraction = places > 0 ? s.slice(-places) : '';
  const grouped = thousands ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${negative ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** 1250 → "£12.50", 123456 → "£1,234.56". */
export function formatPence(pence: Pence): string {
  const s = formatUnits(pence, 2);
  return s.startsWith('-') ? `-£${s.slice(1)}` : `£${s}`;
}

/** 1250 → "12.50": money as a plain number for spreadsheets (no symbol, no thousands commas). */
export function formatPenceNumber(pence: Pence): string {
  return formatUnits(pence, 2, false);
}

/** A rate in whole pence the way HMRC writes it: 45 → "45p", 150 → "£1.50". */
export function formatRate(pence: Pence): string {
  return pence < 100 ? `${pence}p` : formatPence(pence);
}

/** 125 tenths → "12.5", 1200 → "120" (no trailing .0). */
export function formatTenths(tenths: number): string {
  const s = formatUnits(tenths, 1, false);
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

/** 150 hundredths of an hour → "1.5". */
export function formatHundredths(hundredths: number): string {
  return formatUnits(hundredths, 2, false).replace(/\.?0+$/, '') || '0';
}

/** Integer division rounding halves up (amounts are never negative). */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((numerator * 2 + denominator) / (denominator * 2));
}

// NHS number rules from BRIEF.md: Modulus 11 check digit, never ten equal digits, shown as "3 3 4".

export type NhsNumberCheck = { valid: true; digits: string } | { valid: false; reason: string };

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** Separators people type between the groups of an NHS number: spaces, dashes, dots. */
const SEPARATORS = /[\s.\-‐‑–]/g;

/** What was typed, without the separators (`943-476-5919`, `943.476.5919`, `943 476 5919` → `9434765919`). */
export function nhsDigits(typed: string): string {
  return typed.replace(SEPARATORS, '');
}

/** True when what was typed is only digits and separators, so it may be (part of) an NHS or phone number. */
export function looksLikeDigits(typed: string): boolean {
  return /\d/.test(typed) && /^[\d\s.\-‐‑–]+$/.test(typed);
}

/** Accepts digits with or without spaces, dashes or dots (as typed); says why when it is not a valid NHS number. */
export function checkNhsNumber(input: string): NhsNumberCheck {
  const digits = nhsDigits(input);
  if (!/^\d+$/.test(digits)) return { valid: false, reason: 'An NHS number is made of digits only.' };
  if (digits.length !== 10) {
    return { valid: false, reason: `An NHS number has 10 digits; this one has ${digits.length}.` };
  }
  if (/^(\d)\1{9}$/.test(digits)) return { valid: false, reason: 'An NHS number cannot be ten of the same digit.' };
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) {
    return { valid: false, reason: 'This is not a valid NHS number (no NHS number can have these first nine digits).' };
  }
  const expected = check === 11 ? 0 : check;
  if (expected !== Number(digits[9])) {
    return {
      valid: false,
      reason: 'This NHS number’s last digit (the check digit) does not match — please check it was typed correctly.',
    };
  }
  return { valid: true, digits };
}

/** `9434765919` → `943 476 5919`. */
export function formatNhsNumber(digits: string): string {
  const d = nhsDigits(digits);
  return d.length === 10 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : digits;
}

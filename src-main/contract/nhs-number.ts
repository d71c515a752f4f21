// NHS number rules from BRIEF.md: Modulus 11 check digit, never ten equal digits, shown as "3 3 4".

export type NhsNumberCheck = { valid: true; digits: string } | { valid: false; reason: string };

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** Accepts digits with or without spaces (as typed); says why when it is not a valid NHS number. */
export function checkNhsNumber(input: string): NhsNumberCheck {
  const digits = input.replace(/[\s-]/g, '');
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
  const d = digits.replace(/\s/g, '');
  return d.length === 10 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : digits;
}

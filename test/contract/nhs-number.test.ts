// NHS number rules against the shared test vectors (test/fixtures/nhs-numbers.csv, copied from shared/fixtures).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { checkNhsNumber, formatNhsNumber } from '../../src-main/contract/nhs-number';

const vectors = parse(readFileSync(new URL('../fixtures/nhs-numbers.csv', import.meta.url)), { columns: true }) as {
  nhs_number: string;
  valid: string;
  why: string;
}[];

describe('NHS number', () => {
  it('has test vectors to check', () => expect(vectors.length).toBeGreaterThan(10));

  it.each(vectors)('$nhs_number is valid=$valid ($why)', ({ nhs_number, valid }) => {
    expect(checkNhsNumber(nhs_number).valid).toBe(valid === 'true');
  });

  it('accepts spaces as typed and says why a number is wrong', () => {
    expect(checkNhsNumber('943 476 5919')).toEqual({ valid: true, digits: '9434765919' });
    const reasons = ['943 476 5910', '123 456 7890', '4444444444', '943476591'].map((n) => {
      const r = checkNhsNumber(n);
      return r.valid ? 'valid' : r.reason;
    });
    expect(reasons[0]).toMatch(/check digit/);
    expect(reasons[1]).toMatch(/not a valid NHS number/);
    expect(reasons[2]).toMatch(/same digit/);
    expect(reasons[3]).toMatch(/10 digits/);
  });

  it('shows numbers as 3 3 4', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });
});

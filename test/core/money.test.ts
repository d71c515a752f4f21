// Money typed as text → integer pence and back, without floating point; miles and hours the same way.
import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, formatPence, formatPenceNumber, formatTenths, parseHoursHundredths, parseMilesTenths, parseMoney } from '../../src-main/contract/money';

const pence = (s: string) => {
  const r = parseMoney(s);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const refusal = (s: string) => {
  const r = parseMoney(s);
  if (r.ok) throw new Error(`"${s}" was accepted as ${r.value}`);
  return r.message;
};

describe('parseMoney', () => {
  it('reads what people type', () => {
    expect(pence('12.5')).toBe(1250);
    expect(pence('12.50')).toBe(1250);
    expect(pence('12')).toBe(1200);
    expect(pence('12.')).toBe(1200);
    expect(pence('.5')).toBe(50);
    expect(pence('0.07')).toBe(7);
    expect(pence('£1,234.56')).toBe(123456);
    expect(pence(' £ 3.20 ')).toBe(320);
    expect(pence('999999.99')).toBe(99_999_999);
    // Classic floating-point traps come out exact.
    expect(pence('0.29')).toBe(29);
    expect(pence('1.00')).toBe(100);
    expect(pence('4.35')).toBe(435);
    expect(pence('1,000,000.00')).toBe(100_000_000);
  });

  it('refuses negatives, too many decimals and non-numbers with plain messages', () => {
    expect(refusal('-5')).toMatch(/cannot be negative/);
    expect(refusal('-£5.00')).toMatch(/cannot be negative/);
    expect(refusal('(5.00)')).toMatch(/cannot be negative/);
    expect(refusal('12.345')).toMatch(/at most 2 decimal places/);
    expect(refusal('')).toMatch(/Please enter the amount/);
    expect(refusal('twelve')).toMatch(/as a number, for example 12\.50/);
    expect(refusal('1,23.00')).toMatch(/as a number/);
    expect(refusal('12,5')).toMatch(/as a number/);
    expect(refusal('1e3')).toMatch(/as a number/);
    expect(refusal('£1,000,000.01')).toMatch(/too large/);
  });

  it('round-trips every formatted amount (property loop over many values)', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const samples = [0, 1, 9, 10, 99, 100, 101, 999, 1000, 99_999, 100_000, 123_456, 100_000_000];
    for (let i = 0; i < 3000; i++) samples.push(next() % 100_000_001);
    for (const p of samples) {
      expect(pence(formatPence(p))).toBe(p);
      expect(pence(formatPenceNumber(p))).toBe(p);
    }
  });
});

describe('formatting', () => {
  it('formats pence the way staff read money', () => {
    expect(formatPence(1250)).toBe('£12.50');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(0)).toBe('£0.00');
    expect(formatPence(123456)).toBe('£1,234.56');
    expect(formatPenceNumber(123456)).toBe('1234.56');
    expect(formatPenceNumber(7)).toBe('0.07');
  });

  it('reads and writes miles in tenths and hours in hundredths', () => {
    const miles = parseMilesTenths('12.5');
    expect(miles).toEqual({ ok: true, value: 125 });
    expect(parseMilesTenths('120 miles')).toEqual({ ok: true, value: 1200 });
    expect(parseMilesTenths('12.55')).toMatchObject({ ok: false, message: expect.stringMatching(/at most 1 decimal place/) });
    expect(parseMilesTenths('-3')).toMatchObject({ ok: false, message: expect.stringMatching(/negative/) });
    expect(formatTenths(125)).toBe('12.5');
    expect(formatTenths(1200)).toBe('120');
    expect(parseHoursHundredths('1.5')).toEqual({ ok: true, value: 150 });
    expect(parseHoursHundredths('25')).toMatchObject({ ok: false });
  });

  it('rounds halves up in integer division', () => {
    expect(divRoundHalfUp(5625, 10)).toBe(563);
    expect(divRoundHalfUp(5624, 10)).toBe(562);
    expect(divRoundHalfUp(0, 10)).toBe(0);
  });
});

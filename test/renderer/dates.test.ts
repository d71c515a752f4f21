// Dates typed by staff are read day first (UK order) whatever the machine's locale, and shown one way everywhere.
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateForInput, formatMonth, formatTime } from '../../src-renderer/dates/format';
import { parseTime, parseUkDate } from '../../src-renderer/dates/parse';

describe('reading a typed date', () => {
  it.each([
    ['14/03/1988', '1988-03-14'],
    ['14 3 1988', '1988-03-14'],
    ['14031988', '1988-03-14'],
    ['14-3-1988', '1988-03-14'],
    ['14.03.1988', '1988-03-14'],
    [' 1/12/2026 ', '2026-12-01'],
    ['14 March 1988', '1988-03-14'],
    ['14 mar 1988', '1988-03-14'],
    ['1988-03-14', '1988-03-14'],
  ])('reads %s as %s (day first, never US order)', (typed, iso) => {
    expect(parseUkDate(typed)).toBe(iso);
  });

  it.each(['03/14/1988', '31/02/2026', '14/03/88', '1403198', '', 'tomorrow', '14 Smarch 1988'])('refuses %s rather than guessing', (typed) => {
    expect(parseUkDate(typed)).toBeNull();
  });
});

describe('reading a typed time', () => {
  it.each([
    ['14:05', '14:05'],
    ['1405', '14:05'],
    ['9:30', '09:30'],
    ['930', '09:30'],
    ['9', '09:00'],
    ['14.30', '14:30'],
  ])('reads %s as %s on the 24-hour clock', (typed, time) => {
    expect(parseTime(typed)).toBe(time);
  });
  it.each(['24:00', '12:60', '2pm', ''])('refuses %s', (typed) => expect(parseTime(typed)).toBeNull());
});

describe('showing dates', () => {
  it('shows a date as "14 Mar 1988", a month as "October 2026", a field as 14/03/1988 and times on the 24-hour clock', () => {
    expect(formatDate('1988-03-14')).toBe('14 Mar 1988');
    expect(formatMonth('2026-10')).toBe('October 2026');
    expect(formatDateForInput('2026-12-01')).toBe('01/12/2026');
    expect(formatTime('9:05')).toBe('09:05');
    expect(formatTime('14:05:00')).toBe('14:05');
  });
});

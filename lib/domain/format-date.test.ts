import { describe, expect, test } from 'vitest';
import { formatCalendarDay, formatIsoDay } from './format-date';

describe('formatIsoDay', () => {
  test.each([
    ['2024-07-12T00:00:00.000Z', '12 Jul 2024'],
    ['2024-07-12T23:59:59+00:00', '12 Jul 2024'],
    // A UTC day, whatever the server's time zone: 23:30 in New York on the 11th is the 12th in UTC.
    ['2024-07-11T23:30:00-04:00', '12 Jul 2024'],
    ['1999-12-31T12:00:00Z', '31 Dec 1999'],
  ])('%s -> %s', (iso, expected) => {
    expect(formatIsoDay(iso)).toBe(expected);
  });

  test.each([[null], [undefined], [''], ['not a date']])('%s -> the fallback', (value) => {
    expect(formatIsoDay(value, 'undated')).toBe('undated');
    expect(formatIsoDay(value)).toBe('—');
  });

  test('the same text as toLocaleDateString with the same options (what the pages showed before)', () => {
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2027, 0, 1); t += 37 * 86_400_000 + 3_600_000) {
      const iso = new Date(t).toISOString();
      expect(formatIsoDay(iso)).toBe(new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));
    }
  });
});

describe('formatCalendarDay', () => {
  test.each([
    ['2027-06-30', '30 Jun 2027'],
    ['2026-01-01', '1 Jan 2026'],
    ['not-a-day', 'not-a-day'],
  ])('%s -> %s', (day, expected) => {
    expect(formatCalendarDay(day)).toBe(expected);
  });
});

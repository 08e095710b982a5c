import { describe, expect, it } from 'vitest';
import { HolidayCalendar } from '../src/facts/holidays.js';
import { defaultRuleSources, loadRulePacks } from '../src/index.js';

/**
 * Pins Mexico's LFT art. 74 rest days (mexico.md §4) as the shipped rules compute them: date-holidays'
 * MX 'public' list plus the calendar block of rules/mx/holiday.json. A change in a new date-holidays
 * release is noticed here, not silently absorbed.
 */
const calendar = loadRulePacks(defaultRuleSources).get('MX')?.calendar;
const shipped = new HolidayCalendar(calendar ? { MX: calendar } : {});
const raw = new HolidayCalendar({ MX: { types: ['public'], add: [], remove: [] } });

function restDays(cal: HolidayCalendar, year: number, state?: string): string[] {
  const days: string[] = [];
  for (let d = Date.UTC(year, 0, 1); d < Date.UTC(year + 1, 0, 1); d += 86_400_000) {
    const date = new Date(d).toISOString().slice(0, 10);
    if (cal.holidayOn('MX', state, date) !== undefined) days.push(date.slice(5));
  }
  return days;
}

describe('Mexico LFT art. 74 rest days', () => {
  it('the MX pack carries a calendar block', () => {
    expect(calendar?.types).toEqual(['public']);
  });

  it.each([
    // mexico.md §4 "Computed dates"
    [2025, ['01-01', '02-03', '03-17', '05-01', '09-16', '11-17', '12-25']],
    [2026, ['01-01', '02-02', '03-16', '05-01', '09-16', '11-16', '12-25']],
    [2027, ['01-01', '02-01', '03-15', '05-01', '09-16', '11-15', '12-25']],
    [2028, ['01-01', '02-07', '03-20', '05-01', '09-16', '11-20', '12-25']],
    // Years of a transfer of the federal executive: 1 October since the reform of DOF 30 Sep 2024.
    [2024, ['01-01', '02-05', '03-18', '05-01', '09-16', '10-01', '11-18', '12-25']],
    [2030, ['01-01', '02-04', '03-18', '05-01', '09-16', '10-01', '11-18', '12-25']],
  ] as const)("%i is the brief's list", (year, days) => {
    expect(restDays(shipped, year)).toEqual(days);
  });

  it('2036: 1 October, not 1 December', () => {
    expect(shipped.holidayOn('MX', undefined, '2036-10-01')).toBe('Transmisión del Poder Ejecutivo Federal');
    expect(shipped.holidayOn('MX', undefined, '2036-12-01')).toBeUndefined();
  });

  it('before the reform the transfer was on 1 December (2018 keeps it)', () => {
    expect(shipped.holidayOn('MX', undefined, '2018-12-01')).toBe('Transmisión del Poder Ejecutivo Federal');
    expect(shipped.holidayOn('MX', undefined, '2018-10-01')).toBeUndefined();
  });

  it('customary days are not art. 74 days: Holy Thursday and Friday, 2 November, 12 December', () => {
    for (const date of ['2026-04-02', '2026-04-03', '2026-11-02', '2026-12-12'])
      expect(shipped.holidayOn('MX', undefined, date)).toBeUndefined();
  });

  it.each(['SON', 'CHH', 'ROO', 'CMX', 'BCN'])(
    'state %s has the national list (date-holidays has no Mexican state holidays)',
    (state) => {
      expect(restDays(shipped, 2026, state)).toEqual(['01-01', '02-02', '03-16', '05-01', '09-16', '11-16', '12-25']);
      expect(restDays(shipped, 2024, state)).toContain('10-01');
    },
  );

  it('date-holidays itself still puts the transfer on 1 December 2024 and 2030 (drop the correction when this fails)', () => {
    expect(raw.holidayOn('MX', undefined, '2024-12-01')).toBe('Transmisión del Poder Ejecutivo Federal');
    expect(raw.holidayOn('MX', undefined, '2030-12-01')).toBe('Transmisión del Poder Ejecutivo Federal');
    expect(raw.holidayOn('MX', undefined, '2024-10-01')).toBeUndefined();
  });
});

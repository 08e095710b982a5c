import { describe, expect, it } from 'vitest';
import { HolidayCalendar } from '../src/facts/holidays.js';

/**
 * Pins Colombia's 2026 festivos (colombia.md §4.2 plus Ley 2578 de 2026's Virgen de Chiquinquirá) so a
 * change in a new date-holidays release is noticed, not silently absorbed.
 */
describe('Colombia festivos 2026', () => {
  it("are the brief's 18 + Ley 2578 de 2026", () => {
    const cal = new HolidayCalendar({ CO: { types: ['public'], add: [], remove: [] } });
    const days: string[] = [];
    for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      const weekday = new Date(d).getUTCDay();
      if (weekday !== 0 && cal.holidayOn('CO', undefined, date)) days.push(date.slice(5));
    }
    expect(days).toEqual([
      '01-01',
      '01-12',
      '03-23',
      '04-02',
      '04-03',
      '05-01',
      '05-18',
      '06-08',
      '06-15',
      '06-29',
      '07-13',
      '07-20',
      '08-07',
      '08-17',
      '10-12',
      '11-02',
      '11-16',
      '12-08',
      '12-25',
    ]);
  });
});

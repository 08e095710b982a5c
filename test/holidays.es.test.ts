import { describe, expect, it } from 'vitest';
import { HolidayCalendar } from '../src/facts/holidays.js';
import { esRuleSources } from '../src/rules/esRuleSources.js';
import { loadRulePacks, RuleConfigError, type RuleSource } from '../src/index.js';

/**
 * Pins Spain's 2026 weekday holidays for the regions checked against the regional decrees (Madrid:
 * Consejo de Gobierno, Sept. 2025; Comunitat Valenciana: Decreto del Consell for 2026) so a change in
 * a date-holidays release, or in rules/es/holiday.json's corrections, is noticed, not absorbed.
 */
const calendar = loadRulePacks(esRuleSources).get('ES')!.calendar!;
const cal = new HolidayCalendar({ ES: calendar });

function weekdayHolidays(region: string | undefined): string[] {
  const days: string[] = [];
  for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += 86_400_000) {
    const date = new Date(d).toISOString().slice(0, 10);
    const weekday = new Date(d).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && cal.holidayOn('ES', region, date)) days.push(date.slice(5));
  }
  return days;
}

describe('Spain holidays 2026 (weekdays)', () => {
  it('national: the 9 days common to all of Spain, less those on a weekend (spain.md §5.1)', () => {
    expect(weekdayHolidays(undefined)).toEqual(['01-01', '01-06', '04-03', '05-01', '10-12', '12-08', '12-25']);
  });

  it('Comunidad de Madrid: Jueves Santo and the Monday replacements of 1 Nov and 6 Dec', () => {
    expect(weekdayHolidays('MD')).toEqual(['01-01', '01-06', '04-02', '04-03', '05-01', '10-12', '11-02', '12-07', '12-08', '12-25']);
  });

  it('Comunitat Valenciana: with 9 October, which date-holidays lacks and holiday.json adds', () => {
    expect(weekdayHolidays('VC')).toEqual(['01-01', '01-06', '03-19', '04-03', '04-06', '05-01', '06-24', '10-09', '10-12', '12-08', '12-25']);
  });

  it('a correction scoped to a region is not applied elsewhere, nor to the national calendar', () => {
    expect(cal.holidayOn('ES', 'VC', '2026-10-09')).toBe('Día de la Comunitat Valenciana');
    expect(cal.holidayOn('ES', 'MD', '2026-10-09')).toBeUndefined();
    expect(cal.holidayOn('ES', undefined, '2026-10-09')).toBeUndefined();
  });

  it('holidayInAnyRegion is the union of every region\'s calendar, corrections included', () => {
    expect(cal.holidayInAnyRegion('ES', '2026-09-11')).toBe(true); // Diada, Cataluña only
    expect(cal.holidayInAnyRegion('ES', '2026-10-09')).toBe(true); // the ES-VC correction
    expect(cal.holidayInAnyRegion('ES', '2026-10-12')).toBe(true); // national
    expect(cal.holidayInAnyRegion('ES', '2026-03-10')).toBe(false);
  });
});

describe('calendar corrections name a region of the file\'s country', () => {
  const holiday = esRuleSources.find((s) => s.path === 'rules/es/holiday.json')!;
  const withAdd = (region: string): RuleSource => {
    const data = JSON.parse(JSON.stringify(holiday.data)) as { calendar: { add: Array<Record<string, string>> } };
    data.calendar.add.push({ date: '2026-10-09', name: 'x', source: 'test', region });
    return { path: holiday.path, data };
  };
  const problems = (s: RuleSource): string => {
    try {
      loadRulePacks([s]);
    } catch (e) {
      expect(e).toBeInstanceOf(RuleConfigError);
      return (e as Error).message;
    }
    throw new Error('expected the rule file to be rejected');
  };

  it.each([['MX-SON'], ['ES-XX'], ['ES-V']])('%s is rejected (another country, unknown, or a province)', (region) => {
    expect(problems(withAdd(region))).toMatch(/rules\/es\/holiday\.json#\/calendar\/add\/1\/region: unknown_region/);
  });

  it('a malformed code is rejected by the schema', () => {
    expect(problems(withAdd('Valencia'))).toMatch(/holiday\.json#\/calendar\/add\/1\/region: invalid_format/);
  });

  it('ES-VC is accepted', () => {
    expect(() => loadRulePacks([withAdd('ES-VC')])).not.toThrow();
  });
});

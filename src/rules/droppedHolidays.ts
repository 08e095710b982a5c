import { DEFAULT_CALENDAR, HolidayCalendar } from '../facts/holidays.js';
import type { Country } from '../schema/enums.js';
import { holidayRegionsOf } from '../schema/regions.js';
import type { RulePack } from './loadRulePacks.js';

/** One year in which a pack's holiday data has fewer days than the shipped data, in some place. */
export interface DroppedYear {
  readonly year: number;
  /** `date (name)` of each day the shipped data holds and the pack's does not, in any place. */
  readonly dates: readonly string[];
}

/**
 * The days the holiday data of `mine` drops from the shipped data, year by year, for the years an
 * official holiday table decides in either (a table replaces date-holidays for its years: a table
 * that lists one day removes every other). Compared as the check reads them: for the whole country,
 * for each region, and for "a holiday in any region". Days added are a tightening and not reported;
 * a year the shipped data knows and the pack's does not (unavailable) counts as every day dropped.
 * The calendar corrections (`types`, `add`, `remove`) are compared as written by the floor itself.
 */
export function droppedHolidays(country: Country, shipped: RulePack, mine: RulePack): DroppedYear[] {
  const years = new Set(
    [...(shipped.holidayTable?.years ?? []), ...(mine.holidayTable?.years ?? [])].map((y) => y.year),
  );
  if (years.size === 0) return [];
  const calendarOf = (p: RulePack): HolidayCalendar =>
    new HolidayCalendar(
      { [country]: p.calendar ?? DEFAULT_CALENDAR },
      p.holidayTable ? { [country]: p.holidayTable } : {},
    );
  const theirs = calendarOf(shipped);
  const ours = calendarOf(mine);
  // A region is looked up on its own only where some source has days of its own for it: date-holidays'
  // regions, and the columns of either table; elsewhere its days are the country's.
  const regions = new Set([
    ...(theirs.dateHolidaysRegions(country) ?? holidayRegionsOf(country)),
    ...(shipped.holidayTable?.regions ?? []),
    ...(mine.holidayTable?.regions ?? []),
  ]);
  const scopes: Array<string | undefined> = [undefined, '*', ...[...regions].sort()];
  const out: DroppedYear[] = [];
  for (const year of [...years].sort((a, b) => a - b)) {
    const dropped = new Map<string, string>();
    for (const scope of scopes) {
      const want = theirs.yearHolidays(country, scope, year);
      if (want === null) continue; // the shipped data does not know the year: nothing to drop
      const got = ours.yearHolidays(country, scope, year);
      for (const [date, name] of want) {
        if (got?.has(date) !== true && !dropped.has(date))
          dropped.set(date, scope === undefined || scope === '*' ? name : `${name}, ${country}-${scope}`);
      }
    }
    if (dropped.size > 0)
      out.push({
        year,
        dates: [...dropped].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, name]) => `${date} (${name})`),
      });
  }
  return out;
}

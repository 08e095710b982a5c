import { dateOfDayNumber } from '../_lib/localClock.js';
import { yearOfDayNumber } from '../_lib/zoneOffsets.js';
import type { Country } from '../schema/enums.js';
import type { HolidayCalendar } from './holidays.js';

/** A year's holidays as day numbers; `null`: the calendar for that year is unavailable (never "no holidays"). */
type YearDays = ReadonlySet<number> | null;

/** Holiday look-ups for one debtor's country and region, by day number. */
export interface DebtorHolidays {
  /** Whether the day is a public holiday for the country and region; undefined when the calendar is unavailable. */
  isHoliday(day: number): boolean | undefined;
  /** Whether the day is a public holiday in some region of the country; undefined when unavailable. */
  inAnyRegion(day: number): boolean | undefined;
}

/**
 * Holidays by day number, each year's set built once from the holiday calendar (which itself builds
 * each country, region and year once): a look-up in the check is a set membership test.
 */
export class HolidayDays {
  private readonly years = new Map<string, Map<number, YearDays>>();
  private readonly debtors = new Map<string, DebtorHolidays>();

  constructor(readonly calendar: HolidayCalendar) {}

  forDebtor(country: Country, region: string | undefined): DebtorHolidays {
    const key = `${country}|${region ?? ''}`;
    let d = this.debtors.get(key);
    if (!d) {
      const own = this.yearsOf(key, (date) => this.calendar.isHoliday(country, region, date));
      const any = this.yearsOf(`${country}|*`, (date) => this.calendar.holidayInAnyRegion(country, date));
      d = { isHoliday: (day) => member(own, day), inAnyRegion: (day) => member(any, day) };
      this.debtors.set(key, d);
    }
    return d;
  }

  private yearsOf(key: string, probe: (date: string) => boolean | undefined): (year: number) => YearDays {
    let byYear = this.years.get(key);
    if (!byYear) {
      byYear = new Map();
      this.years.set(key, byYear);
    }
    const cache = byYear;
    return (year) => {
      let set = cache.get(year);
      if (set === undefined) {
        set = yearSet(year, probe);
        cache.set(year, set);
      }
      return set;
    };
  }
}

function member(yearDays: (year: number) => YearDays, day: number): boolean | undefined {
  const set = yearDays(yearOfDayNumber(day));
  return set === null ? undefined : set.has(day);
}

function yearSet(year: number, probe: (date: string) => boolean | undefined): YearDays {
  const first = Math.floor(Date.UTC(year, 0, 1) / 86_400_000);
  const last = Math.floor(Date.UTC(year, 11, 31) / 86_400_000);
  const out = new Set<number>();
  for (let day = first; day <= last; day++) {
    const h = probe(dateOfDayNumber(day));
    if (h === undefined) return null;
    if (h) out.add(day);
  }
  return out;
}

import Holidays from 'date-holidays';
import type { Country } from '../schema/enums.js';
import type { Calendar } from '../schema/rule.js';

/** The calendar of a country whose rule files give none: date-holidays' public holidays, uncorrected. */
export const DEFAULT_CALENDAR: Calendar = { types: ['public'], add: [], remove: [] };

/**
 * Public holidays (festivos) by country, region and year, from date-holidays, corrected by the
 * `calendar` block of each country's holiday rule file. Each year's set is computed once and cached:
 * the check runs before every message.
 */
export class HolidayCalendar {
  /** `null`: the calendar for that year could not be computed (unknown, never "no holidays"). */
  private readonly years = new Map<string, ReadonlyMap<string, string> | null>();
  private readonly anyRegionYears = new Map<string, ReadonlySet<string> | null>();
  private readonly instances = new Map<string, Holidays>();

  constructor(private readonly calendars: Partial<Record<Country, Calendar>>) {}

  /** The holiday's name on that local date, or undefined on a working day (or when the calendar is unavailable). */
  holidayOn(country: Country, region: string | undefined, date: string): string | undefined {
    return this.yearSet(country, region, Number(date.slice(0, 4)))?.get(date);
  }

  /**
   * Whether the local date is a public holiday; undefined when the calendar for that year cannot be
   * computed, so that a rule needing it fails closed instead of reading a quiet `false`.
   */
  isHoliday(country: Country, region: string | undefined, date: string): boolean | undefined {
    return this.yearSet(country, region, Number(date.slice(0, 4)))?.has(date);
  }

  /**
   * Whether the date is a public holiday in at least one region of the country (national holidays
   * included): what a conservative check can say when the debtor's region is unknown.
   */
  holidayInAnyRegion(country: Country, date: string): boolean | undefined {
    const year = date.slice(0, 4);
    const key = `${country}|${year}`;
    let set = this.anyRegionYears.get(key);
    if (set === undefined) {
      set = this.anyRegionSet(country, Number(year));
      this.anyRegionYears.set(key, set);
    }
    return set === null ? undefined : set.has(date);
  }

  private anyRegionSet(country: Country, year: number): ReadonlySet<string> | null {
    let regions: string[];
    try {
      regions = Object.keys(this.instance(country, undefined).getStates(country) ?? {});
    } catch {
      return null;
    }
    const dates = new Set<string>();
    for (const region of [undefined, ...regions]) {
      const set = this.yearSet(country, region, year);
      if (set === null) return null;
      for (const d of set.keys()) dates.add(d);
    }
    return dates;
  }

  private yearSet(country: Country, region: string | undefined, year: number): ReadonlyMap<string, string> | null {
    const key = `${country}|${region ?? ''}|${year}`;
    let set = this.years.get(key);
    if (set === undefined) {
      set = this.compute(country, region, year);
      this.years.set(key, set);
    }
    return set;
  }

  private compute(country: Country, region: string | undefined, year: number): ReadonlyMap<string, string> | null {
    const calendar = this.calendars[country] ?? DEFAULT_CALENDAR;
    const types = new Set<string>(calendar.types);
    let list: ReturnType<Holidays['getHolidays']> | undefined;
    try {
      list = this.instance(country, region).getHolidays(year);
    } catch {
      return null;
    }
    // No holiday at all that year means no data, not a year without holidays: unavailable.
    if (!Array.isArray(list) || list.length === 0) return null;
    const out = new Map<string, string>();
    for (const h of list) {
      if (types.has(h.type)) {
        const date = h.date.slice(0, 10);
        out.set(date, out.has(date) ? `${out.get(date)} / ${h.name}` : h.name);
      }
    }
    // A correction scoped to a region applies only there; an unscoped one applies everywhere.
    const applies = (c: { date: string; region?: string | undefined }): boolean =>
      c.date.startsWith(String(year)) && (c.region === undefined || c.region === `${country}-${region}`);
    for (const r of calendar.remove) if (applies(r)) out.delete(r.date);
    for (const a of calendar.add) if (applies(a)) out.set(a.date, a.name);
    return out;
  }

  private instance(country: Country, region: string | undefined): Holidays {
    const key = `${country}|${region ?? ''}`;
    let hd = this.instances.get(key);
    if (!hd) {
      hd = region ? new Holidays(country, region) : new Holidays(country);
      this.instances.set(key, hd);
    }
    return hd;
  }
}

import Holidays from 'date-holidays';
import type { Country } from '../schema/enums.js';
import type { GazetteReference, HolidayTable, HolidayTableYear } from '../schema/holidayTable.js';
import type { Calendar } from '../schema/rule.js';

/** The calendar of a country whose rule files give none: date-holidays' public holidays, uncorrected. */
export const DEFAULT_CALENDAR: Calendar = { types: ['public'], add: [], remove: [] };

/** Where a year's holidays come from: the official table shipped in rules/, or date-holidays. */
export type HolidaySource =
  | { readonly kind: 'table'; readonly reference: GazetteReference }
  | { readonly kind: 'date-holidays' };

/** Where a country's holiday data was read from: the shipped rules, or the caller's files. */
export interface HolidayOrigin {
  /** The calendar or the official table is not the shipped one (custom rule files). */
  readonly custom: boolean;
  /** The rule file holding the calendar corrections (none: date-holidays uncorrected). */
  readonly calendarFile: string | null;
  /** The rule file holding the official holiday table (none: no table). */
  readonly tableFile: string | null;
}

/** Joins several region codes into one holiday scope: a date is a holiday if it is one in any of them. */
export const REGION_SEPARATOR = '+';

/**
 * Public holidays (festivos) by country, region and year. A year the country's official table lists
 * (Spain: the BOE "relación de fiestas laborales", rules/es/holiday_table.json) is read from the
 * table; any other year comes from date-holidays, corrected by the `calendar` block of the country's
 * holiday rule file. Each year's set is computed once and cached: the check runs before every message.
 *
 * `region` is a region code without the country prefix, or several joined by `+` (`MD+CN`) when the
 * evidence of place names more than one: the holidays of each apply (the conservative union).
 */
export class HolidayCalendar {
  /** `null`: the calendar for that year could not be computed (unknown, never "no holidays"). */
  private readonly years = new Map<string, ReadonlyMap<string, string> | null>();
  private readonly anyRegionYears = new Map<string, ReadonlySet<string> | null>();

  constructor(
    private readonly calendars: Partial<Record<Country, Calendar>>,
    private readonly tables: Partial<Record<Country, HolidayTable>> = {},
    private readonly origins: Partial<Record<Country, HolidayOrigin>> = {},
  ) {}

  /** Where the country's holiday data was read from (undefined: not said, the shipped data). */
  originOf(country: Country): HolidayOrigin | undefined {
    return this.origins[country];
  }

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

  /**
   * The holidays of a year, date → name: for a region (without the country prefix; undefined: the
   * days common to the whole country), or `'*'` for a holiday in any region. Null when unavailable.
   */
  yearHolidays(country: Country, region: string | undefined, year: number): ReadonlyMap<string, string> | null {
    if (region !== '*') return this.yearSet(country, region, year);
    const set = this.anyRegionSet(country, year);
    return set === null
      ? null
      : new Map([...set].map((d) => [d, this.holidayOn(country, undefined, d) ?? 'regional holiday']));
  }

  /** Where the holidays of that country and year come from. */
  sourceOf(country: Country, year: number): HolidaySource {
    const y = this.tableYear(country, year);
    return y ? { kind: 'table', reference: y.source } : { kind: 'date-holidays' };
  }

  /** The years the official table lists for the country (none: date-holidays only). */
  tableYears(country: Country): number[] {
    return (this.tables[country]?.years ?? []).map((y) => y.year);
  }

  private tableYear(country: Country, year: number): HolidayTableYear | undefined {
    return this.tables[country]?.years.find((y) => y.year === year);
  }

  /** The regions date-holidays has holidays of its own for (Spain's communities; none for Colombia); null when unavailable. */
  dateHolidaysRegions(country: Country): string[] | null {
    try {
      return Object.keys(this.instance(country, undefined).getStates(country) ?? {});
    } catch {
      return null;
    }
  }

  private anyRegionSet(country: Country, year: number): ReadonlySet<string> | null {
    const table = this.tableYear(country, year);
    if (table) return new Set(table.rows.map((r) => r.date));
    const regions = this.dateHolidaysRegions(country);
    if (regions === null) return null;
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
      set = region?.includes(REGION_SEPARATOR)
        ? this.union(country, region.split(REGION_SEPARATOR), year)
        : this.compute(country, region, year);
      this.years.set(key, set);
    }
    return set;
  }

  /** The holidays of several regions together; unavailable if any one is. */
  private union(country: Country, regions: readonly string[], year: number): ReadonlyMap<string, string> | null {
    const out = new Map<string, string>();
    for (const region of regions) {
      const set = this.yearSet(country, region, year);
      if (set === null) return null;
      for (const [date, name] of set) {
        const prev = out.get(date);
        out.set(date, prev === undefined || prev === name ? name : `${prev} / ${name}`);
      }
    }
    return out;
  }

  private compute(country: Country, region: string | undefined, year: number): ReadonlyMap<string, string> | null {
    const table = this.tableYear(country, year);
    if (table) return fromTable(table, region);
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
    let hd = instances.get(key);
    if (!hd) {
      hd = region ? new Holidays(country, region) : new Holidays(country);
      instances.set(key, hd);
    }
    return hd;
  }
}

/**
 * date-holidays' instances by country and region, shared by every calendar: building one parses the
 * country's data (tens of milliseconds), and what it answers depends on nothing else (the corrections
 * and tables are applied by each calendar to its own copy of the year).
 */
const instances = new Map<string, Holidays>();
/**
 * One region's holidays from the official table: the rows marked in its column. With the region
 * unknown, only the rows marked in every column (the days common to the whole country). Holidays of
 * part of a community (`subregional`) are not applied: the library cannot place a debtor there.
 */
function fromTable(table: HolidayTableYear, region: string | undefined): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const r of table.rows) {
    const marked = r.regions === 'all' || (region !== undefined && r.regions.includes(region));
    if (marked) out.set(r.date, out.has(r.date) ? `${out.get(r.date)} / ${r.name}` : r.name);
  }
  return out;
}

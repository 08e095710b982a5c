import Holidays from 'date-holidays';
import type { Country } from '../schema/enums.js';
import type { Calendar } from '../schema/rule.js';

/**
 * Public holidays (festivos) by country, region and year, from date-holidays, corrected by the
 * `calendar` block of each country's holiday rule file. Each year's set is computed once and cached:
 * the check runs before every message.
 */
export class HolidayCalendar {
  private readonly years = new Map<string, ReadonlyMap<string, string>>();
  private readonly instances = new Map<string, Holidays>();

  constructor(private readonly calendars: Partial<Record<Country, Calendar>>) {}

  /** The holiday's name on that local date, or undefined on a working day. */
  holidayOn(country: Country, region: string | undefined, date: string): string | undefined {
    return this.yearSet(country, region, Number(date.slice(0, 4))).get(date);
  }

  private yearSet(country: Country, region: string | undefined, year: number): ReadonlyMap<string, string> {
    const key = `${country}|${region ?? ''}|${year}`;
    let set = this.years.get(key);
    if (!set) {
      set = this.compute(country, region, year);
      this.years.set(key, set);
    }
    return set;
  }

  private compute(country: Country, region: string | undefined, year: number): ReadonlyMap<string, string> {
    const calendar = this.calendars[country] ?? { types: ['public'], add: [], remove: [] };
    const types = new Set<string>(calendar.types);
    const out = new Map<string, string>();
    for (const h of this.instance(country, region).getHolidays(year) || []) {
      if (types.has(h.type)) {
        const date = h.date.slice(0, 10);
        out.set(date, out.has(date) ? `${out.get(date)} / ${h.name}` : h.name);
      }
    }
    for (const r of calendar.remove) if (r.date.startsWith(String(year))) out.delete(r.date);
    for (const a of calendar.add) if (a.date.startsWith(String(year))) out.set(a.date, a.name);
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

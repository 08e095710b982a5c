import type { Provenance } from '../../check/provenance.js';
import type { HolidayCalendar } from '../../facts/holidays.js';
import { dateOfDayNumber, formatInstant, localDayNumber } from '../../_lib/localClock.js';
import { Countries, type Country } from '../../schema/enums.js';
import { ZONES_BY_COUNTRY } from '../../zones/resolveTimeZones.js';
import type { AuditSummary } from '../auditTypes.js';

type Span = { from: number; to: number };

/** More days than this between a country's first and last record: holidays are not listed (a log spanning years). */
const MAX_HOLIDAY_DAYS = 800;

/**
 * Each country's period as local times of its reference zone (its first legal zone: Bogotá, Mexico
 * City, Madrid), and the national holidays the checker reads between its first and last local dates.
 */
export function periodsAndHolidays(
  spans: ReadonlyMap<Country, Span>,
  calendar: HolidayCalendar,
): Required<Pick<AuditSummary, 'localPeriod' | 'holidays'>> {
  const localPeriod: Array<NonNullable<AuditSummary['localPeriod']>[number]> = [];
  const holidays: Array<NonNullable<AuditSummary['holidays']>[number]> = [];
  for (const country of Countries) {
    const s = spans.get(country);
    if (!s) continue;
    const zones = ZONES_BY_COUNTRY[country].allZones;
    localPeriod.push({
      country,
      timeZone: zones[0]!,
      from: formatInstant(s.from, zones[0]!),
      to: formatInstant(s.to, zones[0]!),
    });
    // Every zone of the country: a debtor in Tijuana and one in Cancún see different dates at the ends.
    const first = Math.min(...zones.map((z) => localDayNumber(s.from, z)));
    const last = Math.max(...zones.map((z) => localDayNumber(s.to, z)));
    if (last - first > MAX_HOLIDAY_DAYS) continue;
    for (let d = first; d <= last; d++) {
      const date = dateOfDayNumber(d);
      const name = calendar.holidayOn(country, undefined, date);
      if (name !== undefined) holidays.push({ date, country, name });
    }
  }
  return { localPeriod, holidays };
}

/** The tallied summary with the provenance after `options`, and the local periods and holidays after `period`. */
export function withProvenance(
  provenance: Provenance,
  local: Required<Pick<AuditSummary, 'localPeriod' | 'holidays'>>,
  summary: AuditSummary,
): AuditSummary {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(summary)) {
    out[k] = v;
    if (k === 'options') out['provenance'] = provenance;
    if (k === 'period') Object.assign(out, local);
  }
  return out as unknown as AuditSummary;
}

import type { PreparedAttempt } from '../facts/prepareAttempt.js';
import type { Country } from '../schema/enums.js';
import { REGION_SEPARATOR, type HolidayCalendar } from '../facts/holidays.js';

/** What the check assumed where a fact was missing: the conservative reading it took, named. */
export function assumptionsOf(p: PreparedAttempt): string[] {
  const a = p.attempt;
  const out: string[] = [];
  const country = a.jurisdiction.country;
  if (p.zones.source === 'country' && p.zones.zones.length > 1) {
    out.push(
      `time zone unknown (no jurisdiction.timeZone, jurisdiction.region or placeable recipient.phone): the time rules were checked in every ${country} zone (${p.zones.zones.join(', ')})`,
    );
  } else if (p.zones.evidence.length > 1 && p.zones.zones.length > p.zones.evidence[0]!.zones.length) {
    const each = p.zones.evidence.map((e) => `${e.source} ${e.zones.join(', ')}`).join('; ');
    out.push(
      `the evidence of place disagrees (${each}): the time rules were checked in every zone it allows (${p.zones.zones.join(', ')})`,
    );
  } else if (p.zones.zones.length > 1) {
    out.push(
      `several candidate time zones from ${p.zones.source}: the time rules were checked in each (${p.zones.zones.join(', ')})`,
    );
  }
  if (country === 'ES' && p.holidayRegion?.includes(REGION_SEPARATOR)) {
    out.push(
      `the region and the phone place the debtor in different communities (${p.holidayRegion
        .split(REGION_SEPARATOR)
        .map((r) => `ES-${r}`)
        .join(', ')}): a holiday in either holds the contact`,
    );
  }
  if (country === 'MX' && a.creditorType === undefined) {
    out.push(
      'creditorType unknown: the stricter union of the CONDUSEF (financial) and PROFECO (commercial) rules applies',
    );
  }
  if (country === 'CO' && a.debtor.authorizedChannels === undefined) {
    out.push('debtor.authorizedChannels unknown: no channel is taken as authorized (Ley 2300 art. 2)');
  }
  if (a.recipient.ageGroup === undefined && country === 'MX') {
    out.push('recipient.ageGroup unknown: taken as an adult; the minors and older-adults rule cannot see it');
  }
  return out;
}

export function holidaysCoveredOf(
  country: Country,
  region: string | undefined,
  date: string,
  holidays: HolidayCalendar,
): string {
  const year = Number(date.slice(0, 4));
  const source = holidays.sourceOf(country, year);
  const origin = holidays.originOf(country);
  const custom = origin?.custom === true;
  if (country === 'ES') {
    const from =
      source.kind === 'table'
        ? `from the BOE relación de fiestas laborales ${year} (${source.reference.id}, BOE núm. ${source.reference.number} of ${source.reference.date})${custom ? ` as given in the custom rule file ${origin.tableFile}` : ''}`
        : custom
          ? `from date-holidays${origin.calendarFile ? ` with the corrections of the custom rule file ${origin.calendarFile}` : ', uncorrected'}: the custom rule files have no BOE relación de fiestas laborales for ${year} (tables: ${holidays.tableYears(country).join(', ') || 'none'})`
          : `from date-holidays: no BOE relación de fiestas laborales for ${year} ships with this release (BOE tables: ${holidays.tableYears(country).join(', ') || 'none'})`;
    const regions = region?.split(REGION_SEPARATOR) ?? [];
    if (regions.length === 0)
      return `national holidays only, ${from}: region unknown, so regional and local holidays are not covered`;
    const scope =
      regions.length === 1
        ? `national and ES-${regions[0]} regional holidays`
        : `national and ${regions.map((r) => `ES-${r}`).join(', ')} regional holidays (the evidence of place names ${regions.length} communities: a holiday in any of them counts)`;
    // Ceuta and Melilla are each one municipality: their local days are in the table, for the whole city.
    const cities = regions.filter((r) => r === 'CE' || r === 'ML');
    const local =
      cities.length === 0
        ? 'local (municipal) holidays'
        : `local (municipal) holidays other than ${cities.map((r) => `ES-${r}'s`).join(' and ')} (one municipality: its two local days are in the table)`;
    return `${scope}, ${from}; ${local} and the days of part of a community (a Canary island, Arán) are not covered`;
  }
  const what =
    country === 'MX' ? 'national holidays (LFT art. 74)' : 'national festivos (Colombia has no regional holidays)';
  // The shipped data says no more than what it covers; anything else names the file it was read from.
  if (source.kind === 'table')
    return `${what}, from the holiday table for ${year} (${source.reference.id}) of ${custom ? 'the custom rule file ' : ''}${origin?.tableFile ?? 'the rule files'}`;
  if (!custom) return what;
  return `${what}, from date-holidays ${origin.calendarFile ? `with the corrections of the custom rule file ${origin.calendarFile}` : 'uncorrected (no calendar in the custom rule files)'}`;
}

import type { PreparedAttempt } from '../facts/prepareAttempt.js';
import type { Country } from '../schema/enums.js';

/** What the check assumed where a fact was missing: the conservative reading it took, named. */
export function assumptionsOf(p: PreparedAttempt): string[] {
  const a = p.attempt;
  const out: string[] = [];
  const country = a.jurisdiction.country;
  if (p.zones.source === 'country' && p.zones.zones.length > 1) {
    out.push(`time zone unknown (no jurisdiction.timeZone, jurisdiction.region or placeable recipient.phone): the time rules were checked in every ${country} zone (${p.zones.zones.join(', ')})`);
  } else if (p.zones.zones.length > 1) {
    out.push(`several candidate time zones from ${p.zones.source}: the time rules were checked in each (${p.zones.zones.join(', ')})`);
  }
  if (country === 'MX' && a.creditorType === undefined) {
    out.push('creditorType unknown: the stricter union of the CONDUSEF (financial) and PROFECO (commercial) rules applies');
  }
  if (country === 'CO' && a.debtor.authorizedChannels === undefined) {
    out.push('debtor.authorizedChannels unknown: no channel is taken as authorized (Ley 2300 art. 2)');
  }
  if (a.recipient.ageGroup === undefined && country === 'MX') {
    out.push('recipient.ageGroup unknown: taken as an adult; the minors and older-adults rule cannot see it');
  }
  return out;
}

export function holidaysCoveredOf(country: Country, region: string | undefined): string {
  if (country === 'ES') {
    return region === undefined
      ? 'national holidays only: region unknown, so regional and local holidays are not covered'
      : `national and ES-${region} regional holidays; local (municipal) holidays are not covered`;
  }
  if (country === 'MX') return 'national holidays (LFT art. 74)';
  return 'national festivos (Colombia has no regional holidays)';
}

import type { Country } from '../schema/enums.js';
import { normalizeRegion } from '../schema/regions.js';
import { nationalNumberOf, ZONES_BY_COUNTRY, type ZoneResolution } from '../zones/resolveTimeZones.js';
import { REGION_SEPARATOR } from './holidays.js';

/**
 * The region(s) whose holidays apply: the `region`, and the one a phone number places the debtor in
 * (Spain: a Canary fixed line). When both are known and differ, the holidays of both apply, joined by
 * `+` (a holiday in either place holds the contact: the conservative reading). An explicit
 * `jurisdiction.timeZone` keeps deciding as before: the phone then adds nothing.
 */
export function holidayRegionOf(
  country: Country,
  region: string | undefined,
  phone: string | undefined,
  zones: ZoneResolution,
): string | undefined {
  const regions: string[] = [];
  if (region !== undefined) regions.push(normalizeRegion(country, region));
  const regionOfNumber = ZONES_BY_COUNTRY[country].regionOfNationalNumber;
  if (zones.source !== 'explicit' && phone !== undefined && regionOfNumber) {
    const nn = nationalNumberOf(phone, country);
    const r = nn === undefined ? undefined : regionOfNumber(nn);
    if (r !== undefined && !regions.includes(r)) regions.push(r);
  }
  return regions.length === 0 ? undefined : regions.join(REGION_SEPARATOR);
}

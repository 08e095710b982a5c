import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Country } from '../schema/enums.js';
import type { CountryZones } from './countryZones.js';
import { coZones } from './co.js';
import { esZones } from './es.js';
import { mxZones } from './mx.js';
import { normalizeRegion } from './regions.js';

export const ZONES_BY_COUNTRY: Record<Country, CountryZones> = { CO: coZones, ES: esZones, MX: mxZones };

export type TimeZoneSource = 'explicit' | 'region' | 'phone' | 'country';

export interface ZoneResolution {
  /** Candidate zones, primary first. The attempt must pass the time rules in every one. */
  readonly zones: readonly string[];
  readonly source: TimeZoneSource;
}

export interface ParsedPhone {
  /** The number's country by its calling code (+52 → MX); undefined for a shared calling code we cannot place. */
  readonly country: string | undefined;
  readonly callingCode: string;
  readonly nationalNumber: string;
}

/**
 * Phones already parsed, by country and text: a platform calls the same numbers again and again, and
 * libphonenumber's parse is a large part of a check. Bounded: cleared when full.
 */
const phones = new Map<string, ParsedPhone | null>();

/** A phone parsed with libphonenumber-js (national numbers read in the debtor's country); undefined if not possible. */
export function parsePhone(phone: string, country: Country): ParsedPhone | undefined {
  const key = `${country}${phone}`;
  let p = phones.get(key);
  if (p === undefined) {
    p = parsePhoneUncached(phone, country) ?? null;
    if (phones.size >= 10_000) phones.clear();
    phones.set(key, p);
  }
  return p ?? undefined;
}

function parsePhoneUncached(phone: string, country: Country): ParsedPhone | undefined {
  let parsed;
  try {
    parsed = parsePhoneNumberFromString(legacyMexicanMobile(phone, country) ?? phone, country as CountryCode);
  } catch {
    return undefined;
  }
  if (!parsed || !parsed.isPossible()) return undefined;
  return { country: parsed.country, callingCode: parsed.countryCallingCode, nationalNumber: parsed.nationalNumber };
}

/**
 * Mexican mobiles were dialled "+52 1 …" (and "044/045 …" nationally) until the August 2019 switch to
 * 10-digit numbers; logs still carry them. The 1 (or 044/045) is a dialling prefix, not part of the number.
 */
function legacyMexicanMobile(phone: string, country: Country): string | undefined {
  const digits = phone.replace(/[\s().-]/g, '');
  const m = (country === 'MX' ? /^(?:\+?521|04[45])(\d{10})$/ : /^\+521(\d{10})$/).exec(digits);
  return m ? `+52${m[1]}` : undefined;
}

const CALLING_CODES: Record<Country, string> = { CO: '57', ES: '34', MX: '52' };

/** The national number when the phone belongs to the debtor's country; undefined otherwise. */
export function nationalNumberOf(phone: string, country: Country): string | undefined {
  const p = parsePhone(phone, country);
  return p && p.callingCode === CALLING_CODES[country] ? p.nationalNumber : undefined;
}

/**
 * The debtor's candidate zones: `timeZone` > `region` > phone > country (contract §1). An explicit zone
 * outside the country (a debtor abroad) is checked together with the country's own zones, the
 * conservative reading of colombia.md §1.3.
 */
export function resolveTimeZones(
  country: Country,
  input: { timeZone?: string | undefined; region?: string | undefined; phone?: string | undefined },
): ZoneResolution {
  const cz = ZONES_BY_COUNTRY[country];
  if (input.timeZone !== undefined) {
    const zones = cz.allZones.includes(input.timeZone) || cz.otherLegalZones.includes(input.timeZone)
      ? [input.timeZone]
      : [input.timeZone, ...cz.allZones];
    return { zones, source: 'explicit' };
  }
  if (input.region !== undefined) {
    const zones = cz.zonesOfRegion(normalizeRegion(country, input.region));
    if (zones) return { zones, source: 'region' };
  }
  if (input.phone !== undefined) {
    const nn = nationalNumberOf(input.phone, country);
    const zones = nn === undefined ? undefined : cz.zonesOfNationalNumber(nn);
    if (zones) return { zones, source: 'phone' };
  }
  return { zones: cz.allZones, source: 'country' };
}


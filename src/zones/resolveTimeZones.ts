import type { CountryCode } from 'libphonenumber-js';
import { lazyRequire } from '../_lib/lazyRequire.js';
import type { Country } from '../schema/enums.js';
import type { CountryZones } from './countryZones.js';
import { coZones } from './co.js';
import { esZones } from './es.js';
import { mxZones } from './mx.js';
import { normalizeRegion } from './regions.js';
import { REGION_SEPARATOR } from '../facts/holidays.js';

/** libphonenumber-js, loaded on the first phone number (an attempt without one never needs it). */
const libphonenumber = lazyRequire<typeof import('libphonenumber-js')>('libphonenumber-js');

export const ZONES_BY_COUNTRY: Record<Country, CountryZones> = { CO: coZones, ES: esZones, MX: mxZones };

export type TimeZoneSource = 'explicit' | 'region' | 'phone' | 'country';

/** One piece of evidence of where the debtor is, and the zones it allows. */
export interface ZoneEvidence {
  readonly source: TimeZoneSource;
  readonly zones: readonly string[];
}

export interface ZoneResolution {
  /** Candidate zones, primary first. The attempt must pass the time rules in every one. */
  readonly zones: readonly string[];
  /** Where the primary zone comes from (`region` when the region placed the debtor, even if the phone added zones). */
  readonly source: TimeZoneSource;
  /** Each source that placed the debtor, with the zones it allowed; `zones` is their union. */
  readonly evidence: readonly ZoneEvidence[];
}

export interface ParsedPhone {
  /** The number's country by its calling code (+52 → MX); undefined for a shared calling code we cannot place. */
  readonly country: string | undefined;
  readonly callingCode: string;
  readonly nationalNumber: string;
}

/**
 * Phones already parsed, by country and text: a platform calls the same numbers again and again, and
 * libphonenumber's parse is a large part of a check. Keyed by the text itself, per country (a string
 * keeps its hash: no key to build and hash on each look-up). Bounded: cleared when full.
 */
const phones = new Map<Country, Map<string, ParsedPhone | null>>();
let phonesCached = 0;

/** A phone parsed with libphonenumber-js (national numbers read in the debtor's country); undefined if not possible. */
export function parsePhone(phone: string, country: Country): ParsedPhone | undefined {
  let byPhone = phones.get(country);
  if (byPhone === undefined) {
    byPhone = new Map();
    phones.set(country, byPhone);
  }
  let p = byPhone.get(phone);
  if (p === undefined) {
    p = parsePhoneUncached(phone, country) ?? null;
    if (phonesCached >= 10_000) {
      phones.clear();
      phonesCached = 0;
      byPhone = new Map();
      phones.set(country, byPhone);
    }
    byPhone.set(phone, p);
    phonesCached++;
  }
  return p ?? undefined;
}

function parsePhoneUncached(phone: string, country: Country): ParsedPhone | undefined {
  let parsed: ReturnType<typeof import('libphonenumber-js').parsePhoneNumberFromString>;
  try {
    parsed = libphonenumber().parsePhoneNumberFromString(
      legacyMexicanMobile(phone, country) ?? phone,
      country as CountryCode,
    );
  } catch {
    return undefined;
  }
  if (!parsed?.isPossible()) return undefined;
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
 * The debtor's candidate zones (docs/contract.md §1.1). An explicit `jurisdiction.timeZone` of the
 * country decides alone; an explicit zone outside the country (a debtor abroad) is checked together
 * with every zone of the country: the law does not say which clock it means for a debtor abroad, and
 * the conservative reading holds both. Otherwise every positive piece of evidence of place counts:
 * the `region`, and a phone number that points to a place (a Mexican NIR, a Spanish fixed-line prefix). When they point to different
 * zones the candidates are the union, primary (the region's) first, and the window must hold in all
 * of them: where the debtor is cannot be known, and a number is weak but real evidence that they may
 * be there. A number that says nothing of place (a Spanish mobile, a foreign number) adds nothing.
 * With no evidence at all, every zone of the country applies.
 */
export function resolveTimeZones(
  country: Country,
  input: { timeZone?: string | undefined; region?: string | undefined; phone?: string | undefined },
): ZoneResolution {
  const cz = ZONES_BY_COUNTRY[country];
  if (input.timeZone !== undefined) {
    const zones =
      cz.allZones.includes(input.timeZone) || cz.otherLegalZones.includes(input.timeZone)
        ? [input.timeZone]
        : [input.timeZone, ...cz.allZones];
    return { zones, source: 'explicit', evidence: [{ source: 'explicit', zones }] };
  }
  const evidence: ZoneEvidence[] = [];
  if (input.region !== undefined) {
    const zones = cz.zonesOfRegion(normalizeRegion(country, input.region));
    if (zones) evidence.push({ source: 'region', zones });
  }
  if (input.phone !== undefined) {
    const nn = nationalNumberOf(input.phone, country);
    const zones = nn === undefined ? undefined : cz.zonesOfNationalNumber(nn);
    if (zones) evidence.push({ source: 'phone', zones });
  }
  if (evidence.length === 0)
    return { zones: cz.allZones, source: 'country', evidence: [{ source: 'country', zones: cz.allZones }] };
  const zones = [...new Set(evidence.flatMap((e) => e.zones))];
  return { zones, source: evidence[0]!.source, evidence };
}

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

import type { Country } from './enums.js';

/**
 * The regions of the contract: the ISO 3166-2 subdivisions `jurisdiction.region` accepts, and the
 * community a Spanish province belongs to. A vocabulary of the input, like enums.ts: the attempt's
 * schema checks against it, and zones (a region's clock) and holidays (a region's days) read it.
 */
const MX_STATES = [
  'AGU',
  'BCN',
  'BCS',
  'CAM',
  'CHP',
  'CHH',
  'CMX',
  'COA',
  'COL',
  'DUR',
  'GUA',
  'GRO',
  'HID',
  'JAL',
  'MEX',
  'MIC',
  'MOR',
  'NAY',
  'NLE',
  'OAX',
  'PUE',
  'QUE',
  'ROO',
  'SLP',
  'SIN',
  'SON',
  'TAB',
  'TAM',
  'TLA',
  'VER',
  'YUC',
  'ZAC',
];
const CO_DEPARTMENTS = [
  'AMA',
  'ANT',
  'ARA',
  'ATL',
  'BOL',
  'BOY',
  'CAL',
  'CAQ',
  'CAS',
  'CAU',
  'CES',
  'CHO',
  'COR',
  'CUN',
  'DC',
  'GUA',
  'GUV',
  'HUI',
  'LAG',
  'MAG',
  'MET',
  'NAR',
  'NSA',
  'PUT',
  'QUI',
  'RIS',
  'SAP',
  'SAN',
  'SUC',
  'TOL',
  'VAC',
  'VAU',
  'VID',
];
/** Spain: autonomous communities and cities, and provinces mapped to their community. */
const ES_COMMUNITIES = [
  'AN',
  'AR',
  'AS',
  'CN',
  'CB',
  'CL',
  'CM',
  'CT',
  'EX',
  'GA',
  'IB',
  'RI',
  'MD',
  'MC',
  'NC',
  'PV',
  'VC',
  'CE',
  'ML',
];
const ES_PROVINCE_TO_COMMUNITY: Record<string, string> = {
  C: 'GA',
  LU: 'GA',
  OR: 'GA',
  PO: 'GA',
  O: 'AS',
  S: 'CB',
  BI: 'PV',
  SS: 'PV',
  VI: 'PV',
  NA: 'NC',
  LO: 'RI',
  HU: 'AR',
  TE: 'AR',
  Z: 'AR',
  B: 'CT',
  GI: 'CT',
  L: 'CT',
  T: 'CT',
  M: 'MD',
  MU: 'MC',
  PM: 'IB',
  A: 'VC',
  CS: 'VC',
  V: 'VC',
  AB: 'CM',
  CR: 'CM',
  CU: 'CM',
  GU: 'CM',
  TO: 'CM',
  AV: 'CL',
  BU: 'CL',
  LE: 'CL',
  P: 'CL',
  SA: 'CL',
  SG: 'CL',
  SO: 'CL',
  VA: 'CL',
  ZA: 'CL',
  BA: 'EX',
  CC: 'EX',
  AL: 'AN',
  CA: 'AN',
  CO: 'AN',
  GR: 'AN',
  H: 'AN',
  J: 'AN',
  MA: 'AN',
  SE: 'AN',
  GC: 'CN',
  TF: 'CN',
};

const KNOWN: Record<Country, Set<string>> = {
  MX: new Set(MX_STATES),
  CO: new Set(CO_DEPARTMENTS),
  ES: new Set([...ES_COMMUNITIES, ...Object.keys(ES_PROVINCE_TO_COMMUNITY)]),
};

/**
 * The regions a debtor's holidays can be looked up by (the value of `normalizeRegion`): Mexico's
 * states, Colombia's departments, Spain's communities and autonomous cities (provinces fold into them).
 */
export function holidayRegionsOf(country: Country): readonly string[] {
  return country === 'MX' ? MX_STATES : country === 'CO' ? CO_DEPARTMENTS : ES_COMMUNITIES;
}

export function isKnownRegion(country: Country, region: string): boolean {
  const [prefix, code] = region.split('-');
  return prefix === country && code !== undefined && KNOWN[country].has(code);
}

/** The subdivision code without the country prefix, Spanish provinces folded into their community. */
export function normalizeRegion(country: Country, region: string): string {
  const code = region.slice(country.length + 1);
  return country === 'ES' ? (ES_PROVINCE_TO_COMMUNITY[code] ?? code) : code;
}

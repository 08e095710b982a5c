import type { CountryZones } from './countryZones.js';

/**
 * Spain: the peninsula and Balearics on Europe/Madrid, Ceuta and Melilla on Africa/Ceuta (same offsets),
 * the Canary Islands on Atlantic/Canary, one hour behind. Mobiles (6, 71–74) carry no location.
 * Source: Plan Nacional de Numeración (RD 2296/2004); the Canary prefixes 922/822 and 928/828.
 */
const MADRID = 'Europe/Madrid';
const CANARY = 'Atlantic/Canary';
const CEUTA = 'Africa/Ceuta';

/** Canary fixed-line prefixes: 922/822 Santa Cruz de Tenerife, 928/828 Las Palmas. */
const CANARY_PREFIXES = new Set(['922', '822', '928', '828']);

export const esZones: CountryZones = {
  allZones: [MADRID, CANARY],
  otherLegalZones: [CEUTA],
  zonesOfRegion: (region) => {
    if (region === 'CN') return [CANARY];
    if (region === 'CE' || region === 'ML') return [CEUTA];
    return [MADRID];
  },
  zonesOfNationalNumber: (n) => {
    if (n.length !== 9) return undefined;
    if (CANARY_PREFIXES.has(n.slice(0, 3))) return [CANARY];
    // Geographic fixed lines start with 8 or 9 (but 80x/90x are non-geographic tariffs).
    if (/^[89]/.test(n) && !/^[89]0/.test(n)) return [MADRID];
    return undefined;
  },
  // Only the Canary prefixes are mapped to a community; a peninsular fixed line places the debtor on
  // Europe/Madrid but its province is not looked up, so it adds no regional holidays.
  regionOfNationalNumber: (n) => (n.length === 9 && CANARY_PREFIXES.has(n.slice(0, 3)) ? 'CN' : undefined),
};

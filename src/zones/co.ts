import type { CountryZones } from './countryZones.js';

/** Colombia has one legal time for the whole territory: UTC−5, no DST since 1993 (Decreto 2707/1982). */
const ZONES = ['America/Bogota'] as const;

export const coZones: CountryZones = {
  allZones: ZONES,
  otherLegalZones: [],
  zonesOfRegion: () => ZONES,
  zonesOfNationalNumber: () => ZONES,
};

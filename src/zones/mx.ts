import type { CountryZones } from './countryZones.js';

/**
 * Mexico's clock under the Ley de los Husos Horarios (DOF 28 Oct 2022, in force 30 Oct 2022) and the
 * border reform (DOF 29 Nov 2022): four zones, no DST except in the northern border strip, which
 * follows US DST. Source: the tz database (northamerica), which cites DOF 28-10-2022 and 29-11-2022.
 *
 * We do not use libphonenumber's time-zone mapper for Mexico: its data is stale since 2022 (interior
 * Chihuahua and the border NIRs are an hour off). NIR (número identificador de región) → zone is
 * "Centro by default, plus the exceptions" below (mexico.md §3.4). A mixed NIR gives several
 * candidates; the attempt must then be inside the window in every one.
 */
const CANCUN = 'America/Cancun';
const CENTRO = 'America/Mexico_City';
const MERIDA = 'America/Merida';
const MONTERREY = 'America/Monterrey';
const MATAMOROS = 'America/Matamoros';
const CHIHUAHUA = 'America/Chihuahua';
const JUAREZ = 'America/Ciudad_Juarez';
const OJINAGA = 'America/Ojinaga';
const MAZATLAN = 'America/Mazatlan';
const BAHIA = 'America/Bahia_Banderas';
const HERMOSILLO = 'America/Hermosillo';
const TIJUANA = 'America/Tijuana';

const ALL = [
  CENTRO,
  CANCUN,
  MERIDA,
  MONTERREY,
  MATAMOROS,
  CHIHUAHUA,
  JUAREZ,
  OJINAGA,
  MAZATLAN,
  BAHIA,
  HERMOSILLO,
  TIJUANA,
];

/** tz `backward` links to the zones above (same clock, old names): an explicit one is taken as given. */
const LINKS = ['Mexico/General', 'Mexico/BajaSur', 'Mexico/BajaNorte', 'America/Ensenada', 'America/Santa_Isabel'];

/** States whose territory is not all on Centro, or not on America/Mexico_City's tz history. */
const REGION_ZONES: Record<string, readonly string[]> = {
  ROO: [CANCUN],
  CAM: [MERIDA],
  YUC: [MERIDA],
  DUR: [MONTERREY],
  COA: [MONTERREY, MATAMOROS],
  NLE: [MONTERREY, MATAMOROS],
  TAM: [MONTERREY, MATAMOROS],
  CHH: [CHIHUAHUA, JUAREZ, OJINAGA],
  NAY: [MAZATLAN, BAHIA],
  SON: [HERMOSILLO],
  BCS: [MAZATLAN],
  SIN: [MAZATLAN],
  BCN: [TIJUANA],
};

function nirs(zones: readonly string[], list: string): Array<[string, readonly string[]]> {
  return list
    .split(/\s+/)
    .filter(Boolean)
    .map((nir) => [nir, zones]);
}

/** NIR exceptions to Centro (mexico.md §3.4 table). */
const NIR_ZONES = new Map<string, readonly string[]>([
  ...nirs([CANCUN], '983 984 987 998'),
  ...nirs([MERIDA, CANCUN], '997'),
  ...nirs([HERMOSILLO], '622 623 631 632 633 634 637 638 641 642 643 644 645 647 651 653 662'),
  ...nirs([MAZATLAN], '612 613 615 624'),
  ...nirs([MAZATLAN], '660 667 668 669 672 673 687 694 695 696 697 698'),
  ...nirs([MAZATLAN], '311 319 323 324 325 327 389'),
  ...nirs([BAHIA], '329'),
  ...nirs([TIJUANA], '616 646 658 661 664 665 686'),
  ...nirs([CHIHUAHUA], '614 621 625 627 628 629 635 639 648 652'),
  // 649 is shared with Durango (America/Monterrey): the same clock since Oct 2022, an hour apart before.
  ...nirs([CHIHUAHUA, MONTERREY], '649'),
  ...nirs([JUAREZ], '656'),
  ...nirs([CHIHUAHUA, JUAREZ], '636 657 659'),
  ...nirs([OJINAGA], '626'),
  ...nirs([MATAMOROS], '867 868 877 878 894 897 899'),
  ...nirs([MONTERREY, MATAMOROS], '862 864 873 891'),
]);

/** Two-digit NIRs; every other NIR has three digits (10-digit numbers since Aug 2019). */
const TWO_DIGIT_NIRS = new Set(['55', '56', '33', '81']);

/** The NIR of a 10-digit national number, or undefined when the number is not of that form. */
export function nirOf(nationalNumber: string): string | undefined {
  if (!/^\d{10}$/.test(nationalNumber)) return undefined;
  const two = nationalNumber.slice(0, 2);
  return TWO_DIGIT_NIRS.has(two) ? two : nationalNumber.slice(0, 3);
}

export const mxZones: CountryZones = {
  allZones: ALL,
  otherLegalZones: LINKS,
  zonesOfRegion: (region) => REGION_ZONES[region] ?? [CENTRO],
  zonesOfNationalNumber: (n) => {
    const nir = nirOf(n);
    if (nir === undefined) return undefined;
    return NIR_ZONES.get(nir) ?? [CENTRO];
  },
};

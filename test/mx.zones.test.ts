import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { mxZones, nirOf } from '../src/zones/mx.js';
import { resolveTimeZones } from '../src/zones/resolveTimeZones.js';

/**
 * Mexico's zones (src/zones/mx.ts) against the research brief's tables of legal zones and NIR classes
 * (built from the tz database, which cites DOF 28-10-2022 and 29-11-2022). The expected values are typed from the brief, not derived from the module.
 */
const CENTRO = 'America/Mexico_City';
const CANCUN = 'America/Cancun';
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

/** A 10-digit national number with the given NIR. */
function number(nir: string): string {
  return nir.padEnd(10, '1');
}

describe('nirOf: the NIR of a 10-digit national number', () => {
  it.each(['55', '56', '33', '81'])('%s is a two-digit NIR', (nir) => {
    expect(nirOf(`${nir}12345678`)).toBe(nir);
  });

  it.each([
    ['6561234567', '656'],
    ['6141234567', '614'],
    ['9981234567', '998'],
    ['8621234567', '862'],
    ['8441234567', '844'],
    ['3121234567', '312'],
    ['2221234567', '222'],
  ])('%s has the three-digit NIR %s', (n, nir) => {
    expect(nirOf(n)).toBe(nir);
  });

  it.each([
    ['nine digits', '551234567'],
    ['eleven digits (the old mobile "1" after +52)', '15512345678'],
    ['not digits', '55-1234-567'],
    ['empty', ''],
  ])('%s: no NIR', (_what, n) => {
    expect(nirOf(n)).toBeUndefined();
  });
});

describe('NIR → candidate zones: every class of mexico.md §3.4', () => {
  const classes: Array<[string, readonly string[], string]> = [
    ['Quintana Roo', [CANCUN], '983 984 987 998'],
    ['Yucatán / Quintana Roo?', [MERIDA, CANCUN], '997'],
    ['Sonora', [HERMOSILLO], '622 623 631 632 633 634 637 638 641 642 643 644 645 647 651 653 662'],
    ['Baja California Sur', [MAZATLAN], '612 613 615 624'],
    ['Sinaloa', [MAZATLAN], '660 667 668 669 672 673 687 694 695 696 697 698'],
    ['Nayarit (not Bahía de Banderas)', [MAZATLAN], '311 319 323 324 325 327 389'],
    ['Bahía de Banderas', [BAHIA], '329'],
    ['Baja California', [TIJUANA], '616 646 658 661 664 665 686'],
    ['Chihuahua interior', [CHIHUAHUA], '614 621 625 627 628 629 635 639 648 652'],
    // The brief lists 649 as Chihuahua interior "shared with Durango": Durango is America/Monterrey,
    // the same clock since Oct 2022 but an hour ahead before, so both are candidates (history).
    ['Chihuahua interior shared with Durango', [CHIHUAHUA, MONTERREY], '649'],
    ['Chihuahua west border', [JUAREZ], '656'],
    ['Chihuahua mixed (interior + west border?)', [CHIHUAHUA, JUAREZ], '636 657 659'],
    ['Chihuahua east border', [OJINAGA], '626'],
    ['Coahuila / NL / Tamaulipas border', [MATAMOROS], '867 868 877 878 894 897 899'],
    ['Border / interior mixed', [MONTERREY, MATAMOROS], '862 864 873 891'],
    [
      'Centro by default (incl. the 427 data anomaly, and 999 Mérida: same clock as America/Merida)',
      [CENTRO],
      '55 56 33 81 222 427 442 444 477 844 999',
    ],
  ];
  for (const [name, zones, list] of classes) {
    it.each(list.split(' '))(`${name}: %s`, (nir) => {
      expect(mxZones.zonesOfNationalNumber(number(nir))).toEqual(zones);
    });
  }

  it('a number that is not 10 digits says nothing of place', () => {
    expect(mxZones.zonesOfNationalNumber('551234567')).toBeUndefined();
  });
});

describe('region → candidate zones (mexico.md §3.2)', () => {
  const special: Record<string, readonly string[]> = {
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
  const centro = [
    'AGU',
    'CHP',
    'CMX',
    'COL',
    'GUA',
    'GRO',
    'HID',
    'JAL',
    'MEX',
    'MIC',
    'MOR',
    'OAX',
    'PUE',
    'QUE',
    'SLP',
    'TAB',
    'TLA',
    'VER',
    'ZAC',
  ];

  it('covers the 32 states', () => {
    expect(Object.keys(special).length + centro.length).toBe(32);
  });
  it.each(Object.entries(special))('%s', (state, zones) => {
    expect(mxZones.zonesOfRegion(state)).toEqual(zones);
  });
  it.each(centro)('%s is Centro', (state) => {
    expect(mxZones.zonesOfRegion(state)).toEqual([CENTRO]);
  });
});

describe('the twelve zones keep the legal offsets of mexico.md §3.2', () => {
  const JAN = Date.UTC(2026, 0, 15, 12);
  const JUL = Date.UTC(2026, 6, 15, 12);
  // [zone, UTC offset in hours outside US DST, during US DST]
  const table: Array<[string, number, number]> = [
    [CENTRO, -6, -6],
    [CANCUN, -5, -5],
    [MERIDA, -6, -6],
    [MONTERREY, -6, -6],
    [MATAMOROS, -6, -5],
    [CHIHUAHUA, -6, -6],
    [JUAREZ, -7, -6],
    [OJINAGA, -6, -5],
    [MAZATLAN, -7, -7],
    [BAHIA, -6, -6],
    [HERMOSILLO, -7, -7],
    [TIJUANA, -8, -7],
  ];

  it('allZones is exactly these twelve, Mexico City first', () => {
    expect(mxZones.allZones[0]).toBe(CENTRO);
    expect([...mxZones.allZones].sort()).toEqual(table.map(([z]) => z).sort());
  });
  it.each(table)('%s: UTC%d in January, UTC%d in July', (zone, jan, jul) => {
    expect(IANAZone.create(zone).offset(JAN) / 60).toBe(jan);
    expect(IANAZone.create(zone).offset(JUL) / 60).toBe(jul);
  });
  it('every zone a region or NIR can give is one of the twelve', () => {
    const used = new Set<string>();
    for (const r of ['ROO', 'CAM', 'YUC', 'DUR', 'COA', 'NLE', 'TAM', 'CHH', 'NAY', 'SON', 'BCS', 'SIN', 'BCN', 'JAL'])
      for (const z of mxZones.zonesOfRegion(r) ?? []) used.add(z);
    for (let nir = 200; nir < 1000; nir++)
      for (const z of mxZones.zonesOfNationalNumber(number(String(nir))) ?? []) used.add(z);
    for (const z of used) expect(mxZones.allZones).toContain(z);
  });
  it("Chihuahua was UTC−7 in January 2022 and is UTC−6 since the 2022 law (tz history, not today's rule)", () => {
    expect(IANAZone.create(CHIHUAHUA).offset(Date.UTC(2022, 0, 10, 12)) / 60).toBe(-7);
    expect(IANAZone.create(CHIHUAHUA).offset(Date.UTC(2023, 0, 10, 12)) / 60).toBe(-6);
  });
  it.each(mxZones.otherLegalZones.map((z) => [z] as const))(
    'the legacy name %s reads the clock of one of the twelve',
    (alias) => {
      const at = [Date.UTC(2022, 0, 10), Date.UTC(2022, 6, 10), JAN, JUL];
      const same = mxZones.allZones.filter((z) =>
        at.every((t) => IANAZone.create(z).offset(t) === IANAZone.create(alias).offset(t)),
      );
      expect(same.length).toBeGreaterThan(0);
    },
  );

  it('with the zone unknown, the nationwide window is 09:00–21:00 Mexico City time in winter and 08:00–21:00 in US DST (mexico.md §2.1)', () => {
    for (const [day, open, close] of [
      [JAN, 9 * 60, 21 * 60],
      [JUL, 8 * 60, 21 * 60],
    ] as const) {
      const offsets = mxZones.allZones.map((z) => IANAZone.create(z).offset(day));
      const centro = IANAZone.create(CENTRO).offset(day);
      // 07:00 local in the westernmost zone and 22:00 local in the easternmost, read in Mexico City.
      expect(7 * 60 - Math.min(...offsets) + centro).toBe(open);
      expect(22 * 60 - Math.max(...offsets) + centro).toBe(close);
    }
  });
});

describe('resolveTimeZones for MX', () => {
  it('jurisdiction.timeZone decides alone; otherwise region and phone together; the country when nothing places the debtor', () => {
    const all = { timeZone: CANCUN, region: 'MX-BCN', phone: '+52 656 123 4567' };
    expect(resolveTimeZones('MX', all)).toEqual({
      zones: [CANCUN],
      source: 'explicit',
      evidence: [{ source: 'explicit', zones: [CANCUN] }],
    });
    expect(resolveTimeZones('MX', { ...all, timeZone: undefined })).toEqual({
      zones: [TIJUANA, JUAREZ],
      source: 'region',
      evidence: [
        { source: 'region', zones: [TIJUANA] },
        { source: 'phone', zones: [JUAREZ] },
      ],
    });
    expect(resolveTimeZones('MX', { region: all.region })).toEqual({
      zones: [TIJUANA],
      source: 'region',
      evidence: [{ source: 'region', zones: [TIJUANA] }],
    });
    expect(resolveTimeZones('MX', { phone: all.phone })).toEqual({
      zones: [JUAREZ],
      source: 'phone',
      evidence: [{ source: 'phone', zones: [JUAREZ] }],
    });
    expect(resolveTimeZones('MX', {})).toEqual({
      zones: mxZones.allZones,
      source: 'country',
      evidence: [{ source: 'country', zones: mxZones.allZones }],
    });
  });
  it('reads E.164 with or without spaces, and a national 10-digit number', () => {
    for (const phone of ['+52 656 123 4567', '+526561234567', '6561234567', '656 123 4567']) {
      expect(resolveTimeZones('MX', { phone }).zones).toEqual([JUAREZ]);
    }
  });
  it('a foreign number says nothing of the Mexican zone', () => {
    expect(resolveTimeZones('MX', { phone: '+1 915 555 0123' })).toMatchObject({
      zones: mxZones.allZones,
      source: 'country',
    });
    expect(resolveTimeZones('MX', { region: 'MX-CMX', phone: '+1 915 555 0123' })).toMatchObject({
      zones: [CENTRO],
      source: 'region',
    });
  });
  it('an explicit zone outside Mexico is checked together with all twelve', () => {
    expect(resolveTimeZones('MX', { timeZone: 'America/Los_Angeles' }).zones).toEqual([
      'America/Los_Angeles',
      ...mxZones.allZones,
    ]);
  });
  it('a legacy tz link (Mexico/BajaNorte) is taken as given', () => {
    expect(resolveTimeZones('MX', { timeZone: 'Mexico/BajaNorte' }).zones).toEqual(['Mexico/BajaNorte']);
  });
});

describe("libphonenumber's own time-zone data is not used (mexico.md §3.3)", () => {
  // libphonenumber's resources/timezones/map_data.txt maps these Chihuahua NIRs to America/Mazatlan
  // (an hour off since Oct 2022) and the Tamaulipas border to America/Mexico_City (an hour off in US DST).
  it.each(['614', '621', '625', '627', '628', '629', '635', '636', '639', '648', '649', '652', '657', '659'])(
    'Chihuahua NIR %s is never Mazatlán',
    (nir) => {
      const zones = resolveTimeZones('MX', { phone: `+52${number(nir)}` }).zones;
      expect(zones[0]).toBe(CHIHUAHUA);
      expect(zones).not.toContain(MAZATLAN);
    },
  );
  it.each(['867', '868', '899'])('border NIR %s is Matamoros (US DST), not Mexico City', (nir) => {
    expect(resolveTimeZones('MX', { phone: `+52${number(nir)}` }).zones).toEqual([MATAMOROS]);
  });
  it('src/zones/mx.ts imports nothing from libphonenumber-js, and resolveTimeZones only parses numbers with it', () => {
    const root = join(import.meta.dirname, '..', 'src', 'zones');
    const mxImports = readFileSync(join(root, 'mx.ts'), 'utf8')
      .split('\n')
      .filter((l) => /^\s*(import|export .* from)\b/.test(l));
    expect(mxImports).toEqual(["import type { CountryZones } from './countryZones.js';"]);
    const imports = readFileSync(join(root, 'resolveTimeZones.ts'), 'utf8')
      .split('\n')
      .filter((l) => l.includes("'libphonenumber-js"));
    // Only the parser is used (loaded on the first phone number), never the time-zone mapper.
    expect(imports).toEqual([
      "import type { CountryCode } from 'libphonenumber-js';",
      "const libphonenumber = lazyRequire<typeof import('libphonenumber-js')>('libphonenumber-js');",
      "  let parsed: ReturnType<typeof import('libphonenumber-js').parsePhoneNumberFromString>;",
    ]);
    expect(readFileSync(join(root, 'resolveTimeZones.ts'), 'utf8').match(/libphonenumber\(\)\.\w+/g)).toEqual([
      'libphonenumber().parsePhoneNumberFromString',
    ]);
  });
});

describe('legacy Mexican mobile formats (before the August 2019 10-digit switch)', () => {
  it('+52 1 … and 044/045 … are read as the 10-digit number', async () => {
    const { resolveTimeZones } = await import('../src/zones/resolveTimeZones.js');
    expect(resolveTimeZones('MX', { phone: '+52 1 656 123 4567' })).toMatchObject({
      zones: ['America/Ciudad_Juarez'],
      source: 'phone',
    });
    expect(resolveTimeZones('MX', { phone: '+5216561234567' })).toMatchObject({
      zones: ['America/Ciudad_Juarez'],
      source: 'phone',
    });
    expect(resolveTimeZones('MX', { phone: '044 998 123 4567' })).toMatchObject({
      zones: ['America/Cancun'],
      source: 'phone',
    });
  });
});

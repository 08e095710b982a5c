import type { AttemptInput } from '../src/index.js';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { HolidayCalendar } from '../src/facts/holidays.js';
import { esRuleSources } from '../src/rules/esRuleSources.js';
import { createChecker, loadRulePacks, RuleConfigError, type RuleSource } from '../src/index.js';

/**
 * Spain's holidays come from the BOE "relación de fiestas laborales" of each year, kept as data in
 * rules/es/holiday_table.json. The lists below are typed from those resolutions, community by
 * community (every day, Saturdays included), not derived from the data file: a change in the file
 * that is not a change in the BOE fails here.
 *   2026: Resolución de 17-10-2025, BOE núm. 259 of 28-10-2025, BOE-A-2025-21667.
 *   2025: Resolución de 15-10-2024, BOE núm. 252 of 18-10-2024, BOE-A-2024-21316.
 */
const BOE: Record<number, Record<string, string>> = {
  2025: {
    AN: '01-01 01-06 02-28 04-17 04-18 05-01 08-15 10-13 11-01 12-06 12-08 12-25',
    AR: '01-01 01-06 04-17 04-18 04-23 05-01 08-15 10-13 11-01 12-06 12-08 12-25',
    AS: '01-01 01-06 04-17 04-18 05-01 08-15 09-08 10-13 11-01 12-06 12-08 12-25',
    IB: '01-01 01-06 03-01 04-17 04-18 05-01 08-15 11-01 12-06 12-08 12-25 12-26',
    CN: '01-01 01-06 04-17 04-18 05-01 05-30 08-15 11-01 12-06 12-08 12-25',
    CB: '01-01 01-06 04-17 04-18 05-01 07-28 08-15 09-15 11-01 12-06 12-08 12-25',
    CL: '01-01 01-06 04-17 04-18 04-23 05-01 08-15 10-13 11-01 12-06 12-08 12-25',
    CM: '01-01 01-06 04-17 04-18 05-01 05-31 06-19 08-15 11-01 12-06 12-08 12-25',
    CT: '01-01 01-06 04-18 04-21 05-01 06-24 08-15 09-11 11-01 12-06 12-08 12-25 12-26',
    VC: '01-01 01-06 03-19 04-18 04-21 05-01 06-24 08-15 10-09 11-01 12-06 12-08 12-25',
    EX: '01-01 01-06 04-17 04-18 05-01 08-15 09-08 10-13 11-01 12-06 12-08 12-25',
    GA: '01-01 01-06 04-17 04-18 05-01 05-17 07-25 08-15 11-01 12-06 12-08 12-25',
    MD: '01-01 01-06 04-17 04-18 05-01 05-02 07-25 08-15 11-01 12-06 12-08 12-25',
    MC: '01-01 01-06 03-19 04-17 04-18 05-01 06-09 08-15 11-01 12-06 12-08 12-25',
    NC: '01-01 01-06 04-17 04-18 04-21 05-01 07-25 08-15 11-01 12-06 12-08 12-25',
    PV: '01-01 01-06 04-17 04-18 04-21 05-01 07-25 08-15 11-01 12-06 12-08 12-25',
    RI: '01-01 01-06 04-17 04-18 04-21 05-01 06-09 08-15 11-01 12-06 12-08 12-25',
    CE: '01-01 01-06 04-17 04-18 05-01 06-06 08-05 08-15 11-01 12-06 12-08 12-25',
    ML: '01-01 01-06 03-31 04-17 04-18 05-01 06-06 08-15 11-01 12-06 12-08 12-25',
  },
  2026: {
    AN: '01-01 01-06 02-28 04-02 04-03 05-01 08-15 10-12 11-02 12-07 12-08 12-25',
    AR: '01-01 01-06 04-02 04-03 04-23 05-01 08-15 10-12 11-02 12-07 12-08 12-25',
    AS: '01-01 01-06 04-02 04-03 05-01 08-15 09-08 10-12 11-02 12-07 12-08 12-25',
    IB: '01-01 01-06 03-02 04-02 04-03 04-06 05-01 08-15 10-12 12-08 12-25 12-26',
    CN: '01-01 01-06 04-02 04-03 05-01 05-30 08-15 10-12 11-02 12-08 12-25',
    CB: '01-01 01-06 04-02 04-03 05-01 07-28 08-15 09-15 10-12 12-07 12-08 12-25',
    CL: '01-01 01-06 04-02 04-03 04-23 05-01 08-15 10-12 11-02 12-07 12-08 12-25',
    CM: '01-01 01-06 04-02 04-03 04-06 05-01 06-04 08-15 10-12 11-02 12-08 12-25',
    CT: '01-01 01-06 04-03 04-06 05-01 06-24 08-15 09-11 10-12 12-08 12-25 12-26',
    VC: '01-01 01-06 03-19 04-03 04-06 05-01 06-24 08-15 10-09 10-12 12-08 12-25',
    EX: '01-01 01-06 04-02 04-03 05-01 08-15 09-08 10-12 11-02 12-07 12-08 12-25',
    GA: '01-01 01-06 03-19 04-02 04-03 05-01 06-24 07-25 08-15 10-12 12-08 12-25',
    MD: '01-01 01-06 04-02 04-03 05-01 05-02 08-15 10-12 11-02 12-07 12-08 12-25',
    MC: '01-01 01-06 03-19 04-02 04-03 05-01 06-09 08-15 10-12 12-07 12-08 12-25',
    NC: '01-01 01-06 03-19 04-02 04-03 04-06 05-01 08-15 10-12 11-02 12-08 12-25',
    PV: '01-01 01-06 03-19 04-02 04-03 04-06 05-01 07-25 08-15 10-12 12-08 12-25',
    RI: '01-01 01-06 04-02 04-03 04-06 05-01 06-09 08-15 10-12 12-07 12-08 12-25',
    CE: '01-01 01-06 04-02 04-03 05-01 05-27 08-05 08-15 09-02 10-12 12-08 12-25',
    ML: '01-01 01-06 03-20 04-02 04-03 05-01 05-27 08-15 10-12 12-07 12-08 12-25',
  },
};
/**
 * Ceuta and Melilla are each one municipality: their two local days hold in the whole autonomous city,
 * so they are rows of its column (marked `local`, with the city's gazette), on top of the BOE's.
 *   Ceuta 2025: BOCCE, Decreto de 19-09-2024 (31 March Eid Al Fitr, 13 June San Antonio).
 *   Ceuta 2026: 20 March Eidul Fitr, 13 June San Antonio. Melilla 2025 and 2026: 8 and 17 September
 *   (2026: BOME núm. 6315 of 3 October 2025). None read from the gazette itself (`confirmed: false`).
 */
const CITY: Record<number, Record<string, string>> = {
  2025: { CE: '03-31 06-13', ML: '09-08 09-17' },
  2026: { CE: '03-20 06-13', ML: '09-08 09-17' },
};
const withCity = (year: number, region: string, boe: string): string =>
  [...boe.split(' '), ...(CITY[year]![region]?.split(' ') ?? [])].sort().join(' ');

/** The days the table marks in every column: what applies when the community is unknown. */
const NATIONAL: Record<number, string> = {
  2025: '01-01 01-06 04-18 05-01 08-15 11-01 12-06 12-08 12-25',
  2026: '01-01 01-06 04-03 05-01 08-15 10-12 12-08 12-25',
};

const pack = loadRulePacks(esRuleSources).get('ES')!;
const table = pack.holidayTable!;
const cal = new HolidayCalendar({ ES: pack.calendar! }, { ES: table });

function holidaysOf(region: string | undefined, year: number): string {
  const days: string[] = [];
  for (let d = Date.UTC(year, 0, 1); d < Date.UTC(year + 1, 0, 1); d += 86_400_000) {
    const date = new Date(d).toISOString().slice(0, 10);
    if (cal.isHoliday('ES', region, date)) days.push(date.slice(5));
  }
  return days.join(' ');
}

describe.each([2025, 2026])("Spain %i: every community's holidays are the BOE table's", (year) => {
  it('the table has the 17 communities and Ceuta and Melilla, and this test pins each of them', () => {
    expect([...table.regions].sort()).toEqual(Object.keys(BOE[year]!).sort());
  });
  it.each(Object.entries(BOE[year]!))('ES-%s', (region, days) => {
    expect(holidaysOf(region, year)).toBe(withCity(year, region, days));
  });
  it("the BOE table's own rows are exactly the BOE's, community by community (the city days apart)", () => {
    const y = table.years.find((x) => x.year === year)!;
    for (const [region, days] of Object.entries(BOE[year]!)) {
      const boeRows = y.rows.filter((r) => !r.local && (r.regions === 'all' || r.regions.includes(region)));
      expect(boeRows.map((r) => r.date.slice(5)).join(' '), region).toBe(days);
    }
  });
  it('Ceuta and Melilla: their local days, each naming its gazette and saying it was not read', () => {
    const y = table.years.find((x) => x.year === year)!;
    const local = y.rows.filter((r) => r.local);
    expect(local.map((r) => `${r.date.slice(5)} ${(r.regions as string[]).join()}`).sort()).toEqual(
      Object.entries(CITY[year]!)
        .flatMap(([region, days]) => days.split(' ').map((d) => `${d} ${region}`))
        .sort(),
    );
    for (const r of local) {
      expect(r.local!.gazette).toMatch(r.regions[0] === 'CE' ? /^BOCCE/ : /^BOME/);
      expect(r.local!.confirmed).toBe(false);
    }
  });
  it('region unknown: only the days marked in every column', () => {
    expect(holidaysOf(undefined, year)).toBe(NATIONAL[year]);
  });
  it("holidayInAnyRegion is the union of every community's list", () => {
    const union = new Set(
      Object.entries(BOE[year]!).flatMap(([region, days]) => withCity(year, region, days).split(' ')),
    );
    for (let d = Date.UTC(year, 0, 1); d < Date.UTC(year + 1, 0, 1); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      expect(cal.holidayInAnyRegion('ES', date), date).toBe(union.has(date.slice(5)));
    }
  });
  it('the year names its BOE resolution: number, date and address', () => {
    const source = cal.sourceOf('ES', year);
    expect(source.kind).toBe('table');
    const ref = source.kind === 'table' ? source.reference : undefined;
    expect(ref).toEqual(
      year === 2026
        ? expect.objectContaining({
            id: 'BOE-A-2025-21667',
            number: 259,
            date: '2025-10-28',
            url: 'https://www.boe.es/diario_boe/txt.php?id=BOE-A-2025-21667',
          })
        : expect.objectContaining({
            id: 'BOE-A-2024-21316',
            number: 252,
            date: '2024-10-18',
            url: 'https://www.boe.es/diario_boe/txt.php?id=BOE-A-2024-21316',
          }),
    );
  });
});

describe("the issue's example and the table's own days", () => {
  it('Cantabria, Día de las Instituciones: 28 July 2026 (date-holidays had 28 June)', () => {
    expect(cal.holidayOn('ES', 'CB', '2026-07-28')).toBe('Día de las Instituciones de Cantabria');
    expect(cal.isHoliday('ES', 'CB', '2026-06-28')).toBe(false);
  });
  it("a Canary island's own day and Arán's 17 June are kept as data but not applied (the island is not known)", () => {
    const y2026 = table.years.find((y) => y.year === 2026)!;
    expect(y2026.subregional.map((s) => `${s.date} ${s.territory}`)).toContain('2026-02-02 Tenerife');
    expect(cal.isHoliday('ES', 'CN', '2026-02-02')).toBe(false);
    expect(cal.isHoliday('ES', 'CT', '2026-06-17')).toBe(false);
  });
  it('several communities together: a holiday in any of them counts (MD+CN)', () => {
    expect(cal.isHoliday('ES', 'MD+CN', '2026-05-02')).toBe(true); // Madrid only (a Saturday)
    expect(cal.isHoliday('ES', 'MD+CN', '2026-05-30')).toBe(true); // Canarias only
    expect(cal.isHoliday('ES', 'MD+CN', '2026-12-07')).toBe(true); // Madrid only
    expect(cal.isHoliday('ES', 'MD+CN', '2026-06-09')).toBe(false);
  });
});

describe('years after the last table fall back to date-holidays, and say so', () => {
  it('2027 has no table: date-holidays decides', () => {
    expect(cal.tableYears('ES')).toEqual([2025, 2026]);
    expect(cal.sourceOf('ES', 2027)).toEqual({ kind: 'date-holidays' });
    expect(cal.isHoliday('ES', 'MD', '2027-01-01')).toBe(true);
  });
  it('context.holidaysCovered names the BOE resolution, or the fallback, and leaves out local holidays', async () => {
    const checker = createChecker({ countries: ['ES'] });
    const base = {
      channel: 'email',
      jurisdiction: { country: 'ES', region: 'ES-CB' },
      recipient: { role: 'debtor', identityVerified: true },
      debt: { dueDate: '2026-01-01' },
    };
    const in2026 = await checker.check({ ...base, at: '2026-07-28T10:00:00+02:00' } as AttemptInput);
    expect(in2026.context.holidaysCovered).toBe(
      'national and ES-CB regional holidays, from the BOE relación de fiestas laborales 2026 (BOE-A-2025-21667, BOE núm. 259 of 2025-10-28); local (municipal) holidays and the days of part of a community (a Canary island, Arán) are not covered',
    );
    expect(in2026.context.holiday).toBe('Día de las Instituciones de Cantabria');
    const in2027 = await checker.check({ ...base, at: '2027-03-10T10:00:00+01:00' } as AttemptInput);
    expect(in2027.context.holidaysCovered).toMatch(
      /^national and ES-CB regional holidays, from date-holidays: no BOE relación de fiestas laborales for 2027 ships with this release \(BOE tables: 2025, 2026\); local \(municipal\) holidays/,
    );
  });
});

/**
 * date-holidays is now a cross-check. Every day on which it and the BOE table disagree, by year and
 * community; the BOE table decides. A new date-holidays release that changes any of these fails here,
 * so the list is read again rather than silently changed. "Sunday" rows change nothing: a Sunday is
 * not a working day, and the BOE table does not list a national holiday that falls on a Sunday.
 */
const DISAGREEMENTS = [
  '2025 AN 2025-10-13 Mon BOE only',
  '2025 AN 2025-10-12 Sun date-holidays only',
  '2025 AR 2025-10-13 Mon BOE only',
  '2025 AR 2025-10-12 Sun date-holidays only',
  '2025 AS 2025-10-13 Mon BOE only',
  '2025 AS 2025-10-12 Sun date-holidays only',
  '2025 IB 2025-12-26 Fri BOE only',
  '2025 IB 2025-04-21 Mon date-holidays only',
  '2025 IB 2025-10-12 Sun date-holidays only',
  '2025 CN 2025-10-12 Sun date-holidays only',
  '2025 CB 2025-07-28 Mon BOE only',
  '2025 CB 2025-06-28 Sat date-holidays only',
  '2025 CB 2025-10-12 Sun date-holidays only',
  '2025 CL 2025-10-13 Mon BOE only',
  '2025 CL 2025-10-12 Sun date-holidays only',
  '2025 CM 2025-10-12 Sun date-holidays only',
  '2025 CT 2025-10-12 Sun date-holidays only',
  '2025 VC 2025-10-09 Thu BOE only',
  '2025 VC 2025-10-12 Sun date-holidays only',
  '2025 EX 2025-10-13 Mon BOE only',
  '2025 EX 2025-10-12 Sun date-holidays only',
  '2025 GA 2025-03-19 Wed date-holidays only',
  '2025 GA 2025-10-12 Sun date-holidays only',
  '2025 MD 2025-07-25 Fri BOE only',
  '2025 MD 2025-10-12 Sun date-holidays only',
  '2025 MC 2025-06-09 Mon BOE only',
  '2025 MC 2025-10-12 Sun date-holidays only',
  '2025 NC 2025-07-25 Fri BOE only',
  '2025 NC 2025-03-19 Wed date-holidays only',
  '2025 NC 2025-10-12 Sun date-holidays only',
  '2025 PV 2025-03-19 Wed date-holidays only',
  '2025 PV 2025-10-12 Sun date-holidays only',
  '2025 RI 2025-10-12 Sun date-holidays only',
  '2025 CE 2025-06-06 Fri BOE only',
  '2025 CE 2025-06-05 Thu date-holidays only',
  '2025 CE 2025-09-02 Tue date-holidays only',
  '2025 CE 2025-10-12 Sun date-holidays only',
  '2025 ML 2025-03-31 Mon BOE only',
  '2025 ML 2025-03-30 Sun date-holidays only',
  '2025 ML 2025-10-12 Sun date-holidays only',
  '2026 AN 2026-11-01 Sun date-holidays only',
  '2026 AN 2026-12-06 Sun date-holidays only',
  '2026 AR 2026-11-01 Sun date-holidays only',
  '2026 AR 2026-12-06 Sun date-holidays only',
  '2026 AS 2026-11-01 Sun date-holidays only',
  '2026 AS 2026-12-06 Sun date-holidays only',
  '2026 IB 2026-12-26 Sat BOE only',
  '2026 IB 2026-03-01 Sun date-holidays only',
  '2026 IB 2026-11-01 Sun date-holidays only',
  '2026 IB 2026-12-06 Sun date-holidays only',
  '2026 CN 2026-11-01 Sun date-holidays only',
  '2026 CN 2026-12-06 Sun date-holidays only',
  '2026 CB 2026-07-28 Tue BOE only',
  '2026 CB 2026-06-28 Sun date-holidays only',
  '2026 CB 2026-11-01 Sun date-holidays only',
  '2026 CB 2026-12-06 Sun date-holidays only',
  '2026 CL 2026-11-01 Sun date-holidays only',
  '2026 CL 2026-12-06 Sun date-holidays only',
  '2026 CM 2026-04-06 Mon BOE only',
  '2026 CM 2026-05-31 Sun date-holidays only',
  '2026 CM 2026-11-01 Sun date-holidays only',
  '2026 CM 2026-12-06 Sun date-holidays only',
  '2026 CT 2026-11-01 Sun date-holidays only',
  '2026 CT 2026-12-06 Sun date-holidays only',
  '2026 VC 2026-10-09 Fri BOE only',
  '2026 VC 2026-11-01 Sun date-holidays only',
  '2026 VC 2026-12-06 Sun date-holidays only',
  '2026 EX 2026-11-01 Sun date-holidays only',
  '2026 EX 2026-12-06 Sun date-holidays only',
  '2026 GA 2026-06-24 Wed BOE only',
  '2026 GA 2026-05-17 Sun date-holidays only',
  '2026 GA 2026-11-01 Sun date-holidays only',
  '2026 GA 2026-12-06 Sun date-holidays only',
  '2026 MD 2026-11-01 Sun date-holidays only',
  '2026 MD 2026-12-06 Sun date-holidays only',
  '2026 MC 2026-06-09 Tue BOE only',
  '2026 MC 2026-11-01 Sun date-holidays only',
  '2026 MC 2026-12-06 Sun date-holidays only',
  '2026 NC 2026-11-01 Sun date-holidays only',
  '2026 NC 2026-12-06 Sun date-holidays only',
  '2026 PV 2026-11-01 Sun date-holidays only',
  '2026 PV 2026-12-06 Sun date-holidays only',
  '2026 RI 2026-11-01 Sun date-holidays only',
  '2026 RI 2026-12-06 Sun date-holidays only',
  '2026 CE 2026-05-27 Wed BOE only',
  '2026 CE 2026-05-26 Tue date-holidays only',
  '2026 CE 2026-11-01 Sun date-holidays only',
  '2026 CE 2026-12-06 Sun date-holidays only',
  '2026 ML 2026-11-01 Sun date-holidays only',
  '2026 ML 2026-12-06 Sun date-holidays only',
];

describe('date-holidays against the BOE table (the table wins)', () => {
  it('lists every day on which they disagree', () => {
    const weekday = (date: string): string =>
      ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${date}T12:00:00Z`).getUTCDay()]!;
    const found: string[] = [];
    for (const y of table.years) {
      for (const region of table.regions) {
        const boe = new Set(
          y.rows.filter((r) => !r.local && (r.regions === 'all' || r.regions.includes(region))).map((r) => r.date),
        );
        const dh = new Set(
          new Holidays('ES', region)
            .getHolidays(y.year)
            .filter((h) => h.type === 'public')
            .map((h) => h.date.slice(0, 10)),
        );
        for (const d of boe) if (!dh.has(d)) found.push(`${y.year} ${region} ${d} ${weekday(d)} BOE only`);
        for (const d of dh) if (!boe.has(d)) found.push(`${y.year} ${region} ${d} ${weekday(d)} date-holidays only`);
      }
    }
    expect(found).toEqual(DISAGREEMENTS);
  });
});

describe('the holiday table is validated at load', () => {
  const source = esRuleSources.find((s) => s.path === 'rules/es/holiday_table.json')!;
  const edited = (
    edit: (t: {
      years: Array<{ year: number; rows: Array<{ date: string; regions: unknown }> }>;
      regions: string[];
    }) => void,
  ): RuleSource => {
    const data = JSON.parse(JSON.stringify(source.data)) as { holidayTable: Parameters<typeof edit>[0] };
    edit(data.holidayTable);
    return { path: source.path, data };
  };
  const problems = (s: RuleSource): string => {
    try {
      loadRulePacks([s]);
    } catch (e) {
      expect(e).toBeInstanceOf(RuleConfigError);
      return (e as Error).message;
    }
    throw new Error('expected the table to be rejected');
  };

  it('a row for a community that is not a column of the table', () => {
    expect(
      problems(
        edited((t) => {
          t.years[1]!.rows[2]!.regions = ['XX'];
        }),
      ),
    ).toMatch(/holiday_table\.json#\/holidayTable\/years\/1\/rows\/2\/regions\/0: unknown_region XX/);
  });
  it('a column that is not a Spanish community', () => {
    expect(
      problems(
        edited((t) => {
          t.regions.push('SON');
        }),
      ),
    ).toMatch(/holidayTable\/regions\/19: unknown_region SON/);
  });
  it('a date outside its year, and a year listed twice', () => {
    expect(
      problems(
        edited((t) => {
          t.years[1]!.rows[0]!.date = '2027-01-01';
        }),
      ),
    ).toMatch(/years\/1\/rows\/0\/date: wrong_year 2027-01-01/);
    expect(
      problems(
        edited((t) => {
          t.years[0]!.year = 2026;
        }),
      ),
    ).toMatch(/years\/1\/year: duplicate_year 2026/);
  });
  it('a malformed row is rejected by the schema', () => {
    expect(
      problems(
        edited((t) => {
          t.years[0]!.rows[0]!.regions = 'everywhere';
        }),
      ),
    ).toMatch(/holiday_table\.json#\/holidayTable\/years\/0\/rows\/0\/regions: invalid_union/);
  });
});

describe("calendar corrections (date-holidays years) name a region of the file's country", () => {
  const holiday = esRuleSources.find((s) => s.path === 'rules/es/holiday.json')!;
  const withAdd = (region: string): RuleSource => {
    const data = JSON.parse(JSON.stringify(holiday.data)) as { calendar: { add: Array<Record<string, string>> } };
    data.calendar.add.push({ date: '2027-10-09', name: 'x', source: 'test', region });
    return { path: holiday.path, data };
  };
  const problems = (s: RuleSource): string => {
    try {
      loadRulePacks([s]);
    } catch (e) {
      expect(e).toBeInstanceOf(RuleConfigError);
      return (e as Error).message;
    }
    throw new Error('expected the rule file to be rejected');
  };

  it.each([['MX-SON'], ['ES-XX'], ['ES-V']])('%s is rejected (another country, unknown, or a province)', (region) => {
    expect(problems(withAdd(region))).toMatch(/rules\/es\/holiday\.json#\/calendar\/add\/0\/region: unknown_region/);
  });
  it('a malformed code is rejected by the schema', () => {
    expect(problems(withAdd('Valencia'))).toMatch(/holiday\.json#\/calendar\/add\/0\/region: invalid_format/);
  });
  it('ES-VC is accepted, and a correction applies only in a year without a BOE table, only in its region', () => {
    const packs = loadRulePacks([withAdd('ES-VC')]);
    const c = new HolidayCalendar({ ES: packs.get('ES')!.calendar! }, { ES: table });
    expect(c.holidayOn('ES', 'VC', '2027-10-09')).toBe('x');
    expect(c.holidayOn('ES', 'MD', '2027-10-09')).toBeUndefined();
  });
});

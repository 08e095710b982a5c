import type { AttemptInput } from '../src/index.js';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import {
  createChecker,
  defaultRuleSources,
  DecisionSchema,
  InputError,
  RecipientRoles,
  safeParseAttempt,
  TimeCategories,
  type Checker,
  type Decision,
} from '../src/index.js';
import { main } from '../src/cli/main.js';
import { ZONES_BY_COUNTRY } from '../src/zones/resolveTimeZones.js';
import { attemptArb, clean, fcParams } from './_lib/arbitraries.js';

/**
 * Fail closed by design: every rule declares the facts it needs (`requires`); when one is missing or
 * cannot be derived, the rule reports a violation naming it and the answer is never `allow`. Where
 * the library cannot tell (which zone, which person, which channel was authorized) it takes the
 * strictest reading. Each section shows one of these, on the shipped rules of MX, CO and ES.
 */

/** date-holidays, with a switch that makes a year's calendar unavailable (no data, or an exception). */
const broken = vi.hoisted(() => ({
  years: new Set<number>(),
  states: new Set<string>(),
  mode: 'empty' as 'empty' | 'throw',
}));
vi.mock('date-holidays', async (importOriginal) => {
  const mod = await importOriginal<typeof import('date-holidays')>();
  const Real = mod.default;
  class Flaky extends Real {
    private readonly state: string;
    constructor(...args: unknown[]) {
      super(...(args as [string]));
      this.state = typeof args[1] === 'string' ? args[1] : '';
    }
    override getHolidays(
      year?: string | number | Date,
      lang?: string,
    ): ReturnType<InstanceType<typeof Real>['getHolidays']> {
      if (broken.years.has(Number(year)) && (broken.states.size === 0 || broken.states.has(this.state))) {
        if (broken.mode === 'throw') throw new Error('calendar data unavailable');
        return [];
      }
      return super.getHolidays(year, lang);
    }
  }
  return { ...mod, default: Flaky };
});

const TIME = new Set<string>(TimeCategories);
const RANK = { allow: 0, delay: 1, block: 2 } as const;
type Json = Record<string, unknown>;

const checker = createChecker();
const ruleIds = (d: Decision): string[] => d.violations.map((v) => v.ruleId).sort();

/**
 * A decision, or `refused` when no rule of the country is in force on any candidate zone's date (a
 * zone where no law is in force yet forbids nothing, and allows nothing either).
 */
async function decisionOrRefusal(c: Checker, a: unknown): Promise<Decision | 'refused'> {
  try {
    return await c.check(a as AttemptInput);
  } catch (e) {
    if (e instanceof InputError && e.issues.some((i) => i.code === 'no_law_in_force')) return 'refused';
    throw e;
  }
}

/**
 * A fresh checker (holiday years are cached per checker) with some calendars unavailable. Only that
 * checker may be used until `restoreCalendar`: another would cache the unavailable years too.
 */
function withBrokenCalendar(
  years: number[],
  states: string[] = [],
  mode: 'empty' | 'throw' = 'empty',
  make: () => Checker = () => createChecker(),
): Checker {
  broken.years = new Set(years);
  broken.states = new Set(states);
  broken.mode = mode;
  return make();
}
function restoreCalendar(): void {
  broken.years = new Set();
  broken.states = new Set();
}

const coAttempt = {
  id: 'fc-co',
  at: '2026-03-04T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
};

describe('(a) a fact that cannot be derived: the rule reports a violation naming it, and the verdict is block', () => {
  const extra = {
    path: 'x/co/extra.json',
    data: {
      country: 'CO',
      topic: 'extra',
      rules: [
        {
          id: 'co.test.needs_calendar',
          category: 'hours',
          severity: 'block',
          statutory: false,
          reference: 'a test rule that reads the holiday calendar',
          citation: { instrument: 'test', article: 'n/a', url: 'https://example.org/test' },
          effective: { from: '2020-01-01' },
          summary: { es: 'prueba', en: 'test' },
          message: { es: 'festivo', en: 'holiday' },
          requires: ['isHoliday'],
          conditions: { all: [{ fact: 'isHoliday', operator: 'equal', value: true }] },
        },
      ],
    },
  };

  it('a custom rule (x/co/extra.json) needing the holiday calendar, when the calendar is unavailable', async () => {
    const healthy = createChecker({ rules: [...defaultRuleSources, extra] });
    expect((await healthy.check(coAttempt as AttemptInput)).verdict).toBe('allow');
    for (const mode of ['empty', 'throw'] as const) {
      const c = withBrokenCalendar([2026], [], mode, () => createChecker({ rules: [...defaultRuleSources, extra] }));
      try {
        const d = await c.check(coAttempt as AttemptInput);
        expect(DecisionSchema.safeParse(d).success).toBe(true);
        // Its category is `hours`, which waiting cures — but an unknown fact is not cured by waiting.
        expect(d.verdict).toBe('block');
        expect(d.nextAllowedAt).toBeNull();
        const mine = d.violations.find((v) => v.ruleId === 'co.test.needs_calendar');
        expect(mine?.missingFacts).toEqual(['isHoliday']);
        expect(mine?.message).toMatch(/missing facts: isHoliday/);
      } finally {
        restoreCalendar();
      }
    }
  });

  it('every shipped blocking rule that reads the calendar fails closed when it is unavailable (MX, CO, ES)', async () => {
    const attempts: Record<string, Json> = {
      CO: coAttempt,
      MX: {
        ...coAttempt,
        at: '2026-03-04T10:00:00-06:00',
        creditorType: 'financial',
        jurisdiction: { country: 'MX', region: 'MX-CMX' },
      },
      // Spain's 2026 holidays come from the BOE table shipped in rules/, not date-holidays: 2027 has none.
      ES: { ...coAttempt, at: '2027-03-03T10:00:00+01:00', jurisdiction: { country: 'ES', region: 'ES-MD' } },
    };
    for (const [country, a] of Object.entries(attempts)) {
      expect((await checker.check(a as AttemptInput)).verdict, `${country} on a healthy calendar`).toBe('allow');
    }
    const c = withBrokenCalendar([2026, 2027]);
    try {
      for (const [country, a] of Object.entries(attempts)) {
        const d = await c.check(a as AttemptInput);
        const needing = c.packs
          .get(country as 'MX')!
          .pack.rules.filter((r) => r.requires.includes('isHoliday') && r.effective.from <= '2026-03-04');
        expect(needing.length, `${country} has rules that read the calendar`).toBeGreaterThan(0);
        for (const r of needing) {
          const list = r.severity === 'block' ? d.violations : d.warnings;
          expect(list.find((f) => f.ruleId === r.id)?.missingFacts, `${r.id}`).toContain('isHoliday');
        }
        if (needing.some((r) => r.severity === 'block')) {
          expect(d.verdict, country).toBe('block');
        }
      }
    } finally {
      restoreCalendar();
    }
  });

  it('a region whose calendar is unavailable: its holiday rule blocks, the other regions are unaffected (ES, a year after the BOE tables)', async () => {
    const c = withBrokenCalendar([2027], ['CT']);
    try {
      const cat = await c.check({
        ...coAttempt,
        at: '2027-03-03T10:00:00+01:00',
        jurisdiction: { country: 'ES', region: 'ES-B' },
      } as AttemptInput);
      expect(cat.verdict).toBe('block');
      expect(cat.violations.some((v) => v.missingFacts?.includes('isHoliday'))).toBe(true);
      const mad = await c.check({
        ...coAttempt,
        at: '2027-03-03T10:00:00+01:00',
        jurisdiction: { country: 'ES', region: 'ES-MD' },
      } as AttemptInput);
      expect(mad.verdict).toBe('allow');
      // A year the BOE table lists does not depend on date-holidays at all.
      const boe = await c.check({
        ...coAttempt,
        at: '2026-03-04T10:00:00+01:00',
        jurisdiction: { country: 'ES', region: 'ES-B' },
      } as AttemptInput);
      expect(boe.verdict).toBe('allow');
      // Region unknown: "a holiday in some region" cannot be told either; that policy rule is a warning.
      const anywhere = await c.check({
        ...coAttempt,
        at: '2027-03-03T10:00:00+01:00',
        jurisdiction: { country: 'ES' },
      } as AttemptInput);
      expect(
        anywhere.warnings.concat(anywhere.violations).some((f) => f.missingFacts?.includes('holidayInAnyRegion')),
      ).toBe(true);
    } finally {
      restoreCalendar();
    }
  });

  it('the nextAllowedAt search does not step into a year whose calendar is unavailable', async () => {
    // Late on 31 December: the next lawful instant would be in 2027, whose calendar is unknown.
    const healthy = await checker.check({ ...coAttempt, at: '2026-12-31T20:00:00-05:00' } as AttemptInput);
    expect(healthy.verdict).toBe('delay');
    // 1 January is a festivo; Saturday 2 January opens at 08:00.
    expect(healthy.nextAllowedAt).toBe('2027-01-02T08:00:00-05:00');
    const c = withBrokenCalendar([2027]);
    try {
      const d = await c.check({ ...coAttempt, at: '2026-12-31T20:00:00-05:00' } as AttemptInput);
      expect(d.verdict).toBe('block');
      expect(d.nextAllowedAt).toBeNull();
    } finally {
      restoreCalendar();
    }
  });
});

describe('(b) zone unknown where the country has several: every zone is checked, and the window is their intersection', () => {
  /** Days on which some rule starts or stops: where the zones of a country disagree about what is in force. */
  const boundaries = [...checker.packs.values()]
    .flatMap((cp) => cp.pack.rules.flatMap((r) => [r.effective.from, ...(r.effective.to ? [r.effective.to] : [])]))
    .filter((d) => d >= '2014-01-01' && d <= '2027-12-31');
  const boundaryMs = [...new Set(boundaries)].map((d) => Date.parse(`${d}T00:00:00Z`));

  const unknownZoneArb = fc
    .oneof(
      attemptArb({ countries: ['MX', 'ES'] }),
      fc
        .constantFrom(...boundaryMs)
        .chain((b) => attemptArb({ countries: ['MX', 'ES'], minMs: b - 20 * 3_600_000, maxMs: b + 20 * 3_600_000 })),
    )
    .map((a) => {
      const { jurisdiction, recipient } = a as { jurisdiction: Json; recipient: Json };
      return clean<Json>({
        ...a,
        jurisdiction: { country: jurisdiction['country'] },
        recipient: { ...recipient, phone: undefined },
      });
    });

  it('the decision names the assumption, and allows only where every zone of the country allows', {
    timeout: 600_000,
  }, async () => {
    let allowed = 0;
    let notAllowed = 0;
    await fc.assert(
      fc.asyncProperty(unknownZoneArb, async (a) => {
        const country = (a['jurisdiction'] as { country: 'MX' | 'ES' }).country;
        const decided = await decisionOrRefusal(checker, a);
        const zones = ZONES_BY_COUNTRY[country].allZones;
        const all = await Promise.all(
          zones.map((z) => decisionOrRefusal(checker, { ...a, jurisdiction: { country, timeZone: z } })),
        );
        if (decided === 'refused') {
          // Refused only when every zone's date is before the law: then each zone alone is refused too.
          for (const s of all) expect(s).toBe('refused');
          return;
        }
        const d = decided;
        expect(d.context.timeZoneSource).toBe('country');
        expect(d.context.candidateTimeZones).toEqual([...zones]);
        const assumption = d.context.assumptions.find((s) => s.startsWith('time zone unknown'));
        expect(assumption).toBeDefined();
        for (const fact of ['jurisdiction.timeZone', 'jurisdiction.region', 'recipient.phone', ...zones])
          expect(assumption).toContain(fact);
        // A zone whose date is before the law judges nothing: it forbids nothing, and does not allow either.
        const singles = all.filter((s): s is Decision => s !== 'refused');
        // The strict intersection: what any zone forbids, the unknown zone forbids; nothing more.
        expect(ruleIds(d)).toEqual([...new Set(singles.flatMap(ruleIds))].sort());
        expect(singles.length).toBeGreaterThan(0);
        expect(d.allowed).toBe(singles.every((s) => s.allowed));
        expect(RANK[d.verdict]).toBeGreaterThanOrEqual(Math.max(...singles.map((s) => RANK[s.verdict])));
        if (d.verdict === 'delay') {
          for (const s of singles)
            if (s.verdict === 'delay')
              expect(Date.parse(d.nextAllowedAt!)).toBeGreaterThanOrEqual(Date.parse(s.nextAllowedAt!));
          // …and at that instant no zone still has a time violation.
          const at = d.nextAllowedAt!;
          const earlier = ((a['history'] as Json[] | undefined) ?? []).filter(
            (h) => Date.parse(h['at'] as string) < Date.parse(a['at'] as string),
          );
          for (const z of zones) {
            const later = await checker.check({
              ...a,
              at,
              history: earlier,
              jurisdiction: { country, timeZone: z },
            } as AttemptInput);
            expect(
              later.violations.filter((v) => TIME.has(v.category)),
              `${z} at ${at}`,
            ).toEqual([]);
          }
        }
        if (d.allowed) allowed++;
        else notAllowed++;
      }),
      fcParams(800),
    );
    expect(allowed).toBeGreaterThan(50);
    expect(notAllowed).toBeGreaterThan(50);
  });

  it('a debtor abroad (explicit zone outside the country) is at least as restricted as in every zone of the country', {
    timeout: 600_000,
  }, async () => {
    const abroadArb = fc
      .oneof(
        attemptArb(),
        fc
          .constantFrom(...boundaryMs)
          .chain((b) => attemptArb({ minMs: b - 20 * 3_600_000, maxMs: b + 20 * 3_600_000 })),
      )
      .chain((a) =>
        fc
          .constantFrom('America/New_York', 'America/Los_Angeles', 'Pacific/Pago_Pago', 'Asia/Tokyo', 'Europe/London')
          .map((tz) => {
            const { jurisdiction } = a as { jurisdiction: Json };
            return clean<Json>({ ...a, jurisdiction: { country: jurisdiction['country'], timeZone: tz } });
          }),
      );
    await fc.assert(
      fc.asyncProperty(abroadArb, async (a) => {
        const { country, timeZone } = a['jurisdiction'] as { country: 'MX' | 'CO' | 'ES'; timeZone: string };
        const decided = await decisionOrRefusal(checker, a);
        const zones = ZONES_BY_COUNTRY[country].allZones;
        const all = await Promise.all(
          zones.map((z) => decisionOrRefusal(checker, { ...a, jurisdiction: { country, timeZone: z } })),
        );
        if (decided === 'refused') {
          for (const s of all) expect(s).toBe('refused');
          return;
        }
        const d = decided;
        expect(d.context.candidateTimeZones).toEqual([timeZone, ...zones]);
        const singles = all.filter((s): s is Decision => s !== 'refused');
        const ids = new Set(ruleIds(d));
        for (const s of singles)
          for (const id of ruleIds(s))
            expect(ids.has(id), `${id} fires in ${s.context.timeZone} but not for the debtor abroad`).toBe(true);
        expect(RANK[d.verdict]).toBeGreaterThanOrEqual(Math.max(...singles.map((s) => RANK[s.verdict])));
      }),
      fcParams(800),
    );
  });

  it('a rule applies when its effective range holds the local date of any candidate zone (rules of the attempt and of the clock)', {
    timeout: 600_000,
  }, async () => {
    // Always-true warnings, one pair (attempt-only, clock) per range, in each country.
    const ranges = [
      ['2026-08-02', undefined],
      ['2025-01-01', '2025-01-01'],
      ['2024-03-10', '2024-03-12'],
    ] as const;
    const sources = (['co', 'mx', 'es'] as const).map((cc) => ({
      path: `x/${cc}/effective.json`,
      data: {
        country: cc.toUpperCase(),
        topic: 'effective',
        rules: ranges.flatMap(([from, to], i) =>
          (['static', 'clock'] as const).map((kind) => ({
            id: `${cc}.test.r${i}_${kind}`,
            category: 'conduct',
            severity: 'warn',
            statutory: false,
            reference: 'test',
            citation: { instrument: 'test', article: 'n/a', url: 'https://example.org/test' },
            effective: to ? { from, to } : { from },
            summary: { es: 'prueba', en: 'test' },
            message: { es: 'prueba', en: 'test' },
            requires: [kind === 'static' ? 'channel' : 'localMinutes'],
            conditions: {
              all: [
                kind === 'static'
                  ? { fact: 'channel', operator: 'notEqual', value: 'none' }
                  : { fact: 'localMinutes', operator: 'greaterThanInclusive', value: 0 },
              ],
            },
          })),
        ),
      },
    }));
    const c = createChecker({ rules: [...defaultRuleSources, ...sources] });
    const near = fc
      .constantFrom(...ranges.flatMap(([from, to]) => [from, ...(to ? [to] : [])]))
      .chain((d) =>
        attemptArb({
          minMs: Date.parse(`${d}T00:00:00Z`) - 30 * 3_600_000,
          maxMs: Date.parse(`${d}T00:00:00Z`) + 30 * 3_600_000,
        }),
      )
      .chain((a) =>
        fc
          .option(
            fc.constantFrom(
              'America/New_York',
              'America/Los_Angeles',
              'Pacific/Pago_Pago',
              'Asia/Tokyo',
              'Pacific/Kiritimati',
            ),
            { nil: undefined },
          )
          .map((tz) =>
            tz === undefined
              ? a
              : { ...a, jurisdiction: { country: (a['jurisdiction'] as Json)['country'], timeZone: tz } },
          ),
      );
    await fc.assert(
      fc.asyncProperty(near, async (a) => {
        const d = await c.check(a as AttemptInput);
        const ms = Date.parse(a['at'] as string);
        const dates = d.context.candidateTimeZones.map((z) => DateTime.fromMillis(ms, { zone: z }).toISODate()!);
        const cc = (a['jurisdiction'] as { country: string }).country.toLowerCase();
        const fired = new Set(d.warnings.map((w) => w.ruleId));
        ranges.forEach(([from, to], i) => {
          const inForce = dates.some((x) => from <= x && (to === undefined || x <= to));
          for (const kind of ['static', 'clock'])
            expect(
              fired.has(`${cc}.test.r${i}_${kind}`),
              `${kind} rule ${from}…${to ?? ''} on ${dates.join(', ')}`,
            ).toBe(inForce);
        });
      }),
      fcParams(2000),
    );
  });

  it('a debtor abroad (explicit zone outside the country) is checked in that zone and in every zone of the country', async () => {
    const d = await checker.check({
      ...coAttempt,
      at: '2026-03-04T18:30:00-05:00',
      jurisdiction: { country: 'CO', timeZone: 'Asia/Tokyo' },
    } as AttemptInput);
    expect(d.context.candidateTimeZones).toEqual(['Asia/Tokyo', 'America/Bogota']);
    // 18:30 in Bogotá is fine; 08:30 the next day in Tokyo is fine too…
    expect(d.verdict).toBe('allow');
    // …but 19:30 in Bogotá is not, whatever Tokyo says (09:30).
    const late = await checker.check({
      ...coAttempt,
      at: '2026-03-04T19:30:00-05:00',
      jurisdiction: { country: 'CO', timeZone: 'Asia/Tokyo' },
    } as AttemptInput);
    expect(late.verdict).toBe('delay');
    expect(late.violations[0]?.timeZones).toEqual(['America/Bogota']);
  });

  it('regression: a rule that starts on a date is in force for a debtor abroad once it is in force in any candidate zone', async () => {
    // 21:00 on 1 Aug 2026 in New York is 03:00 on 2 Aug in Madrid, the day AI Act art. 50 applies.
    const ai = {
      at: '2026-08-01T21:00:00-04:00',
      channel: 'email',
      agent: 'ai',
      recipient: { role: 'debtor', identityVerified: true },
      debt: { dueDate: '2026-01-15' },
    };
    const madrid = await checker.check({
      ...ai,
      jurisdiction: { country: 'ES', timeZone: 'Europe/Madrid' },
    } as AttemptInput);
    const abroad = await checker.check({
      ...ai,
      jurisdiction: { country: 'ES', timeZone: 'America/New_York' },
    } as AttemptInput);
    const aiRule = madrid.violations.find((v) => v.category === 'conduct');
    expect(aiRule).toBeDefined();
    expect(ruleIds(abroad)).toContain(aiRule!.ruleId);
    expect(abroad.verdict).toBe('block');
  });
});

describe('(c) an unparsable phone is an input error at recipient.phone, never a guess', () => {
  const bad = [
    'abc',
    '12',
    '+',
    '+52',
    '+57 1',
    '++573001234567',
    '+999 123456789',
    '+34 6',
    'call me',
    '5'.repeat(32),
    '+57300123456789012',
    '000',
  ];

  it.each(bad)('%j', async (phone) => {
    for (const country of ['MX', 'CO', 'ES']) {
      const a = { ...coAttempt, jurisdiction: { country }, recipient: { role: 'debtor', phone } };
      const r = safeParseAttempt(a);
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues.map((i) => i.path)).toContain('recipient.phone');
      await expect(checker.check(a as AttemptInput)).rejects.toThrow(InputError);
      await expect(checker.check(a as AttemptInput)).rejects.toThrow(/^recipient\.phone: /m);
      let stdout = '';
      let stderr = '';
      const code = await main(['check', '-'], {
        stdin: () => JSON.stringify(a, null, 2),
        out: (s) => {
          stdout += s;
        },
        err: (s) => {
          stderr += s;
        },
      });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/recipient\.phone/);
    }
  });

  it('any string: a phone is accepted only when libphonenumber-js finds it possible, else rejected at recipient.phone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('MX', 'CO', 'ES'),
        fc.oneof(fc.string({ minLength: 3, maxLength: 32 }), fc.stringMatching(/^\+?[0-9 ()-]{3,31}$/)),
        async (country, phone) => {
          const a = { ...coAttempt, jurisdiction: { country }, recipient: { role: 'debtor', phone } };
          const r = safeParseAttempt(a);
          if (r.success) {
            const d = await checker.check(a as AttemptInput);
            expect(DecisionSchema.safeParse(d).success).toBe(true);
          } else {
            expect(r.error.issues.map((i) => `${i.path}:${i.code}`)).toEqual(['recipient.phone:invalid_phone']);
            await expect(checker.check(a as AttemptInput)).rejects.toThrow(InputError);
          }
        },
      ),
      fcParams(3000),
    );
  });
});

describe('(d) an unknown recipient role is never treated more leniently than any known one', () => {
  const inForce = Date.UTC(2024, 0, 1);
  /** Half reveal the debt, half do not; earlier contacts are recorded for any role, or none. */
  const arb = attemptArb({ minMs: inForce, roles: ['unknown'] }).chain((a) => {
    const history = (a['history'] as Json[] | undefined) ?? [];
    return fc
      .record({
        disclosesDebt: fc.boolean(),
        roles: fc.array(fc.option(fc.constantFrom(...RecipientRoles), { nil: undefined }), {
          minLength: history.length,
          maxLength: history.length,
        }),
      })
      .map(({ disclosesDebt, roles }) =>
        clean<Json>({
          ...a,
          content: { ...(a['content'] as Json | undefined), disclosesDebt },
          history: history.map((h, i) => ({ ...h, recipientRole: roles[i] })),
        }),
      );
  });

  it('MX and CO: never allow; ES: never allow when the contact reveals the debt', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(arb, async (a) => {
        const d = await checker.check(a as AttemptInput);
        const country = (a['jurisdiction'] as { country: string }).country;
        const discloses = (a['content'] as { disclosesDebt?: boolean } | undefined)?.disclosesDebt ?? true;
        if (country !== 'ES' || discloses) {
          expect(d.verdict).toBe('block');
          expect(d.violations.some((v) => v.category === 'third_party')).toBe(true);
        }
      }),
      fcParams(3000),
    );
  });

  it('unknown is at least as strict as every role it could be', { timeout: 600_000 }, async () => {
    let allowedUnknown = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (a) => {
        const d = await checker.check(a as AttemptInput);
        for (const role of RecipientRoles.filter((r) => r !== 'unknown')) {
          const known = await checker.check({ ...a, recipient: { ...(a['recipient'] as Json), role } } as AttemptInput);
          expect(RANK[d.verdict], `unknown vs ${role}`).toBeGreaterThanOrEqual(RANK[known.verdict]);
        }
        if (d.allowed) allowedUnknown++;
      }),
      fcParams(700),
    );
    // An unknown recipient is never allowed, in any country (ES: es.policy.unknown_recipient).
    expect(allowedUnknown).toBe(0);
  });

  it('regression: earlier contacts to any role count for a recipient of unknown role (they may be the same person)', async () => {
    const history = ['07', '08', '09'].map((hh) => ({
      at: `2026-03-04T${hh}:00:00+01:00`,
      channel: 'call',
      recipientRole: 'debtor',
    }));
    const a = {
      at: '2026-03-04T12:00:00+01:00',
      channel: 'call',
      jurisdiction: { country: 'ES', region: 'ES-MD' },
      recipient: { role: 'debtor', identityVerified: true },
      content: { disclosesDebt: false },
      debt: { dueDate: '2026-01-15' },
      history,
    };
    const toDebtor = await checker.check(a as AttemptInput);
    expect(toDebtor.verdict).toBe('delay');
    const toUnknown = await checker.check({ ...a, recipient: { role: 'unknown' } } as AttemptInput);
    // Held as a third-party risk, and the debtor's earlier contacts still count against it.
    expect(toUnknown.verdict).toBe('block');
    expect(ruleIds(toUnknown)).toEqual([...ruleIds(toDebtor), 'es.policy.unknown_recipient'].sort());
    // And a contact recorded as `unknown` may have reached the debtor: it counts for them.
    const recordedUnknown = await checker.check({
      ...a,
      history: history.map((h) => ({ ...h, recipientRole: 'unknown' })),
    } as AttemptInput);
    expect(recordedUnknown.verdict).toBe('delay');
  });
});

describe('(e) channel authorization unknown where the law requires it (CO, Ley 2300 art. 2): block', () => {
  const inForce = Date.UTC(2023, 9, 11);

  it('authorizedChannels absent, or without the channel: block, naming the channel rule', {
    timeout: 600_000,
  }, async () => {
    const arb = attemptArb({ countries: ['CO'], minMs: inForce }).chain((a) =>
      fc.boolean().map((absent) => {
        const debtor = { ...(a['debtor'] as Json) };
        if (absent) delete debtor['authorizedChannels'];
        else
          debtor['authorizedChannels'] = ((debtor['authorizedChannels'] as string[] | undefined) ?? []).filter(
            (c) => c !== a['channel'],
          );
        return { ...a, debtor };
      }),
    );
    await fc.assert(
      fc.asyncProperty(arb, async (a) => {
        const d = await checker.check(a as AttemptInput);
        expect(d.verdict).toBe('block');
        const rule = d.violations.find((v) => v.category === 'channel' && v.statutory);
        expect(rule?.ruleId).toBe('co.ley2300.art2.authorized_channel');
        if ((a['debtor'] as Json)['authorizedChannels'] === undefined) {
          expect(d.context.assumptions.some((s) => s.startsWith('debtor.authorizedChannels unknown'))).toBe(true);
        }
      }),
      fcParams(2000),
    );
  });

  it('the same attempt with the channel authorized is not blocked for want of authorization', async () => {
    const d = await checker.check(coAttempt as AttemptInput);
    expect(d.verdict).toBe('allow');
    const unknown = await checker.check({ ...coAttempt, debtor: {} } as AttemptInput);
    expect(unknown.verdict).toBe('block');
  });
});

describe('a time-only violation that no wait cures', () => {
  it('is a block, and context.assumptions says why', async () => {
    const c = createChecker({ horizonDays: 1 });
    // Saturday 20:00 in Bogotá: the next lawful instant (Monday 07:00) is beyond a one-day horizon.
    const d = await c.check({
      at: '2026-03-07T20:00:00-05:00',
      channel: 'call',
      jurisdiction: { country: 'CO' },
      recipient: { role: 'debtor', identityVerified: true },
      debt: { dueDate: '2026-01-15' },
      debtor: { authorizedChannels: ['call'] },
    });
    expect(d.verdict).toBe('block');
    expect(d.nextAllowedAt).toBeNull();
    expect(d.violations.map((v) => v.ruleId)).toEqual(['co.ley2300.art3.hours.saturday']);
    expect(d.context.assumptions.join(' ')).toMatch(/no instant in the next 1 days passes every time rule/);
  });
});

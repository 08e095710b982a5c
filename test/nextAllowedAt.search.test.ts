import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changePoints, findNextAllowedAt } from '../src/check/findNextAllowedAt.js';
import { evaluateAt, type EvalEnv, type Evaluation } from '../src/check/evaluateAt.js';
import { runCompiled } from '../src/check/evaluators.js';
import { parseAttempt } from '../src/check/parseAttempt.js';
import { compileRulePack, type CompiledPack, type RuleOverride } from '../src/engine/compileRulePack.js';
import type { FrequencyOptions } from '../src/facts/contactIndex.js';
import { HolidayDays } from '../src/facts/holidayDays.js';
import { HolidayCalendar } from '../src/facts/holidays.js';
import { prepareAttempt, type PreparedAttempt } from '../src/facts/prepareAttempt.js';
import { defaultRuleSources } from '../src/rules/defaultRuleSources.js';
import { loadRulePacks } from '../src/rules/loadRulePacks.js';
import type { Country } from '../src/schema/enums.js';
import type { Calendar } from '../src/schema/rule.js';
import type { HolidayTable } from '../src/schema/holidayTable.js';
import { attemptArb, DAY_MS, fcParams, RUNS } from './_lib/arbitraries.js';

/**
 * The nextAllowedAt search settles runs of contacts leaving the rolling week by bisection, and leaps
 * over the time a rule of rolling counts keeps firing (src/check/findNextAllowedAt.ts): the instant
 * found must be the one the plain search finds — every change point tried in order — whatever the
 * history. Dense histories (up to 400 contacts in the last eight days) make long runs and leaps.
 */
const packs = loadRulePacks(defaultRuleSources);
const calendars: Partial<Record<Country, Calendar>> = {};
const tables: Partial<Record<Country, HolidayTable>> = {};
for (const [country, pack] of packs) {
  if (pack.calendar) calendars[country] = pack.calendar;
  if (pack.holidayTable) tables[country] = pack.holidayTable;
}
const holidayDays = new HolidayDays(new HolidayCalendar(calendars, tables));
// Policy warnings made blocking too: more rules of counts take part in the search.
const overrides: Record<string, RuleOverride> = {
  'mx.policy.attempts_per_day': { severity: 'block' },
  'mx.policy.conversations_per_day': { severity: 'block' },
};
const compiled = new Map<Country, CompiledPack>([...packs].map(([c, pack]) => [c, compileRulePack(pack)]));
const tightened = new Map<Country, CompiledPack>([...packs].map(([c, pack]) => [c, compileRulePack(pack, overrides)]));

/** The plain search: every change point in order, the first at which no time rule fires. */
function* scan(
  cp: CompiledPack,
  p: PreparedAttempt,
  env: EvalEnv,
  horizonDays: number,
): Evaluation<number | undefined> {
  for (const t of changePoints(cp, p, p.atMs, horizonDays)) {
    const { firings } = yield* evaluateAt(cp, 'time', p, t, env);
    if (firings.length === 0) return t;
  }
  return undefined;
}

const frequencyArb: fc.Arbitrary<FrequencyOptions> = fc.record({
  directContact: fc.constantFrom('attempt' as const, 'two_way' as const),
  week: fc.constantFrom('rolling' as const, 'calendar' as const),
});

/** Many contacts in the eight days before the attempt, most to the same person, on a few channels. */
function denseArb(maxLength: number): fc.Arbitrary<(atMs: number, role: string) => Array<Record<string, unknown>>> {
  const entry = fc.record({
    ago: fc.oneof(
      fc.integer({ min: 0, max: 8 * DAY_MS }),
      fc.constantFrom(7 * DAY_MS, 7 * DAY_MS - 1, 7 * DAY_MS + 1, 0, 999),
    ),
    channel: fc.constantFrom('call', 'call', 'sms', 'whatsapp', 'email', 'visit'),
    outcome: fc.option(fc.constantFrom('connected', 'no_answer', 'voicemail', 'delivered'), { nil: undefined }),
    sameRole: fc.boolean(),
  });
  return fc.array(entry, { minLength: 100, maxLength }).map(
    (entries) => (atMs, role) =>
      entries.map((e) => ({
        at: new Date(atMs - e.ago).toISOString(),
        channel: e.channel,
        ...(e.outcome ? { outcome: e.outcome } : {}),
        ...(e.sameRole ? { recipientRole: role } : {}),
      })),
  );
}

describe('nextAllowedAt: the search by runs finds the instant the plain search finds', () => {
  it.each([
    ['dense histories, shipped rules', compiled, 400, 90],
    ['dense histories, policy warnings blocking', tightened, 400, 90],
    ['short horizon (drops beyond it are never tried)', compiled, 200, 3],
  ] as const)('%s', (_name, byCountry, maxLength, horizonDays) => {
    const history = { maxLength: 4, before: 8 * DAY_MS, after: 0 };
    const runs = Math.min(RUNS, 2_000);
    let dense = 0;
    let later = 0;
    fc.assert(
      fc.property(attemptArb({ history }), denseArb(maxLength), frequencyArb, (input, more, frequency) => {
        const atMs = Date.parse(input['at'] as string);
        const role = (input['recipient'] as { role: string }).role;
        const attempt = parseAttempt({ ...input, history: [...(input['history'] as unknown[]), ...more(atMs, role)] });
        const cp = byCountry.get(attempt.jurisdiction.country)!;
        const env: EvalEnv = { holidayDays, frequency };
        const p = prepareAttempt(attempt, env);
        const want = runCompiled(scan(cp, p, env, horizonDays));
        expect(runCompiled(findNextAllowedAt(cp, p, env, horizonDays))).toBe(want);
        if (p.history.size >= 100) dense++;
        if (want !== undefined && want - p.atMs > DAY_MS) later++;
      }),
      fcParams(runs),
    );
    // The cases are the ones the search is for: long histories, answers days away.
    expect(dense).toBeGreaterThan(runs / 4);
    expect(later).toBeGreaterThan(runs / 50);
  });

  it('a debtor contacted every few minutes for a week: the same instant, with a fraction of the evaluations', () => {
    const at = Date.parse('2026-03-10T15:00:00-05:00');
    const channels = ['call', 'sms', 'whatsapp', 'email'] as const;
    const history = Array.from({ length: 3000 }, (_, i) => ({
      at: new Date(at - (i + 1) * 200_000).toISOString(),
      channel: channels[i % 4]!,
      outcome: i % 3 === 0 ? 'connected' : 'no_answer',
    }));
    for (const country of ['CO', 'ES', 'MX'] as const) {
      const attempt = parseAttempt({
        at: '2026-03-10T15:00:00-05:00',
        channel: 'call',
        jurisdiction: {
          country,
          ...(country === 'CO' ? {} : { timeZone: country === 'ES' ? 'Europe/Madrid' : 'America/Mexico_City' }),
        },
        recipient: { role: 'debtor', identityVerified: true },
        debt: { dueDate: '2026-01-15' },
        debtor: { authorizedChannels: [...channels] },
        history,
      });
      for (const frequency of [
        { directContact: 'attempt', week: 'rolling' },
        { directContact: 'two_way', week: 'calendar' },
      ] as const) {
        const env: EvalEnv = { holidayDays, frequency };
        const cp = tightened.get(country)!;
        const p = prepareAttempt(attempt, env);
        let asked = 0;
        let scanned = 0;
        const counting = (e: Evaluation<number | undefined>, count: () => void): number | undefined =>
          runCompiled(
            (function* () {
              let step = e.next([]);
              while (!step.done) {
                count();
                step = e.next(yield step.value);
              }
              return step.value;
            })(),
          );
        const fast = counting(findNextAllowedAt(cp, p, env, 90), () => asked++);
        const plain = counting(scan(cp, p, env, 90), () => scanned++);
        expect(fast, `${country} ${frequency.week}`).toBe(plain);
        expect(asked, `${country} ${frequency.week}: ${asked} queries against ${scanned}`).toBeLessThan(
          Math.max(60, scanned / 4),
        );
      }
    }
  });
});

import type { AttemptInput } from '../src/index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChecker, type Decision } from '../src/index.js';
import { fastParseAttempt } from '../src/check/fastParseAttempt.js';
import { AttemptSchema } from '../src/schema/attempt.js';
import { Countries } from '../src/schema/enums.js';
import { attemptArb, extraHistoryArb, fcParams, mutantArb, RUNS } from './_lib/arbitraries.js';

/**
 * The compiled evaluator against the reference one (json-rules-engine itself): identical decisions,
 * byte for byte, over generated attempts of every country — allows, delays with their nextAllowedAt,
 * blocks, refusals. And the fast accept path of validation against zod: whatever it accepts, zod
 * accepts, giving the same value.
 *
 * DIFF_RUNS (default FC_RUNS, else 1,000 per country; `.ci/run` runs 10,000, `npm run fuzz` more).
 */
const compiled = createChecker();
const reference = createChecker({ evaluator: 'reference' });
const twoWay = { frequency: { directContact: 'two_way' as const, week: 'calendar' as const } };
const compiledTwoWay = createChecker(twoWay);
const referenceTwoWay = createChecker({ ...twoWay, evaluator: 'reference' });
const RUNS_EACH = Number(process.env['DIFF_RUNS'] ?? RUNS);
const LONG = 1_800_000;

type Outcome = { decision: Decision } | { error: string };
const outcome = (p: Promise<Decision>): Promise<Outcome> =>
  p.then(
    (decision) => ({ decision }),
    (e: unknown) => ({ error: String(e) }),
  );

describe("compiled rules give json-rules-engine's decisions", () => {
  it.each(Countries)('%s: identical decisions from both evaluators', { timeout: LONG }, async (country) => {
    const seen = { allow: 0, delay: 0, block: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(attemptArb({ countries: [country] }), async (a) => {
        const [c, r] = await Promise.all([
          outcome(compiled.check(a as AttemptInput)),
          outcome(reference.check(a as AttemptInput)),
        ]);
        expect(c).toEqual(r);
        expect(JSON.stringify(c)).toBe(JSON.stringify(r));
        if ('decision' in c) seen[c.decision.verdict]++;
        else seen.refused++;
      }),
      fcParams(RUNS_EACH),
    );
    // Every verdict is well represented: the property is not vacuous.
    for (const v of ['allow', 'delay', 'block'] as const) expect(seen[v], v).toBeGreaterThan(RUNS_EACH / 50);
  });

  it('other readings of contact and week (two_way, calendar), with extra history: identical decisions', {
    timeout: LONG,
  }, async () => {
    const arb = attemptArb().chain((a) =>
      extraHistoryArb(a).map((extra) => ({ ...a, history: [...((a['history'] as unknown[]) ?? []), ...extra] })),
    );
    await fc.assert(
      fc.asyncProperty(arb, async (a) => {
        const [c, r] = await Promise.all([
          outcome(compiledTwoWay.check(a as AttemptInput)),
          outcome(referenceTwoWay.check(a as AttemptInput)),
        ]);
        expect(JSON.stringify(c)).toBe(JSON.stringify(r));
      }),
      fcParams(Math.max(100, Math.round(RUNS_EACH / 5))),
    );
  });

  it('checkSync and check agree', async () => {
    await fc.assert(
      fc.asyncProperty(attemptArb(), async (a) => {
        let sync: Outcome;
        try {
          sync = { decision: compiled.checkSync(a as AttemptInput) };
        } catch (e) {
          sync = { error: String(e) };
        }
        expect(await outcome(compiled.check(a as AttemptInput))).toEqual(sync);
      }),
      fcParams(Math.max(100, Math.round(RUNS_EACH / 10))),
    );
  });
});

describe("the fast accept path of validation is zod's answer", () => {
  const zodSays = (input: unknown): { success: boolean; data?: unknown } => {
    try {
      return AttemptSchema.safeParse(input);
    } catch {
      return { success: false };
    }
  };

  it('valid attempts: accepted by both, with the same value (defaults applied)', () => {
    let fast = 0;
    fc.assert(
      fc.property(attemptArb(), (a) => {
        const z = zodSays(a);
        expect(z.success).toBe(true);
        const f = fastParseAttempt(a);
        if (f !== undefined) {
          fast++;
          expect(f).toStrictEqual(z.data);
        }
      }),
      fcParams(),
    );
    // The fast path takes the valid attempts platforms send (it may leave some to zod, never many).
    expect(fast).toBeGreaterThan(RUNS * 0.95);
  });

  it('mutated attempts (the adversarial corpus): what the fast path accepts, zod accepts, with the same value', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(mutantArb(), (m) => {
        const f = fastParseAttempt(m);
        const z = zodSays(m);
        if (f !== undefined) {
          accepted++;
          expect(z.success).toBe(true);
          expect(f).toStrictEqual(z.data);
        } else if (!z.success) rejected++;
      }),
      fcParams(),
    );
    expect(accepted).toBeGreaterThan(RUNS / 20);
    expect(rejected).toBeGreaterThan(RUNS / 5);
  });
});

import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { compileCondition } from '../src/engine/compileCondition.js';
import { FACTS } from '../src/facts/factCatalog.js';
import { defaultRuleSources, loadRulePacks } from '../src/index.js';
import { Operators, type Condition } from '../src/schema/rule.js';
import { fcParams, RUNS } from './_lib/arbitraries.js';

/**
 * The compiler against json-rules-engine 7 itself, condition by condition, on facts of every kind a
 * rule can meet — and on facts no shipped rule meets (undefined, null, NaN, numeric strings, arrays):
 * every shipped rule, and synthetic conditions of every operator and nesting.
 */
const rules = [...loadRulePacks(defaultRuleSources).values()].flatMap((p) => p.rules);

async function engineSays(conditions: Condition, facts: Record<string, unknown>): Promise<boolean> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addRule({ name: 'r', conditions: conditions as never, event: { type: 'r' } });
  const { results } = await engine.run({ ...facts });
  return results.length === 1;
}

const FACT_NAMES = Object.keys(FACTS);
/** Values a fact can hold, and values it should never hold (a bug upstream must still be judged as the engine would). */
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -5, max: 1500 }),
  fc.double({ noNaN: false }),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(
    'call',
    'sms',
    'debtor',
    'unknown',
    'authorized',
    'financial',
    '420',
    '419.5',
    ' 7',
    '7abc',
    '',
    'Infinity',
    '-0',
    'NaN',
    '1e3',
  ),
  fc.array(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom('call', '5', 'sms')), { maxLength: 3 }),
);
const scalarArb = fc.oneof(
  fc.integer({ min: -5, max: 1500 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('call', 'sms', 'debtor', 'unknown', '420', '7', '', 'NaN', 'true'),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const factsArb = (names: readonly string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(fc.constantFrom(...names), valueArb, { maxKeys: names.length }).map((d) => {
    // An own `undefined` (what a fact that could not be derived looks like) and an absent key are both tried.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(d)) out[k] = v;
    return out;
  });

const leafArb = (names: readonly string[]): fc.Arbitrary<Condition> =>
  fc
    .record({
      fact: fc.constantFrom(...names),
      operator: fc.constantFrom(...Operators),
      scalar: scalarArb,
      list: fc.array(scalarArb, { maxLength: 4 }),
      asList: fc.boolean(),
    })
    .map(
      ({ fact, operator, scalar, list, asList }) =>
        ({
          fact,
          operator,
          value: operator === 'in' || operator === 'notIn' || asList ? list : scalar,
        }) as Condition,
    );

const conditionArb = (names: readonly string[]): fc.Arbitrary<Condition> =>
  fc.letrec<{ c: Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafArb(names),
      fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })),
      tie('c').map((not) => ({ not })),
    ),
  })).c;

describe("compiled conditions give json-rules-engine's answer", () => {
  it('every shipped rule, on facts of every type (undefined, null, NaN, numeric strings, arrays)', async () => {
    const compiled = rules.map((r) => ({ r, test: compileCondition(r.conditions) }));
    await fc.assert(
      fc.asyncProperty(factsArb(FACT_NAMES), fc.nat(compiled.length - 1), async (facts, i) => {
        const { r, test } = compiled[i]!;
        expect(test(facts), r.id).toBe(await engineSays(r.conditions, facts));
      }),
      fcParams(RUNS),
    );
  });

  it('synthetic conditions of every operator, nesting and empty group, on catalogued and other fact names', async () => {
    const names = [...FACT_NAMES.slice(0, 6), 'x', 'constructor', '__proto__', 'toString', 'hasOwnProperty'];
    let passed = 0;
    // A rule's root is a group (the engine refuses a bare comparison there).
    const rootArb = fc.oneof(
      conditionArb(names).map((c) => ({ all: [c] }) as Condition),
      conditionArb(names).map((c) => ({ any: [c] }) as Condition),
      fc.array(conditionArb(names), { maxLength: 3 }).map((all) => ({ all }) as Condition),
    );
    await fc.assert(
      fc.asyncProperty(rootArb, factsArb(names), async (c, facts) => {
        const want = await engineSays(c, facts);
        expect(compileCondition(c)(facts)).toBe(want);
        if (want) passed++;
      }),
      fcParams(RUNS),
    );
    expect(passed).toBeGreaterThan(RUNS / 10);
  });
});

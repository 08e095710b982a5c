/**
 * A long adversarial run: `npm run fuzz [-- --count N --seed S --concurrency C]` (default 1,000,000
 * inputs). Each input — a real attempt, a real attempt with one node replaced/deleted/given a junk
 * sibling, a real attempt's JSON text with characters changed, random JSON, any JavaScript value, or an
 * object whose reading throws (a getter, a proxy) —
 * goes through `safeParseAttempt`, then `checker.checkAttempt` when valid, and `checker.check` when not
 * (which must reject it). Counted: inputs, decisions, rejections, crashes (anything thrown but an
 * InputError), uncaught exceptions and unhandled rejections, decisions for rejected input, decisions
 * that break the contract, and time. Exit 1 if any of those failure counts is not 0.
 *
 * Also counted: valid attempts refused because no rule was in force on their date (an answer, not a
 * failure), allows with no rule in force (must be 0), and same-instant contacts: each valid attempt
 * of the `same-instant` kind carries an earlier contact at its own instant, and its decision must be
 * at least as strict as without it (and stricter somewhere: it counts).
 *
 * Then `--differential N` (default 30,000) attempts per country judged by the compiled evaluator and by
 * the reference one (json-rules-engine): the decisions must be byte-identical.
 *
 * Then `--rule-mutations N` (default 2,000) random mutations of the shipped rule files and overrides
 * (scripts/ruleMutationFuzz.ts): each refused naming the rule, or loaded with its deviations
 * acknowledged and listed, or a tightening / policy change — silent loosenings must be 0.
 * `--count 0 --rule-mutations 2000` runs only those.
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import {
  createChecker,
  DecisionSchema,
  InputError,
  safeParseAttempt,
  TimeCategories,
  type Attempt,
  type AttemptInput,
  type Decision,
} from '../src/index.js';
import { attemptArb, formatAt, mutantArb, NASTY } from '../test/_lib/arbitraries.js';
import { fuzzRuleMutations, ruleFuzzFailures, type RuleFuzzStats } from './ruleMutationFuzz.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20260302' },
    concurrency: { type: 'string', default: '8' },
    'rule-mutations': { type: 'string', default: '2000' },
    differential: { type: 'string', default: '30000' },
  },
});
const RULE_MUTATIONS = Number(values['rule-mutations']);
const DIFFERENTIAL = Number(values.differential);
const COUNT = Number(values.count);
const SEED = Number(values.seed);
const CONCURRENCY = Math.max(1, Number(values.concurrency));
const BATCH = 5_000;

const stats = {
  inputs: 0,
  accepted: 0,
  rejected: 0,
  decisions: { allow: 0, delay: 0, block: 0 },
  crashes: 0,
  uncaughtExceptions: 0,
  unhandledRejections: 0,
  decisionsForRejected: 0,
  inputErrorsForAccepted: 0,
  /** Valid attempts refused because no rule of their country was in force on their date (a legitimate answer, counted). */
  refusedNoLawInForce: 0,
  /** Allows with no rule in force (evaluatedRules empty): must be 0 — no decision without law in force. */
  allowsWithoutLaw: 0,
  contractBreaches: 0,
  /** Same-instant contacts: an earlier contact at the attempt's own instant added; the decision may only get stricter. */
  sameInstant: { compared: 0, stricter: 0, looser: 0 },
  /** Checks that never settled: the event loop drained with them still pending. */
  hangs: 0,
  /** Checks that took over 10 s (a watchdog, not a failure by itself). */
  over10s: 0,
  byKind: {} as Record<string, number>,
};
/** Inputs being judged right now: what a hang is reported with. */
const inFlight = new Map<number, { kind: string; input: unknown }>();
let nextId = 0;
const samples: Array<{ what: string; kind: string; input: string; error: string }> = [];
const slowest: Array<{ ms: number; kind: string; input: string }> = [];
const checkTimes: number[] = [];
const TIME = new Set<string>(TimeCategories);

process.on('uncaughtException', (e) => {
  stats.uncaughtExceptions++;
  note('uncaughtException', '?', undefined, e);
});
process.on('unhandledRejection', (e) => {
  stats.unhandledRejections++;
  note('unhandledRejection', '?', undefined, e);
});

function show(input: unknown): string {
  try {
    const s = JSON.stringify(input, (_k, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : typeof v === 'symbol' || typeof v === 'function' ? String(v) : v,
    );
    return (s ?? String(input)).slice(0, 600);
  } catch {
    return String(input).slice(0, 600);
  }
}

function note(what: string, kind: string, input: unknown, error: unknown): void {
  if (samples.length < 20)
    samples.push({
      what,
      kind,
      input: show(input),
      error:
        error instanceof Error
          ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 4).join('\n')}`
          : String(error),
    });
}

/** What a decision must satisfy whatever the input (the contract, §2). */
function breaches(d: Decision): string | undefined {
  if (!DecisionSchema.safeParse(d).success) return 'does not match DecisionSchema';
  if (d.allowed !== (d.verdict === 'allow')) return 'allowed ≠ (verdict = allow)';
  if ((d.verdict === 'allow') !== (d.violations.length === 0)) return 'allow ⇔ no violation broken';
  if (
    d.verdict === 'delay' &&
    (d.nextAllowedAt === null || d.violations.some((v) => !TIME.has(v.category) || v.missingFacts))
  )
    return 'delay without a time-only cure';
  if (d.verdict !== 'delay' && d.nextAllowedAt !== null) return 'nextAllowedAt without a delay';
  return undefined;
}

/** A real attempt's JSON text with a few characters changed: parsed when it still parses, else the text itself. */
const textMutantArb = fc
  .record({
    a: attemptArb({ history: { maxLength: 3 } }),
    edits: fc.array(
      fc.record({ pos: fc.nat(), ch: fc.constantFrom(...'{}[]",:0123456789-+TZ.e x\\', '\u0000', '\uD800', 'ñ', '') }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ a, edits }) => {
    let s = JSON.stringify(a);
    for (const { pos, ch } of edits) {
      const at = pos % (s.length + 1);
      s = s.slice(0, at) + ch + s.slice(at + (ch === '' ? 1 : 0));
    }
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return s;
    }
  });

const anything = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withObjectString: true,
  maxDepth: 3,
});

/** A real attempt whose reading throws: a getter on some field, or a proxy that throws on inspection. */
const hostileArb = fc
  .record({
    a: attemptArb({ history: { maxLength: 2 } }),
    key: fc.constantFrom('at', 'channel', 'jurisdiction', 'recipient', 'debt', 'history'),
    proxy: fc.boolean(),
  })
  .map(({ a, key, proxy }): unknown => {
    if (proxy) {
      return new Proxy(a, {
        ownKeys: () => {
          throw new Error('ownKeys trap');
        },
        get: (t, k) =>
          k === key
            ? (() => {
                throw new Error('get trap');
              })()
            : Reflect.get(t, k),
      });
    }
    return Object.defineProperty({ ...a }, key, {
      enumerable: true,
      get: () => {
        throw new RangeError(`getter ${key}`);
      },
    });
  });

/** A valid attempt with an earlier contact at its own instant (another channel, or the same): it must count. */
const sameInstantArb = attemptArb({ history: { maxLength: 3 } }).chain((a) =>
  fc
    .record({
      channel: fc.constantFrom('call', 'sms', 'whatsapp', 'email'),
      role: fc.constantFrom(undefined, 'unknown', (a['recipient'] as { role: string }).role),
      outcome: fc.constantFrom(undefined, 'connected', 'no_answer'),
    })
    .map(({ channel, role, outcome }) => ({
      ...a,
      history: [
        ...((a['history'] as unknown[] | undefined) ?? []),
        Object.fromEntries(
          Object.entries({ at: a['at'], channel, recipientRole: role, outcome }).filter(([, v]) => v !== undefined),
        ),
      ],
    })),
);

/** A valid attempt moved to any year from 1900 to 2024 (a mistyped year, an old log): judged by the law then in force, or refused. */
const pastArb = fc
  .record({
    a: attemptArb({ history: { maxLength: 3 } }),
    ms: fc.integer({ min: Date.UTC(1900, 0, 2), max: Date.UTC(2024, 11, 31) }),
    days: fc.integer({ min: -30, max: 400 }),
  })
  .map(({ a, ms, days }) => ({
    ...a,
    at: formatAt(Math.floor(ms / 60_000) * 60_000, 0, 'second', true),
    debt: { ...(a['debt'] as object), dueDate: new Date(ms - days * 86_400_000).toISOString().slice(0, 10) },
    history: [],
  }));

const KINDS: ReadonlyArray<readonly [string, number, fc.Arbitrary<unknown>]> = [
  ['mutant', 45, mutantArb()],
  ['valid', 15, attemptArb()],
  ['text-mutant', 15, textMutantArb],
  ['json', 12, fc.jsonValue({ maxDepth: 4 })],
  ['anything', 9, anything],
  ['nasty', 2, fc.constantFrom(...NASTY)],
  ['hostile', 2, hostileArb],
  ['same-instant', 5, sameInstantArb],
  ['past', 3, pastArb],
];
const inputArb = fc.oneof(
  ...KINDS.map(([kind, weight, arb]) => ({ weight, arbitrary: arb.map((input) => ({ kind, input })) })),
);

const checker = createChecker();

const RANK = { allow: 0, delay: 1, block: 2 } as const;

/** The same attempt without its same-instant contact: the decision with it must be at least as strict. */
async function compareSameInstant(a: Attempt, withIt: Decision, kind: string, input: unknown): Promise<void> {
  const without = await checker.checkAttempt({ ...a, history: a.history.slice(0, -1) });
  stats.sameInstant.compared++;
  const later =
    withIt.verdict === 'delay' && without.verdict === 'delay'
      ? Date.parse(withIt.nextAllowedAt!) - Date.parse(without.nextAllowedAt!)
      : 0;
  if (RANK[withIt.verdict] < RANK[without.verdict] || later < 0) {
    stats.sameInstant.looser++;
    note(
      'a contact at the same instant made the decision looser',
      kind,
      input,
      show({ with: withIt.verdict, without: without.verdict }),
    );
  } else if (
    RANK[withIt.verdict] > RANK[without.verdict] ||
    later > 0 ||
    withIt.violations.length > without.violations.length
  )
    stats.sameInstant.stricter++;
}

async function one(kind: string, input: unknown): Promise<void> {
  const id = nextId++;
  inFlight.set(id, { kind, input });
  const watchdog = setTimeout(() => {
    stats.over10s++;
    note('still running after 10 s', kind, input, 'slow');
  }, 10_000);
  try {
    await judge(kind, input);
  } finally {
    clearTimeout(watchdog);
    inFlight.delete(id);
  }
}

async function judge(kind: string, input: unknown): Promise<void> {
  stats.inputs++;
  stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  let parsed: ReturnType<typeof safeParseAttempt>;
  try {
    parsed = safeParseAttempt(input);
  } catch (e) {
    stats.crashes++;
    note('safeParseAttempt threw', kind, input, e);
    return;
  }
  if (parsed.success) {
    stats.accepted++;
    const t = performance.now();
    try {
      const d = await checker.checkAttempt(parsed.data);
      const ms = performance.now() - t;
      checkTimes.push(ms);
      if (slowest.length < 5 || ms > slowest[slowest.length - 1]!.ms) {
        slowest.push({ ms, kind, input: show(input) });
        slowest.sort((x, y) => y.ms - x.ms).splice(5);
      }
      stats.decisions[d.verdict]++;
      if (d.verdict === 'allow' && d.ruleset.evaluatedRules.length === 0) {
        stats.allowsWithoutLaw++;
        note('allow with no rule in force', kind, input, show(d));
      }
      if (kind === 'same-instant') await compareSameInstant(parsed.data, d, kind, input);
      const why = breaches(d);
      if (why) {
        stats.contractBreaches++;
        note(`decision breaks the contract: ${why}`, kind, input, show(d));
      }
    } catch (e) {
      if (e instanceof InputError && e.issues.some((i) => i.code === 'no_law_in_force')) {
        stats.refusedNoLawInForce++;
      } else if (e instanceof InputError) {
        stats.inputErrorsForAccepted++;
        note('checkAttempt threw InputError for an accepted attempt', kind, input, e);
      } else {
        stats.crashes++;
        note('checkAttempt threw', kind, input, e);
      }
    }
    return;
  }
  stats.rejected++;
  try {
    const d = await checker.check(input as AttemptInput);
    stats.decisionsForRejected++;
    note('check gave a decision for rejected input', kind, input, show(d));
  } catch (e) {
    if (!(e instanceof InputError)) {
      stats.crashes++;
      note('check threw something other than InputError', kind, input, e);
    }
  }
}

const started = performance.now();
let finished = false;
// A promise that never settles lets the event loop drain mid-run: that is a hang, reported as such.
process.on('beforeExit', () => {
  if (finished) return;
  finished = true;
  stats.hangs += inFlight.size;
  for (const { kind, input } of inFlight.values()) note('never settled (the event loop drained)', kind, input, 'hang');
  report();
});

let batch = 0;
while (stats.inputs < COUNT) {
  const n = Math.min(BATCH, COUNT - stats.inputs);
  let items: Array<{ kind: string; input: unknown }>;
  try {
    items = fc.sample(inputArb, { seed: SEED + batch, numRuns: n });
  } catch (e) {
    // A bug of the generators, not of the library: say so and stop.
    note('the input generator failed (fuzzer bug)', 'generator', `batch ${batch}`, e);
    break;
  }
  batch++;
  // A few checks in flight at once, as a platform would call: none may be lost or mixed up.
  for (let i = 0; i < items.length; i += CONCURRENCY) {
    await Promise.all(items.slice(i, i + CONCURRENCY).map(({ kind, input }) => one(kind, input)));
  }
  if (batch % 20 === 0 || stats.inputs >= COUNT) {
    const s = (performance.now() - started) / 1000;
    process.stderr.write(
      `fuzz: ${stats.inputs.toLocaleString('en')} inputs, ${stats.accepted.toLocaleString('en')} judged, ${stats.crashes} crashes, ${stats.decisionsForRejected} decisions for rejected input, ${s.toFixed(0)} s\n`,
    );
  }
}
// The compiled evaluator against the reference (json-rules-engine), per country: identical decisions.
const differential = { perCountry: DIFFERENTIAL, compared: 0, differ: 0 };
if (DIFFERENTIAL > 0) {
  const reference = createChecker({ evaluator: 'reference' });
  for (const country of ['MX', 'CO', 'ES'] as const) {
    const attempts = fc.sample(attemptArb({ countries: [country] }), { seed: SEED + 7, numRuns: DIFFERENTIAL });
    for (let i = 0; i < attempts.length; i += CONCURRENCY) {
      await Promise.all(
        attempts.slice(i, i + CONCURRENCY).map(async (a) => {
          const outcome = (p: Promise<Decision>) =>
            p.then(
              (d) => JSON.stringify(d),
              (e: unknown) => `error: ${String(e)}`,
            );
          const [c, r] = await Promise.all([
            outcome(checker.check(a as AttemptInput)),
            outcome(reference.check(a as AttemptInput)),
          ]);
          differential.compared++;
          if (c !== r) {
            differential.differ++;
            note(
              'compiled and reference evaluators differ',
              `differential-${country}`,
              a,
              `${c.slice(0, 300)}\n${r.slice(0, 300)}`,
            );
          }
        }),
      );
    }
    process.stderr.write(
      `fuzz: differential ${country}: ${differential.compared.toLocaleString('en')} compared, ${differential.differ} differ, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
}
// Custom rule files and overrides: random mutations of the shipped rules (scripts/ruleMutationFuzz.ts).
let ruleMutations: RuleFuzzStats | undefined;
if (RULE_MUTATIONS > 0) {
  ruleMutations = await fuzzRuleMutations({
    count: RULE_MUTATIONS,
    seed: SEED,
    onProgress: (n) =>
      process.stderr.write(
        `fuzz: ${n.toLocaleString('en')} rule mutations, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
      ),
  });
}
// Let any stray promise surface before the count is final.
await new Promise((r) => setTimeout(r, 100));
finished = true;
report();

function report(): void {
  const seconds = (performance.now() - started) / 1000;
  checkTimes.sort((a, b) => a - b);
  const pct = (p: number): number =>
    Number((checkTimes[Math.min(checkTimes.length - 1, Math.floor(p * checkTimes.length))] ?? 0).toFixed(2));
  const out = {
    seed: SEED,
    count: COUNT,
    concurrency: CONCURRENCY,
    ...stats,
    seconds: Number(seconds.toFixed(1)),
    inputsPerSecond: Math.round(stats.inputs / seconds),
    // Latency of checkAttempt with `concurrency` checks in flight (each waits for the others' turns).
    checkLatencyMs: {
      mean: Number((checkTimes.reduce((a, b) => a + b, 0) / Math.max(1, checkTimes.length)).toFixed(3)),
      p50: pct(0.5),
      p99: pct(0.99),
      p999: pct(0.999),
      max: pct(1),
    },
    slowest,
    samples,
    differential,
    ...(ruleMutations ? { ruleMutations } : {}),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  const failed =
    stats.crashes +
    stats.uncaughtExceptions +
    stats.unhandledRejections +
    stats.decisionsForRejected +
    stats.inputErrorsForAccepted +
    stats.contractBreaches +
    stats.hangs +
    stats.allowsWithoutLaw +
    stats.sameInstant.looser +
    differential.differ +
    (stats.inputs < COUNT ? 1 : 0) +
    (COUNT >= 10_000 && stats.sameInstant.stricter === 0 ? 1 : 0) +
    (ruleMutations ? ruleFuzzFailures(ruleMutations) : 0) +
    (RULE_MUTATIONS > 0 && ruleMutations?.mutants !== RULE_MUTATIONS ? 1 : 0);
  process.exitCode = failed === 0 ? 0 : 1;
}

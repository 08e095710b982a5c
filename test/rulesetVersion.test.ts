import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ComplianceError,
  createChecker,
  defaultRuleSources,
  InputError,
  RuleConfigError,
  type AttemptInput,
  type Checker,
  type CheckerOptions,
  type RuleOverride,
  type RuleSource,
} from '../src/index.js';
import { attemptArb, fcParams, RUNS } from './_lib/arbitraries.js';
import { loadCases } from './_lib/caseTables.js';

/**
 * Issue 16, item 2: `ruleset.version` changes exactly when decisions can. It is a content hash of
 * everything that decides (rules by id, calendars, holiday tables, the options that change decisions,
 * the date-holidays version), whatever the files, their names and the order they are read in. The
 * property: for random mutations of the rule sources and the options, when some sampled attempt gets
 * another verdict or other rule ids, the versions differ; and a change of layout alone (file order,
 * paths, a rule moved to another file, keys reordered) keeps the version and every decision.
 */

type Json = Record<string, unknown>;
type FileJson = Json & { country: string; topic: string; rules: Json[]; calendar?: Json; holidayTable?: Json };

const shippedFiles = (): Map<string, FileJson> =>
  new Map(defaultRuleSources.map((s) => [s.path, JSON.parse(JSON.stringify(s.data)) as FileJson]));

/** One change to a rule set: `layout` ones must keep the version; the others may change decisions. */
type Op =
  | { kind: 'shuffle_files'; seed: number }
  | { kind: 'rename_paths'; prefix: string }
  | { kind: 'move_rule'; pick: number; to: number }
  | { kind: 'reorder_keys'; pick: number }
  | { kind: 'flip_severity'; pick: number }
  | { kind: 'drop_rule'; pick: number }
  | { kind: 'threshold'; pick: number; delta: number }
  | { kind: 'redate'; pick: number; days: number }
  | { kind: 'message'; pick: number }
  | { kind: 'calendar_add'; cc: number; day: number }
  | { kind: 'calendar_remove'; cc: number; day: number }
  | { kind: 'calendar_types'; cc: number; types: string[] }
  | { kind: 'es_table_drop_row'; year: number; pick: number }
  | { kind: 'es_table_delete' }
  | { kind: 'co_table'; keep: number; extra: number };

const LAYOUT = new Set(['shuffle_files', 'rename_paths', 'move_rule', 'reorder_keys']);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('shuffle_files' as const), seed: fc.nat() }),
  fc.record({ kind: fc.constant('rename_paths' as const), prefix: fc.constantFrom('a/', 'mine/', 'x/y/') }),
  fc.record({ kind: fc.constant('move_rule' as const), pick: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('reorder_keys' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('flip_severity' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('drop_rule' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('threshold' as const), pick: fc.nat(), delta: fc.integer({ min: -120, max: 120 }) }),
  fc.record({ kind: fc.constant('redate' as const), pick: fc.nat(), days: fc.integer({ min: -3000, max: 3000 }) }),
  fc.record({ kind: fc.constant('message' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('calendar_add' as const), cc: fc.nat(), day: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('calendar_remove' as const), cc: fc.nat(), day: fc.integer({ min: 0, max: 40 }) }),
  fc.record({
    kind: fc.constant('calendar_types' as const),
    cc: fc.nat(),
    types: fc.subarray(['public', 'bank', 'optional', 'observance'], { minLength: 1 }),
  }),
  fc.record({ kind: fc.constant('es_table_drop_row' as const), year: fc.nat(1), pick: fc.nat() }),
  fc.record({ kind: fc.constant('es_table_delete' as const) }),
  fc.record({ kind: fc.constant('co_table' as const), keep: fc.nat(), extra: fc.integer({ min: 0, max: 40 }) }),
);

interface Variant {
  readonly ops: readonly Op[];
  readonly frequency?: { directContact?: 'attempt' | 'two_way'; week?: 'rolling' | 'calendar' };
  readonly horizonDays?: number;
  readonly override?: { pick: number; change: RuleOverride };
  readonly countries?: ReadonlyArray<'MX' | 'CO' | 'ES'>;
}

/** Mostly absent: a variant usually changes one thing, so that a change no option hides is met often. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const variantArb: fc.Arbitrary<Variant> = fc
  .record({
    ops: fc.oneof(fc.array(opArb, { minLength: 1, maxLength: 1 }), fc.array(opArb, { maxLength: 3 })),
    frequency: rarely(
      fc.record(
        {
          directContact: fc.constantFrom('attempt' as const, 'two_way' as const),
          week: fc.constantFrom('rolling' as const, 'calendar' as const),
        },
        { requiredKeys: [] },
      ),
    ),
    horizonDays: rarely(fc.constantFrom(1, 2, 30, 90)),
    override: rarely(
      fc.record({
        pick: fc.nat(),
        change: fc.constantFrom<RuleOverride>(
          { enabled: false },
          { severity: 'warn' },
          { severity: 'block' },
          { enabled: true },
        ),
      }),
    ),
    countries: rarely(fc.constantFrom<ReadonlyArray<'MX' | 'CO' | 'ES'>>(['CO'], ['ES', 'CO'], ['MX', 'CO', 'ES'])),
  })
  .map((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as unknown as Variant);

/** The attacks of the issue, always among the variants tried. */
const ISSUE_EXAMPLES: Variant[] = [
  { ops: [{ kind: 'co_table', keep: 0, extra: 30 }] }, // a Colombian table of one day: San José gone
  { ops: [{ kind: 'es_table_delete' }] },
  { ops: [{ kind: 'shuffle_files', seed: 7 }] }, // an exact copy, read in another order
  {
    ops: [
      { kind: 'rename_paths', prefix: 'mine/' },
      { kind: 'move_rule', pick: 3, to: 5 },
    ],
  },
  { ops: [{ kind: 'co_table', keep: 7, extra: 23 }] }, // a tightening: every festivo kept, a day added
];

/** March 2026 (San José, Semana Santa, 19 March in Valencia) and the first days of April. */
const dayOf = (n: number): string => new Date(Date.UTC(2026, 2, 1) + n * 86_400_000).toISOString().slice(0, 10);

function allRules(files: Map<string, FileJson>): Array<{ file: FileJson; rule: Json; index: number }> {
  return [...files.values()].flatMap((file) => file.rules.map((rule, index) => ({ file, rule, index })));
}

function apply(files: Map<string, FileJson>, op: Op): Map<string, FileJson> {
  const rules = allRules(files);
  const pickRule = (n: number) => rules[n % Math.max(1, rules.length)];
  const cal = (n: number): Json | undefined => {
    const withCal = [...files.values()].filter((f) => f.calendar);
    return withCal[n % Math.max(1, withCal.length)]?.calendar;
  };
  switch (op.kind) {
    case 'shuffle_files': {
      const entries = [...files];
      let s = op.seed;
      for (let i = entries.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) >>> 0;
        const j = s % (i + 1);
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
      }
      return new Map(entries);
    }
    case 'rename_paths':
      return new Map([...files].map(([p, f]) => [p.replace(/^rules\//, op.prefix), f]));
    case 'move_rule': {
      const x = pickRule(op.pick);
      if (!x) return files;
      const same = [...files.values()].filter((f) => f.country === x.file.country && f !== x.file);
      const to = same[op.to % Math.max(1, same.length)];
      if (!to) return files;
      x.file.rules.splice(x.index, 1);
      to.rules.splice(op.to % (to.rules.length + 1), 0, x.rule);
      return files;
    }
    case 'reorder_keys': {
      const x = pickRule(op.pick);
      if (!x) return files;
      const reversed = Object.fromEntries(Object.entries(x.rule).reverse());
      x.file.rules[x.index] = reversed;
      return files;
    }
    case 'flip_severity': {
      const x = pickRule(op.pick);
      if (x) x.rule['severity'] = x.rule['severity'] === 'block' ? 'warn' : 'block';
      return files;
    }
    case 'drop_rule': {
      const x = pickRule(op.pick);
      if (x) x.file.rules.splice(x.index, 1);
      return files;
    }
    case 'threshold': {
      const x = pickRule(op.pick);
      if (!x) return files;
      const walk = (c: Json): boolean => {
        for (const k of ['all', 'any'] as const)
          if (Array.isArray(c[k])) for (const d of c[k] as Json[]) if (walk(d)) return true;
        if (c['not'] && walk(c['not'] as Json)) return true;
        if (typeof c['value'] === 'number') {
          c['value'] = Math.max(0, (c['value'] as number) + op.delta);
          return true;
        }
        return false;
      };
      walk(x.rule['conditions'] as Json);
      return files;
    }
    case 'redate': {
      const x = pickRule(op.pick);
      if (!x) return files;
      const e = x.rule['effective'] as { from: string };
      e.from = new Date(Date.parse(`${e.from}T00:00:00Z`) + op.days * 86_400_000).toISOString().slice(0, 10);
      return files;
    }
    case 'message': {
      const x = pickRule(op.pick);
      if (x) (x.rule['message'] as Json)['en'] = `${String((x.rule['message'] as Json)['en'])} (edited)`;
      return files;
    }
    case 'calendar_add':
    case 'calendar_remove': {
      const c = cal(op.cc);
      if (c)
        (c[op.kind === 'calendar_add' ? 'add' : 'remove'] as Json[]).push({
          date: dayOf(op.day),
          name: 'prop',
          source: 'prop',
        });
      return files;
    }
    case 'calendar_types': {
      const c = cal(op.cc);
      if (c) c['types'] = op.types;
      return files;
    }
    case 'es_table_drop_row': {
      const f = [...files.values()].find((x) => x.holidayTable && x.country === 'ES');
      const years = (f?.holidayTable?.['years'] ?? []) as Array<{ rows: Json[] }>;
      const y = years[op.year % Math.max(1, years.length)];
      if (y && y.rows.length > 1) y.rows.splice(op.pick % y.rows.length, 1);
      return files;
    }
    case 'es_table_delete':
      return new Map([...files].filter(([, f]) => !(f.holidayTable && f.country === 'ES')));
    case 'co_table': {
      // Colombia's 2026 festivos of March and April, some kept, maybe one day added: a table of our own.
      const festivos = ['2026-03-23', '2026-04-02', '2026-04-03'].filter((_, i) => (op.keep >> i) & 1);
      const rows = [...festivos, ...(op.extra > 0 ? [dayOf(op.extra)] : [])].map((date) => ({
        date,
        name: 'prop',
        regions: 'all',
      }));
      if (rows.length === 0) return files;
      const key =
        [...files.keys()].find((p) => p.endsWith('co/holiday.json'))?.replace('holiday.json', 'holiday_table.json') ??
        'rules/co/holiday_table.json';
      files.set(key, {
        country: 'CO',
        topic: 'holiday_table',
        holidayTable: {
          authority: 'prop',
          regions: ['DC'],
          notCovered: 'prop',
          years: [
            {
              year: 2026,
              source: { id: 'P-2026', title: 'prop', number: 1, date: '2025-12-01', url: 'https://example.org/p' },
              transcription: { from: 'secondary', note: 'prop' },
              rows,
            },
          ],
        },
        rules: [],
      });
      return files;
    }
  }
}

function optionsOf(v: Variant): CheckerOptions {
  let files = shippedFiles();
  for (const op of v.ops) files = apply(files, op);
  const rules: RuleSource[] = [...files].map(([path, data]) => ({ path, data }));
  const ids = allRules(files).map((x) => x.rule['id'] as string);
  return {
    ...(v.ops.length > 0 ? { rules } : {}),
    ...(v.frequency ? { frequency: v.frequency } : {}),
    ...(v.horizonDays !== undefined ? { horizonDays: v.horizonDays } : {}),
    ...(v.override && ids.length > 0
      ? { ruleOverrides: { [ids[v.override.pick % ids.length]!]: v.override.change } }
      : {}),
    ...(v.countries ? { countries: v.countries } : {}),
  };
}

/** The checker of a variant, its deviations acknowledged; undefined when it cannot be built at all. */
function build(options: CheckerOptions): Checker | undefined {
  try {
    return createChecker(options);
  } catch (e) {
    if (e instanceof ComplianceError && e.code === 'unknown_rule') return undefined;
    if (!(e instanceof RuleConfigError)) throw e;
    const ids = [
      ...new Set(e.problems.map((p) => / statutory_deviation (\S+) /.exec(p)?.[1]).filter((x) => x !== undefined)),
    ];
    // Not (only) deviations: a file that does not load. Or deviations already acknowledged: give up.
    if (ids.length === 0 || ids.length < e.problems.length || options.acknowledgeDeviations) return undefined;
    return build({ ...options, acknowledgeDeviations: ids });
  }
}

/** The sampled attempts: the case tables, random attempts, and every day of March 2026 in each country. */
const samples: unknown[] = [
  ...loadCases()
    .filter((c) => c.options === undefined && c.tableOptions === undefined)
    .map((c) => c.attemptInput),
  ...fc.sample(attemptArb({ history: { maxLength: 4 } }), { seed: 16, numRuns: 40 }),
  ...Array.from({ length: 41 }, (_, i) =>
    [
      { jurisdiction: { country: 'CO' } },
      { jurisdiction: { country: 'ES', region: 'ES-VC' } },
      { jurisdiction: { country: 'MX', region: 'MX-CMX' }, creditorType: 'financial' },
    ].map((where) => ({
      at: `${dayOf(i)}T${where.jurisdiction.country === 'ES' ? '10:00:00+01:00' : '10:00:00-06:00'}`,
      channel: 'call',
      ...where,
      recipient: { role: 'debtor', identityVerified: true },
      debt: { dueDate: '2026-01-15' },
      debtor: { authorizedChannels: ['call'] },
    })),
  ).flat(),
];

/** What a decision says that the version must answer for: the verdict, the rules, the next lawful instant. */
function outcomes(checker: Checker): string[] {
  return samples.map((a) => {
    try {
      const d = checker.checkSync(a as AttemptInput);
      return `${d.verdict} ${d.nextAllowedAt} ${d.violations.map((v) => v.ruleId).join(',')} / ${d.warnings.map((w) => w.ruleId).join(',')}`;
    } catch (e) {
      if (e instanceof ComplianceError)
        return `refused ${e instanceof InputError ? e.issues.map((i) => i.code).join(',') : e.code}`;
      throw e;
    }
  });
}

const shipped = createChecker();
const shippedOutcomes = outcomes(shipped);

describe('ruleset.version is a content hash of what decides', () => {
  it('a copy of the shipped files in another order, under other paths, keeps the version and every decision', () => {
    const files = [...shippedFiles()]
      .reverse()
      .map(([p, data]) => ({ path: p.replace(/^rules\//, 'elsewhere/'), data }));
    const copy = createChecker({ rules: files });
    expect(copy.version).toBe(shipped.version);
    expect(copy.customRules).toBe(false);
    expect(outcomes(copy)).toEqual(shippedOutcomes);
    expect(shipped.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?\+rules\.[0-9a-f]{16}$/);
  });

  it('property: for random mutations of rule sources and options, other decisions on a sample imply another version; layout alone changes neither', () => {
    const seen = new Map<string, { outcomes: string[]; variant: Variant }>([
      [shipped.version, { outcomes: shippedOutcomes, variant: { ops: [] } }],
    ]);
    let differing = 0;
    fc.assert(
      fc.property(variantArb, (v) => {
        const checker = build(optionsOf(v));
        if (!checker) return;
        const mine = outcomes(checker);
        const layoutOnly =
          v.ops.every((op) => LAYOUT.has(op.kind)) &&
          !v.frequency &&
          v.horizonDays === undefined &&
          !v.override &&
          !v.countries;
        if (layoutOnly) {
          expect(checker.version).toBe(shipped.version);
          expect(mine).toEqual(shippedOutcomes);
        }
        const before = seen.get(checker.version);
        // Same version: every sampled decision must be the same (messages and citations aside).
        if (before) expect(mine, JSON.stringify({ v, before: before.variant })).toEqual(before.outcomes);
        else seen.set(checker.version, { outcomes: mine, variant: v });
        if (mine.some((o, i) => o !== shippedOutcomes[i])) differing++;
      }),
      // Each run builds a checker and judges about 700 attempts, its holiday years cold.
      { ...fcParams(Math.min(60, Math.max(25, Math.floor(RUNS / 40)))), examples: ISSUE_EXAMPLES.map((v) => [v]) },
    );
    // The mutations do change decisions (the property is not vacuous).
    expect(differing).toBeGreaterThan(5);
  });
});

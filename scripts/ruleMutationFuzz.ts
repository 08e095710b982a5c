import type { AttemptInput } from '../src/index.js';
/**
 * The custom-rule half of `npm run fuzz` (issue 10, item 3): random mutations of the shipped rule files
 * and overrides — drop a file, drop a rule, flip a severity, re-date, wrap in `not`, change calendar
 * types or dates, move a threshold, relabel, edit a message, add a rule, override off/warn/block — each
 * built into a checker. Every mutant must be either refused at load with an error naming only rules it
 * touched, or loaded: with the deviations acknowledged (then listed in every decision), or as a
 * tightening / policy change / addition. Never a silent loosening: on the case tables and on random
 * attempts, a loaded mutant never judges an attempt less strictly than the shipped rules on statutory
 * grounds unless a rule that decided it is listed as an acknowledged deviation.
 */
import fc from 'fast-check';
import {
  ComplianceError,
  InputError,
  createChecker,
  DecisionSchema,
  defaultRuleSources,
  RuleConfigError,
  TimeCategories,
  type Checker,
  type CheckerOptions,
  type Decision,
  type RuleOverride,
  type RuleSource,
} from '../src/index.js';
import { attemptArb } from '../test/_lib/arbitraries.js';
import { loadCases } from '../test/_lib/caseTables.js';

type Json = Record<string, unknown>;
type RuleJson = Json & {
  id: string;
  statutory: boolean;
  severity: string;
  effective: { from: string; to?: string };
  conditions: Json;
  category: string;
  requires: string[];
};
type FileJson = Json & {
  country: string;
  topic: string;
  calendar?: { types: string[]; add: Json[]; remove: Json[] };
  rules: RuleJson[];
};

export const MutationKinds = [
  'drop_file',
  'drop_rule',
  'flip_severity',
  'redate',
  'wrap_not',
  'calendar_types',
  'calendar_dates',
  'threshold',
  'relabel',
  'cosmetic',
  'add_rule',
  'override',
] as const;
type MutationKind = (typeof MutationKinds)[number];

interface Mutant {
  readonly kinds: MutationKind[];
  readonly files: Map<string, FileJson>;
  readonly overrides: Record<string, RuleOverride>;
  /** Ids the mutations touched (rules, or `<cc>.calendar`): the only ones an error may name. */
  readonly touched: Set<string>;
  readonly countries: Set<string>;
}

export interface RuleFuzzStats {
  mutants: number;
  refused: number;
  acceptedWithAcknowledgement: number;
  acceptedAsTighteningOrPolicy: number;
  /** Must be 0: a loaded mutant judged an attempt less strictly on statutory grounds, with no acknowledged deviation to explain it. */
  silentLoosenings: number;
  /** Must be 0: a refusal naming a rule the mutation did not touch, or naming none. */
  refusalsNotNamingTouchedRule: number;
  /** Must be 0: acknowledging exactly the refused ids did not load. */
  acknowledgedButRefused: number;
  /** Must be 0: a decision whose ruleset does not list the acknowledged deviations or the overrides exactly. */
  rulesetNotListed: number;
  /** Must be 0: an acknowledgement of something that is not a deviation was accepted. */
  staleAcknowledgementsAccepted: number;
  /** Mutants refused for another reason than a deviation (an override of a rule a dropped file held: unknown_rule). */
  otherConfigErrors: number;
  /** Must be 0: anything thrown but a RuleConfigError naming deviations, or a decision that breaks the contract. */
  crashes: number;
  contractBreaches: number;
  /** Attempts judged less strictly by an acknowledged mutant, explained by a listed deviation: the oracle has teeth. */
  loosenedAndListed: number;
  attemptsCompared: number;
  byMutation: Record<string, { mutants: number; refused: number; acknowledged: number; accepted: number }>;
  samples: Array<{ what: string; kinds: string[]; detail: string }>;
}

/** mulberry32: small, seeded, reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIME = new Set<string>(TimeCategories);
const HOLIDAY_FACTS = new Set(['isHoliday', 'holidayInAnyRegion']);
const CALENDAR_TYPES = ['public', 'bank', 'school', 'optional', 'observance'];
const CATEGORIES = ['hours', 'holiday', 'frequency', 'third_party', 'mora', 'channel', 'debtor_status', 'conduct'];

function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  const d = new Date(Math.min(Math.max(ms, Date.UTC(1900, 0, 1)), Date.UTC(2199, 11, 31)));
  return d.toISOString().slice(0, 10);
}

/** How strict a decision is on statutory grounds alone: 0 allow, 1 cured by waiting, 2 blocked. */
function statutoryStrictness(d: Decision): number {
  const law = d.violations.filter((v) => v.statutory);
  if (law.length === 0) return 0;
  return law.every((v) => TIME.has(v.category) && v.missingFacts === undefined) ? 1 : 2;
}

export async function fuzzRuleMutations(opts: {
  count: number;
  seed: number;
  onProgress?: (done: number) => void;
}): Promise<RuleFuzzStats> {
  const rand = prng(opts.seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

  const stats: RuleFuzzStats = {
    mutants: 0,
    refused: 0,
    acceptedWithAcknowledgement: 0,
    acceptedAsTighteningOrPolicy: 0,
    silentLoosenings: 0,
    refusalsNotNamingTouchedRule: 0,
    acknowledgedButRefused: 0,
    rulesetNotListed: 0,
    staleAcknowledgementsAccepted: 0,
    otherConfigErrors: 0,
    crashes: 0,
    contractBreaches: 0,
    loosenedAndListed: 0,
    attemptsCompared: 0,
    byMutation: Object.fromEntries(
      MutationKinds.map((k) => [k, { mutants: 0, refused: 0, acknowledged: 0, accepted: 0 }]),
    ),
    samples: [],
  };
  const note = (what: string, m: Mutant, detail: string): void => {
    if (stats.samples.length < 20) stats.samples.push({ what, kinds: m.kinds, detail: detail.slice(0, 1500) });
  };

  const shippedFiles = new Map(defaultRuleSources.map((s) => [s.path.replace(/^rules\//, 'mut/'), s.data as FileJson]));
  const shippedRules = [...shippedFiles.values()].flatMap((f) => f.rules);
  const statutoryIds = shippedRules.filter((r) => r.statutory).map((r) => r.id);
  const coTimeRules = new Set(
    shippedRules.filter((r) => r.statutory && r.id.startsWith('co.') && TIME.has(r.category)).map((r) => r.id),
  );
  const readsHoliday = new Set(
    shippedRules.filter((r) => r.requires.some((f) => HOLIDAY_FACTS.has(f))).map((r) => r.id),
  );
  const shipped = createChecker();

  // What each mutant is judged on: the case tables (without options of their own) and random attempts.
  const cases = loadCases()
    .filter((c) => c.options === undefined && c.tableOptions === undefined)
    .map((c) => ({ about: c.about, file: c.file, attempt: c.attemptInput }));
  const randomAttempts = fc.sample(attemptArb({ history: { maxLength: 3 } }), { seed: opts.seed, numRuns: 600 });
  const shippedDecisions = new Map<unknown, Decision>();
  const shippedDecision = async (a: unknown): Promise<Decision> => {
    let d = shippedDecisions.get(a);
    if (!d) {
      d = await shipped.check(a as AttemptInput);
      shippedDecisions.set(a, d);
    }
    return d;
  };

  function mutate(): Mutant {
    const files = new Map([...shippedFiles].map(([p, f]) => [p, JSON.parse(JSON.stringify(f)) as FileJson]));
    const m: Mutant = { kinds: [], files, overrides: {}, touched: new Set(), countries: new Set() };
    const n = rand() < 0.75 ? 1 : 2 + int(2);
    for (let i = 0; i < n; i++) applyOne(m, pick(MutationKinds));
    return m;
  }

  function anyRule(m: Mutant, statutoryBias = 0.6): { file: FileJson; rule: RuleJson; index: number } | undefined {
    const all = [...m.files.values()].flatMap((file) => file.rules.map((rule, index) => ({ file, rule, index })));
    if (all.length === 0) return undefined;
    const law = all.filter((x) => x.rule.statutory);
    return law.length > 0 && rand() < statutoryBias ? pick(law) : pick(all);
  }

  function touch(m: Mutant, file: FileJson, id: string): void {
    m.touched.add(id);
    m.countries.add(file.country);
  }

  function applyOne(m: Mutant, kind: MutationKind): void {
    m.kinds.push(kind);
    switch (kind) {
      case 'drop_file': {
        const path = pick([...m.files.keys()]);
        const file = m.files.get(path)!;
        for (const r of file.rules) touch(m, file, r.id);
        if (file.calendar) touch(m, file, `${file.country.toLowerCase()}.calendar`);
        m.files.delete(path);
        return;
      }
      case 'drop_rule': {
        const x = anyRule(m);
        if (!x) return;
        touch(m, x.file, x.rule.id);
        x.file.rules.splice(x.index, 1);
        return;
      }
      case 'flip_severity': {
        const x = anyRule(m);
        if (!x) return;
        touch(m, x.file, x.rule.id);
        x.rule.severity = x.rule.severity === 'block' ? 'warn' : 'block';
        return;
      }
      case 'redate': {
        const x = anyRule(m);
        if (!x) return;
        touch(m, x.file, x.rule.id);
        const e = x.rule.effective;
        const how = pick(['from_2199', 'from_later', 'from_earlier', 'to_added', 'to_removed'] as const);
        if (how === 'from_2199') e.from = '2199-01-01';
        else if (how === 'from_later') e.from = addDays(e.from, 1 + int(1500));
        else if (how === 'from_earlier') e.from = addDays(e.from, -(1 + int(5000)));
        else if (how === 'to_added') e.to = addDays(e.from, int(6000));
        else delete e.to;
        if (e.to !== undefined && e.to < e.from) e.to = e.from;
        return;
      }
      case 'wrap_not': {
        const x = anyRule(m);
        if (!x) return;
        touch(m, x.file, x.rule.id);
        x.rule.conditions = { all: [{ not: x.rule.conditions }] };
        return;
      }
      case 'calendar_types':
      case 'calendar_dates': {
        const withCalendar = [...m.files.values()].filter((f) => f.calendar);
        if (withCalendar.length === 0) return;
        const file = pick(withCalendar);
        const cal = file.calendar!;
        touch(m, file, `${file.country.toLowerCase()}.calendar`);
        if (kind === 'calendar_types') {
          const types = CALENDAR_TYPES.filter(() => rand() < 0.4);
          cal.types = types.length > 0 ? types : [pick(CALENDAR_TYPES)];
        } else {
          const date = addDays('2026-01-01', int(365));
          const how = pick(['remove', 'add', 'drop_add'] as const);
          if (how === 'remove') cal.remove.push({ date, name: 'fuzz', source: 'fuzz' });
          else if (how === 'add') cal.add.push({ date, name: 'fuzz', source: 'fuzz' });
          else if (cal.add.length > 0) cal.add.splice(int(cal.add.length), 1);
          else cal.remove.push({ date, name: 'fuzz', source: 'fuzz' });
        }
        return;
      }
      case 'threshold': {
        const withNumbers = [...m.files.values()].flatMap((file) =>
          file.rules.filter((r) => /"value":-?\d/.test(JSON.stringify(r.conditions))).map((rule) => ({ file, rule })),
        );
        if (withNumbers.length === 0) return;
        const { file, rule } = pick(withNumbers);
        touch(m, file, rule.id);
        const leaves: Json[] = [];
        const walk = (c: Json): void => {
          for (const k of ['all', 'any'] as const) if (Array.isArray(c[k])) (c[k] as Json[]).forEach(walk);
          if (c['not']) walk(c['not'] as Json);
          if (typeof c['value'] === 'number') leaves.push(c);
        };
        walk(rule.conditions);
        const leaf = pick(leaves);
        const delta = (1 + int(180)) * (rand() < 0.5 ? -1 : 1);
        leaf['value'] = Math.max(0, (leaf['value'] as number) + delta);
        return;
      }
      case 'relabel': {
        const x = anyRule(m, 0.9);
        if (!x) return;
        touch(m, x.file, x.rule.id);
        if (rand() < 0.5 && x.rule.statutory)
          Object.assign(x.rule, { statutory: false, reference: 'fuzz: relabelled' });
        else x.rule.category = pick(CATEGORIES.filter((c) => c !== x.rule.category));
        return;
      }
      case 'cosmetic': {
        const x = anyRule(m);
        if (!x) return;
        m.countries.add(x.file.country);
        (x.rule['message'] as Json)['en'] = `${String((x.rule['message'] as Json)['en'])} (edited)`;
        (x.rule['citation'] as Json)['article'] = 'edited';
        return;
      }
      case 'add_rule': {
        const files = [...m.files.values()];
        if (files.length === 0) return;
        const file = pick(files);
        m.countries.add(file.country);
        const cc = file.country.toLowerCase();
        const alwaysTrue = rand() < 0.5;
        const statutory = rand() < 0.3;
        file.rules.push({
          id: `${cc}.fuzz.r${file.rules.length}_${int(1e6)}`,
          category: pick(CATEGORIES),
          severity: rand() < 0.5 ? 'block' : 'warn',
          statutory,
          ...(statutory ? {} : { reference: 'fuzz' }),
          citation: { instrument: 'fuzz', article: 'n/a', url: 'https://example.org/fuzz' },
          effective: { from: addDays('2020-01-01', int(3000)) },
          summary: { es: 'fuzz', en: 'fuzz' },
          message: { es: 'fuzz', en: 'fuzz' },
          requires: alwaysTrue ? ['channel'] : ['localMinutes'],
          conditions: {
            all: [
              alwaysTrue
                ? { fact: 'channel', operator: 'notEqual', value: 'none' }
                : { fact: 'localMinutes', operator: 'lessThan', value: int(1440) },
            ],
          },
        } as RuleJson);
        return;
      }
      case 'override': {
        const x = anyRule(m, 0.7);
        if (!x) return;
        touch(m, x.file, x.rule.id);
        m.overrides[x.rule.id] = pick([
          { enabled: false },
          { severity: 'warn' },
          { severity: 'block' },
          { enabled: true },
        ] as RuleOverride[]);
        return;
      }
    }
  }

  /** Named deviations in a refusal, or undefined when the error is not (only) about deviations. */
  function namedDeviations(e: unknown): string[] | undefined {
    if (!(e instanceof RuleConfigError)) return undefined;
    const ids: string[] = [];
    for (const p of e.problems) {
      const mm = / statutory_deviation (\S+) /.exec(p);
      if (!mm) return undefined;
      ids.push(mm[1]!);
    }
    return [...new Set(ids)];
  }

  async function refusalOr(p: Promise<Decision>): Promise<Decision | 'refused'> {
    try {
      return await p;
    } catch (e) {
      if (e instanceof InputError && e.issues.some((i) => i.code === 'no_law_in_force')) return 'refused';
      throw e;
    }
  }

  async function judge(m: Mutant, checker: Checker, acknowledged: readonly string[]): Promise<void> {
    const countries = new Set([...m.countries].map((c) => c.toUpperCase()));
    const about = new Set(m.touched);
    const chosen = [
      ...cases.filter(
        (c) =>
          countries.has(c.file.slice(0, 2).toUpperCase()) &&
          (c.about.some((id) => about.has(id)) ||
            (/holiday/.test(c.file) && [...about].some((id) => id.endsWith('.calendar')))),
      ),
      ...Array.from({ length: 12 }, () => pick(cases)),
      ...Array.from({ length: 8 }, () => pick(randomAttempts)),
    ];
    const ackSet = new Set(acknowledged);
    for (const c of chosen) {
      const a = 'attempt' in c ? c.attempt : c;
      const country = ((a as Json)['jurisdiction'] as Json)['country'] as string;
      if (!checker.packs.has(country as never)) continue;
      // No law in force (a mistyped year, or a mutant that moved every rule later): a refusal is never a
      // loosening — no decision at all, so nothing is allowed. Both refused, or the mutant refusing, is fine.
      const [want, got] = [await refusalOr(shippedDecision(a)), await refusalOr(checker.check(a as AttemptInput))];
      if (got === 'refused') continue;
      if (want === 'refused') {
        stats.silentLoosenings++;
        note(
          'silent loosening',
          m,
          JSON.stringify({ attempt: a, acknowledged, shipped: 'refused (no law in force)', mutant: got.verdict }),
        );
        continue;
      }
      stats.attemptsCompared++;
      if (!DecisionSchema.safeParse(got).success) {
        stats.contractBreaches++;
        note('decision breaks the contract', m, JSON.stringify(got));
      }
      const listed = (got.ruleset.deviations ?? []).map((d) => d.ruleId);
      const overridesListed = (got.ruleset.overrides ?? []).map((o) => o.ruleId).sort();
      if (
        new Set(listed).size !== ackSet.size ||
        listed.some((id) => !ackSet.has(id)) ||
        got.ruleset.deviations?.some((d) => d.acknowledged !== true) ||
        JSON.stringify(overridesListed) !== JSON.stringify(Object.keys(m.overrides).sort())
      ) {
        stats.rulesetNotListed++;
        note(
          'ruleset does not list the deviations or overrides',
          m,
          JSON.stringify({ acknowledged, ruleset: got.ruleset }),
        );
      }
      const looserNow = statutoryStrictness(got) < statutoryStrictness(want);
      // Colombia has no policy time rule: the statutory cure cannot be moved earlier by a policy change.
      const curedSooner =
        country === 'CO' &&
        want.verdict === 'delay' &&
        got.verdict === 'delay' &&
        Date.parse(got.nextAllowedAt!) < Date.parse(want.nextAllowedAt!);
      if (!looserNow && !curedSooner) continue;
      const deciding = want.violations.filter((v) => v.statutory).map((v) => v.ruleId);
      const explained = looserNow
        ? // A rule that decided this attempt is listed as loosened (or the calendar it reads).
          deciding.some((id) => ackSet.has(id) || (readsHoliday.has(id) && ackSet.has(`${id.slice(0, 2)}.calendar`)))
        : // A time rule of the country (or its calendar) is listed as loosened: it may be what held the later instants.
          [...ackSet].some((id) => id === 'co.calendar' || coTimeRules.has(id));
      if (explained) stats.loosenedAndListed++;
      else {
        stats.silentLoosenings++;
        note(
          'silent loosening',
          m,
          JSON.stringify({
            attempt: a,
            acknowledged,
            shipped: [want.verdict, want.nextAllowedAt, deciding],
            mutant: [
              got.verdict,
              got.nextAllowedAt,
              got.violations.map((v) => `${v.ruleId}${v.statutory ? '' : '(policy)'}`),
            ],
          }),
        );
      }
    }
  }

  for (let i = 0; i < opts.count; i++) {
    const m = mutate();
    stats.mutants++;
    for (const k of new Set(m.kinds)) stats.byMutation[k]!.mutants++;
    const rules: RuleSource[] = [...m.files].map(([path, data]) => ({ path, data }));
    const options: CheckerOptions = {
      rules,
      ...(Object.keys(m.overrides).length > 0 ? { ruleOverrides: m.overrides } : {}),
    };
    try {
      let checker: Checker;
      let acknowledged: string[] = [];
      try {
        checker = createChecker(options);
      } catch (e) {
        if (e instanceof ComplianceError && e.code === 'unknown_rule') {
          stats.otherConfigErrors++;
          continue;
        }
        const ids = namedDeviations(e);
        if (ids === undefined || ids.length === 0 || ids.some((id) => !m.touched.has(id))) {
          stats.refusalsNotNamingTouchedRule++;
          note('refusal not naming (only) touched rules', m, e instanceof Error ? e.message : String(e));
          continue;
        }
        if (rand() < 0.5) {
          stats.refused++;
          for (const k of new Set(m.kinds)) stats.byMutation[k]!.refused++;
          continue;
        }
        acknowledged = ids;
        try {
          checker = createChecker({ ...options, acknowledgeDeviations: ids });
        } catch (e2) {
          stats.acknowledgedButRefused++;
          note('acknowledged but still refused', m, e2 instanceof Error ? e2.message : String(e2));
          continue;
        }
      }
      if (acknowledged.length > 0) {
        stats.acceptedWithAcknowledgement++;
        for (const k of new Set(m.kinds)) stats.byMutation[k]!.acknowledged++;
      } else {
        stats.acceptedAsTighteningOrPolicy++;
        for (const k of new Set(m.kinds)) stats.byMutation[k]!.accepted++;
        // Now and then: an acknowledgement of a statutory rule this mutant did not loosen must be refused.
        if (rand() < 0.1) {
          const id = pick(statutoryIds.filter((x) => !m.touched.has(x)));
          try {
            createChecker({ ...options, acknowledgeDeviations: [id] });
            stats.staleAcknowledgementsAccepted++;
            note('stale acknowledgement accepted', m, id);
          } catch (e) {
            if (!(e instanceof RuleConfigError) || !e.message.includes(`stale_acknowledgement ${id}`)) {
              stats.crashes++;
              note('stale acknowledgement: unexpected error', m, String(e));
            }
          }
        }
      }
      await judge(m, checker, acknowledged);
    } catch (e) {
      stats.crashes++;
      note(
        'crash',
        m,
        e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e),
      );
    }
    if ((i + 1) % 200 === 0) opts.onProgress?.(i + 1);
  }
  return stats;
}

/** The counts that must be 0. */
export function ruleFuzzFailures(s: RuleFuzzStats): number {
  return (
    s.silentLoosenings +
    s.refusalsNotNamingTouchedRule +
    s.acknowledgedButRefused +
    s.rulesetNotListed +
    s.staleAcknowledgementsAccepted +
    s.crashes +
    s.contractBreaches
  );
}

import { Engine } from 'json-rules-engine';
import { MINUTE_OF_DAY_FACTS } from '../facts/factCatalog.js';
import type { RulePack } from '../rules/loadRulePacks.js';
import { TimeCategories } from '../schema/enums.js';
import type { Condition, Rule } from '../schema/rule.js';
import { compileCondition, type Predicate } from './compileCondition.js';

/** An engine and the rules it holds. */
export interface Phase {
  readonly engine: Engine;
  readonly rules: readonly Rule[];
}

/**
 * Facts of the attempt itself, the same in every candidate zone and at every instant. A fact not
 * listed here is taken to depend on the debtor's clock (the safe default for a new fact).
 */
const STATIC_FACTS: ReadonlySet<string> = new Set([
  'country', 'channel', 'agent', 'initiatedBy', 'purpose', 'creditorType', 'recipientRole', 'ageGroup',
  'identityVerified', 'disclosesDebt', 'identifiesCollector', 'aiDisclosed', 'product', 'disputed',
  'channelAuthorization', 'channelOptedOut', 'visitAuthorized', 'representedByAttorney', 'deceased',
  'insolvencyProceeding', 'regionKnown',
]);

export interface RuleOverride {
  /** Turn a rule off (it is then not evaluated, and not listed in `evaluatedRules`). */
  readonly enabled?: boolean;
  /** Make a policy warning blocking, or a blocking rule a warning. */
  readonly severity?: 'block' | 'warn';
}

/** A rule pack ready to run: engines built once, never per call. */
export interface CompiledPack {
  readonly pack: RulePack;
  readonly rules: ReadonlyMap<string, Rule>;
  /** Every enabled rule, in pack order. */
  readonly ruleList: readonly Rule[];
  /** Each enabled rule's position in pack order: findings are listed in it. */
  readonly ruleOrder: ReadonlyMap<string, number>;
  /** Rules that read only facts of the attempt itself: run once per check, whatever the zones. */
  readonly staticPhase: Phase;
  /** Rules that read the debtor's clock (hours, days, frequency…): run once per distinct clock. */
  readonly zonedPhase: Phase;
  /** The blocking rules cured by waiting (hours, holiday, frequency): run while searching nextAllowedAt. */
  readonly timePhase: Phase;
  /** The time rules compiled to functions, to skip candidate instants fast (see compileCondition). */
  readonly timePredicates: ReadonlyArray<{ readonly rule: Rule; readonly test: Predicate }>;
  /** Minutes of the day at which a time rule can change its answer (07:00 → 420 …). */
  readonly minuteThresholds: readonly number[];
}

const TIME = new Set<string>(TimeCategories);

export function compileRulePack(pack: RulePack, overrides: Readonly<Record<string, RuleOverride>> = {}): CompiledPack {
  const rules = new Map<string, Rule>();
  for (const r of pack.rules) {
    const o = overrides[r.id];
    if (o?.enabled === false) continue;
    rules.set(r.id, o?.severity ? { ...r, severity: o.severity } : r);
  }
  const ruleList = [...rules.values()];
  const timeRules = ruleList.filter((r) => r.severity === 'block' && TIME.has(r.category));
  const isStatic = (r: Rule) => r.requires.every((f) => STATIC_FACTS.has(f));
  const thresholds = new Set<number>([0]);
  for (const r of timeRules) for (const m of minuteThresholds(r.conditions)) thresholds.add(m);
  return {
    pack,
    rules,
    ruleList,
    ruleOrder: new Map(ruleList.map((r, i) => [r.id, i])),
    staticPhase: phase(ruleList.filter(isStatic)),
    zonedPhase: phase(ruleList.filter((r) => !isStatic(r))),
    timePhase: phase(timeRules),
    timePredicates: timeRules.map((rule) => ({ rule, test: compileCondition(rule.conditions) })),
    minuteThresholds: [...thresholds].sort((a, b) => a - b),
  };
}

function phase(rules: readonly Rule[]): Phase {
  return { engine: buildEngine(rules), rules };
}

function buildEngine(rules: readonly Rule[]): Engine {
  // allowUndefinedFacts: missing facts are caught before the run, from each rule's `requires`.
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const r of rules) {
    engine.addRule({ name: r.id, conditions: r.conditions as never, event: { type: r.id } });
  }
  return engine;
}

/** The minute values at which a comparison on a minute-of-day fact flips. */
function minuteThresholds(c: Condition): number[] {
  if ('all' in c) return c.all.flatMap(minuteThresholds);
  if ('any' in c) return c.any.flatMap(minuteThresholds);
  if ('not' in c) return minuteThresholds(c.not);
  if (!MINUTE_OF_DAY_FACTS.has(c.fact)) return [];
  const values = (Array.isArray(c.value) ? c.value : [c.value]).filter((v): v is number => typeof v === 'number');
  return values.flatMap((v) => {
    switch (c.operator) {
      case 'greaterThan':
      case 'lessThanInclusive':
        return [v + 1];
      case 'equal':
      case 'notEqual':
      case 'in':
      case 'notIn':
        return [v, v + 1];
      default:
        return [v];
    }
  });
}

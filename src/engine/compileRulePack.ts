import type { Engine } from 'json-rules-engine';
import { dayNumberOf } from '../_lib/localClock.js';
import { MINUTE_OF_DAY_FACTS } from '../facts/factCatalog.js';
import { lawInForceFrom } from '../rules/lawInForceFrom.js';
import type { RulePack } from '../rules/loadRulePacks.js';
import { TimeCategories } from '../schema/enums.js';
import type { Condition, Rule } from '../schema/rule.js';
import { compileCondition, type Predicate } from './compileCondition.js';

/**
 * Facts of the attempt itself, the same in every candidate zone and at every instant. A fact not
 * listed here is taken to depend on the debtor's clock (the safe default for a new fact).
 */
export const STATIC_FACTS: ReadonlySet<string> = new Set([
  'country',
  'channel',
  'agent',
  'initiatedBy',
  'purpose',
  'creditorType',
  'recipientRole',
  'ageGroup',
  'identityVerified',
  'disclosesDebt',
  'identifiesCollector',
  'aiDisclosed',
  'product',
  'disputed',
  'channelAuthorization',
  'channelOptedOut',
  'visitAuthorized',
  'representedByAttorney',
  'deceased',
  'insolvencyProceeding',
  'regionKnown',
]);

export interface RuleOverride {
  /** Turn a rule off (it is then not evaluated, and not listed in `evaluatedRules`). */
  readonly enabled?: boolean;
  /** Make a policy warning blocking, or a blocking rule a warning. */
  readonly severity?: 'block' | 'warn';
}

/** One rule, ready to run: its condition compiled, its dates as day numbers. */
export interface CompiledRule {
  readonly rule: Rule;
  readonly id: string;
  /** Position in pack order: findings are listed in it. */
  readonly order: number;
  readonly test: Predicate;
  readonly requires: readonly string[];
  /** `effective.from` / `effective.to` as day numbers (days since 1970-01-01); `to` is Infinity when open. */
  readonly fromDay: number;
  readonly toDay: number;
}

/** The json-rules-engine engines of a pack: the reference evaluator (built on first use). */
export interface ReferenceEngines {
  readonly static: Engine;
  readonly zoned: Engine;
  readonly time: Engine;
}

/** A rule pack ready to run: conditions compiled once at `createChecker`, never per call. */
export interface CompiledPack {
  readonly pack: RulePack;
  /** Every enabled rule (overrides applied), by id, in pack order. */
  readonly rules: ReadonlyMap<string, Rule>;
  /** Rules that read only facts of the attempt itself: run once per check, whatever the zones. */
  readonly staticRules: readonly CompiledRule[];
  /** Rules that read the debtor's clock (hours, days, frequency…): run once per distinct clock. */
  readonly zonedRules: readonly CompiledRule[];
  /** The blocking rules cured by waiting (hours, holiday, frequency): run while searching nextAllowedAt. */
  readonly timeRules: readonly CompiledRule[];
  /** The blocking rules among the static and the zoned ones: what decides allow or not (lawful windows). */
  readonly staticBlocking: readonly CompiledRule[];
  readonly zonedBlocking: readonly CompiledRule[];
  /** Minutes of the day at which a time rule can change its answer (07:00 → 420 …). */
  readonly minuteThresholds: readonly number[];
  /**
   * The first day of law in force: the day the shipped statutory contact rules of the country start
   * (`lawInForceFrom`), or the pack's first rule if that is later. Before it, no decision is given.
   */
  readonly firstDay: number;
  /**
   * json-rules-engine engines holding the same rules (the reference evaluator). json-rules-engine is
   * loaded on first use: the compiled evaluator never needs it (a process's start-up does not pay for it).
   */
  referenceEngines(): Promise<ReferenceEngines>;
}

const TIME = new Set<string>(TimeCategories);

export function compileRulePack(pack: RulePack, overrides: Readonly<Record<string, RuleOverride>> = {}): CompiledPack {
  const rules = new Map<string, Rule>();
  for (const r of pack.rules) {
    const o = overrides[r.id];
    if (o?.enabled === false) continue;
    rules.set(r.id, o?.severity ? { ...r, severity: o.severity } : r);
  }
  const compiled: CompiledRule[] = [...rules.values()].map((rule, order) => ({
    rule,
    id: rule.id,
    order,
    test: compileCondition(rule.conditions),
    requires: rule.requires,
    fromDay: dayNumberOf(rule.effective.from),
    toDay: rule.effective.to === undefined ? Infinity : dayNumberOf(rule.effective.to),
  }));
  const isStatic = (c: CompiledRule) => c.requires.every((f) => STATIC_FACTS.has(f));
  const staticRules = compiled.filter(isStatic);
  const zonedRules = compiled.filter((c) => !isStatic(c));
  const timeRules = compiled.filter((c) => c.rule.severity === 'block' && TIME.has(c.rule.category));
  const thresholds = new Set<number>([0]);
  for (const c of timeRules) for (const m of minuteThresholds(c.rule.conditions)) thresholds.add(m);
  let engines: Promise<ReferenceEngines> | undefined;
  return {
    pack,
    rules,
    staticRules,
    zonedRules,
    timeRules,
    staticBlocking: staticRules.filter((c) => c.rule.severity === 'block'),
    zonedBlocking: zonedRules.filter((c) => c.rule.severity === 'block'),
    minuteThresholds: [...thresholds].sort((a, b) => a - b),
    firstDay: Math.max(lawFloorDay(pack), Math.min(...compiled.map((c) => c.fromDay))),
    referenceEngines: () =>
      (engines ??= import('json-rules-engine').then(({ Engine }) => ({
        static: buildEngine(Engine, staticRules),
        zoned: buildEngine(Engine, zonedRules),
        time: buildEngine(Engine, timeRules),
      }))),
  };
}

/** The shipped floor of law in force, as a day number (a country that ships none: no floor of its own). */
function lawFloorDay(pack: RulePack): number {
  const from = lawInForceFrom(pack.country);
  return from === undefined ? -Infinity : dayNumberOf(from);
}

function buildEngine(EngineClass: typeof Engine, rules: readonly CompiledRule[]): Engine {
  // allowUndefinedFacts: missing facts are caught before the run, from each rule's `requires`.
  const engine = new EngineClass([], { allowUndefinedFacts: true });
  for (const { rule } of rules)
    engine.addRule({ name: rule.id, conditions: rule.conditions as never, event: { type: rule.id } });
  return engine;
}

/**
 * The minutes of the day at which a comparison on a minute-of-day fact can flip. The fact is a whole
 * minute; the rule's value is compared raw (a numeric string or a fraction works as JavaScript's `<`
 * makes it): `< v` and `>= v` flip at the first minute ≥ v, `<= v` and `> v` at the first minute > v,
 * `equal`/`in` and their negations at v and v + 1 when v is a whole minute.
 */
function minuteThresholds(c: Condition): number[] {
  if ('all' in c) return c.all.flatMap(minuteThresholds);
  if ('any' in c) return c.any.flatMap(minuteThresholds);
  if ('not' in c) return minuteThresholds(c.not);
  if (!MINUTE_OF_DAY_FACTS.has(c.fact)) return [];
  const out: number[] = [];
  for (const v of Array.isArray(c.value) ? c.value : [c.value]) {
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) continue;
    switch (c.operator) {
      case 'lessThan':
      case 'greaterThanInclusive':
        out.push(Math.ceil(n));
        break;
      case 'lessThanInclusive':
      case 'greaterThan':
        out.push(Math.floor(n) + 1);
        break;
      case 'equal':
      case 'notEqual':
      case 'in':
      case 'notIn':
        // Strict equality: only a number can equal the minute.
        if (typeof v === 'number' && Number.isInteger(v)) out.push(v, v + 1);
        break;
      default:
        break;
    }
  }
  return out.filter((m) => m > 0 && m < 1440);
}

import type { Engine } from 'json-rules-engine';
import { offsetAt } from '../_lib/localClock.js';
import type { CompiledPack, Phase } from '../engine/compileRulePack.js';
import { factsAt } from '../facts/factsAt.js';
import type { FrequencyOptions } from '../facts/frequencyFacts.js';
import type { HolidayCalendar } from '../facts/holidays.js';
import type { PreparedAttempt } from '../facts/prepareAttempt.js';
import type { Rule } from '../schema/rule.js';
import { ComplianceError } from '../errors.js';

/** A rule that fired at an instant: in which candidate zones, with which facts, or for want of which facts. */
export interface Firing {
  readonly rule: Rule;
  readonly zones: string[];
  readonly facts: Readonly<Record<string, unknown>>;
  readonly missingFacts: string[];
}

export interface Evaluation {
  /** Rules that fired, in pack order. */
  readonly firings: Firing[];
  /** Rules in effect at the instant (in any candidate zone). */
  readonly evaluated: Set<string>;
  /** Facts in the primary zone. */
  readonly primaryFacts: Readonly<Record<string, unknown>>;
}

export interface EvalEnv {
  readonly holidays: HolidayCalendar;
  readonly frequency: FrequencyOptions;
}

const EIGHT_DAYS = 8 * 86_400_000;

/**
 * Zones that read the same wall clock at the instant and at every recent past contact give the same
 * facts; each such group is evaluated once (Mexico has twelve zones but, at any instant, few clocks).
 */
export function zoneGroups(p: PreparedAttempt, ms: number): string[][] {
  const groups = new Map<string, string[]>();
  for (const zone of p.zones.zones) {
    let key = String(offsetAt(ms, zone));
    for (const h of p.history) if (h.ms > ms - EIGHT_DAYS) key += `,${offsetAt(h.ms, zone)}`;
    const g = groups.get(key);
    if (g) g.push(zone);
    else groups.set(key, [zone]);
  }
  return [...groups.values()];
}

export function isEffective(rule: Rule, localDate: string): boolean {
  return rule.effective.from <= localDate && (rule.effective.to === undefined || localDate <= rule.effective.to);
}

/**
 * Judge the attempt as if made at `ms`. `all`: every rule — those that read only the attempt once,
 * those that read the clock once per distinct clock among the candidate zones. `time`: only the
 * blocking time rules, per clock (the nextAllowedAt search).
 */
export async function evaluateAt(cp: CompiledPack, mode: 'all' | 'time', p: PreparedAttempt, ms: number, env: EvalEnv): Promise<Evaluation> {
  const fired = new Map<string, Firing>();
  const evaluated = new Set<string>();
  let primaryFacts: Record<string, unknown> | undefined;
  const groups = zoneGroups(p, ms);
  for (const zones of groups) {
    const facts = factsAt(p, ms, zones[0]!, env.holidays, env.frequency);
    if (!primaryFacts) {
      primaryFacts = facts;
      if (mode === 'all') await runPhase(cp.staticPhase, facts, [...p.zones.zones], fired, evaluated);
    }
    await runPhase(mode === 'all' ? cp.zonedPhase : cp.timePhase, facts, zones, fired, evaluated);
  }
  const order = new Map(cp.ruleList.map((r, i) => [r.id, i]));
  const firings = [...fired.values()].sort((a, b) => order.get(a.rule.id)! - order.get(b.rule.id)!);
  return { firings, evaluated, primaryFacts: primaryFacts ?? {} };
}

async function runPhase(
  phase: Phase, facts: Record<string, unknown>, zones: readonly string[], fired: Map<string, Firing>, evaluated: Set<string>,
): Promise<void> {
  if (phase.rules.length === 0) return;
  const localDate = facts['localDate'] as string;
  const inEffect = phase.rules.filter((r) => isEffective(r, localDate));
  const missingByRule = new Map<string, string[]>();
  for (const r of inEffect) {
    evaluated.add(r.id);
    const missing = r.requires.filter((f) => facts[f] === undefined || (typeof facts[f] === 'number' && !Number.isFinite(facts[f])));
    if (missing.length > 0) missingByRule.set(r.id, missing);
  }
  const passed = await firedRuleIds(phase.engine, facts);
  for (const r of inEffect) {
    const missing = missingByRule.get(r.id);
    if (!missing && !passed.has(r.id)) continue;
    const prior = fired.get(r.id);
    if (prior) prior.zones.push(...zones);
    else fired.set(r.id, { rule: r, zones: [...zones], facts, missingFacts: missing ?? [] });
  }
}

/**
 * json-rules-engine keeps a run status on the engine itself, shared by concurrent runs: a run that ends
 * marks the engine finished, and a run whose rule set has not started yet then skips its rules. A
 * skipped rule would read as "did not fire" — a silent allow. Every rule must report a result; a
 * short run is retried, and a run that stays short is an error, never an allow.
 */
async function firedRuleIds(engine: Engine, facts: Record<string, unknown>): Promise<Set<string>> {
  const expected = (engine as unknown as { rules: unknown[] }).rules.length;
  for (let attempt = 0; attempt < 5; attempt++) {
    const { results, failureResults } = await engine.run(facts);
    if (results.length + failureResults.length === expected) return new Set(results.map((r) => r.name as string));
  }
  throw new ComplianceError('engine_incomplete', 'the rules engine did not evaluate every rule');
}

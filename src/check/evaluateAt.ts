import type { Engine } from 'json-rules-engine';
import { offsetAt } from '../_lib/localClock.js';
import type { CompiledPack, Phase } from '../engine/compileRulePack.js';
import { factsAt } from '../facts/factsAt.js';
import { firstAfter, type FrequencyOptions } from '../facts/frequencyFacts.js';
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
  if (p.zones.zones.length === 1) return [[...p.zones.zones]];
  const groups = new Map<string, string[]>();
  // The recent contacts are a suffix of the sorted history; their offsets are compared run by run.
  const start = firstAfter(p.history, ms - EIGHT_DAYS);
  for (const zone of p.zones.zones) {
    let key = String(offsetAt(ms, zone));
    const { offsets, next } = offsetRunsOf(p, zone);
    for (let j = start; j < offsets.length; j = next[j]!) key += `,${offsets[j]}x${next[j]! - j}`;
    const g = groups.get(key);
    if (g) g.push(zone);
    else groups.set(key, [zone]);
  }
  return [...groups.values()];
}

/** Per zone, the offset at each past contact, and where each run of equal offsets ends (built once per attempt). */
const offsetRuns = new WeakMap<PreparedAttempt, Map<string, { offsets: number[]; next: number[] }>>();

function offsetRunsOf(p: PreparedAttempt, zone: string): { offsets: number[]; next: number[] } {
  let byZone = offsetRuns.get(p);
  if (!byZone) {
    byZone = new Map();
    offsetRuns.set(p, byZone);
  }
  let runs = byZone.get(zone);
  if (!runs) {
    const offsets = p.history.map((h) => offsetAt(h.ms, zone));
    const next = new Array<number>(offsets.length);
    for (let i = offsets.length - 1; i >= 0; i--) next[i] = i + 1 < offsets.length && offsets[i + 1] === offsets[i] ? next[i + 1]! : i + 1;
    runs = { offsets, next };
    byZone.set(zone, runs);
  }
  return runs;
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
  const groups = zoneGroups(p, ms);
  const factsByGroup = groups.map((zones) => factsAt(p, ms, zones[0]!, env.holidays, env.frequency));
  // A rule of the attempt alone is in force when it is in force on the local date of any candidate
  // zone (a debtor abroad, or an unknown zone, straddling the day a rule starts): the conservative reading.
  if (mode === 'all') {
    await runPhase(cp.staticPhase, factsByGroup[0]!, [...p.zones.zones], fired, evaluated, factsByGroup.map((f) => f['localDate'] as string));
  }
  for (const [i, zones] of groups.entries()) {
    await runPhase(mode === 'all' ? cp.zonedPhase : cp.timePhase, factsByGroup[i]!, zones, fired, evaluated);
  }
  const firings = [...fired.values()].sort((a, b) => cp.ruleOrder.get(a.rule.id)! - cp.ruleOrder.get(b.rule.id)!);
  return { firings, evaluated, primaryFacts: factsByGroup[0] ?? {} };
}

async function runPhase(
  phase: Phase, facts: Record<string, unknown>, zones: readonly string[], fired: Map<string, Firing>, evaluated: Set<string>,
  localDates: readonly string[] = [facts['localDate'] as string],
): Promise<void> {
  if (phase.rules.length === 0) return;
  const inEffect = phase.rules.filter((r) => localDates.some((d) => isEffective(r, d)));
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
 * skipped rule would read as "did not fire" — a silent allow. So runs of one engine take turns (a
 * few microtasks each: the facts are values, nothing waits on I/O); and every rule must still report
 * a result — a short run is retried, and a run that stays short is an error, never an allow.
 */
async function firedRuleIds(engine: Engine, facts: Record<string, unknown>): Promise<Set<string>> {
  const expected = (engine as unknown as { rules: unknown[] }).rules.length;
  for (let attempt = 0; attempt < 5; attempt++) {
    const { results, failureResults } = await inTurn(engine, () => engine.run(facts));
    if (results.length + failureResults.length === expected) return new Set(results.map((r) => r.name as string));
  }
  throw new ComplianceError('engine_incomplete', 'the rules engine did not evaluate every rule');
}

/** The last run queued on each engine: the next one starts when it has settled. */
const turns = new WeakMap<Engine, Promise<unknown>>();

function inTurn<T>(engine: Engine, run: () => Promise<T>): Promise<T> {
  const next = (turns.get(engine) ?? Promise.resolve()).then(run, run);
  turns.set(engine, next.catch(() => undefined));
  return next;
}

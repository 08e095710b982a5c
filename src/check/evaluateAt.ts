import { localDayNumber, offsetAt } from '../_lib/localClock.js';
import { offsetChangesIn, offsetConstantBetween } from '../_lib/zoneOffsets.js';
import type { CompiledPack, CompiledRule } from '../engine/compileRulePack.js';
import type { FrequencyOptions } from '../facts/contactIndex.js';
import { factsAt, type Facts } from '../facts/factsAt.js';
import type { HolidayDays } from '../facts/holidayDays.js';
import type { PreparedAttempt } from '../facts/prepareAttempt.js';
import { FACTS } from '../facts/factCatalog.js';

/**
 * The evaluation is written once, as a generator that asks "which of these rules pass on these
 * facts?" (a `Query`) and is answered by an evaluator: the compiled rules, synchronously (the check),
 * or json-rules-engine, asynchronously (the reference evaluator the differential tests hold it to).
 */
export type RuleSet = 'static' | 'zoned' | 'time';

export interface Query {
  readonly set: RuleSet;
  readonly rules: readonly CompiledRule[];
  readonly facts: Facts;
}

/** For each rule of the query, in order: whether its conditions pass. */
export type Answer = readonly boolean[];

export type Evaluation<T> = Generator<Query, T, Answer>;

/** A rule that fired at an instant: in which candidate zones, with which facts, or for want of which facts. */
export interface Firing {
  readonly rule: CompiledRule;
  readonly zones: string[];
  readonly facts: Facts;
  readonly missingFacts: string[];
}

export interface EvaluationResult {
  /** Rules that fired, in pack order. */
  readonly firings: Firing[];
  /** Rules in effect at the instant (in any candidate zone), as flags by pack order (see `evaluatedIds`). */
  readonly evaluated: Uint8Array;
  /** Facts in the primary zone. */
  readonly primaryFacts: Facts;
}

export interface EvalEnv {
  readonly holidayDays: HolidayDays;
  readonly frequency: FrequencyOptions;
}

const EIGHT_DAYS = 8 * 86_400_000;

/**
 * Judge the attempt as if made at `ms`. `all`: every rule — those that read only the attempt once,
 * those that read the clock once per distinct clock among the candidate zones. `time`: only the
 * blocking time rules, per clock (the nextAllowedAt search).
 */
export function* evaluateAt(
  cp: CompiledPack,
  mode: 'all' | 'time',
  p: PreparedAttempt,
  ms: number,
  env: EvalEnv,
): Evaluation<EvaluationResult> {
  const fired = new Map<string, Firing>();
  const evaluated = new Uint8Array(cp.rules.size);
  const groups = zoneGroups(p, ms);
  const facts = groups.map((zones) => factsAt(p, ms, zones[0]!, env.frequency));
  const days = groups.map((zones) => localDayNumber(ms, zones[0]!));
  // A rule of the attempt alone is in force when it is in force on the local date of any candidate
  // zone (a debtor abroad, or an unknown zone, straddling the day a rule starts): the conservative reading.
  if (mode === 'all') yield* runRules(cp.staticRules, 'static', facts[0]!, p.zones.zones, days, fired, evaluated);
  for (let i = 0; i < groups.length; i++) {
    yield* runRules(
      mode === 'all' ? cp.zonedRules : cp.timeRules,
      mode === 'all' ? 'zoned' : 'time',
      facts[i]!,
      groups[i]!,
      [days[i]!],
      fired,
      evaluated,
    );
  }
  const firings = fired.size === 0 ? [] : [...fired.values()].sort((a, b) => a.rule.order - b.rule.order);
  return { firings, evaluated, primaryFacts: facts[0]! };
}

function* runRules(
  rules: readonly CompiledRule[],
  set: RuleSet,
  facts: Facts,
  zones: readonly string[],
  days: readonly number[],
  fired: Map<string, Firing>,
  evaluated: Uint8Array,
): Evaluation<void> {
  const missing = missingOf(facts);
  const inForceNow = days.length === 1 ? inForceOn(rules, days[0]!) : rules.filter((r) => inForce(r, days));
  let asked: readonly CompiledRule[] = inForceNow;
  for (const r of inForceNow) evaluated[r.order] = 1;
  if (missing !== NONE) {
    const ask: CompiledRule[] = [];
    for (const r of inForceNow) {
      const lacking = r.requires.filter((f) => missing.includes(f));
      if (lacking.length > 0) fire(fired, r, zones, facts, lacking);
      else ask.push(r);
    }
    asked = ask;
  }
  if (asked.length === 0) return;
  const passes = yield { set, rules: asked, facts };
  for (let i = 0; i < asked.length; i++) if (passes[i]) fire(fired, asked[i]!, zones, facts, NONE);
}

/** The rules of a list in force on a day, kept per list and day: an attempt's days are few and repeat. */
const inForceCache = new WeakMap<readonly CompiledRule[], Map<number, readonly CompiledRule[]>>();

function inForceOn(rules: readonly CompiledRule[], day: number): readonly CompiledRule[] {
  let byDay = inForceCache.get(rules);
  if (!byDay) {
    byDay = new Map();
    inForceCache.set(rules, byDay);
  }
  let list = byDay.get(day);
  if (list === undefined) {
    if (byDay.size >= 4096) byDay.clear();
    list = rules.filter((r) => r.fromDay <= day && day <= r.toDay);
    byDay.set(day, list);
  }
  return list;
}

/** The ids of the rules flagged in force, in pack order. */
export function evaluatedIds(cp: CompiledPack, evaluated: Uint8Array): string[] {
  const out: string[] = [];
  let i = 0;
  for (const id of cp.rules.keys()) if (evaluated[i++] === 1) out.push(id);
  return out;
}

/** In force on one of the days (the local dates of the candidate zones). */
export function inForce(r: CompiledRule, days: readonly number[]): boolean {
  for (let i = 0; i < days.length; i++) if (r.fromDay <= days[i]! && days[i]! <= r.toDay) return true;
  return false;
}

function fire(
  fired: Map<string, Firing>,
  rule: CompiledRule,
  zones: readonly string[],
  facts: Facts,
  missingFacts: string[],
): void {
  const prior = fired.get(rule.id);
  if (prior) prior.zones.push(...zones);
  else fired.set(rule.id, { rule, zones: [...zones], facts, missingFacts });
}

/**
 * Facts that could not be derived (undefined, or a number that is not finite — an unavailable holiday
 * calendar, say): a rule that needs one fails closed. Usually none, so one pass over the facts, not
 * one per rule.
 */
export function missingOf(facts: Facts): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < FACT_NAMES.length; i++) {
    const f = FACT_NAMES[i]!;
    const v = facts[f];
    if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) (out ??= []).push(f);
  }
  return out ?? NONE;
}
const FACT_NAMES: readonly string[] = Object.keys(FACTS);
export const NONE: string[] = [];

/**
 * Zones that read the same wall clock at the instant and at every recent past contact give the same
 * facts; each such group is evaluated once (Mexico has twelve zones but, at any instant, few clocks).
 */
export function zoneGroups(p: PreparedAttempt, ms: number): string[][] {
  const zones = p.zones.zones;
  if (zones.length === 1) return [[zones[0]!]];
  const from = p.history.indexAtOrAfter(ms - EIGHT_DAYS);
  const recent = from < p.history.size;
  const groups: string[][] = [];
  const heads: Array<{ now: number; runs: OffsetRuns; r: number }> = [];
  const first = recent ? p.history.contacts()[from]!.ms : ms;
  for (const zone of zones) {
    const now = offsetAt(ms, zone);
    // One offset from the first recent contact to the instant (the usual case): that offset is the signature.
    const runs = offsetConstantBetween(zone, first, ms) ? constantRun(now) : offsetRunsOf(p, zone);
    let r = 0;
    if (recent && runs.starts.length > 1) while (r + 1 < runs.starts.length && runs.starts[r + 1]! <= from) r++;
    let g = 0;
    for (; g < heads.length; g++) if (sameClock(heads[g]!, now, runs, r, recent)) break;
    if (g === heads.length) {
      heads.push({ now, runs, r });
      groups.push([zone]);
    } else groups[g]!.push(zone);
  }
  return groups;
}

/** The same offset now and at every recent contact (runs compared from the one holding the window's start). */
function sameClock(
  head: { now: number; runs: OffsetRuns; r: number },
  now: number,
  runs: OffsetRuns,
  r: number,
  recent: boolean,
): boolean {
  if (head.now !== now) return false;
  if (!recent) return true;
  const a = head.runs;
  if (a.starts.length - head.r !== runs.starts.length - r) return false;
  for (let i = 0; i < runs.starts.length - r; i++) {
    if (a.offsets[head.r + i] !== runs.offsets[r + i]) return false;
    // The first run starts at the window for both; the later ones must change at the same contact.
    if (i > 0 && a.starts[head.r + i] !== runs.starts[r + i]) return false;
  }
  return true;
}

/** Runs of a zone with one offset over the window (compared with `sameClock` against full runs too). */
function constantRun(offset: number): OffsetRuns {
  return { starts: [0], offsets: [offset] };
}

interface OffsetRuns {
  readonly starts: readonly number[];
  readonly offsets: readonly number[];
}

/** Per zone, the runs of equal offsets over the attempt's past contacts (built once per attempt and zone). */
const offsetRuns = new WeakMap<PreparedAttempt, Map<string, OffsetRuns>>();

function offsetRunsOf(p: PreparedAttempt, zone: string): OffsetRuns {
  let byZone = offsetRuns.get(p);
  if (!byZone) {
    byZone = new Map();
    offsetRuns.set(p, byZone);
  }
  let runs = byZone.get(zone);
  if (!runs) {
    const starts: number[] = [];
    const offsets: number[] = [];
    const history = p.history;
    const n = history.size;
    // The offset changes only at the zone's transitions: a run starts at the first contact after one
    // (when the offset there differs) — a binary search each, not an offset per contact.
    const changes = n === 0 ? [] : offsetChangesIn(history.instantOf(0), history.instantOf(n - 1), zone);
    if (changes !== undefined) {
      if (n > 0) {
        starts.push(0);
        offsets.push(offsetAt(history.instantOf(0), zone));
      }
      for (const c of changes) {
        const i = history.indexAtOrAfter(c);
        const o = offsetAt(history.instantOf(i), zone);
        if (offsets[offsets.length - 1] !== o) {
          starts.push(i);
          offsets.push(o);
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const o = offsetAt(history.instantOf(i), zone);
        if (offsets.length === 0 || offsets[offsets.length - 1] !== o) {
          starts.push(i);
          offsets.push(o);
        }
      }
    }
    runs = { starts, offsets };
    byZone.set(zone, runs);
  }
  return runs;
}

import { instantAtLocal, localDayNumber } from '../_lib/localClock.js';
import { STATIC_FACTS, type CompiledPack, type CompiledRule } from '../engine/compileRulePack.js';
import type { PreparedAttempt } from '../facts/prepareAttempt.js';
import { evaluateAt, type EvalEnv, type Evaluation } from './evaluateAt.js';
import { WEEK_MS, type FrequencyOptions } from '../facts/contactIndex.js';
import type { Condition } from '../schema/rule.js';

/** Days searched, in chunks: most delays end today or tomorrow; Semana Santa and weekly locks take longer. */
const CHUNKS: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [2, 7],
  [8, 21],
  [22, 45],
  [46, 90],
];

/**
 * The instants after `from` at which a time fact can change, in order, chunk by chunk up to
 * `horizonDays` local days after `from`: a threshold minute of a time rule, local midnight (days,
 * holidays, effective dates), a debtor-requested window's edges, a contact starting to count or the rolling week
 * dropping one — in every candidate zone. Between two consecutive change points no time fact changes.
 * For nextAllowedAt, change points are whole seconds: an expiry inside a second is taken at the end of
 * that second, so an instant written to the second is the instant checked. `exact` keeps the
 * millisecond (the lawful windows, whose edges must be exact).
 */
export function* changePoints(
  cp: CompiledPack,
  p: PreparedAttempt,
  from: number,
  horizonDays: number,
  exact = false,
): Generator<number, void, void> {
  const zones = p.zones.zones;
  const startDays = zones.map((z) => localDayNumber(from, z));
  const minutes = new Set(cp.minuteThresholds);
  for (const w of p.windows ?? []) {
    minutes.add(w.from);
    if (w.to < 1440) minutes.add(w.to);
  }
  let carried: number[] = p.history.changesAfter(from).map((t) => (exact ? t : Math.ceil(t / 1000) * 1000));
  let done = from;
  for (const [first, last] of CHUNKS) {
    if (first > horizonDays) break;
    const end = Math.min(last, horizonDays);
    const candidates = new Set<number>(carried);
    zones.forEach((zone, i) => {
      for (let d = first; d <= end; d++)
        for (const m of minutes) candidates.add(instantAtLocal(startDays[i]! + d, m, zone));
    });
    const cutoff = Math.min(...zones.map((zone, i) => instantAtLocal(startDays[i]! + end + 1, 0, zone)));
    const sorted = [...candidates].filter((t) => t > done).sort((a, b) => a - b);
    carried = [];
    for (const t of sorted) {
      if (t >= cutoff) {
        carried.push(t);
        continue;
      }
      done = t;
      yield t;
    }
  }
}

/**
 * The earliest instant after the attempt at which the same attempt passes every blocking time rule
 * (hours, Sundays, festivos, frequency windows) in every candidate zone: the first change point at
 * which none fires.
 *
 * Most change points of a frequent debtor are contacts leaving the rolling week: where only those
 * happen, the counts only fall, and when no time rule can start firing as a count falls (every
 * shipped rule fires at a count *at least* something) the rules' answer over such a run goes from
 * firing to passing at most once — so the run is settled by its last point and a binary search, not
 * point by point, and the search costs the same for a debtor with a thousand contacts in the week as
 * for one with three. The answer is the same instant either way.
 */
export function* findNextAllowedAt(
  cp: CompiledPack,
  p: PreparedAttempt,
  env: EvalEnv,
  horizonDays: number,
): Evaluation<number | undefined> {
  if (!fallingCountsNeverFire(cp) || p.history.lastMs > p.atMs) {
    for (const t of changePoints(cp, p, p.atMs, horizonDays)) {
      const { firings } = yield* evaluateAt(cp, 'time', p, t, env);
      if (firings.length === 0) return t;
    }
    return undefined;
  }
  return yield* searchByRuns(cp, p, env, horizonDays);
}

/** `changePoints` and the search over them, with runs of contacts leaving the rolling week settled by bisection. */
function* searchByRuns(
  cp: CompiledPack,
  p: PreparedAttempt,
  env: EvalEnv,
  horizonDays: number,
): Evaluation<number | undefined> {
  const from = p.atMs;
  const zones = p.zones.zones;
  const startDays = zones.map((z) => localDayNumber(from, z));
  const minutes = new Set(cp.minuteThresholds);
  for (const w of p.windows ?? []) {
    minutes.add(w.from);
    if (w.to < 1440) minutes.add(w.to);
  }
  const history = p.history;
  const [first, end] = history.rollingAfter(from);
  // Where the rolling week drops the contact at a position: whole seconds, as changePoints has it.
  const dropAt = (i: number): number => Math.ceil((history.instantAt(i) + WEEK_MS) / 1000) * 1000;
  /** The first position at or after `lo` whose drop is at or after `t` (drops are in time order). */
  const firstDropFrom = (lo: number, t: number): number => {
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dropAt(mid) >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  let next = first;
  let done = from;
  const lastDay = Math.max(...startDays) + horizonDays + 1;
  /**
   * Whether the rules pass at `t`; when they do not, the search may leap: a rule that fires and reads
   * nothing but the attempt and rolling-week counts (in force to the end of the search) fires until a
   * contact leaves the week and its count falls far enough — no point before that can pass, and the
   * first drop at which it no longer fires is found by bisection (its answer can only change once).
   */
  function* passes(t: number): Evaluation<boolean> {
    const { firings } = yield* evaluateAt(cp, 'time', p, t, env);
    if (firings.length === 0) return true;
    for (const f of firings) {
      if (f.missingFacts.length > 0 || !waitsForFallingCounts(cp, f.rule, env.frequency.week) || f.rule.toDay < lastDay)
        continue;
      // The first drop after `t` at which the rule no longer fires: the rule asked alone, on the facts
      // it fired with and the counts at that drop (nothing else it reads changes).
      let lo = firstDropFrom(next, t + 1);
      let hi = end;
      const facts = { ...f.facts };
      const rules = [f.rule];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const counts = history.rollingCountsAt(dropAt(mid), p.attempt.channel);
        facts['attemptsLast7Days'] = counts.attemptsLast7Days;
        facts['otherChannelsThisWeek'] = counts.otherChannelsThisWeek;
        const [fires] = yield { set: 'time', rules, facts };
        if (fires) lo = mid + 1;
        else hi = mid;
      }
      // It fires to the end (its counts fall no further): no instant passes.
      if (lo === end) {
        done = Infinity;
        return false;
      }
      done = Math.max(done, dropAt(lo) - 1);
    }
    return false;
  }
  /** The drops after `done` and before `limit`: the first at which the rules pass, if any. */
  function* run(limit: number): Evaluation<number | undefined> {
    const a = firstDropFrom(next, done + 1);
    const b = firstDropFrom(a, limit);
    if (a === b) return undefined;
    if (!(yield* passes(dropAt(b - 1)))) {
      next = b;
      done = Math.max(done, dropAt(b - 1));
      return undefined;
    }
    let lo = a;
    let hi = b - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (yield* passes(dropAt(mid))) hi = mid;
      else lo = mid + 1;
    }
    return dropAt(lo);
  }
  let carried: number[] = [];
  for (const [firstDay, lastDay] of CHUNKS) {
    if (firstDay > horizonDays) break;
    const last = Math.min(lastDay, horizonDays);
    const candidates = new Set<number>(carried);
    zones.forEach((zone, i) => {
      for (let d = firstDay; d <= last; d++) {
        // A day that ends at or before `done` has nothing left to try.
        if (instantAtLocal(startDays[i]! + d + 1, 0, zone) <= done + 1) continue;
        for (const m of minutes) candidates.add(instantAtLocal(startDays[i]! + d, m, zone));
      }
    });
    const cutoff = Math.min(...zones.map((zone, i) => instantAtLocal(startDays[i]! + last + 1, 0, zone)));
    const sorted = [...candidates].filter((t) => t > done).sort((x, y) => x - y);
    carried = [];
    for (const t of sorted) {
      if (t >= cutoff) {
        carried.push(t);
        continue;
      }
      if (t <= done) continue;
      const found = yield* run(t);
      if (found !== undefined) return found;
      if (t <= done) continue;
      done = t;
      if (yield* passes(t)) return t;
      if (done === Infinity) return undefined;
    }
    const found = yield* run(cutoff);
    if (found !== undefined) return found;
    if (done === Infinity) return undefined;
  }
  return undefined;
}

const waitsCache = new WeakMap<CompiledPack, Map<CompiledRule, boolean>>();

/**
 * Whether a rule, once firing, fires until rolling-week counts fall: it reads only facts of the
 * attempt and counts that change only when the rolling week drops a contact (`otherChannelsThisWeek`
 * only with the rolling week), and fires at a count *at least* something.
 */
function waitsForFallingCounts(cp: CompiledPack, r: CompiledRule, week: FrequencyOptions['week']): boolean {
  let byRule = waitsCache.get(cp);
  if (!byRule) {
    byRule = new Map();
    waitsCache.set(cp, byRule);
  }
  const key = r;
  let v = byRule.get(key);
  if (v === undefined) {
    v =
      r.requires.every((f) => STATIC_FACTS.has(f) || f === 'attemptsLast7Days' || f === 'otherChannelsThisWeek') &&
      r.requires.some((f) => f === 'attemptsLast7Days' || f === 'otherChannelsThisWeek') &&
      monotone(r.rule.conditions).rising;
    byRule.set(key, v);
  }
  return v && (week === 'rolling' || !r.requires.includes('otherChannelsThisWeek'));
}

/** The counts that fall when the rolling week drops a contact. */
const ROLLING_COUNTS: ReadonlySet<string> = new Set(['attemptsLast7Days', 'otherChannelsThisWeek']);
const fallingCountsNeverFireCache = new WeakMap<CompiledPack, boolean>();

/**
 * Whether no blocking time rule of the pack can start firing as the rolling-week counts fall: each
 * reads them only through `greaterThan`/`greaterThanInclusive` a number (under an even number of
 * `not`s), or not at all.
 */
function fallingCountsNeverFire(cp: CompiledPack): boolean {
  let v = fallingCountsNeverFireCache.get(cp);
  if (v === undefined) {
    v = cp.timeRules.every((r) => monotone(r.rule.conditions).rising);
    fallingCountsNeverFireCache.set(cp, v);
  }
  return v;
}

/** Whether a condition can only turn true (`rising`) or only turn false (`falling`) as the rolling counts rise. */
function monotone(c: Condition): { rising: boolean; falling: boolean } {
  if ('all' in c || 'any' in c) {
    const parts = ('all' in c ? c.all : c.any).map(monotone);
    return { rising: parts.every((m) => m.rising), falling: parts.every((m) => m.falling) };
  }
  if ('not' in c) {
    const m = monotone(c.not);
    return { rising: m.falling, falling: m.rising };
  }
  if (!ROLLING_COUNTS.has(c.fact)) return { rising: true, falling: true };
  if (typeof c.value !== 'number') return { rising: false, falling: false };
  if (c.operator === 'greaterThan' || c.operator === 'greaterThanInclusive') return { rising: true, falling: false };
  if (c.operator === 'lessThan' || c.operator === 'lessThanInclusive') return { rising: false, falling: true };
  return { rising: false, falling: false };
}

import { instantAtLocal, localDayNumber } from '../_lib/localClock.js';
import type { CompiledPack } from '../engine/compileRulePack.js';
import type { PreparedAttempt } from '../facts/prepareAttempt.js';
import { evaluateAt, type EvalEnv, type Evaluation } from './evaluateAt.js';

/** Days searched, in chunks: most delays end today or tomorrow; Semana Santa and weekly locks take longer. */
const CHUNKS: ReadonlyArray<readonly [number, number]> = [[0, 1], [2, 7], [8, 21], [22, 45], [46, 90]];

/**
 * The instants after `from` at which a time fact can change, in order, chunk by chunk up to
 * `horizonDays` local days after `from`: a threshold minute of a time rule, local midnight (days,
 * holidays, effective dates), a debtor-requested window's edges, a contact starting to count or the rolling week
 * dropping one — in every candidate zone. Between two consecutive change points no time fact changes.
 * For nextAllowedAt, change points are whole seconds: an expiry inside a second is taken at the end of
 * that second, so an instant written to the second is the instant checked. `exact` keeps the
 * millisecond (the lawful windows, whose edges must be exact).
 */
export function* changePoints(cp: CompiledPack, p: PreparedAttempt, from: number, horizonDays: number, exact = false): Generator<number, void, void> {
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
      for (let d = first; d <= end; d++) for (const m of minutes) candidates.add(instantAtLocal(startDays[i]! + d, m, zone));
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
 */
export function* findNextAllowedAt(cp: CompiledPack, p: PreparedAttempt, env: EvalEnv, horizonDays: number): Evaluation<number | undefined> {
  for (const t of changePoints(cp, p, p.atMs, horizonDays)) {
    const { firings } = yield* evaluateAt(cp, 'time', p, t, env);
    if (firings.length === 0) return t;
  }
  return undefined;
}

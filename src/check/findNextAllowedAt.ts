import { instantAtLocal, localClock } from '../_lib/localClock.js';
import type { CompiledPack } from '../engine/compileRulePack.js';
import { toMinutes } from '../facts/factsAt.js';
import { rollingExpiries } from '../facts/frequencyFacts.js';
import type { PreparedAttempt } from '../facts/prepareAttempt.js';
import { evaluateAt, isEffective, zoneGroups, type EvalEnv } from './evaluateAt.js';
import { factsAt } from '../facts/factsAt.js';

/** Days searched, in chunks: most delays end today or tomorrow; Semana Santa and weekly locks take longer. */
const CHUNKS: ReadonlyArray<readonly [number, number]> = [[0, 1], [2, 7], [8, 21], [22, 45], [46, 90]];

/**
 * The earliest instant after the attempt at which the same attempt passes every blocking time rule
 * (hours, Sundays, festivos, frequency windows) in every candidate zone. Between two consecutive
 * "change points" — a threshold minute of a time rule, local midnight, a debtor-requested window's
 * edges, a rolling window dropping a past contact — no time fact changes, so the answer is one of them.
 */
export async function findNextAllowedAt(
  cp: CompiledPack, p: PreparedAttempt, env: EvalEnv, horizonDays: number,
): Promise<number | undefined> {
  const zones = p.zones.zones;
  const startDays = zones.map((z) => localClock(p.atMs, z).dayNumber);
  const minutes = new Set(cp.minuteThresholds);
  for (const w of p.attempt.debtor.requestedWindows ?? []) {
    minutes.add(toMinutes(w.from));
    minutes.add(toMinutes(w.to));
  }
  // nextAllowedAt is written to the second: an expiry inside a second is checked (and answered) at
  // the end of that second, so the instant written is the instant checked, and it is after `at`.
  let carried: number[] = rollingExpiries(p.history, p.atMs).map((t) => Math.ceil(t / 1000) * 1000);
  let checked = p.atMs;
  for (const [first, last] of CHUNKS) {
    if (first > horizonDays) break;
    const end = Math.min(last, horizonDays);
    const candidates = new Set<number>(carried);
    zones.forEach((zone, i) => {
      for (let d = first; d <= end; d++) for (const m of minutes) candidates.add(instantAtLocal(startDays[i]! + d, m, zone));
    });
    const cutoff = Math.min(...zones.map((zone, i) => instantAtLocal(startDays[i]! + end + 1, 0, zone)));
    const sorted = [...candidates].filter((t) => t > checked).sort((a, b) => a - b);
    carried = [];
    for (const t of sorted) {
      if (t >= cutoff) {
        carried.push(t);
        continue;
      }
      checked = t;
      if (!passesQuickly(cp, p, t, env)) continue;
      const { firings } = await evaluateAt(cp, 'time', p, t, env);
      if (firings.length === 0) return t;
    }
  }
  return undefined;
}

/** The compiled time rules at `t`: false when one surely fires (json-rules-engine then confirms a pass). */
function passesQuickly(cp: CompiledPack, p: PreparedAttempt, t: number, env: EvalEnv): boolean {
  for (const zones of zoneGroups(p, t)) {
    const facts = factsAt(p, t, zones[0]!, env.holidays, env.frequency);
    for (const { rule, test } of cp.timePredicates) {
      if (isEffective(rule, facts['localDate'] as string) && test(facts)) return false;
    }
  }
  return true;
}

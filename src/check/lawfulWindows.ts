import { formatInstant, localDayNumber } from '../_lib/localClock.js';
import type { CompiledPack, CompiledRule } from '../engine/compileRulePack.js';
import { factsAt, type Facts } from '../facts/factsAt.js';
import type { PreparedAttempt } from '../facts/prepareAttempt.js';
import type { Decision, Finding } from '../schema/decision.js';
import { TimeCategories } from '../schema/enums.js';
import { assertLawInForce, contextOf, toFinding, type DecideEnv } from './decide.js';
import {
  evaluateAt,
  evaluatedIds,
  inForce,
  missingOf,
  NONE,
  zoneGroups,
  type Evaluation,
  type RuleSet,
} from './evaluateAt.js';
import { changePoints } from './findNextAllowedAt.js';

/** A lawful window: the half-open interval `[from, to)`, as instants in the debtor's primary offset. */
export interface LawfulWindow {
  readonly from: string;
  readonly to: string;
}

export interface WindowsResult {
  readonly attemptId: string | null;
  /** The maximal intervals between `at` and `until` in which the same attempt would be allowed, in order. */
  readonly windows: LawfulWindow[];
  /** When there is no window: the violations at `at` that waiting cannot cure (third party, mora, channel, holds…). */
  readonly blockedBy: Finding[];
  readonly context: Decision['context'] & { readonly from: string; readonly until: string };
  readonly ruleset: Decision['ruleset'];
}

/** The longest range asked at once: a month of a campaign. */
export const MAX_WINDOW_DAYS = 31;

const TIME = new Set<string>(TimeCategories);

/**
 * The lawful windows of an attempt between its `at` and `untilMs`: every instant `t` of the range at
 * which `check` of the same attempt (same channel, recipient, content and history) at `t` allows,
 * as maximal half-open intervals. The rules' facts change only at change points (a threshold minute,
 * local midnight, a requested window's edge, a contact starting to count or leaving the rolling
 * week, in every candidate zone), so the verdict at each change point holds until the next.
 *
 * A window does not count the contact it schedules: two contacts placed in one window may together
 * break a frequency limit. Put the first in the history and ask again.
 */
export function* lawfulWindows(
  cp: CompiledPack,
  p: PreparedAttempt,
  env: DecideEnv,
  untilMs: number,
): Evaluation<WindowsResult> {
  assertLawInForce(cp, p);
  const zone = p.zones.zones[0]!;
  const now = yield* evaluateAt(cp, 'all', p, p.atMs, env);
  const incurable = now.firings.filter(
    (f) => f.rule.rule.severity === 'block' && (!TIME.has(f.rule.rule.category) || f.missingFacts.length > 0),
  );
  const context = {
    ...contextOf(p, now.primaryFacts, env),
    from: formatInstant(p.atMs, zone),
    until: formatInstant(untilMs, zone),
  };
  const ruleset = { version: env.version, evaluatedRules: evaluatedIds(cp, now.evaluated), ...env.rulesetNotes };
  const result = (windows: LawfulWindow[]): WindowsResult => ({
    attemptId: p.attempt.id ?? null,
    windows,
    blockedBy: windows.length === 0 ? incurable.map((f) => toFinding(f, p, env)) : [],
    context,
    ruleset,
  });
  // A rule of the attempt alone that blocks now, and stays in force to the end, blocks the whole range.
  const lastDay = Math.max(...p.zones.zones.map((z) => localDayNumber(untilMs, z)));
  if (incurable.some((f) => cp.staticRules.includes(f.rule) && f.missingFacts.length === 0 && f.rule.toDay >= lastDay))
    return result([]);

  const windows: LawfulWindow[] = [];
  const staticByDays = new Map<string, boolean>();
  let open: number | undefined = now.firings.some((f) => f.rule.rule.severity === 'block') ? undefined : p.atMs;
  const days = Math.ceil((untilMs - p.atMs) / 86_400_000) + 1;
  for (const t of changePoints(cp, p, p.atMs, days, true)) {
    if (t >= untilMs) break;
    const blocked = yield* blocksAt(cp, p, t, env, staticByDays);
    if (!blocked && open === undefined) open = t;
    else if (blocked && open !== undefined) {
      windows.push({ from: formatInstant(open, zone), to: formatInstant(t, zone) });
      open = undefined;
    }
  }
  if (open !== undefined) windows.push({ from: formatInstant(open, zone), to: formatInstant(untilMs, zone) });
  return result(windows);
}

/**
 * Whether the attempt at `t` would not be allowed: some blocking rule fires, or cannot be evaluated
 * (the check's verdict is then delay or block). The rules of the attempt alone read facts that never
 * change, so their answer is kept per set of local days (what puts them in force or out of it).
 */
function* blocksAt(
  cp: CompiledPack,
  p: PreparedAttempt,
  t: number,
  env: DecideEnv,
  staticByDays: Map<string, boolean>,
): Evaluation<boolean> {
  const groups = zoneGroups(p, t);
  const days = groups.map((zones) => localDayNumber(t, zones[0]!));
  const key = days.join(',');
  let staticBlocks = staticByDays.get(key);
  if (staticBlocks === undefined) {
    staticBlocks = yield* someFires(cp.staticBlocking, 'static', factsAt(p, t, groups[0]![0]!, env.frequency), days);
    staticByDays.set(key, staticBlocks);
  }
  if (staticBlocks) return true;
  for (let i = 0; i < groups.length; i++) {
    if (yield* someFires(cp.zonedBlocking, 'zoned', factsAt(p, t, groups[i]![0]!, env.frequency), [days[i]!]))
      return true;
  }
  return false;
}

function* someFires(
  rules: readonly CompiledRule[],
  set: RuleSet,
  facts: Facts,
  days: readonly number[],
): Evaluation<boolean> {
  const missing = missingOf(facts);
  const asked: CompiledRule[] = [];
  for (const r of rules) {
    if (!inForce(r, days)) continue;
    if (missing !== NONE && r.requires.some((f) => missing.includes(f))) return true;
    asked.push(r);
  }
  if (asked.length === 0) return false;
  const passes = yield { set, rules: asked, facts };
  return passes.some(Boolean);
}

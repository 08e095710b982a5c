import type { Decision, Finding } from '../../schema/decision.js';
import { TimeCategories } from '../../schema/enums.js';

/**
 * Proven or unverified (issue 18, item 3). In an audit a finding is a claim about a contact already
 * made, so it must rest on what the log says. It is **unverified** when
 *  - its rule read a fact the record did not carry, filled from a default (`evidence.defaulted`:
 *    identity not verified, debt disclosed, channel authorization unknown, creditor type unknown…) or
 *    missing altogether (`missingFacts`, the fail-closed answer); or
 *  - it holds only under a conservative assumption about where the debtor is: it fired in some of the
 *    candidate time zones, not all (`timeZones` shorter than `context.candidateTimeZones`).
 * Otherwise it is **proven**. A field a mapping sets with `value` is in the attempt, so it is stated,
 * not defaulted. The decision itself (check's answer, fail-closed) is not changed: the audit's status
 * of a record follows its proven violations alone.
 */

export type RecordStatus = 'allowed' | 'delayed' | 'blocked' | 'unverified';

/** Worst first: the order of the human listing. */
export const STATUS_RANK: Readonly<Record<RecordStatus, number>> = {
  blocked: 0,
  delayed: 1,
  unverified: 2,
  allowed: 3,
};

/** Why a finding is not proven: the facts read from defaults, and whether it rests on the zone assumed. */
export interface Unproven {
  readonly defaulted: readonly string[];
  readonly zone: boolean;
}

type DecisionView = Pick<Decision, 'verdict' | 'violations' | 'warnings'> & {
  readonly context: { readonly candidateTimeZones?: readonly string[] };
};

/** The facts of a finding that came from defaults (the record did not carry them), in order, once each. */
export function defaultedFacts(f: Finding): string[] {
  const fromEvidence = (f.evidence as { defaulted?: readonly string[] } | undefined)?.defaulted ?? [];
  const out = [...fromEvidence];
  for (const m of f.missingFacts ?? []) if (!out.includes(m)) out.push(m);
  return out;
}

/** Why `f` is unverified, or undefined when it is proven. */
export function unproven(f: Finding, d: DecisionView): Unproven | undefined {
  const defaulted = defaultedFacts(f);
  const candidates = d.context.candidateTimeZones?.length ?? 0;
  const inEveryZone = (f.evidence as { inEveryZone?: boolean } | undefined)?.inEveryZone;
  const zone = inEveryZone === false || (f.timeZones !== undefined && f.timeZones.length < candidates);
  return defaulted.length > 0 || zone ? { defaulted, zone } : undefined;
}

const TIME = new Set<string>(TimeCategories);

/**
 * The record's status in the audit: `blocked` or `delayed` by its proven violations alone (delayed when
 * every proven one is about time and waiting cures them); `unverified` when it has violations and none
 * is proven; `allowed` otherwise (warnings never change it).
 */
export function recordStatus(d: DecisionView): RecordStatus {
  if (d.violations.length === 0) return 'allowed';
  let proven = 0;
  let curable = true;
  let unprovenBlocks = false;
  for (const v of d.violations) {
    if (unproven(v, d) === undefined) {
      proven++;
      if (!TIME.has(v.category)) curable = false;
    } else if (!TIME.has(v.category)) unprovenBlocks = true;
  }
  if (proven === 0) return 'unverified';
  if (!curable) return 'blocked';
  // Every proven violation is about time: waiting cures them, unless check found no lawful instant
  // within its horizon (verdict block with only time violations, none of them blocking otherwise).
  return d.verdict === 'delay' || unprovenBlocks ? 'delayed' : 'blocked';
}

/** The rule ids of the findings (violations and warnings) that are not proven, in the decision's order. */
export function unprovenRuleIds(d: DecisionView): string[] {
  return [...d.violations, ...d.warnings].filter((f) => unproven(f, d) !== undefined).map((f) => f.ruleId);
}

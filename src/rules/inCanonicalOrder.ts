import type { Rule } from '../schema/rule.js';
import { defaultRuleSources } from './defaultRuleSources.js';

let shippedRank: ReadonlyMap<string, number> | undefined;

/** Each shipped rule id's place in the shipped files (country, topic, then place in its file). */
function rankOf(): ReadonlyMap<string, number> {
  if (!shippedRank) {
    const rank = new Map<string, number>();
    for (const s of defaultRuleSources) {
      const rules = (s.data as { rules?: ReadonlyArray<{ id?: unknown }> }).rules ?? [];
      for (const r of rules) if (typeof r.id === 'string' && !rank.has(r.id)) rank.set(r.id, rank.size);
    }
    shippedRank = rank;
  }
  return shippedRank;
}

/**
 * The rules of a pack in one order whatever the files they came from and the order those were read
 * in: the shipped rules in the order this version ships them, then any other by id. Findings and
 * `evaluatedRules` are listed in it, so a copy of rules/ read from disk decides exactly as the
 * shipped rules do, and `ruleset.version` (a hash of the rules by id) can ignore the layout.
 */
export function inCanonicalOrder(rules: readonly Rule[]): Rule[] {
  const rank = rankOf();
  const key = (r: Rule): number => rank.get(r.id) ?? Number.POSITIVE_INFINITY;
  return [...rules].sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

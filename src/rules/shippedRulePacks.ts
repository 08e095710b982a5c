import type { Country } from '../schema/enums.js';
import { defaultRuleSources } from './defaultRuleSources.js';
import { loadRulePacks, type RulePack } from './loadRulePacks.js';

let shipped: ReadonlyMap<Country, RulePack> | undefined;

/**
 * The rule packs this version ships (rules/), validated once and deeply frozen: the statutory floor,
 * and the rules of every checker built without `rules`. Shared by those checkers, so frozen: a caller
 * who edits `checker.packs` cannot change the law another checker applies.
 */
export function shippedRulePacks(): ReadonlyMap<Country, RulePack> {
  if (!shipped) {
    const packs = loadRulePacks(defaultRuleSources);
    for (const p of packs.values()) deepFreeze(p);
    shipped = packs;
  }
  return shipped;
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  if (v instanceof Map) {
    for (const x of v.values()) deepFreeze(x);
  } else {
    for (const x of Object.values(v)) deepFreeze(x);
  }
  Object.freeze(v);
}

import type { Country } from '../schema/enums.js';
import { defaultRuleSources } from './defaultRuleSources.js';
import { loadRulePacks, type RulePack } from './loadRulePacks.js';

let shipped: ReadonlyMap<Country, RulePack> | undefined;

/** The rule packs this version ships (rules/), validated once: the statutory floor, and the default rules. */
export function shippedRulePacks(): ReadonlyMap<Country, RulePack> {
  shipped ??= loadRulePacks(defaultRuleSources);
  return shipped;
}

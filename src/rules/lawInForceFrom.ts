import type { Category, Country } from '../schema/enums.js';
import { shippedRulePacks } from './shippedRulePacks.js';

/**
 * The law on collection contact itself: when (hours), how often (frequency), whom and what may be
 * told (third parties) and by what means (channels). A policy rule, or a statutory rule on something
 * else (Spain's Código Civil art. 1125 on what is due, in force "since 1900" by its data), is not
 * the law this library encodes for contact: it cannot make an attempt of 1926 judgeable.
 */
const CONTACT_LAW: ReadonlySet<Category> = new Set<Category>(['hours', 'frequency', 'third_party', 'channel']);

/**
 * The first day from which the SHIPPED statutory contact rules cover a country (Colombia 2008-09-25,
 * Mexico 2014-10-08, Spain 2018-05-25, the GDPR): before it the library does not encode the law, so
 * no decision is given (`no_law_in_force`). Taken from the shipped rules whatever the checker loaded:
 * custom rules cannot lower it. Undefined for a country that ships no such rule.
 */
export function lawInForceFrom(country: Country): string | undefined {
  let first: string | undefined;
  for (const r of shippedRulePacks().get(country)?.rules ?? []) {
    if (r.statutory && CONTACT_LAW.has(r.category) && (first === undefined || r.effective.from < first))
      first = r.effective.from;
  }
  return first;
}

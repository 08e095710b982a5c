import type { CompiledPack } from '../engine/compileRulePack.js';
import { DEFAULT_FREQUENCY, type FrequencyOptions } from '../facts/frequencyFacts.js';
import type { Country } from '../schema/enums.js';
import type { Calendar } from '../schema/rule.js';
import { VERSION } from '../version.js';

/** The search horizon of `nextAllowedAt` when the caller gives none. */
export const DEFAULT_HORIZON_DAYS = 90;

export interface RulesetVersionInput {
  /** The compiled packs (overrides applied: a rule turned off is absent, a severity changed shows). */
  readonly packs: readonly CompiledPack[];
  readonly frequency: FrequencyOptions;
  readonly horizonDays: number;
  /** The calendars in force, when the rule files are the caller's (the shipped ones are fixed by the rules). */
  readonly calendars?: Partial<Record<Country, Calendar>> | undefined;
}

/**
 * `<package version>+rules.<hash>`: a short, stable fingerprint (FNV-1a) of everything that decides a
 * verdict — the rules in force, and, when not the defaults, the frequency readings, the search horizon
 * and the calendars of custom rule files. With the defaults the text hashed is the rules alone, so the
 * shipped ruleset keeps its version. The language of messages is not in it: it changes no verdict.
 */
export function rulesetVersion(input: RulesetVersionInput): string {
  let text = JSON.stringify(input.packs.map((c) => [...c.rules.values()]));
  const extra: Record<string, unknown> = {};
  if (input.frequency.directContact !== DEFAULT_FREQUENCY.directContact || input.frequency.week !== DEFAULT_FREQUENCY.week) extra['frequency'] = { directContact: input.frequency.directContact, week: input.frequency.week };
  if (input.horizonDays !== DEFAULT_HORIZON_DAYS) extra['horizonDays'] = input.horizonDays;
  if (input.calendars !== undefined) extra['calendars'] = input.calendars;
  if (Object.keys(extra).length > 0) text += JSON.stringify(extra);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${VERSION}+rules.${h.toString(16).padStart(8, '0')}`;
}

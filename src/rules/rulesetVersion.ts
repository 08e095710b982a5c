import type { CompiledPack } from '../engine/compileRulePack.js';
import { DEFAULT_FREQUENCY, type FrequencyOptions } from '../facts/frequencyFacts.js';
import type { Country } from '../schema/enums.js';
import type { Calendar } from '../schema/rule.js';
import type { HolidayTable } from '../schema/holidayTable.js';
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
  /** The official holiday tables in force, when the rule files are the caller's. */
  readonly tables?: Partial<Record<Country, HolidayTable>> | undefined;
  /** The date-holidays version: the holidays of every year and country without an official table. */
  readonly dateHolidays?: string | undefined;
}

/**
 * `<package version>+rules.<hash>`: a short, stable fingerprint (FNV-1a) of everything that decides a
 * verdict — the rules in force, the holiday data (the date-holidays version), and, when not the
 * defaults, the frequency readings, the search horizon and the calendars and holiday tables of custom
 * rule files. The language of messages is not in it: it changes no verdict. Nor is the runtime's
 * time-zone database, which is stated beside it in every report (`provenance.data.tzdata`): the same
 * rules keep one version on every machine.
 */
export function rulesetVersion(input: RulesetVersionInput): string {
  let text = JSON.stringify(input.packs.map((c) => [...c.rules.values()]));
  const extra: Record<string, unknown> = {};
  if (
    input.frequency.directContact !== DEFAULT_FREQUENCY.directContact ||
    input.frequency.week !== DEFAULT_FREQUENCY.week
  )
    extra['frequency'] = { directContact: input.frequency.directContact, week: input.frequency.week };
  if (input.horizonDays !== DEFAULT_HORIZON_DAYS) extra['horizonDays'] = input.horizonDays;
  if (input.calendars !== undefined) extra['calendars'] = input.calendars;
  if (input.tables !== undefined && Object.keys(input.tables).length > 0) extra['tables'] = input.tables;
  if (input.dateHolidays !== undefined) extra['dateHolidays'] = input.dateHolidays;
  if (Object.keys(extra).length > 0) text += JSON.stringify(extra);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${VERSION}+rules.${h.toString(16).padStart(8, '0')}`;
}

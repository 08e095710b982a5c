import { createHash } from 'node:crypto';
import { DEFAULT_CALENDAR } from '../facts/holidays.js';
import type { FrequencyOptions } from '../facts/frequencyFacts.js';
import { canonicalJson } from '../_lib/canonicalJson.js';
import type { Rule } from '../schema/rule.js';
import { VERSION } from '../version.js';
import type { RulePack } from './loadRulePacks.js';

/** The search horizon of `nextAllowedAt` when the caller gives none. */
export const DEFAULT_HORIZON_DAYS = 90;

/**
 * What the version reads of a compiled pack (the engine's `CompiledPack` is one): the pack as loaded,
 * and its rules in force after overrides. Typed here so that the rules layer needs nothing of the compiler.
 */
export interface VersionedPack {
  readonly pack: RulePack;
  /** The rules in force, by id: a rule turned off is absent, a changed severity shows. */
  readonly rules: ReadonlyMap<string, Rule>;
}

export interface RulesetVersionInput {
  /** The compiled packs of the loaded countries (overrides applied). */
  readonly packs: readonly VersionedPack[];
  readonly frequency: FrequencyOptions;
  readonly horizonDays: number;
  /** The date-holidays version: the holidays of every year and country without an official table. */
  readonly dateHolidays: string;
}

/**
 * `<package version>+rules.<hash>`: the first 16 hex digits of a SHA-256 of the canonical JSON (keys
 * sorted) of everything that decides: for each loaded country (by code) its rules in force after
 * overrides (by id), its calendar corrections and its official holiday table; the frequency readings;
 * the search horizon; the date-holidays version. Nothing of the layout enters it — which files, in
 * which order, read from where — so two rule sets that decide alike have one version, and two that
 * can decide differently have two. The language of messages is not in it (it changes no verdict), nor
 * the runtime's time-zone database, stated beside it in every report (`provenance.data.tzdata`).
 */
export function rulesetVersion(input: RulesetVersionInput): string {
  const hash = createHash('sha256');
  const packs = [...input.packs].sort((a, b) =>
    a.pack.country < b.pack.country ? -1 : a.pack.country > b.pack.country ? 1 : 0,
  );
  // {"countries":[{"country":…,"rules":[…],"calendar":…,"holidayTable":…},…],"frequency":…,…}: the
  // canonical JSON of that object, written piece by piece so that each rule and each country's
  // holiday data is made canonical once per process (the shipped ones are shared by every checker).
  hash.update('{"countries":[');
  packs.forEach((cp, i) => {
    hash.update(
      `${i === 0 ? '' : ','}{"calendar":${holidayText(cp.pack, 'calendar')},"country":${JSON.stringify(cp.pack.country)},"holidayTable":${holidayText(cp.pack, 'holidayTable')},"rules":[`,
    );
    [...cp.rules.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .forEach((r, j) => {
        hash.update(`${j === 0 ? '' : ','}${ruleText(r)}`);
      });
    hash.update(']}');
  });
  hash.update(
    `],"dateHolidays":${JSON.stringify(input.dateHolidays)},"frequency":${canonicalJson({ directContact: input.frequency.directContact, week: input.frequency.week })},"horizonDays":${canonicalJson(input.horizonDays)}}`,
  );
  return `${VERSION}+rules.${hash.digest('hex').slice(0, 16)}`;
}

const ruleTexts = new WeakMap<Rule, string>();
const holidayTexts = new WeakMap<RulePack, { calendar: string; holidayTable: string }>();

function ruleText(r: Rule): string {
  let t = ruleTexts.get(r);
  if (t === undefined) {
    t = canonicalJson(r);
    ruleTexts.set(r, t);
  }
  return t;
}

function holidayText(p: RulePack, which: 'calendar' | 'holidayTable'): string {
  let t = holidayTexts.get(p);
  if (t === undefined) {
    t = {
      calendar: canonicalJson(p.calendar ?? DEFAULT_CALENDAR),
      holidayTable: canonicalJson(p.holidayTable ?? null),
    };
    holidayTexts.set(p, t);
  }
  return t[which];
}

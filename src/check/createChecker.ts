import { formatInstant, localClock } from '../_lib/localClock.js';
import { compileRulePack, type CompiledPack, type RuleOverride } from '../engine/compileRulePack.js';
import { DEFAULT_FREQUENCY, type FrequencyOptions } from '../facts/frequencyFacts.js';
import { HolidayCalendar } from '../facts/holidays.js';
import { prepareAttempt, type PreparedAttempt } from '../facts/prepareAttempt.js';
import { ComplianceError } from '../errors.js';
import { defaultRuleSources } from '../rules/defaultRuleSources.js';
import { loadRulePacks, type RuleSource } from '../rules/loadRulePacks.js';
import { assertRuntimeTimeZoneData } from '../zones/assertRuntimeTimeZoneData.js';
import type { Attempt } from '../schema/attempt.js';
import type { Decision, Finding } from '../schema/decision.js';
import { Countries, TimeCategories, type Country } from '../schema/enums.js';
import type { Calendar } from '../schema/rule.js';
import type { HolidayTable } from '../schema/holidayTable.js';
import { VERSION } from '../version.js';
import { assumptionsOf, holidaysCoveredOf } from './assumptions.js';
import { evaluateAt, type EvalEnv, type Firing } from './evaluateAt.js';
import { findNextAllowedAt } from './findNextAllowedAt.js';
import { parseAttempt } from './parseAttempt.js';
import { renderMessage } from './renderMessage.js';

export interface CheckerOptions {
  /** Countries to load (default: all three). */
  readonly countries?: readonly Country[];
  /** Language of finding messages (default `en`). */
  readonly language?: 'es' | 'en';
  /** Per-rule switches: turn a rule off, or change its severity (policy warnings → block). */
  readonly ruleOverrides?: Readonly<Record<string, RuleOverride>>;
  /** Readings of "contact" and "week" for frequency rules (defaults: `attempt`, `rolling`). */
  readonly frequency?: Partial<FrequencyOptions>;
  /** Rule files to use instead of the shipped ones (see `loadRuleSourcesFromDir`). */
  readonly rules?: readonly RuleSource[];
  /** Days ahead searched for `nextAllowedAt` (default 90). */
  readonly horizonDays?: number;
}

export interface Checker {
  /** Validate and judge one attempt. Throws InputError (naming the field) on input that breaks the contract. */
  check(input: unknown): Promise<Decision>;
  /** Judge an attempt already validated by `parseAttempt`. */
  checkAttempt(attempt: Attempt): Promise<Decision>;
  /** The compiled rule packs, by country. */
  readonly packs: ReadonlyMap<Country, CompiledPack>;
  readonly version: string;
}

const TIME = new Set<string>(TimeCategories);

/** Build a checker: rule files validated and engines compiled once, reused for every attempt. */
export function createChecker(options: CheckerOptions = {}): Checker {
  assertRuntimeTimeZoneData();
  const packs = loadRulePacks(options.rules ?? defaultRuleSources);
  const countries = options.countries ?? Countries.filter((c) => packs.has(c));
  const compiled = new Map<Country, CompiledPack>();
  const calendars: Partial<Record<Country, Calendar>> = {};
  const tables: Partial<Record<Country, HolidayTable>> = {};
  for (const country of countries) {
    const pack = packs.get(country);
    if (!pack) throw new ComplianceError('no_rules', `no rule files for ${country}`);
    compiled.set(country, compileRulePack(pack, options.ruleOverrides));
    if (pack.calendar) calendars[country] = pack.calendar;
    if (pack.holidayTable) tables[country] = pack.holidayTable;
  }
  const unknown = Object.keys(options.ruleOverrides ?? {}).filter((id) => ![...compiled.values()].some((c) => c.pack.rules.some((r) => r.id === id)));
  if (unknown.length > 0) throw new ComplianceError('unknown_rule', `ruleOverrides names rules that do not exist: ${unknown.join(', ')}`);
  const env: EvalEnv = { holidays: new HolidayCalendar(calendars, tables), frequency: { ...DEFAULT_FREQUENCY, ...options.frequency } };
  const language = options.language ?? 'en';
  const horizonDays = options.horizonDays ?? 90;
  const version = `${VERSION}+rules.${rulesetHash([...compiled.values()])}`;

  async function checkAttempt(attempt: Attempt): Promise<Decision> {
    const cp = compiled.get(attempt.jurisdiction.country);
    if (!cp) throw new ComplianceError('country_not_loaded', `jurisdiction.country: ${attempt.jurisdiction.country} is not loaded in this checker (countries: ${countries.join(', ')})`);
    const p = prepareAttempt(attempt);
    const now = await evaluateAt(cp, 'all', p, p.atMs, env);
    const violations: Finding[] = [];
    const warnings: Finding[] = [];
    for (const f of now.firings) (f.rule.severity === 'block' ? violations : warnings).push(toFinding(f, p, language));
    const curable = violations.every((v) => TIME.has(v.category) && v.missingFacts === undefined);
    let verdict: Decision['verdict'] = violations.length === 0 ? 'allow' : curable ? 'delay' : 'block';
    let nextAllowedAt: string | null = null;
    const context = contextOf(p, now.primaryFacts, env);
    if (verdict === 'delay') {
      const next = await findNextAllowedAt(cp, p, env, horizonDays);
      if (next === undefined) {
        verdict = 'block';
        context.assumptions.push(`no instant in the next ${horizonDays} days passes every time rule in every candidate zone (${p.zones.zones.join(', ')}): waiting cannot cure it, so it is blocked`);
      } else nextAllowedAt = formatInstant(next, p.zones.zones[0]!);
    }
    return {
      attemptId: attempt.id ?? null,
      verdict,
      allowed: verdict === 'allow',
      nextAllowedAt,
      violations,
      warnings,
      context,
      ruleset: { version, evaluatedRules: [...cp.rules.keys()].filter((id) => now.evaluated.has(id)) },
    };
  }

  return {
    check: (input) => Promise.resolve().then(() => checkAttempt(parseAttempt(input))),
    checkAttempt,
    packs: compiled,
    version,
  };
}

function toFinding(f: Firing, p: PreparedAttempt, language: 'es' | 'en'): Finding {
  const r = f.rule;
  const finding: Finding = {
    ruleId: r.id,
    category: r.category,
    severity: r.severity,
    statutory: r.statutory,
    message: f.missingFacts.length > 0
      ? `${language === 'es' ? 'No se pudo evaluar; faltan los hechos' : 'Could not be evaluated; missing facts'}: ${f.missingFacts.join(', ')}`
      : renderMessage(r.message[language], f.facts),
    citation: r.citation,
  };
  if (!r.statutory) {
    finding.message = `${language === 'es' ? '[Política, no ley]' : '[Policy, not law]'} ${finding.message}`;
    if (r.reference !== undefined) finding.reference = r.reference;
  }
  if (f.missingFacts.length > 0) finding.missingFacts = f.missingFacts;
  if (p.zones.zones.length > 1) finding.timeZones = f.zones;
  return finding;
}

function contextOf(p: PreparedAttempt, facts: Readonly<Record<string, unknown>>, env: EvalEnv): Decision['context'] {
  const zone = p.zones.zones[0]!;
  const clock = localClock(p.atMs, zone);
  const a = p.attempt;
  return {
    timeZone: zone,
    timeZoneSource: p.zones.source,
    candidateTimeZones: [...p.zones.zones],
    timeZoneEvidence: p.zones.evidence.map((e) => ({ source: e.source, zones: [...e.zones] })),
    localTime: `${clock.date}T${String(Math.floor(clock.minutes / 60)).padStart(2, '0')}:${String(clock.minutes % 60).padStart(2, '0')}`,
    weekday: clock.weekday,
    holiday: env.holidays.holidayOn(a.jurisdiction.country, p.holidayRegion, clock.date) ?? null,
    holidaysCovered: holidaysCoveredOf(a.jurisdiction.country, p.holidayRegion, clock.date, env.holidays),
    daysPastDue: facts['daysPastDue'] as number,
    assumptions: assumptionsOf(p),
  };
}

/** A short, stable fingerprint of the rules in force (FNV-1a over their JSON). */
function rulesetHash(packs: readonly CompiledPack[]): string {
  let h = 0x811c9dc5;
  const text = JSON.stringify(packs.map((c) => [...c.rules.values()]));
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

import { dateOfDayNumber, formatInstant, localClock } from '../_lib/localClock.js';
import type { CompiledPack } from '../engine/compileRulePack.js';
import { InputError } from '../errors.js';
import type { FrequencyCounts } from '../facts/contactIndex.js';
import type { Facts } from '../facts/factsAt.js';
import type { HolidayCalendar } from '../facts/holidays.js';
import type { PreparedAttempt } from '../facts/prepareAttempt.js';
import type { Decision, Evidence, Finding } from '../schema/decision.js';
import { TimeCategories } from '../schema/enums.js';
import { assumptionsOf, holidaysCoveredOf } from './assumptions.js';
import { evaluateAt, evaluatedIds, type EvalEnv, type Evaluation, type Firing } from './evaluateAt.js';
import { findNextAllowedAt } from './findNextAllowedAt.js';
import { renderMessage } from './renderMessage.js';

export interface DecideEnv extends EvalEnv {
  readonly holidays: HolidayCalendar;
  readonly language: 'es' | 'en';
  readonly horizonDays: number;
  readonly version: string;
  /** Custom rules, acknowledged deviations and overrides, listed in every decision's ruleset. */
  readonly rulesetNotes: Partial<Pick<Decision['ruleset'], 'customRules' | 'deviations' | 'overrides'>>;
}

const TIME = new Set<string>(TimeCategories);
const FREQUENCY_FACTS: ReadonlySet<string> = new Set<keyof FrequencyCounts>([
  'contactsToday',
  'otherChannelsThisWeek',
  'attemptsToday',
  'attemptsLast7Days',
  'connectedToday',
]);

/**
 * The decision on one prepared attempt: every rule in force at its instant, the verdict, and for a
 * delay the next lawful instant. Written once; run by the compiled evaluator or the reference one.
 */
export function* decide(cp: CompiledPack, p: PreparedAttempt, env: DecideEnv, lean = false): Evaluation<Decision> {
  assertLawInForce(cp, p);
  const now = yield* evaluateAt(cp, 'all', p, p.atMs, env);
  if (lean && now.firings.length === 0) return leanAllow(p, now.primaryFacts);
  const violations: Finding[] = [];
  const warnings: Finding[] = [];
  for (const f of now.firings) (f.rule.rule.severity === 'block' ? violations : warnings).push(toFinding(f, p, env));
  const curable = violations.every((v) => TIME.has(v.category) && v.missingFacts === undefined);
  let verdict: Decision['verdict'] = violations.length === 0 ? 'allow' : curable ? 'delay' : 'block';
  let nextAllowedAt: string | null = null;
  const context = contextOf(p, now.primaryFacts, env);
  if (verdict === 'delay') {
    const next = yield* findNextAllowedAt(cp, p, env, env.horizonDays);
    if (next === undefined) {
      verdict = 'block';
      context.assumptions.push(
        `no instant in the next ${env.horizonDays} days passes every time rule in every candidate zone (${p.zones.zones.join(', ')}): waiting cannot cure it, so it is blocked`,
      );
    } else nextAllowedAt = formatInstant(next, p.zones.zones[0]!);
  }
  return {
    attemptId: p.attempt.id ?? null,
    verdict,
    allowed: verdict === 'allow',
    nextAllowedAt,
    violations,
    warnings,
    context,
    ruleset: { version: env.version, evaluatedRules: evaluatedIds(cp, now.evaluated), ...env.rulesetNotes },
  };
}

/**
 * An allow with nothing found, as the audit tallies it: the verdict and the debtor's local time, no
 * context to assemble (most records of a log). `lean` is the audit's; `check` always gets the whole decision.
 */
function leanAllow(p: PreparedAttempt, facts: Facts): Decision {
  return {
    attemptId: p.attempt.id ?? null,
    verdict: 'allow',
    allowed: true,
    nextAllowedAt: null,
    violations: [],
    warnings: [],
    context: {
      localTime: `${facts.localDate}T${hhmm(facts.localMinutes)}`,
      weekday: facts.weekday,
    } as Decision['context'],
    ruleset: LEAN_RULESET,
  };
}
const LEAN_RULESET: Decision['ruleset'] = { version: '', evaluatedRules: [] };

/**
 * No decision without law in force: an attempt dated, in every candidate zone, before the day the
 * shipped statutory contact rules of its country start (a mistyped year, 1926 for 2026; Spain before
 * the GDPR) is refused, never allowed because nothing, or only a policy or civil-code rule, applied.
 */
export function assertLawInForce(cp: CompiledPack, p: PreparedAttempt): void {
  // Every zone's local date is at least the UTC date less a day: most attempts are decided here.
  if (p.atMs >= (cp.firstDay + 1) * 86_400_000) return;
  const latest = Math.max(...p.zones.zones.map((z) => localClock(p.atMs, z).dayNumber));
  if (latest >= cp.firstDay) return;
  const country = p.attempt.jurisdiction.country;
  throw new InputError([
    {
      path: 'at',
      code: 'no_law_in_force',
      message:
        cp.firstDay === Infinity
          ? `no rule of ${country} is loaded (the rule files define none): no decision without law in force`
          : `${p.attempt.at} is before the law of ${country} on collection contact this library encodes is in force (from ${dateOfDayNumber(cp.firstDay)}): no decision without law in force — is the year right?`,
    },
  ]);
}

export function toFinding(f: Firing, p: PreparedAttempt, env: DecideEnv): Finding {
  const r = f.rule.rule;
  const es = env.language === 'es';
  const finding: Finding = {
    ruleId: r.id,
    category: r.category,
    severity: r.severity,
    statutory: r.statutory,
    message:
      f.missingFacts.length > 0
        ? `${es ? 'No se pudo evaluar; faltan los hechos' : 'Could not be evaluated; missing facts'}: ${f.missingFacts.join(', ')}`
        : renderMessage(r.message[env.language], f.facts),
    citation: r.citation,
  };
  if (!r.statutory) {
    finding.message = `${es ? '[Política, no ley]' : '[Policy, not law]'} ${finding.message}`;
    if (r.reference !== undefined) finding.reference = r.reference;
  }
  if (f.missingFacts.length > 0) finding.missingFacts = f.missingFacts;
  if (p.zones.zones.length > 1) finding.timeZones = f.zones;
  finding.evidence = evidenceOf(f, p, env);
  return finding;
}

/**
 * What the rule read, in the first zone where it fired: its facts (the minute of the day as `localTime`
 * HH:mm), and for a frequency rule the earlier contact that made the count what it is.
 */
function evidenceOf(f: Firing, p: PreparedAttempt, env: DecideEnv): Evidence {
  const facts: Evidence['facts'] = {};
  let frequencyFact: keyof FrequencyCounts | undefined;
  for (const name of f.rule.requires) {
    const v = f.facts[name];
    if (name === 'localMinutes' && typeof v === 'number') facts['localTime'] = hhmm(v);
    else
      facts[name] =
        v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : (v as string | number | boolean);
    if (frequencyFact === undefined && FREQUENCY_FACTS.has(name) && typeof v === 'number' && v > 0)
      frequencyFact = name as keyof FrequencyCounts;
  }
  const evidence: Evidence = { facts };
  if (frequencyFact !== undefined) {
    const c = p.history.latestCounted(frequencyFact, p.atMs, f.zones[0]!, p.attempt.channel, env.frequency.week);
    if (c !== undefined) {
      evidence.earlierContact = {
        at: c.at ?? formatInstant(c.ms, f.zones[0]!),
        channel: c.channel,
        ...(c.outcome !== undefined ? { outcome: c.outcome } : {}),
        ...(c.line !== undefined ? { line: c.line } : {}),
      };
    }
  }
  return evidence;
}

function hhmm(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function contextOf(p: PreparedAttempt, facts: Facts, env: DecideEnv): Decision['context'] {
  const zone = p.zones.zones[0]!;
  const clock = localClock(p.atMs, zone);
  const a = p.attempt;
  return {
    timeZone: zone,
    timeZoneSource: p.zones.source,
    candidateTimeZones: [...p.zones.zones],
    timeZoneEvidence: p.zones.evidence.map((e) => ({ source: e.source, zones: [...e.zones] })),
    localTime: `${clock.date}T${hhmm(clock.minutes)}`,
    weekday: clock.weekday,
    holiday: env.holidays.holidayOn(a.jurisdiction.country, p.holidayRegion, clock.date) ?? null,
    holidaysCovered: holidaysCoveredOf(a.jurisdiction.country, p.holidayRegion, clock.date, env.holidays),
    daysPastDue: facts.daysPastDue,
    assumptions: assumptionsOf(p),
  };
}

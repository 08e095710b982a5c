import { compileRulePack, type CompiledPack, type RuleOverride } from '../engine/compileRulePack.js';
import { ComplianceError, InputError } from '../errors.js';
import { instantMs } from '../_lib/instantMs.js';
import { DEFAULT_FREQUENCY, type ContactIndex, type FrequencyOptions } from '../facts/contactIndex.js';
import { HolidayDays } from '../facts/holidayDays.js';
import { HolidayCalendar, type HolidayOrigin } from '../facts/holidays.js';
import { prepareAttempt } from '../facts/prepareAttempt.js';
import { loadRulePacks, type RuleSource } from '../rules/loadRulePacks.js';
import { shippedRulePacks } from '../rules/shippedRulePacks.js';
import { checkStatutoryFloor, rulesetNotesOf } from '../rules/checkStatutoryFloor.js';
import { DEFAULT_HORIZON_DAYS, rulesetVersion } from '../rules/rulesetVersion.js';
import { assertRuntimeTimeZoneData } from '../zones/assertRuntimeTimeZoneData.js';
import type { Attempt, AttemptInput } from '../schema/attempt.js';
import type { Decision, RulesetDeviation, RulesetOverride } from '../schema/decision.js';
import { Countries, type Country } from '../schema/enums.js';
import type { Calendar } from '../schema/rule.js';
import { decide, type DecideEnv } from './decide.js';
import { runCompiled, runReference } from './evaluators.js';
import { lawfulWindows, MAX_WINDOW_DAYS, type WindowsResult } from './lawfulWindows.js';
import { assertCheckerOptions } from './checkerOptions.js';
import { dateHolidaysVersion, provenanceOf, type Provenance } from './provenance.js';
import type { HolidayTable } from '../schema/holidayTable.js';
import { parseAttempt } from './parseAttempt.js';
import type { DecisionLog } from '../decisionLog/decisionLog.js';
import { recordDecision, recordDecisionSync } from '../decisionLog/recordDecision.js';

export interface CheckerOptions {
  /** Countries to load (default: all three). */
  readonly countries?: readonly Country[];
  /** Language of finding messages (default `en`). */
  readonly language?: 'es' | 'en';
  /** Per-rule switches: turn a rule off, or change its severity (policy warnings → block). */
  readonly ruleOverrides?: Readonly<Record<string, RuleOverride>>;
  /** Readings of "contact" and "week" for frequency rules (defaults: `attempt`, `rolling`). */
  readonly frequency?: Partial<FrequencyOptions>;
  /**
   * Rule files to use instead of the shipped ones (see `loadRuleSourcesFromDir`). They may add rules,
   * change policy and tighten; loosening a shipped statutory rule is refused unless acknowledged.
   */
  readonly rules?: readonly RuleSource[];
  /**
   * Ids of deviations from the shipped statutory rules you accept (a rule id, or `<cc>.calendar`):
   * a statutory rule removed, turned off, made a warning, re-dated, its conditions changed, or the
   * calendar it reads loosened. Each is listed in every decision's `ruleset.deviations`. An id that is
   * not a deviation is an error.
   */
  readonly acknowledgeDeviations?: readonly string[];
  /** Days ahead searched for `nextAllowedAt` (default 90). */
  readonly horizonDays?: number;
  /**
   * `compiled` (default): rule conditions compiled once into synchronous functions. `reference`: every
   * rule run through json-rules-engine itself — slower, asynchronous only; the differential tests
   * demand identical decisions from both.
   */
  readonly evaluator?: 'compiled' | 'reference';
  /**
   * Record every decision in this tamper-evident log (`openDecisionLog`, docs/decision-log.md) before it
   * is returned, with its `decisionId`. A decision whose entry cannot be written is never returned: the
   * check throws `decision_log_write_failed`. PostgreSQL logs record through `check` / `checkAttempt` only.
   */
  readonly decisionLog?: DecisionLog;
}

export interface Checker {
  /**
   * Validate and judge one attempt. Throws InputError (naming the field) on input that breaks the
   * contract. Typed with the contract's input shape, so an object literal with a misspelt field
   * (`recipent`) fails to compile; `JSON.parse` output (`any`) is accepted and validated at run time.
   */
  check(input: AttemptInput): Promise<Decision>;
  /** Judge an attempt already validated by `parseAttempt`. */
  checkAttempt(attempt: Attempt): Promise<Decision>;
  /** `check`, synchronously (compiled evaluator only). */
  checkSync(input: AttemptInput): Decision;
  /** `checkAttempt`, synchronously (compiled evaluator only). */
  checkAttemptSync(attempt: Attempt): Decision;
  /**
   * The lawful windows of an attempt: when, between its `at` and `until` (at most 31 days later), the
   * same attempt would be allowed. See `WindowsResult`.
   */
  windows(input: AttemptInput, range: WindowsRange): Promise<WindowsResult>;
  /** `windows`, synchronously (compiled evaluator only). */
  windowsSync(input: AttemptInput, range: WindowsRange): WindowsResult;
  /** The compiled rule packs, by country. */
  readonly packs: ReadonlyMap<Country, CompiledPack>;
  readonly version: string;
  /** The rule files are not the shipped ones (`ruleset.customRules`). */
  readonly customRules: boolean;
  /** Acknowledged deviations from the shipped statutory rules (`ruleset.deviations`). */
  readonly deviations: readonly RulesetDeviation[];
  /** Rule overrides in force (`ruleset.overrides`). */
  readonly overrides: readonly RulesetOverride[];
  /**
   * How this checker was built — options, overrides, custom rule files, deviations, and the versions
   * of the library, the ruleset, the holiday data and the time-zone database: what every audit report
   * states at its top.
   */
  readonly provenance: Provenance;
}

/** The end of the range asked of `windows`: an instant with its offset, or a number of days after `at`. */
export type WindowsRange = { readonly until: string } | { readonly days: number };

/** What the audit needs beyond the public API: judge a record against an index of its earlier contacts. */
export interface CheckerInternals {
  readonly frequency: FrequencyOptions;
  /** The holiday calendar decisions read (the audit report marks its holidays on the daily chart). */
  readonly holidays: HolidayCalendar;
  /** The reference evaluator is asynchronous: `judgeAsync` only. */
  readonly reference: boolean;
  /**
   * The options the checker was built from, as validated (a copy: the caller's object may change) —
   * what an audit worker thread builds an identical checker from. Undefined when they cannot be copied
   * (structured clone): the audit then judges in its own thread.
   */
  readonly options: CheckerOptions | undefined;
  /** `lean`: an allow with no finding comes back with only its verdict and local time (what the audit tallies). */
  judge(attempt: Attempt, atMs: number, history: ContactIndex, lean?: boolean): Decision;
  judgeAsync(attempt: Attempt, atMs: number, history: ContactIndex, lean?: boolean): Promise<Decision>;
}

const internals = new WeakMap<Checker, CheckerInternals>();

/** The audit's way in (not part of the public API). */
export function checkerInternals(checker: Checker): CheckerInternals {
  const i = internals.get(checker);
  if (!i) throw new ComplianceError('not_a_checker', 'expected a checker made by createChecker');
  return i;
}

/** Build a checker: rule files validated and compiled once, reused for every attempt. */
export function createChecker(options: CheckerOptions = {}): Checker {
  assertCheckerOptions(options);
  assertRuntimeTimeZoneData();
  const packs = options.rules ? loadRulePacks(options.rules) : shippedRulePacks();
  const countries = options.countries ?? Countries.filter((c) => packs.has(c));
  const floor = checkStatutoryFloor({
    loaded: packs,
    countries,
    custom: options.rules !== undefined,
    overrides: options.ruleOverrides,
    acknowledged: options.acknowledgeDeviations,
  });
  const compiled = new Map<Country, CompiledPack>();
  const calendars: Partial<Record<Country, Calendar>> = {};
  const tables: Partial<Record<Country, HolidayTable>> = {};
  const origins: Partial<Record<Country, HolidayOrigin>> = {};
  for (const country of countries) {
    const pack = packs.get(country);
    if (!pack) throw new ComplianceError('no_rules', `no rule files for ${country}`);
    compiled.set(country, compileRulePack(pack, options.ruleOverrides));
    if (pack.calendar) calendars[country] = pack.calendar;
    if (pack.holidayTable) tables[country] = pack.holidayTable;
    origins[country] = {
      custom: floor.customHolidays.includes(country),
      calendarFile: pack.calendarFile ?? null,
      tableFile: pack.holidayTableFile ?? null,
    };
  }
  const unknown = Object.keys(options.ruleOverrides ?? {}).filter(
    (id) => ![...compiled.values()].some((c) => c.pack.rules.some((r) => r.id === id)),
  );
  if (unknown.length > 0)
    throw new ComplianceError('unknown_rule', `ruleOverrides names rules that do not exist: ${unknown.join(', ')}`);
  const holidays = new HolidayCalendar(calendars, tables, origins);
  const frequency: FrequencyOptions = { ...DEFAULT_FREQUENCY, ...options.frequency };
  const horizonDays = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const env: DecideEnv = {
    holidays,
    holidayDays: new HolidayDays(holidays),
    frequency,
    language: options.language ?? 'en',
    horizonDays,
    version: rulesetVersion({
      packs: [...compiled.values()],
      frequency,
      horizonDays,
      dateHolidays: dateHolidaysVersion(),
    }),
    rulesetNotes: rulesetNotesOf(floor),
  };
  const reference = options.evaluator === 'reference';

  function packOf(attempt: Attempt): CompiledPack {
    const cp = compiled.get(attempt.jurisdiction.country);
    if (!cp)
      throw new ComplianceError(
        'country_not_loaded',
        `jurisdiction.country: ${attempt.jurisdiction.country} is not loaded in this checker (countries: ${countries.join(', ')})`,
      );
    return cp;
  }

  let snapshot: CheckerOptions | undefined;
  const decisionLog = options.decisionLog;
  try {
    // The decision log is not an option an audit worker rebuilds: an audit judges contacts made, records nothing.
    const { decisionLog: _log, ...cloneable } = options;
    snapshot = structuredClone(cloneable);
  } catch {
    snapshot = undefined;
  }

  function judge(attempt: Attempt, atMs?: number, history?: ContactIndex, lean = false): Decision {
    if (reference)
      throw new ComplianceError(
        'sync_reference',
        'the reference evaluator (json-rules-engine) is asynchronous: use check / checkAttempt',
      );
    const cp = packOf(attempt);
    return runCompiled(decide(cp, prepareAttempt(attempt, env, atMs, history), env, lean));
  }

  function checkAttemptSync(attempt: Attempt): Decision {
    const decision = judge(attempt);
    return decisionLog ? recordDecisionSync(decisionLog, attempt, decision, checker.provenance) : decision;
  }

  async function judgeAsync(attempt: Attempt, atMs?: number, history?: ContactIndex, lean = false): Promise<Decision> {
    if (!reference) return judge(attempt, atMs, history, lean);
    const cp = packOf(attempt);
    return runReference(decide(cp, prepareAttempt(attempt, env, atMs, history), env, lean), cp);
  }

  async function checkAttempt(attempt: Attempt): Promise<Decision> {
    const decision = await judgeAsync(attempt);
    return decisionLog ? recordDecision(decisionLog, attempt, decision, checker.provenance) : decision;
  }

  function windowsRange(attempt: Attempt, range: WindowsRange): number {
    const atMs = Date.parse(attempt.at);
    let until: number | undefined;
    if (typeof range !== 'object' || range === null) until = undefined;
    else if ('until' in range) until = typeof range.until === 'string' ? instantMs(range.until) : undefined;
    else if ('days' in range && typeof range.days === 'number' && Number.isFinite(range.days))
      until = atMs + range.days * 86_400_000;
    if (until === undefined) {
      throw new InputError([
        { path: 'until', code: 'invalid_range', message: 'give { until: ISO instant with an offset } or { days: N }' },
      ]);
    }
    if (until <= atMs || until - atMs > MAX_WINDOW_DAYS * 86_400_000) {
      throw new InputError([
        {
          path: 'until',
          code: 'invalid_range',
          message: `must be after at and at most ${MAX_WINDOW_DAYS} days later (${attempt.at} … ${'until' in range ? range.until : `${range.days} days`})`,
        },
      ]);
    }
    return until;
  }

  function windowsSync(input: unknown, range: WindowsRange): WindowsResult {
    if (reference)
      throw new ComplianceError(
        'sync_reference',
        'the reference evaluator (json-rules-engine) is asynchronous: use windows',
      );
    const attempt = parseAttempt(input);
    const untilMs = windowsRange(attempt, range);
    const cp = packOf(attempt);
    return runCompiled(lawfulWindows(cp, prepareAttempt(attempt, env, undefined, undefined, untilMs), env, untilMs));
  }

  async function windows(input: unknown, range: WindowsRange): Promise<WindowsResult> {
    if (!reference) return windowsSync(input, range);
    const attempt = parseAttempt(input);
    const untilMs = windowsRange(attempt, range);
    const cp = packOf(attempt);
    return runReference(
      lawfulWindows(cp, prepareAttempt(attempt, env, undefined, undefined, untilMs), env, untilMs),
      cp,
    );
  }

  const checker: Checker = {
    check: (input) => Promise.resolve().then(() => checkAttempt(parseAttempt(input))),
    checkAttempt: (attempt) => Promise.resolve().then(() => checkAttempt(attempt)),
    checkSync: (input) => checkAttemptSync(parseAttempt(input)),
    checkAttemptSync,
    windows: (input, range) => Promise.resolve().then(() => windows(input, range)),
    windowsSync,
    packs: compiled,
    version: env.version,
    customRules: floor.customRules,
    deviations: floor.deviations,
    overrides: floor.overrides,
    provenance: provenanceOf({
      rulesetVersion: env.version,
      language: env.language,
      frequency,
      horizonDays,
      countries,
      overrides: floor.overrides,
      ruleFiles: options.rules ? options.rules.map((r) => r.path) : null,
      customRules: floor.customRules,
      deviations: floor.deviations,
      holidays,
    }),
  };
  internals.set(checker, { frequency, holidays, reference, options: snapshot, judge, judgeAsync });
  return checker;
}

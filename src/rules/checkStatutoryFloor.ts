import type { RuleOverride } from '../engine/compileRulePack.js';
import { RuleConfigError } from '../errors.js';
import { DEFAULT_CALENDAR } from '../facts/holidays.js';
import type { RulesetDeviation, RulesetOverride } from '../schema/decision.js';
import type { Country } from '../schema/enums.js';
import type { Calendar } from '../schema/rule.js';
import { canonicalJson } from '../_lib/canonicalJson.js';
import { droppedHolidays } from './droppedHolidays.js';
import type { RulePack } from './loadRulePacks.js';
import { shippedRulePacks } from './shippedRulePacks.js';

/**
 * The shipped statutory rules are a floor. Custom rule files and overrides may add rules, change
 * policy (`statutory: false`) and tighten; whatever could loosen a shipped statutory rule, or the
 * holiday calendar one reads, is a deviation, refused unless acknowledged by id.
 *
 * A shipped statutory rule may differ from the shipped one only by changes that can only make it fire
 * more or block harder: severity warn → block, `effective.from` earlier, `effective.to` removed or
 * later. Its summary, message, citation and reference are free (they change no verdict). Anything else
 * is a deviation: removed (no loaded file defines the id), downgraded (block → warn), redated (from
 * later, to added or earlier), conditions_changed (conditions or requires differ at all), relabelled
 * (statutory flag or category changed). An override that turns a shipped statutory rule off
 * (`disabled`) or makes it a warning (`downgraded`) is the same loosening and needs the same
 * acknowledgement.
 *
 * The calendar of a country is guarded when a shipped statutory rule of that country reads a holiday
 * fact (today: Colombia's festivo and hours rules). Its pseudo-id is `<cc>.calendar` (two segments, so
 * it cannot be a rule id). It deviates when its `types` differ from the shipped ones (as a set), when
 * it removes a date the shipped calendar does not remove, or drops a date the shipped calendar adds
 * (dates keyed by date and region), and when an official holiday table — added, edited or deleted —
 * leaves a year with fewer days than the shipped data gives it (a table replaces date-holidays for
 * its years); adding dates is a tightening.
 *
 * A country with no rule files at all is not a deviation: it is not loaded, and every attempt for it
 * is refused (`country_not_loaded`; in an audit, a rejected line), never judged by nothing.
 */

export interface StatutoryFloorInput {
  /** The rule packs the checker loaded (the caller's files, or the shipped ones). */
  readonly loaded: ReadonlyMap<Country, RulePack>;
  /** The countries the checker compiles: the floor holds for each that has rule files. */
  readonly countries: readonly Country[];
  /** The rule files are the caller's (`rules:`), not the shipped ones. */
  readonly custom: boolean;
  readonly overrides?: Readonly<Record<string, RuleOverride>> | undefined;
  /** Ids of deviations the caller accepts (`acknowledgeDeviations`, `--allow-deviation`). */
  readonly acknowledged?: readonly string[] | undefined;
  /** The floor (default: the shipped rule files). */
  readonly shipped?: ReadonlyMap<Country, RulePack>;
}

export interface StatutoryFloor {
  /** The rule files differ from the shipped ones in anything but file layout and rule order. */
  readonly customRules: boolean;
  /** The countries whose holiday data (calendar or official table) is not the shipped one. */
  readonly customHolidays: readonly Country[];
  /** Every deviation, all acknowledged (an unacknowledged one throws). */
  readonly deviations: readonly RulesetDeviation[];
  /** Every override in force, by rule id. */
  readonly overrides: readonly RulesetOverride[];
}

/** Facts read from the holiday calendar. */
const HOLIDAY_FACTS: ReadonlySet<string> = new Set(['isHoliday', 'holidayInAnyRegion']);

interface Found {
  readonly deviation: RulesetDeviation;
  /** `file#/json/pointer`, `CC#` or `ruleOverrides#/id`: where the loosening is. */
  readonly where: string;
}

/**
 * Compare the loaded rules and the overrides with the shipped statutory floor. Throws a
 * RuleConfigError naming every unacknowledged deviation, and every acknowledgement of something that
 * is not a deviation (a stale acknowledgement would silently cover a later change).
 */
export function checkStatutoryFloor(input: StatutoryFloorInput): StatutoryFloor {
  if (!input.custom && Object.keys(input.overrides ?? {}).length === 0 && (input.acknowledged ?? []).length === 0) {
    return {
      customRules: false,
      customHolidays: Object.freeze([]),
      deviations: Object.freeze([]),
      overrides: Object.freeze([]),
    };
  }
  const shipped = input.shipped ?? shippedRulePacks();
  const found: Found[] = [];
  let customRules = false;
  const customHolidays: Country[] = [];
  const countries = input.countries.filter((c) => input.loaded.has(c));
  for (const country of countries) {
    const pack = input.loaded.get(country)!;
    const floor = shipped.get(country);
    if (!floor) {
      customRules ||= input.custom;
      if (input.custom) customHolidays.push(country);
      continue;
    }
    if (!input.custom) continue;
    if (!sameRules(pack, floor)) customRules = true;
    if (!sameHolidays(pack, floor)) {
      customRules = true;
      customHolidays.push(country);
      found.push(...calendarDeviations(pack, floor));
    }
    found.push(...ruleDeviations(pack, floor));
  }

  const overrides: RulesetOverride[] = [];
  for (const id of Object.keys(input.overrides ?? {}).sort()) {
    const o = input.overrides![id]!;
    const country = countries.find((c) => input.loaded.get(c)!.rules.some((r) => r.id === id));
    if (country === undefined) continue; // an unknown id: the checker refuses it (unknown_rule)
    const rule = input.loaded.get(country)!.rules.find((r) => r.id === id)!;
    const change = o.enabled === false ? 'off' : (o.severity ?? 'on');
    overrides.push({ ruleId: id, change, statutory: rule.statutory });
    const floorRule = shipped.get(country)?.rules.find((r) => r.id === id && r.statutory);
    if (!floorRule) continue;
    const where = `ruleOverrides#/${escapePointer(id)}`;
    if (change === 'off') found.push(deviation(id, 'disabled', 'override', 'turned off by ruleOverrides', where));
    else if (change === 'warn' && floorRule.severity === 'block')
      found.push(deviation(id, 'downgraded', 'override', 'severity block → warn by ruleOverrides', where));
  }

  const acknowledged = input.acknowledged ?? [];
  const problems: string[] = [];
  for (const f of found) {
    const id = f.deviation.ruleId;
    if (!acknowledged.includes(id)) {
      problems.push(
        `${f.where}: statutory_deviation ${id} ${f.deviation.kind}: ${f.deviation.detail}; acknowledge with acknowledgeDeviations: ['${id}'] / --allow-deviation ${id}`,
      );
    }
  }
  const deviating = new Set(found.map((f) => f.deviation.ruleId));
  acknowledged.forEach((id, i) => {
    if (!deviating.has(id)) {
      problems.push(
        `acknowledgeDeviations#/${i}: stale_acknowledgement ${id} is not a deviation from the shipped statutory rules of the loaded countries (${countries.join(', ') || 'none'}): remove it, so that it cannot hide a later change`,
      );
    }
  });
  if (problems.length > 0) throw new RuleConfigError(problems);
  return {
    customRules,
    customHolidays: Object.freeze(customHolidays),
    deviations: Object.freeze(found.map((f) => Object.freeze(f.deviation))),
    overrides: Object.freeze(overrides.map((o) => Object.freeze(o))),
  };
}

/**
 * The optional `ruleset` fields of a decision (and of an audit summary): present only when there is
 * something to list, so that decisions with the shipped rules and no override are unchanged. Fresh
 * copies each time: a caller editing one decision cannot change another.
 */
export function rulesetNotesOf(floor: Partial<StatutoryFloor>): {
  customRules?: true;
  deviations?: RulesetDeviation[];
  overrides?: RulesetOverride[];
} {
  return {
    ...(floor.customRules === true ? { customRules: true as const } : {}),
    ...(floor.deviations?.length ? { deviations: floor.deviations.map((d) => ({ ...d })) } : {}),
    ...(floor.overrides?.length ? { overrides: floor.overrides.map((o) => ({ ...o })) } : {}),
  };
}

function deviation(
  ruleId: string,
  kind: RulesetDeviation['kind'],
  source: RulesetDeviation['source'],
  detail: string,
  where: string,
): Found {
  return { deviation: { ruleId, kind, source, detail, acknowledged: true }, where };
}

function ruleDeviations(pack: RulePack, floor: RulePack): Found[] {
  const out: Found[] = [];
  for (const s of floor.rules) {
    if (!s.statutory) continue;
    const c = pack.rules.find((r) => r.id === s.id);
    if (!c) {
      out.push(
        deviation(
          s.id,
          'removed',
          'rules',
          `no loaded rule file defines it (shipped in ${floor.fileOf.get(s.id) ?? 'rules/'})`,
          `${pack.country}#`,
        ),
      );
      continue;
    }
    const file = pack.fileOf.get(c.id) ?? pack.country;
    const at = pack.pointerOf?.get(c.id) ?? `${file}#/rules`;
    const add = (kind: RulesetDeviation['kind'], detail: string, pointer: string): void => {
      out.push(deviation(s.id, kind, 'rules', `${detail} (${file})`, `${at}${pointer}`));
    };
    if (!c.statutory) add('relabelled', 'statutory true → false', '/statutory');
    if (c.category !== s.category) add('relabelled', `category ${s.category} → ${c.category}`, '/category');
    if (s.severity === 'block' && c.severity === 'warn') add('downgraded', 'severity block → warn', '/severity');
    if (c.effective.from > s.effective.from)
      add('redated', `effective.from ${s.effective.from} → ${c.effective.from} (later)`, '/effective/from');
    if (c.effective.to !== undefined && (s.effective.to === undefined || c.effective.to < s.effective.to)) {
      add(
        'redated',
        s.effective.to === undefined
          ? `effective.to ${c.effective.to} added (the shipped rule has no end)`
          : `effective.to ${s.effective.to} → ${c.effective.to} (earlier)`,
        '/effective/to',
      );
    }
    for (const key of ['conditions', 'requires'] as const) {
      const diff = firstDifference(s[key], c[key], '');
      if (diff !== undefined)
        add('conditions_changed', `${key} differ from the shipped rule's (first at ${key}${diff})`, `/${key}${diff}`);
    }
  }
  return out;
}

function calendarDeviations(pack: RulePack, floor: RulePack): Found[] {
  const guarded = floor.rules.some((r) => r.statutory && r.requires.some((f) => HOLIDAY_FACTS.has(f)));
  if (!guarded) return [];
  const shipped = floor.calendar ?? DEFAULT_CALENDAR;
  const mine = pack.calendar ?? DEFAULT_CALENDAR;
  const id = `${pack.country.toLowerCase()}.calendar`;
  const where = pack.calendarFile !== undefined ? `${pack.calendarFile}#/calendar` : `${pack.country}#/calendar`;
  const in_ =
    pack.calendarFile !== undefined
      ? ` (${pack.calendarFile})`
      : ` (no loaded file has a calendar: ${DEFAULT_CALENDAR.types.join(', ')} holidays, uncorrected)`;
  const out: Found[] = [];
  const types = (c: Calendar): string => [...new Set(c.types)].sort().join(', ');
  if (types(mine) !== types(shipped))
    out.push(
      deviation(id, 'calendar_changed', 'rules', `types ${types(shipped)} → ${types(mine)}${in_}`, `${where}/types`),
    );
  const key = (c: Calendar['add'][number]): string => `${c.date}${c.region ? ` (${c.region})` : ''}`;
  const shippedRemoves = new Set(shipped.remove.map(key));
  const removed = mine.remove.map(key).filter((k) => !shippedRemoves.has(k));
  if (removed.length > 0)
    out.push(
      deviation(id, 'calendar_changed', 'rules', `removes holiday(s) ${removed.join(', ')}${in_}`, `${where}/remove`),
    );
  const mineAdds = new Set(mine.add.map(key));
  const dropped = shipped.add.map(key).filter((k) => !mineAdds.has(k));
  if (dropped.length > 0)
    out.push(
      deviation(
        id,
        'calendar_changed',
        'rules',
        `no longer adds holiday(s) ${dropped.join(', ')}${in_}`,
        `${where}/add`,
      ),
    );
  // The official table decides its years whole: compared by the days the check reads, not as written.
  const table =
    pack.holidayTableFile !== undefined
      ? `the holiday table of ${pack.holidayTableFile}`
      : `no loaded file has a holiday table (shipped in ${floor.holidayTableFile ?? 'rules/'})`;
  for (const y of droppedHolidays(pack.country, floor, pack)) {
    const shown = y.dates.length > 6 ? [...y.dates.slice(0, 6), `… ${y.dates.length - 6} more`] : y.dates;
    const i = pack.holidayTable?.years.findIndex((t) => t.year === y.year) ?? -1;
    out.push(
      deviation(
        id,
        'calendar_changed',
        'rules',
        `${y.year} has ${y.dates.length} holiday(s) fewer than the shipped calendar: ${shown.join(', ')} (${table})`,
        pack.holidayTableFile !== undefined
          ? `${pack.holidayTableFile}#/holidayTable${i >= 0 ? `/years/${i}` : '/years'}`
          : `${pack.country}#/holidayTable`,
      ),
    );
  }
  return out;
}

/** The same rules (all of their content), whatever the files and their order. */
function sameRules(a: RulePack, b: RulePack): boolean {
  const rules = (p: RulePack): string =>
    canonicalJson([...p.rules].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)));
  return rules(a) === rules(b);
}

/** The same holiday data: the calendar corrections and the official table (an absent one is no table). */
function sameHolidays(a: RulePack, b: RulePack): boolean {
  return (
    canonicalJson(a.calendar ?? DEFAULT_CALENDAR) === canonicalJson(b.calendar ?? DEFAULT_CALENDAR) &&
    canonicalJson(a.holidayTable ?? null) === canonicalJson(b.holidayTable ?? null)
  );
}

/** The JSON pointer of the first place two values differ ('' for the root), or undefined when equal. */
function firstDifference(a: unknown, b: unknown, at: string): string | undefined {
  if (canonicalJson(a) === canonicalJson(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return at;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}/${i}`);
      if (d !== undefined) return d;
    }
    return at;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    if (keys.some((k) => !(k in a) || !(k in b))) return at;
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], `${at}/${escapePointer(k)}`);
      if (d !== undefined) return d;
    }
  }
  return at;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

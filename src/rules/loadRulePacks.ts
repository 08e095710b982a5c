import { RuleConfigError } from '../errors.js';
import { FACTS, isFactName } from '../facts/factCatalog.js';
import type { Country } from '../schema/enums.js';
import { isKnownRegion, normalizeRegion } from '../schema/regions.js';
import { RuleFileSchema, type Calendar, type Condition, type Rule, type RuleFile } from '../schema/rule.js';
import type { HolidayTable } from '../schema/holidayTable.js';
import { inCanonicalOrder } from './inCanonicalOrder.js';

/** A rule file as read: where it came from, and its parsed JSON. */
export interface RuleSource {
  readonly path: string;
  readonly data: unknown;
}

/** The validated rules of one country, and its calendar corrections. */
export interface RulePack {
  readonly country: Country;
  readonly rules: readonly Rule[];
  readonly calendar: Calendar | undefined;
  /** The file the calendar came from. */
  readonly calendarFile?: string | undefined;
  /** The official holiday table by year (Spain's BOE relación de fiestas laborales), when the country ships one. */
  readonly holidayTable?: HolidayTable | undefined;
  /** The file the holiday table came from. */
  readonly holidayTableFile?: string | undefined;
  /** The file each rule came from, for error messages and the catalog. */
  readonly fileOf: ReadonlyMap<string, string>;
  /** Where each rule is, `file#/rules/i`, for error messages (`rules` is in canonical order, not file order). */
  readonly pointerOf?: ReadonlyMap<string, string>;
}

/**
 * Validate rule files and group them by country. Every problem is collected and reported at once as
 * `file#/json/pointer: code message`: a bad file fails loudly, never silently.
 */
export function loadRulePacks(sources: readonly RuleSource[]): Map<Country, RulePack> {
  const problems: string[] = [];
  const files: Array<{ path: string; file: RuleFile }> = [];
  for (const s of sources) {
    // Before zod, whose recursion through nested conditions would overflow the stack on a deep file.
    const deep = tooDeepConditions(s.data);
    if (deep.length > 0) {
      problems.push(
        ...deep.map(
          (p) => `${s.path}#${pointer(p)}: too_deep conditions are nested more than ${MAX_CONDITION_DEPTH} levels deep`,
        ),
      );
      continue;
    }
    const parsed = RuleFileSchema.safeParse(s.data);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${s.path}#${pointer(i.path)}: ${i.code} ${i.message}`));
    } else {
      files.push({ path: s.path, file: parsed.data });
    }
  }
  const seen = new Map<string, string>();
  const byCountry = new Map<
    Country,
    {
      rules: Rule[];
      calendar: Calendar | undefined;
      calendarFile?: string;
      holidayTable: HolidayTable | undefined;
      holidayTableFile?: string;
      fileOf: Map<string, string>;
      pointerOf: Map<string, string>;
    }
  >();
  for (const { path, file } of files) {
    const base = path
      .split(/[\\/]/)
      .pop()
      ?.replace(/\.json$/, '');
    if (base !== undefined && base !== file.topic)
      problems.push(`${path}#/topic: topic_mismatch topic "${file.topic}" must match the file name "${base}"`);
    const pack =
      byCountry.get(file.country) ??
      ({
        rules: [] as Rule[],
        calendar: undefined as Calendar | undefined,
        holidayTable: undefined as HolidayTable | undefined,
        fileOf: new Map<string, string>(),
        pointerOf: new Map<string, string>(),
      } as {
        rules: Rule[];
        calendar: Calendar | undefined;
        calendarFile?: string;
        holidayTable: HolidayTable | undefined;
        holidayTableFile?: string;
        fileOf: Map<string, string>;
        pointerOf: Map<string, string>;
      });
    byCountry.set(file.country, pack);
    if (file.calendar) {
      if (pack.calendar)
        problems.push(`${path}#/calendar: duplicate_calendar ${file.country} has a calendar in two files`);
      pack.calendar = file.calendar;
      pack.calendarFile = path;
      for (const list of ['add', 'remove'] as const) {
        file.calendar[list].forEach((c, i) => {
          // Holidays are looked up by community (provinces folded in), so a correction must name one.
          if (
            c.region !== undefined &&
            !(isKnownRegion(file.country, c.region) && normalizeRegion(file.country, c.region) === c.region.slice(3))
          ) {
            problems.push(
              `${path}#/calendar/${list}/${i}/region: unknown_region ${c.region} is not a region (community) of ${file.country}`,
            );
          }
        });
      }
    }
    if (file.holidayTable) {
      if (pack.holidayTable)
        problems.push(
          `${path}#/holidayTable: duplicate_holiday_table ${file.country} has a holiday table in two files`,
        );
      pack.holidayTable = file.holidayTable;
      pack.holidayTableFile = path;
      problems.push(...holidayTableProblems(file.country, file.holidayTable).map((p) => `${path}#/holidayTable${p}`));
    }
    file.rules.forEach((rule, i) => {
      const at = `${path}#/rules/${i}`;
      if (seen.has(rule.id)) problems.push(`${at}/id: duplicate_id ${rule.id} is also defined in ${seen.get(rule.id)}`);
      seen.set(rule.id, path);
      if (!rule.id.startsWith(`${file.country.toLowerCase()}.`))
        problems.push(`${at}/id: wrong_country ${rule.id} is in a ${file.country} file`);
      if (rule.effective.to !== undefined && rule.effective.to < rule.effective.from) {
        problems.push(`${at}/effective: bad_range to ${rule.effective.to} is before from ${rule.effective.from}`);
      }
      for (const f of rule.requires)
        if (!isFactName(f))
          problems.push(`${at}/requires: unknown_fact ${f} is not a known fact (${Object.keys(FACTS).join(', ')})`);
      for (const f of factsUsed(rule.conditions)) {
        if (!isFactName(f)) problems.push(`${at}/conditions: unknown_fact ${f} is not a known fact`);
        else if (!rule.requires.includes(f))
          problems.push(`${at}/requires: undeclared_fact ${f} is used by the conditions but not declared`);
      }
      if (!rule.statutory && rule.reference === undefined)
        problems.push(`${at}/reference: missing_reference a policy rule must say what it mirrors`);
      if (rule.statutory && rule.effective.basis === 'adopted')
        problems.push(
          `${at}/effective/basis: adopted_law a statutory rule applies from its instrument, not from the library's adoption`,
        );
      pack.rules.push(rule);
      pack.fileOf.set(rule.id, path);
      pack.pointerOf.set(rule.id, at);
    });
  }
  if (problems.length > 0) throw new RuleConfigError(problems);
  const out = new Map<Country, RulePack>();
  // One order whatever the files and their order: the order findings are listed in is the rules', not the layout's.
  for (const [country, p] of byCountry) out.set(country, { country, ...p, rules: inCanonicalOrder(p.rules) });
  return out;
}

/** Cross-checks a schema cannot express: known communities, each year's dates inside the year, no year twice. */
function holidayTableProblems(country: Country, table: HolidayTable): string[] {
  const out: string[] = [];
  const isCommunity = (code: string): boolean =>
    isKnownRegion(country, `${country}-${code}`) && normalizeRegion(country, `${country}-${code}`) === code;
  table.regions.forEach((code, i) => {
    if (!isCommunity(code)) out.push(`/regions/${i}: unknown_region ${code} is not a region (community) of ${country}`);
  });
  const columns = new Set(table.regions);
  const years = new Set<number>();
  table.years.forEach((y, i) => {
    if (years.has(y.year)) out.push(`/years/${i}/year: duplicate_year ${y.year} is listed twice`);
    years.add(y.year);
    if (y.source.date >= `${y.year + 1}`)
      out.push(`/years/${i}/source/date: bad_source_date ${y.source.date} is after the year it lists`);
    y.rows.forEach((r, j) => {
      if (!r.date.startsWith(`${y.year}-`))
        out.push(`/years/${i}/rows/${j}/date: wrong_year ${r.date} is not in ${y.year}`);
      if (r.regions !== 'all') {
        r.regions.forEach((code, k) => {
          if (!columns.has(code))
            out.push(`/years/${i}/rows/${j}/regions/${k}: unknown_region ${code} is not a column of the table`);
        });
      }
    });
    y.subregional.forEach((r, j) => {
      if (!r.date.startsWith(`${y.year}-`))
        out.push(`/years/${i}/subregional/${j}/date: wrong_year ${r.date} is not in ${y.year}`);
      if (!columns.has(r.region))
        out.push(`/years/${i}/subregional/${j}/region: unknown_region ${r.region} is not a column of the table`);
    });
  });
  return out;
}

/** How deep `all` / `any` / `not` may nest in one rule: far beyond any law, far below the stack's limit. */
export const MAX_CONDITION_DEPTH = 64;

/**
 * Where a rule file's conditions nest deeper than MAX_CONDITION_DEPTH (one path per rule), found
 * without recursion: 3,000 nested `not`s must be a RuleConfigError naming the place, not a RangeError.
 */
function tooDeepConditions(data: unknown): PropertyKey[][] {
  const rules = isObject(data) ? data['rules'] : undefined;
  if (!Array.isArray(rules)) return [];
  const out: PropertyKey[][] = [];
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const stack: Array<{ node: unknown; path: PropertyKey[]; depth: number }> = [
      { node: rule['conditions'], path: ['rules', i, 'conditions'], depth: 1 },
    ];
    while (stack.length > 0) {
      const { node, path, depth } = stack.pop()!;
      if (!isObject(node)) continue;
      if (depth > MAX_CONDITION_DEPTH) {
        out.push(path);
        return;
      }
      for (const key of ['all', 'any'] as const) {
        const list = node[key];
        if (Array.isArray(list))
          list.forEach((c, j) => {
            stack.push({ node: c, path: [...path, key, j], depth: depth + 1 });
          });
      }
      if ('not' in node) stack.push({ node: node['not'], path: [...path, 'not'], depth: depth + 1 });
    }
  });
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function factsUsed(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(factsUsed);
  if ('any' in c) return c.any.flatMap(factsUsed);
  if ('not' in c) return factsUsed(c.not);
  return [c.fact];
}

function pointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

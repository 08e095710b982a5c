import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { closestOf } from '../../_lib/didYouMean.js';
import { INSTANT_RE, isValidZone } from '../../schema/attempt.js';
import { MappingError, type InputIssue } from '../../errors.js';
import { contractField } from '../csvColumns.js';
import { localInstant } from './localInstant.js';
import type { FieldSpec, Mapping } from './MappingSchema.js';
import { type FieldKind, fieldKindOf, jsonPointer } from './parseMapping.js';
import { readDateFormat, type WallTime } from './readDateFormat.js';

/** One row of the source as the contract's attempt: the input (before the contract's defaults), what went wrong, its dimensions. */
export interface MappedRow {
  readonly input: Record<string, unknown>;
  /** Cells the mapping could not read (a value not in `values`, a date not in `format`, a local time the zone skips…). */
  readonly issues: InputIssue[];
  /** The row's dimensions (`dimensions` of the mapping): the cell as read, null when empty. Undefined without dimensions. */
  readonly dimensions: Record<string, string | null> | undefined;
}

/** Where a mapped field comes from, for the dry run and the report. */
export interface FieldSource {
  readonly field: string;
  /** The columns read (none for a value stated by the auditor). */
  readonly columns: readonly string[];
  /** `value`: stated by the auditor for the whole log. */
  readonly value?: unknown;
  readonly format?: string;
  readonly values?: number;
  readonly defaultCountry?: string;
}

export interface CompiledMapping {
  readonly mapping: Mapping;
  /** Where the mapping came from (a file name), for messages: `mapping.json#/fields/at`. */
  readonly source: string;
  readonly fields: readonly FieldSource[];
  /** Fields the mapping sets with `value`: the auditor's statements about the whole log (stated, not defaulted). */
  readonly statedByAuditor: ReadonlyArray<{ readonly field: string; readonly value: unknown }>;
  readonly dimensions: ReadonlyArray<{ readonly name: string; readonly column: string }>;
  /**
   * The mapper of a table whose columns are known before its rows (a CSV header, a query's columns):
   * every column the mapping names must be there, once (else a MappingError naming each, with the
   * closest column); the others are listed by `notUsed`.
   */
  forColumns(header: readonly string[]): (cells: readonly unknown[]) => MappedRow;
  /** The mapper of rows that are objects (JSON Lines): a column is a key, or a dotted path into nested objects. */
  forObjects(): (row: Readonly<Record<string, unknown>>) => MappedRow;
  /** Columns of the source that no field or dimension reads, in the order first met (at most 200). */
  notUsed(): string[];
  /** Rows that are objects: columns the mapping names that no row had (a key misspelt in the mapping shows here). */
  neverSeen(): string[];
  /** Every column of the source met so far (a header; keys of objects, in the order first met, at most 200) and what reads it. */
  columnUses(): Array<{ readonly column: string; readonly uses: readonly string[] }>;
}

const MAX_LISTED = 200;

type Ctx = { zone: string | undefined; issues: InputIssue[] };
/** A field of the attempt from its source values (one, or two for date + time). */
type Apply = (a: unknown, b: unknown, ctx: Ctx, out: Record<string, unknown>) => void;

interface CompiledField {
  readonly field: string;
  readonly sources: readonly string[];
  readonly apply: Apply;
}

/**
 * Compile a validated mapping (parseMapping) into row mappers. Cells are trimmed; an empty cell (or
 * null, NULL) is an absent field — the contract's default applies, and the audit reports it as a
 * default, never as the record's. A cell that cannot be read as the mapping says is an issue naming
 * the contract field, the column and the value; the row is then rejected, never guessed.
 */
export function compileMapping(mapping: Mapping, source = 'mapping'): CompiledMapping {
  const decimalComma = mapping.csv?.decimalComma === true;
  const fields: CompiledField[] = [];
  const described: FieldSource[] = [];
  const stated: Array<{ field: string; value: unknown }> = [];
  for (const [field, spec] of Object.entries(mapping.fields)) {
    const kind = fieldKindOf(field)!;
    const c = compileField(field, kind, spec, decimalComma);
    fields.push(c);
    described.push(describe(field, spec, c.sources));
    if (typeof spec !== 'string' && spec.value !== undefined) stated.push({ field, value: spec.value });
  }
  const zoneSpec = mapping.timeZone;
  const zoneColumn = typeof zoneSpec === 'object' ? zoneSpec.column : undefined;
  const fixedZone = typeof zoneSpec === 'string' ? zoneSpec : undefined;
  const dimensions = Object.entries(mapping.dimensions ?? {}).map(([name, column]) => ({ name, column }));
  // Every column read, with the JSON pointer of where the mapping names it, and what it is read as.
  const named = new Map<string, string>();
  const uses = new Map<string, string[]>();
  const name = (column: string, path: ReadonlyArray<PropertyKey>, use: string): void => {
    const c = column.trim();
    if (!named.has(c)) named.set(c, jsonPointer(path));
    uses.set(c, [...(uses.get(c) ?? []), use]);
  };
  for (const [field, spec] of Object.entries(mapping.fields)) {
    if (typeof spec === 'string') name(spec, ['fields', field], field);
    else {
      const how = [
        spec.format !== undefined ? `as ${spec.format}` : '',
        spec.values !== undefined ? 'through values' : '',
        spec.defaultCountry !== undefined ? `national numbers of ${spec.defaultCountry}` : '',
      ]
        .filter((x) => x !== '')
        .join(', ');
      const use = how ? `${field} (${how})` : field;
      if (spec.column !== undefined) name(spec.column, ['fields', field, 'column'], use);
      if (spec.date !== undefined) name(spec.date, ['fields', field, 'date'], spec.time ? `${use}: the date` : use);
      if (spec.time !== undefined) name(spec.time, ['fields', field, 'time'], `${use}: the time`);
    }
  }
  if (zoneColumn !== undefined) name(zoneColumn, ['timeZone', 'column'], "the export's time zone, row by row");
  for (const d of dimensions) name(d.column, ['dimensions', d.name], `dimension ${d.name}`);
  let seenHeader: string[] | undefined;
  const keys: string[] = [];
  const keySet = new Set<string>();

  const notUsed: string[] = [];
  const notUsedSet = new Set<string>();
  const noteUnused = (name: string): void => {
    if (notUsedSet.has(name) || notUsed.length >= MAX_LISTED) return;
    notUsedSet.add(name);
    notUsed.push(name);
  };
  const seen = new Set<string>();
  /** Keys that are the first part of a dotted column the mapping names (`cliente` of `cliente.id`). */
  const prefixes = new Set<string>();

  function zoneOf(raw: unknown, issues: InputIssue[]): string | undefined {
    if (zoneColumn === undefined) return fixedZone;
    const z = text(raw);
    if (z === undefined) return undefined;
    if (typeof z === 'string' && isValidZone(z)) return z;
    issues.push({
      path: 'at',
      code: 'invalid_time_zone',
      message: `${quote(z)} (column ${quote(zoneColumn)}) is not an IANA time zone (e.g. America/Bogota)`,
    });
    return undefined;
  }

  function row(
    get: (column: string, k: number) => unknown,
    sourceIndex: ReadonlyArray<readonly number[]>,
    zoneIndex: number,
    dimIndex: readonly number[],
  ): MappedRow {
    const issues: InputIssue[] = [];
    const input: Record<string, unknown> = {};
    const ctx: Ctx = {
      zone: zoneOf(zoneColumn === undefined ? undefined : get(zoneColumn, zoneIndex), issues),
      issues,
    };
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const idx = sourceIndex[i]!;
      f.apply(
        f.sources.length > 0 ? get(f.sources[0]!, idx[0]!) : undefined,
        f.sources.length > 1 ? get(f.sources[1]!, idx[1]!) : undefined,
        ctx,
        input,
      );
    }
    let dims: Record<string, string | null> | undefined;
    if (dimensions.length > 0) {
      dims = {};
      for (let k = 0; k < dimensions.length; k++) {
        const d = dimensions[k]!;
        const v = text(get(d.column, dimIndex[k]!));
        dims[d.name] = v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
      }
    }
    return { input, issues, dimensions: dims };
  }

  return {
    mapping,
    source,
    fields: described,
    statedByAuditor: stated,
    dimensions,
    forColumns(header) {
      const names = header.map((h) => h.trim());
      const index = new Map<string, number>();
      const twice = new Set<string>();
      names.forEach((n, i) => {
        if (index.has(n)) twice.add(n);
        else index.set(n, i);
      });
      const problems: string[] = [];
      for (const [column, pointer] of named) {
        if (twice.has(column))
          problems.push(`${source}#${pointer}: column ${quote(column)} appears more than once in the header`);
        else if (!index.has(column)) {
          const hint = closestOf(column, names);
          problems.push(
            `${source}#${pointer}: column ${quote(column)} is not in the header${hint !== undefined ? ` (closest: ${quote(hint)})` : ''}`,
          );
        }
      }
      if (problems.length > 0) throw new MappingError(problems);
      for (const n of names) if (!named.has(n)) noteUnused(n);
      seenHeader = names;
      const at = (c: string): number => index.get(c.trim())!;
      const sourceIndex = fields.map((f) => f.sources.map(at));
      const zoneIndex = zoneColumn === undefined ? -1 : at(zoneColumn);
      const dimIndex = dimensions.map((d) => at(d.column));
      return (cells) => row((_c, k) => cells[k], sourceIndex, zoneIndex, dimIndex);
    },
    forObjects() {
      const noIndex = fields.map((f) => f.sources.map(() => -1));
      const noDims = dimensions.map(() => -1);
      const get = (o: Readonly<Record<string, unknown>>, column: string): unknown => {
        let v = Object.hasOwn(o, column) ? o[column] : undefined;
        if (v === undefined && column.includes('.')) v = pathValue(o, column);
        if (v !== undefined && v !== null) seen.add(column.trim());
        return v;
      };
      return (o) => {
        for (const k in o) {
          if (!keySet.has(k) && keys.length < MAX_LISTED) {
            keySet.add(k);
            keys.push(k);
          }
          if (named.has(k) || notUsedSet.has(k) || prefixes.has(k)) continue;
          if (isPrefixOfNamed(k)) prefixes.add(k);
          else noteUnused(k);
        }
        return row((c) => get(o, c), noIndex, -1, noDims);
      };
    },
    notUsed: () => [...notUsed],
    neverSeen: () => [...named.keys()].filter((c) => !seen.has(c)),
    columnUses: () =>
      (seenHeader ?? keys).map((column) => ({
        column,
        uses:
          uses.get(column) ??
          (prefixes.has(column) ? [...uses].filter(([c]) => c.startsWith(`${column}.`)).flatMap(([, u]) => u) : []),
      })),
  };

  function isPrefixOfNamed(key: string): boolean {
    for (const c of named.keys()) if (c.startsWith(`${key}.`)) return true;
    return false;
  }
}

function describe(field: string, spec: FieldSpec, sources: readonly string[]): FieldSource {
  if (typeof spec === 'string') return { field, columns: sources };
  return {
    field,
    columns: sources,
    ...(spec.value !== undefined ? { value: spec.value } : {}),
    ...(spec.format !== undefined ? { format: spec.format } : {}),
    ...(spec.values !== undefined ? { values: Object.keys(spec.values).length } : {}),
    ...(spec.defaultCountry !== undefined ? { defaultCountry: spec.defaultCountry } : {}),
  };
}

function compileField(field: string, kind: FieldKind, spec: FieldSpec, decimalComma: boolean): CompiledField {
  const path = field.split('.');
  const required = contractField(field)!.column.required;
  if (typeof spec !== 'string' && spec.value !== undefined) {
    const value = spec.value;
    return { field, sources: [], apply: (_a, _b, _ctx, out) => setPath(out, path, value) };
  }
  const s = typeof spec === 'string' ? { column: spec } : spec;
  const first = (s.column ?? s.date)!;
  const sources = s.time !== undefined ? [first, s.time] : [first];
  const shown = sources.map(quote).join(' + ');
  const columnWord = sources.length > 1 ? 'columns' : 'column';
  const issue = (ctx: Ctx, code: string, message: string): void => {
    ctx.issues.push({ path: field, code, message });
  };
  const empty = (ctx: Ctx): void => {
    if (required)
      issue(ctx, 'required', `is required: ${columnWord} ${shown} ${sources.length > 1 ? 'are' : 'is'} empty`);
  };

  // The cell as the contract's value.
  let convert: (v: unknown, ctx: Ctx) => unknown;
  if (kind === 'instant') {
    const read = s.format !== undefined ? readDateFormat(s.format) : undefined;
    convert = (v, ctx) => {
      if (typeof v !== 'string') return v;
      const wall = read ? read(v) : isoLocal(v);
      if (wall === undefined) {
        if (read)
          issue(
            ctx,
            'invalid_date_format',
            `${quote(v)} (${columnWord} ${shown}) is not written as ${quote(s.format!)}`,
          );
        return read ? undefined : v; // an ISO instant with its offset (or anything: the contract says what is wrong)
      }
      // An ISO local time with no zone to read it on: as written (the contract says it lacks an offset).
      if (!read && ctx.zone === undefined) return v;
      const r = localInstant(wall, ctx.zone);
      if (r.ok) return r.at;
      issue(ctx, r.code, `${quote(v)} (${columnWord} ${shown}) ${r.message}`);
      return undefined;
    };
  } else if (kind === 'date' && s.format !== undefined) {
    const read = readDateFormat(s.format);
    convert = (v, ctx) => {
      if (typeof v !== 'string') return v;
      const w = read(v);
      if (w === undefined) {
        issue(ctx, 'invalid_date_format', `${quote(v)} (column ${shown}) is not written as ${quote(s.format!)}`);
        return undefined;
      }
      return `${String(w.year).padStart(4, '0')}-${pad(w.month)}-${pad(w.day)}`;
    };
  } else if (s.values !== undefined) {
    const words = new Map(Object.entries(s.values));
    const known = [...words.keys()];
    const look = (v: unknown, ctx: Ctx): unknown => {
      const key = typeof v === 'string' ? v : String(v);
      const hit = words.get(key);
      if (hit !== undefined) return hit;
      const close = closestOf(key, known);
      issue(
        ctx,
        'unmapped_value',
        `${quote(key)} (column ${shown}) is not among the mapping's values for ${field}${close !== undefined ? ` (closest: ${quote(close)})` : ''}`,
      );
      return undefined;
    };
    convert =
      kind === 'list'
        ? (v, ctx) => (typeof v === 'string' ? splitList(v) : Array.isArray(v) ? v : [v]).map((x) => look(x, ctx))
        : look;
  } else {
    switch (kind) {
      case 'number':
        convert = (v, ctx) => {
          if (typeof v === 'bigint') return Number(v);
          if (typeof v !== 'string') return v;
          const n = decimalComma ? commaNumber(v) : dotNumber(v);
          if (n === undefined)
            issue(
              ctx,
              'invalid_number',
              `${quote(v)} (column ${shown}) is not a number${decimalComma ? ' written 1.234,56 (csv.decimalComma)' : ' (a dot for decimals, no thousands separator; set csv.decimalComma for 1.234,56)'}`,
            );
          return n;
        };
        break;
      case 'boolean':
        convert = (v, ctx) => {
          if (typeof v !== 'string') return v;
          const t = v.toLowerCase();
          if (t === 'true') return true;
          if (t === 'false') return false;
          issue(
            ctx,
            'invalid_boolean',
            `${quote(v)} (column ${shown}) is not true or false (name the export's words with "values": { "Sí": true, "No": false })`,
          );
          return undefined;
        };
        break;
      case 'list':
        convert = (v) => (typeof v === 'string' ? splitList(v) : v);
        break;
      case 'json':
        convert = (v, ctx) => {
          if (typeof v !== 'string') return v;
          try {
            return JSON.parse(v) as unknown;
          } catch (e) {
            issue(ctx, 'invalid_json', `column ${shown} is not JSON (${(e as Error).message})`);
            return undefined;
          }
        };
        break;
      default:
        convert = (v) => (typeof v === 'number' || typeof v === 'bigint' ? String(v) : v);
    }
    if (s.defaultCountry !== undefined) {
      const country = s.defaultCountry as CountryCode;
      const plain = convert;
      convert = (v, ctx) => {
        const t = plain(v, ctx);
        if (typeof t !== 'string') return t;
        const p = parsePhoneNumberFromString(t, country);
        if (p?.isPossible()) return p.number;
        issue(
          ctx,
          'invalid_phone',
          `${quote(t)} (column ${shown}) is not a possible phone number (E.164, or national for ${country})`,
        );
        return undefined;
      };
    }
  }

  const apply: Apply =
    sources.length > 1
      ? (a, b, ctx, out) => {
          const d = text(a);
          const t = text(b);
          if (d === undefined || t === undefined) {
            if (d === undefined && t === undefined) empty(ctx);
            else
              issue(
                ctx,
                'required',
                `${quote(sources[d === undefined ? 0 : 1]!)} is empty (the date and the time are read together)`,
              );
            return;
          }
          const v = convert(`${String(d)} ${String(t)}`, ctx);
          if (v !== undefined) setPath(out, path, v);
        }
      : (a, _b, ctx, out) => {
          const t = text(a);
          if (t === undefined) {
            empty(ctx);
            return;
          }
          const v = convert(t, ctx);
          if (v !== undefined) setPath(out, path, v);
        };
  return { field, sources, apply };
}

/** A cell as read: text trimmed, and empty text, null and undefined all absent. */
function text(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  return v === null ? undefined : v;
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/** An ISO date-time without an offset (`2026-03-02T08:30:00`, `2026-03-02 08:30`): a wall time on the mapping's clock. */
function isoLocal(v: string): WallTime | undefined {
  if (INSTANT_RE.test(v)) return undefined;
  const m = ISO_LOCAL.exec(v);
  if (!m) return undefined;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    millisecond: m[7] ? Number(m[7].padEnd(3, '0')) : 0,
    offset: undefined,
  };
}

const DOT_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;

function dotNumber(s: string): number | undefined {
  if (!DOT_NUMBER.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** `1.234,56` (Spanish): dots group thousands, the comma is the decimal mark. */
function commaNumber(s: string): number | undefined {
  if (!COMMA_NUMBER.test(s)) return undefined;
  const n = Number(s.replace(/\./g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

function splitList(v: string): string[] {
  return v
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function pathValue(o: Readonly<Record<string, unknown>>, dotted: string): unknown {
  let v: unknown = o;
  for (const k of dotted.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    let next = o[k] as Record<string, unknown> | undefined;
    if (next === undefined) {
      next = {};
      o[k] = next;
    }
    o = next;
  }
  o[path[path.length - 1]!] = value;
}

/** A value from the log in a message: quoted, clipped. */
function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A mapped row's issues and the contract's about the same row, once each: a contract issue about a
 * field the mapping already named (or a part or a parent of it: `jurisdiction` of `jurisdiction.country`)
 * is left out — the mapping's says which column and value.
 */
export function mergeIssues(mapped: readonly InputIssue[], contract: readonly InputIssue[]): InputIssue[] {
  if (mapped.length === 0) return [...contract];
  const related = (a: string, b: string): boolean => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  return [...mapped, ...contract.filter((c) => !mapped.some((m) => related(m.path, c.path)))];
}

import type { z } from 'zod';
import { didYouMean } from '../../_lib/didYouMean.js';
import { MappingError } from '../../errors.js';
import { DateSchema, InstantSchema } from '../../schema/attempt.js';
import { contractField, csvColumns } from '../csvColumns.js';
import { type FieldSpec, type Mapping, MappingSchema } from './MappingSchema.js';
import { formatReadsOffset, readDateFormat } from './readDateFormat.js';

/** What a contract field holds, for a mapping: an instant (`at`), a calendar date, or a value of its CSV kind. */
export type FieldKind = 'instant' | 'date' | 'string' | 'number' | 'boolean' | 'list' | 'json';

export function fieldKindOf(name: string): FieldKind | undefined {
  const f = contractField(name);
  if (!f) return undefined;
  if (f.schema === (InstantSchema as unknown)) return 'instant';
  if (f.schema === (DateSchema as unknown)) return 'date';
  return f.column.kind;
}

/** A JSON pointer from a path of keys (RFC 6901: `~` and `/` escaped). */
export function jsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Validate a mapping (the parsed JSON of a mapping file) and throw a MappingError naming every problem
 * as `source#/json/pointer: message` — the schema's, and what the schema alone cannot say: a field that
 * is not the contract's (with the closest one), a required field left unmapped, a format on a field
 * that is not a date, a format luxon cannot read, a local time with no zone to read it on, a value (in
 * `values` or `value`) the contract would refuse.
 */
export function parseMapping(data: unknown, source = 'mapping'): Mapping {
  const parsed = MappingSchema.safeParse(data);
  if (!parsed.success)
    throw new MappingError(parsed.error.issues.map((i) => `${source}#${jsonPointer(i.path)}: ${i.message}`));
  const m = parsed.data;
  const problems: string[] = [];
  const at = (path: ReadonlyArray<PropertyKey>, message: string): void => {
    problems.push(`${source}#${jsonPointer(path)}: ${message}`);
  };
  const names = csvColumns.map((c) => c.name);
  for (const [name, spec] of Object.entries(m.fields)) {
    const kind = fieldKindOf(name);
    if (kind === undefined) {
      const hint = didYouMean(name, names);
      at(
        ['fields', name],
        `"${name}" is not a field of the contract${hint ? ` (did you mean ${hint}?)` : ''}; fields are dotted paths, e.g. recipient.phone (docs/audit.md)`,
      );
      continue;
    }
    checkField(name, kind, spec, m, (path, message) => at(['fields', name, ...path], message));
  }
  for (const c of csvColumns)
    if (c.required && m.fields[c.name] === undefined)
      at(
        ['fields'],
        `the contract requires ${c.name}: map it to a column, or state it for the whole log with { "value": … }`,
      );
  if (problems.length > 0) throw new MappingError(problems);
  return m;
}

function checkField(
  name: string,
  kind: FieldKind,
  spec: FieldSpec,
  m: Mapping,
  at: (path: ReadonlyArray<PropertyKey>, message: string) => void,
): void {
  if (typeof spec === 'string') return;
  const { schema } = contractField(name)!;
  if (spec.value !== undefined) {
    const r = schema.safeParse(spec.value);
    if (!r.success) at(['value'], `${JSON.stringify(spec.value)} is not a valid ${name}: ${firstMessage(r.error)}`);
    return;
  }
  if (spec.date !== undefined && kind !== 'instant' && kind !== 'date')
    at(['date'], `${name} is not a date: read it from a column`);
  if (spec.time !== undefined && kind !== 'instant') at(['time'], `${name} is a date without a time of day`);
  if (spec.format !== undefined) {
    if (kind !== 'instant' && kind !== 'date')
      at(['format'], `${name} is not a date: only dates and date-times have a format`);
    else {
      try {
        readDateFormat(spec.format);
        if (kind === 'instant' && !formatReadsOffset(spec.format) && m.timeZone === undefined)
          at(
            ['format'],
            'reads a local time without an offset: set timeZone, the clock the export writes its times in (a zone, or { "column": … })',
          );
      } catch (e) {
        at(['format'], `is not a luxon format (${(e as Error).message})`);
      }
    }
  }
  if (spec.defaultCountry !== undefined && name !== 'recipient.phone')
    at(['defaultCountry'], 'applies to recipient.phone only');
  if (spec.values !== undefined) {
    // A list field's values are its elements' (each element of the cell is looked up).
    const check = kind === 'list' ? (v: unknown) => schema.safeParse([v]) : (v: unknown) => schema.safeParse(v);
    for (const [word, value] of Object.entries(spec.values)) {
      const r = check(value);
      if (!r.success) at(['values', word], `${JSON.stringify(value)} is not a valid ${name}: ${firstMessage(r.error)}`);
    }
  }
}

function firstMessage(e: z.ZodError): string {
  return e.issues[0]?.message ?? 'invalid';
}

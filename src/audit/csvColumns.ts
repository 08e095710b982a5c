import type { z } from 'zod';
import { InputError, type InputIssue } from '../errors.js';
import { AttemptSchema } from '../schema/attempt.js';

/** How a CSV cell becomes a field of the attempt. */
export type CsvColumnKind = 'string' | 'number' | 'boolean' | 'list' | 'json';

export interface CsvColumn {
  /** The header: the field's dotted path (`jurisdiction.country`, `debtor.authorizedChannels`). */
  readonly name: string;
  readonly path: readonly string[];
  readonly kind: CsvColumnKind;
  /** The column must be in the header (a required field of the contract; `debtorId` is required in an audit). */
  readonly required: boolean;
}

/** Each column's zod schema without optional or default (filled as the columns are derived). */
const LEAF_SCHEMAS = new Map<string, z.ZodType>();
/**
 * The CSV columns of an audit log, derived from the attempt schema (so they cannot drift from the
 * contract): one column per leaf field, named by its dotted path. Lists of values are written
 * `call|sms`; lists of objects (`debtor.requestedWindows`, `history`) as JSON in the cell.
 */
export const csvColumns: readonly CsvColumn[] = deriveColumns(AttemptSchema as unknown as z.ZodType);

const BY_NAME = new Map(csvColumns.map((c) => [c.name, c]));

/** The contract's column (field) of that dotted name, and its zod schema without optional or default. */
export function contractField(name: string): { column: CsvColumn; schema: z.ZodType } | undefined {
  const column = BY_NAME.get(name);
  return column ? { column, schema: LEAF_SCHEMAS.get(name)! } : undefined;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}
function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

function deriveColumns(schema: z.ZodType): CsvColumn[] {
  const out: CsvColumn[] = [];
  const walk = (s: z.ZodType, path: string[], required: boolean): void => {
    let def = defOf(s);
    let leaf = s;
    let req = required;
    while (def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'pipe') {
      if (def.type !== 'pipe') req = false;
      leaf = (def.innerType ?? def.in)!;
      def = defOf(leaf);
    }
    if (def.type === 'object') {
      for (const [k, v] of Object.entries(def.shape!)) walk(v, [...path, k], req);
      return;
    }
    const kind: CsvColumnKind =
      def.type === 'boolean'
        ? 'boolean'
        : def.type === 'number'
          ? 'number'
          : def.type === 'array'
            ? defOf(def.element!).type === 'object'
              ? 'json'
              : 'list'
            : 'string';
    const name = path.join('.');
    LEAF_SCHEMAS.set(name, leaf);
    out.push({ name, path, kind, required: req || name === 'debtorId' });
  };
  walk(schema, [], true);
  return out;
}

/**
 * Map a header row to columns. A header that cannot be read is an error for the whole file (no row
 * could be judged): unknown or repeated columns, or a required column missing, all named at once.
 */
export function csvHeader(names: readonly string[]): CsvColumn[] {
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  const columns: CsvColumn[] = [];
  names.forEach((raw, i) => {
    const name = raw.trim();
    const col = BY_NAME.get(name);
    if (!col)
      issues.push({
        path: `header column ${i + 1}`,
        code: 'unknown_column',
        message: `"${name}" is not a field of the contract (columns are dotted paths, e.g. jurisdiction.country; see docs/audit.md)`,
      });
    else if (seen.has(name))
      issues.push({ path: `header column ${i + 1}`, code: 'duplicate_column', message: `"${name}" appears twice` });
    else {
      seen.add(name);
      columns.push(col);
      return;
    }
    columns.push({ name, path: [], kind: 'string', required: false });
  });
  for (const c of csvColumns)
    if (c.required && !seen.has(c.name))
      issues.push({ path: 'header', code: 'missing_column', message: `required column "${c.name}" is missing` });
  if (issues.length > 0) throw new InputError(issues, 'CSV ');
  return columns;
}

/**
 * One CSV row as the attempt it stands for. An empty cell is an absent field (the contract's default
 * applies). Cells that cannot be converted are reported by field, like the schema's own issues.
 */
export function csvRowToInput(
  columns: readonly CsvColumn[],
  row: readonly string[],
): { input: Record<string, unknown>; issues: InputIssue[] } {
  const input: Record<string, unknown> = {};
  const issues: InputIssue[] = [];
  if (row.length !== columns.length) {
    issues.push({
      path: '(row)',
      code: 'column_count',
      message: `has ${row.length} fields, the header has ${columns.length}`,
    });
    return { input, issues };
  }
  for (let i = 0; i < columns.length; i++) {
    const cell = row[i]!;
    if (cell === '') continue;
    const col = columns[i]!;
    let value: unknown = cell;
    switch (col.kind) {
      case 'boolean': {
        const v = cell.trim().toLowerCase();
        if (v === 'true') value = true;
        else if (v === 'false') value = false;
        else issues.push({ path: col.name, code: 'invalid_boolean', message: `"${clip(cell)}" must be true or false` });
        break;
      }
      case 'number': {
        const n = Number(cell.trim());
        if (cell.trim() === '' || !Number.isFinite(n))
          issues.push({
            path: col.name,
            code: 'invalid_number',
            message: `"${clip(cell)}" is not a number (use a dot for decimals, no thousands separator)`,
          });
        value = n;
        break;
      }
      case 'list':
        value = cell
          .split('|')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        break;
      case 'json':
        try {
          value = JSON.parse(cell);
        } catch (e) {
          issues.push({ path: col.name, code: 'invalid_json', message: `is not JSON (${(e as Error).message})` });
        }
        break;
      default:
        break;
    }
    setPath(input, col.path, value);
  }
  return { input, issues };
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

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

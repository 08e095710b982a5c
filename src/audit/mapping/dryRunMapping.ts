import { safeParseAttempt } from '../../check/parseAttempt.js';
import type { InputIssue } from '../../errors.js';
import type { AuditInput, LogFormat } from '../auditTypes.js';
import { csvColumns } from '../csvColumns.js';
import { openLogInput } from '../openLogInput.js';
import { readLogEntries, type LogReadStats } from '../readLogEntries.js';
import { compileMapping, type FieldSource, mergeIssues } from './compileMapping.js';
import type { Mapping } from './MappingSchema.js';
import { parseMapping } from './parseMapping.js';

/** What a mapping makes of the first rows of a log, before a long audit (`audit LOG --map M --dry-run`). */
export interface MappingDryRun {
  readonly source: { readonly name: string; readonly format: LogFormat | 'sql'; readonly encoding: string };
  readonly mapping: string;
  /** Every column of the log (a CSV header; the keys of the JSON lines read) and what reads it (empty: not used). */
  readonly columns: ReadonlyArray<{ readonly column: string; readonly uses: readonly string[] }>;
  readonly fields: readonly FieldSource[];
  /** Fields the mapping states for every record (`value`). */
  readonly statedByAuditor: ReadonlyArray<{ readonly field: string; readonly value: unknown }>;
  /** Fields no column gives: the contract's default applies (what it is), or the field stays unknown. */
  readonly notInLog: ReadonlyArray<{ readonly field: string; readonly default?: unknown }>;
  /** The first rows: each as the attempt it becomes (before the contract's defaults), or rejected with why. */
  readonly rows: ReadonlyArray<{
    readonly line: number;
    readonly attempt?: unknown;
    readonly dimensions?: Readonly<Record<string, string | null>> | undefined;
    readonly issues?: readonly InputIssue[];
  }>;
}

/**
 * Read the first `rows` records of a log through a mapping, and say what becomes of every column and
 * of each of those rows — no audit is run. A mapping that does not fit the log (a column it names is
 * not in the header) throws its MappingError, as the audit would.
 */
export async function dryRunMapping(
  input: AuditInput,
  options: { readonly mapping: Mapping; readonly mappingName?: string; readonly rows?: number },
): Promise<MappingDryRun> {
  const name = options.mappingName ?? 'mapping';
  const mapping = compileMapping(parseMapping(options.mapping, name), name);
  const wanted = options.rows ?? 5;
  const csv = mapping.mapping.csv;
  const log = await openLogInput(input, csv?.encoding ? { encoding: csv.encoding } : {});
  const stats: LogReadStats = { lines: 0, headerLines: 0, blankLines: 0, recordLines: 0 };
  const rows: Array<MappingDryRun['rows'][number]> = [];
  let sample: { input: unknown; data: unknown } | undefined;
  try {
    read: for await (const batch of readLogEntries(log, stats, { mapping, delimiter: csv?.delimiter })) {
      for (const e of batch) {
        if (rows.length >= wanted) break read;
        if (e.kind === 'rejected') rows.push({ line: e.line, issues: e.issues });
        else if (e.kind === 'record') {
          const parsed = safeParseAttempt(e.input);
          const issues = mergeIssues(e.issues ?? [], parsed.error?.issues ?? []);
          if (parsed.success && sample === undefined) sample = { input: e.input, data: parsed.data };
          rows.push({
            line: e.line,
            attempt: e.input,
            ...(e.dimensions ? { dimensions: e.dimensions } : {}),
            ...(issues.length > 0 ? { issues } : {}),
          });
        }
      }
    }
  } finally {
    await log.close();
  }
  const mapped = new Set(Object.keys(mapping.mapping.fields));
  const notInLog = csvColumns
    .filter((c) => !mapped.has(c.name) && c.name !== 'history')
    .map((c) => {
      const d = sample && valueAt(sample.input, c.path) === undefined ? valueAt(sample.data, c.path) : undefined;
      return d === undefined ? { field: c.name } : { field: c.name, default: d };
    });
  return {
    source: { name: log.name, format: log.format, encoding: log.encoding() },
    mapping: name,
    columns: mapping.columnUses(),
    fields: mapping.fields,
    statedByAuditor: mapping.statedByAuditor,
    notInLog,
    rows,
  };
}

function valueAt(o: unknown, path: readonly string[]): unknown {
  let v = o;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

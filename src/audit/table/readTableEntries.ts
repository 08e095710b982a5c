import { InputError } from '../../errors.js';
import { csvColumns } from '../csvColumns.js';
import { compileMapping, type CompiledMapping } from '../mapping/compileMapping.js';
import type { Mapping } from '../mapping/MappingSchema.js';
import type { LogEntry, LogReadStats } from '../readLogEntries.js';
import type { TableLog } from './openTableInput.js';

const EXCERPT = 120;

/**
 * The rows of a table (Parquet, a query) as the audit's records, a chunk at a time: the row number is
 * the record's "line" (1-based, in the query's order). Through the mapping when there is one; without,
 * the columns named as the contract's fields (dotted, or STRUCTs of them) are read, the others listed
 * in `stats.columnsNotUsed`, and a required field with no column stops the audit (no row could be
 * judged). NULL is an absent field, never a value.
 */
export async function* readTableEntries(
  table: TableLog,
  stats: LogReadStats,
  mapping: CompiledMapping | undefined,
): AsyncGenerator<LogEntry[]> {
  const columns = table.columns;
  const compiled = mapping ?? identityMapping(columns);
  const map = compiled.forColumns(columns);
  if (!mapping) stats.columnsNotUsed = compiled.notUsed();
  let line = 0;
  for await (const chunk of table.rows) {
    const batch: LogEntry[] = [];
    for (const cells of chunk) {
      line++;
      const r = map(cells);
      batch.push({
        kind: 'record',
        line,
        input: r.input,
        issues: r.issues,
        dimensions: r.dimensions,
        excerpt: () => excerptOf(columns, cells),
      });
    }
    stats.lines = line;
    stats.recordLines = line;
    yield batch;
  }
}

/** The contract's own column names, read as they are: what a table without a mapping must have. */
function identityMapping(columns: readonly string[]): CompiledMapping {
  const present = new Set(columns.map((c) => c.trim()));
  const missing = csvColumns.filter((c) => c.required && !present.has(c.name));
  if (missing.length > 0)
    throw new InputError(
      missing.map((c) => ({
        path: 'columns',
        code: 'missing_column',
        message: `required column "${c.name}" is missing (name the columns as the contract's fields, or give a mapping)`,
      })),
      'table ',
    );
  const fields = Object.fromEntries(csvColumns.filter((c) => present.has(c.name)).map((c) => [c.name, c.name]));
  return compileMapping({ fields } as Mapping, '(columns)');
}

function excerptOf(columns: readonly string[], cells: readonly unknown[]): string {
  const o: Record<string, unknown> = {};
  columns.forEach((c, k) => {
    if (cells[k] !== undefined) o[c] = cells[k];
  });
  return JSON.stringify(o).slice(0, EXCERPT);
}

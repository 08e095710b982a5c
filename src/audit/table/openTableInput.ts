import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { ComplianceError } from '../../errors.js';
import { duckValue } from './duckValue.js';
import { type DuckDbModule, loadDuckDb } from './loadDuckDb.js';

/** A log that is a table: rows of a query, read in chunks. */
export interface TableLog {
  readonly name: string;
  readonly format: 'parquet' | 'sql';
  /** The size of the Parquet file when it is one file; undefined otherwise. */
  readonly bytes: number | undefined;
  /** The query the rows come from (given with --sql, or built for --input-format parquet). */
  readonly sql: string;
  /** The columns, a STRUCT's fields as dotted paths (`jurisdiction.country`). */
  readonly columns: readonly string[];
  /** The rows in DuckDB's chunks (about 2,048 rows each), as values aligned with `columns` (undefined: NULL). */
  readonly rows: AsyncIterable<unknown[][]>;
  close(): Promise<void>;
}

export type TableInput =
  | { readonly path: string; readonly format: 'parquet' }
  | { readonly sql: string; readonly name?: string | undefined };

/** DuckDB's memory while it reads (SET memory_limit): the audit's own memory bound stays the audit's. */
const MEMORY_LIMIT = '256MB';

/**
 * Open a Parquet file (a directory of them, a glob) or a SQL query through DuckDB, loaded on first
 * use. The rows are streamed — fetched a chunk at a time as the audit reads them, never all at once —
 * with DuckDB's memory limited and its threads sized for the machine; DuckDB runs with UTC as its time
 * zone (a query that casts a TIMESTAMP WITH TIME ZONE gives the same answer on any machine) and does
 * not download extensions. `--sql` must be one SELECT query (a query, not a statement that writes).
 */
export async function openTableInput(
  input: TableInput,
  options: { readonly importModule?: () => Promise<unknown> } = {},
): Promise<TableLog> {
  let sql: string;
  let name: string;
  let bytes: number | undefined;
  let format: TableLog['format'];
  if ('sql' in input) {
    sql = input.sql.trim().replace(/;\s*$/, '');
    name = input.name ?? '(sql)';
    format = 'sql';
  } else {
    const st = await stat(input.path).catch(() => undefined);
    // A directory: every Parquet file under it; a path that does not exist may be a glob.
    const pattern = st?.isDirectory() ? `${input.path.replace(/\/+$/, '')}/**/*.parquet` : input.path;
    bytes = st?.isFile() ? st.size : undefined;
    sql = `SELECT * FROM read_parquet(${sqlString(pattern)}, union_by_name = true)`;
    name = basename(input.path);
    format = 'parquet';
  }
  const duck = await (options.importModule ? loadDuckDb(options.importModule) : loadDuckDb());
  const threads = String(Math.max(1, Math.min(availableParallelism(), 4)));
  const instance = await duck.DuckDBInstance.create(':memory:', {
    memory_limit: MEMORY_LIMIT,
    threads,
    autoinstall_known_extensions: 'false',
  });
  const connection = await instance.connect();
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    connection.closeSync();
    instance.closeSync();
  };
  try {
    await connection.run("SET TimeZone = 'UTC'").catch(() => undefined); // without ICU there is no other zone anyway
    const statements = await connection.extractStatements(sql);
    if (statements.count !== 1)
      throw new ComplianceError('bad_sql', `--sql must be one SELECT query; this has ${statements.count} statements`);
    const prepared = await statements.prepare(0);
    if (prepared.statementType !== duck.StatementType.SELECT)
      throw new ComplianceError('bad_sql', '--sql must be a SELECT query (it reads the log; it never writes)');
    const result = await prepared.stream();
    const leaves = leavesOf(result.columnNames(), result.columnTypes(), duck);
    async function* rows(): AsyncGenerator<unknown[][]> {
      try {
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) return;
          const out: unknown[][] = [];
          for (const r of chunk.getRows()) out.push(leaves.map((l) => duckValue(l.get(r), duck)));
          yield out;
        }
      } finally {
        await close();
      }
    }
    return { name, format, bytes, sql, columns: leaves.map((l) => l.name), rows: rows(), close };
  } catch (e) {
    await close();
    if (e instanceof ComplianceError) throw e;
    // DuckDB's own words: a file not found, a syntax error, a column that does not exist.
    throw new ComplianceError('bad_table', `${format === 'sql' ? 'the query' : name}: ${(e as Error).message}`);
  }
}

interface Leaf {
  readonly name: string;
  get(row: readonly unknown[]): unknown;
}

/** The columns with each STRUCT's fields as columns of their own (dotted), recursively. */
function leavesOf(names: readonly string[], types: ReadonlyArray<{ typeId: number }>, duck: DuckDbModule): Leaf[] {
  const out: Leaf[] = [];
  const walk = (name: string, type: { typeId: number }, get: (row: readonly unknown[]) => unknown): void => {
    if (type instanceof duck.DuckDBStructType) {
      type.entryNames.forEach((entry, k) => {
        walk(`${name}.${entry}`, type.entryTypes[k]!, (row) => {
          const v = get(row);
          return v instanceof duck.DuckDBStructValue ? v.entries[entry] : undefined;
        });
      });
      return;
    }
    out.push({ name, get });
  };
  names.forEach((n, i) => {
    walk(n, types[i]!, (row) => row[i]);
  });
  return out;
}

/** A SQL string literal. */
function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

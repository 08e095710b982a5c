import { chmod, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instantMs } from '../_lib/instantMs.js';
import type { AuditRecord, AuditResult } from './auditTypes.js';
import { createFileSink, type TextSink } from './createFileSink.js';
import { loadDuckDb } from './table/loadDuckDb.js';

/** DuckDB's memory while it writes the file (SET memory_limit): with the audit's own, under the 512 MB bound. */
const MEMORY_LIMIT = '192MB';

/** The columns of the Parquet report, in order, with their DuckDB types (docs/audit.md). */
export const AUDIT_PARQUET_COLUMNS = [
  ['line', 'BIGINT'],
  ['kind', 'VARCHAR'],
  ['attemptId', 'VARCHAR'],
  ['debtorId', 'VARCHAR'],
  ['creditorId', 'VARCHAR'],
  ['country', 'VARCHAR'],
  ['channel', 'VARCHAR'],
  ['recipientRole', 'VARCHAR'],
  ['at', 'VARCHAR'],
  ['atUtc', 'TIMESTAMP'],
  ['localTime', 'VARCHAR'],
  ['timeZone', 'VARCHAR'],
  ['status', 'VARCHAR'],
  ['verdict', 'VARCHAR'],
  ['ruleId', 'VARCHAR'],
  ['category', 'VARCHAR'],
  ['severity', 'VARCHAR'],
  ['statutory', 'BOOLEAN'],
  ['unverified', 'BOOLEAN'],
  ['nextAllowedAt', 'VARCHAR'],
  ['nextAllowedAtUtc', 'TIMESTAMP'],
  ['earlierLine', 'BIGINT'],
  ['earlierAt', 'VARCHAR'],
  ['message', 'VARCHAR'],
] as const;

/** A sink that also takes bytes (a file): the Parquet report is binary. */
export interface ByteSink extends TextSink {
  writeBytes(bytes: Uint8Array): void | Promise<void>;
}

/**
 * The findings as Parquet (`--format parquet`), through DuckDB (`@duckdb/node-api`, optional, loaded on
 * first use): one row per finding, flat columns a data team filters on — line, debtor, creditor, each
 * dimension of a mapping (`dimension.<name>`), country, channel, the instant as written and in UTC, the
 * debtor's local time and zone, the record's status, the rule and its category, severity, law or policy,
 * whether the finding is unverified, `nextAllowedAt`, the earlier contact's line and instant, the message —
 * in log order. How the report was produced (report, format version, source, ruleset, options,
 * provenance, accounting, totals, mapping) is in the file's key-value metadata, as JSON. Rejected lines
 * are counted there (`accounting`); the CSV and JSON reports list them.
 *
 * The rows are streamed to a temporary CSV file (0600, in a 0700 directory, removed after) and DuckDB,
 * its memory limited, turns it into the Parquet file: memory stays bounded whatever the number of findings.
 */
export async function writeAuditParquet(result: AuditResult, sink: ByteSink): Promise<void> {
  const duck = await loadDuckDb();
  const s = result.summary;
  const dims = s.byDimension?.map((d) => d.name) ?? [];
  const dir = await mkdtemp(join(tmpdir(), 'cobranza-parquet-'));
  try {
    await chmod(dir, 0o700);
    const csv = join(dir, 'findings.csv');
    const out = join(dir, 'findings.parquet');
    const rows = createFileSink(csv);
    for await (const r of result.records()) await rows.write(rowsOf(r, dims));
    await rows.close();
    await chmod(csv, 0o600);
    const columns = [...AUDIT_PARQUET_COLUMNS, ...dims.map((d) => [`dimension.${d}`, 'VARCHAR'] as const)];
    const instance = await duck.DuckDBInstance.create(':memory:', {
      memory_limit: MEMORY_LIMIT,
      threads: '1',
      temp_directory: join(dir, 'duckdb'),
      autoinstall_known_extensions: 'false',
      // The CSV's order is the log's: kept in the file.
      preserve_insertion_order: 'true',
    });
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'").catch(() => undefined);
      const spec = columns.map(([n, t]) => `${sqlString(n)}: ${sqlString(t)}`).join(', ');
      const metadata = {
        report: 'cobranza-compliance/audit-findings',
        formatVersion: String(s.formatVersion),
        generatedAt: s.generatedAt,
        source: JSON.stringify(s.source),
        ruleset: JSON.stringify(s.ruleset),
        options: JSON.stringify(s.options),
        provenance: JSON.stringify(s.provenance ?? null),
        accounting: JSON.stringify(s.accounting),
        totals: JSON.stringify(s.totals),
        ...(s.mapping !== undefined ? { mapping: JSON.stringify(s.mapping) } : {}),
      };
      const kv = Object.entries(metadata)
        .map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`)
        .join(', ');
      await connection.run(
        `COPY (SELECT * FROM read_csv(${sqlString(csv)}, header = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, columns = {${spec}}))
         TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd, KV_METADATA {${kv}})`,
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    // The file's bytes into the sink (the report file, written whole or not at all).
    const handle = await open(out, 'r');
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        await sink.writeBytes(Buffer.from(buf.subarray(0, bytesRead)));
      }
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The CSV rows of a record's findings (strings quoted, NULL an empty field unquoted). */
function rowsOf(r: AuditRecord, dims: readonly string[]): string {
  const d = r.decision;
  const unverified = new Set(r.unverified ?? []);
  const atMs = instantMs(r.at) ?? Date.parse(r.at);
  const nextMs = d.nextAllowedAt === null ? undefined : (instantMs(d.nextAllowedAt) ?? Date.parse(d.nextAllowedAt));
  let out = '';
  for (const f of [...d.violations, ...d.warnings]) {
    const cells: string[] = [
      String(r.line),
      q(f.severity === 'block' ? 'violation' : 'warning'),
      q(d.attemptId),
      q(r.debtorId),
      q(r.creditorId),
      q(r.country),
      q(r.channel),
      q(r.recipientRole),
      q(r.at),
      utc(atMs),
      q(d.context.localTime),
      q(d.context.timeZone),
      q(r.status),
      q(d.verdict),
      q(f.ruleId),
      q(f.category),
      q(f.severity),
      String(f.statutory),
      // Known only where the audit says (a record's `unverified` rule ids).
      r.status === undefined ? '' : String(unverified.has(f.ruleId)),
      q(d.nextAllowedAt),
      utc(nextMs),
      f.evidence?.earlierContact?.line === undefined ? '' : String(f.evidence.earlierContact.line),
      q(f.evidence?.earlierContact?.at ?? null),
      q(f.message),
      ...dims.map((k) => q(r.dimensions?.[k] ?? null)),
    ];
    out += `${cells.join(',')}\n`;
  }
  return out;
}

function q(v: string | null | undefined): string {
  return v === null || v === undefined ? '' : `"${v.replace(/"/g, '""')}"`;
}

function utc(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

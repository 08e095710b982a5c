import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFindingHeavyLog } from '../scripts/contactLogGenerator.js';
import { auditLog, createChecker, createFileSink, writeAuditReport } from '../src/index.js';

/**
 * Issue 20, item 3: the findings as Parquet through the optional DuckDB — one row per finding, flat
 * columns, in log order, the provenance in the file's key-value metadata; the same findings as the
 * JSON report's records.
 */
const work = mkdtempSync(join(tmpdir(), 'cc-parquet-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Duck {
  DuckDBInstance: {
    create(
      path: string,
    ): Promise<{ connect(): Promise<{ runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }> }> }>;
  };
}
async function duckdb(): Promise<Duck | undefined> {
  const name: string = '@duckdb/node-api';
  try {
    return (await import(name)) as Duck;
  } catch {
    return undefined;
  }
}
const duck = await duckdb();

describe('--format parquet', () => {
  it.skipIf(duck === undefined)(
    'one row per finding, in log order, with the provenance in the metadata (runs when @duckdb/node-api, an optional dependency, is installed)',
    async () => {
      const text = [...generateFindingHeavyLog({ seed: 5, debtors: { CO: 8, MX: 8, ES: 8 }, days: 6 })]
        .map((l) => l.text)
        .join('\n');
      const checker = createChecker();
      const result = await auditLog({ text, name: 'heavy.jsonl' }, { checker });
      const path = join(work, 'findings.parquet');
      const sink = createFileSink(path);
      await writeAuditReport(result, 'parquet', sink);
      await sink.close();
      const want: string[] = [];
      for await (const r of result.records())
        for (const f of [...r.decision.violations, ...r.decision.warnings])
          want.push(
            `${r.line} ${r.debtorId} ${f.ruleId} ${f.severity} ${f.evidence?.earlierContact?.line ?? '-'} ${f.message}`,
          );
      await result.dispose();
      expect(want.length).toBeGreaterThan(300);
      const c = await (await duck!.DuckDBInstance.create(':memory:')).connect();
      const rows = (
        await c.runAndReadAll(
          `SELECT line, debtorId, ruleId, severity, coalesce(earlierLine::VARCHAR, '-'), message FROM read_parquet('${path}')`,
        )
      )
        .getRows()
        .map((r) => r.map(String).join(' '));
      expect(rows).toEqual(want);
      const types = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`))
        .getRows()
        .map(([n, t]) => `${String(n)} ${String(t)}`);
      expect(types).toEqual(
        expect.arrayContaining(['line BIGINT', 'atUtc TIMESTAMP', 'statutory BOOLEAN', 'earlierLine BIGINT']),
      );
      const kv = new Map(
        (await c.runAndReadAll(`SELECT key::VARCHAR, decode(value) FROM parquet_kv_metadata('${path}')`))
          .getRows()
          .map(([k, v]) => [String(k), String(v)]),
      );
      expect(JSON.parse(kv.get('ruleset')!).version).toBe(checker.version);
      expect(JSON.parse(kv.get('provenance')!).rulesetVersion).toBe(checker.version);
      expect(JSON.parse(kv.get('source')!).name).toBe('heavy.jsonl');
    },
    120_000,
  );

  it('is refused to standard output (a binary file)', async () => {
    const result = await auditLog({ text: '' }, { checker: createChecker() });
    await expect(writeAuditReport(result, 'parquet', { write: () => undefined })).rejects.toThrow(
      /--out FILE\.parquet/,
    );
    await result.dispose();
  });
});

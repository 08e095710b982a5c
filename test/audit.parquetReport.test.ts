import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { type AuditReportFormat, auditLog, createChecker, writeAuditReport } from '../src/index.js';

/**
 * Issue 18, must show: a Parquet log with NULLs, written by DuckDB here, gives the REPORT of its JSON
 * Lines twin — every format, byte for byte, but for what names the file (its name, format, size, the
 * query DuckDB ran) and the generation time. A NULL is an absent field: the contract's default, never
 * a value, so a finding that read it is unverified in both.
 */
const dir = mkdtempSync(join(tmpdir(), 'cc-parquet-report-'));
const checker = createChecker();

const co = {
  channel: 'call',
  jurisdiction: { country: 'CO', region: 'CO-DC' },
  recipient: { role: 'debtor', identityVerified: true },
  content: { disclosesDebt: true },
  debt: { dueDate: '2026-01-15', amount: 1500.5 },
  debtor: { authorizedChannels: ['call', 'sms'] },
};
const mx = {
  channel: 'call',
  creditorType: 'financial',
  jurisdiction: { country: 'MX' },
  recipient: { role: 'debtor', identityVerified: true },
  content: { disclosesDebt: true },
  debt: { dueDate: '2026-01-15' },
};
// Columns missing from some records (NULL in Parquet): creditorId, outcome, debtor, content, region.
const records = [
  { ...co, id: 'a', debtorId: 'd1', at: '2026-03-02T09:00:00-05:00', outcome: 'connected', creditorId: 'bank' },
  { ...co, id: 'b', debtorId: 'd1', at: '2026-03-02T10:00:00-05:00', outcome: 'no_answer', creditorId: 'bank' }, // twice a day
  { ...co, id: 'c', debtorId: 'd2', at: '2026-03-02T20:30:00-05:00' }, // after hours
  { ...co, id: 'd', debtorId: 'd3', at: '2026-03-08T10:00:00-05:00' }, // a Sunday
  { ...mx, id: 'e', debtorId: 'm1', at: '2026-03-03T21:30:00-06:00' }, // outside hours in Cancún only: unverified
  { ...co, id: 'f', debtorId: 'd4', at: '2026-03-03T09:00:00-05:00', channel: 'fax' }, // rejected
  {
    id: 'g',
    debtorId: 'd5',
    at: '2026-03-03T09:30:00-05:00',
    channel: 'sms',
    jurisdiction: { country: 'CO' },
    recipient: { role: 'debtor' },
    debt: { dueDate: '2026-01-15' },
  },
];

async function reports(path: string): Promise<Record<AuditReportFormat, string>> {
  const result = await auditLog({ path }, { checker, now: () => new Date('2026-04-01T00:00:00Z') });
  const out = {} as Record<AuditReportFormat, string>;
  try {
    for (const f of ['json', 'csv', 'md', 'html'] as const) {
      out[f] = '';
      await writeAuditReport(result, f, {
        write: (t) => {
          out[f] += t;
        },
      });
    }
  } finally {
    await result.dispose();
  }
  return out;
}

/**
 * The report less what names the file it was read from, and less a rejected line's excerpt: "the line
 * as read" is the JSON text in one, the row's columns in the other (the line, field and reason agree).
 */
function unnamed(format: AuditReportFormat, text: string, name: string): string {
  if (format === 'json') {
    const { source: _s, rejected, ...rest } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify({
      ...rest,
      rejected: (rejected as Array<Record<string, unknown>>).map(({ excerpt: _e, ...r }) => r),
    });
  }
  return text
    .replace(/<td rowspan="\d+" class="excerpt">.*?<\/td>/g, '')
    .split('\n')
    .filter((l) => !l.includes(name))
    .join('\n');
}

describe('a Parquet log with NULLs gives the report of its JSON Lines twin', () => {
  it('JSON, CSV, Markdown and HTML', async () => {
    const jsonl = join(dir, 'month.jsonl');
    writeFileSync(jsonl, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const parquet = join(dir, 'month.parquet');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run(
      `COPY (SELECT * FROM read_json('${jsonl}', format = 'newline_delimited', timestampformat = 'DISABLED')) TO '${parquet}' (FORMAT parquet)`,
    );
    // The twin really holds NULLs where the JSON Lines record had no field.
    const nulls = await db.runAndReadAll(`SELECT count(*) FILTER (WHERE creditorId IS NULL) FROM '${parquet}'`);
    expect(Number(nulls.getRows()[0]![0])).toBe(5);
    db.closeSync();

    const a = await reports(jsonl);
    const b = await reports(parquet);
    expect(JSON.parse(b.json).source).toMatchObject({ name: 'month.parquet', format: 'parquet' });
    expect(b.csv).toBe(a.csv); // the CSV names no file: identical
    for (const f of ['json', 'md', 'html'] as const)
      expect(unnamed(f, b[f], 'month.parquet'), f).toBe(unnamed(f, a[f], 'month.jsonl'));
    // What the twins agree on is the audit of the records, gaps included.
    const s = JSON.parse(a.json);
    expect(s.totals).toMatchObject({ records: 6, delayed: 3, unverified: 1 });
    expect(s.accounting).toMatchObject({ records: 7, rejected: 1, balanced: true });
    expect(a.md).toContain('### What could not be judged, and why');
  });
});

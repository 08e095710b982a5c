import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  createChecker,
  createFileSink,
  DecisionSchema,
  expandAuditRecord,
  FindingSchema,
  writeAuditReport,
  type AuditRecordCompact,
  type AuditReportFormat,
  type AuditResult,
  type RecordTables,
} from '../src/index.js';
import { AUDIT_CSV_COLUMNS } from '../src/audit/writeAuditCsv.js';

/** The four reports carry the same facts; JSON and CSV are complete, Markdown and HTML cap the listing and say so. */
const checker = createChecker();
const base = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call', 'sms'] },
  outcome: 'connected',
};
// 30 debtors each called twice on a Monday (the second call breaks once_per_day), one warning, two bad lines.
const lines: string[] = [];
for (let i = 0; i < 30; i++) {
  lines.push(JSON.stringify({ ...base, id: `a${i}`, debtorId: `d${i}`, at: '2026-03-02T09:00:00-05:00' }));
  lines.push(JSON.stringify({ ...base, id: `b${i}`, debtorId: `d${i}`, at: '2026-03-02T14:00:00-05:00' }));
}
lines.splice(10, 0, '{"broken');
lines.push(
  JSON.stringify({
    ...base,
    id: 'w1',
    debtorId: 'dw',
    at: '2026-03-03T10:00:00-05:00',
    agent: 'ai',
    content: { aiDisclosed: false },
  }),
);
lines.push(
  JSON.stringify({
    ...base,
    id: 'x1',
    debtorId: '=HYPERLINK("http://evil")',
    at: '2026-03-03T10:00:00-05:00',
    recipient: { role: 'reference' },
    content: { disclosesDebt: false },
  }),
);
lines.push(JSON.stringify({ ...base, id: 'bad-at', debtorId: 'dz', at: '2026-03-03 10:00' }));

let result: AuditResult;
const dir = mkdtempSync(join(tmpdir(), 'cc-reports-'));
const reports: Partial<Record<AuditReportFormat, string>> = {};
beforeAll(async () => {
  result = await auditLog(
    { text: lines.join('\n'), name: 'month.jsonl' },
    { checker, now: () => new Date('2026-04-01T09:00:00Z') },
  );
  for (const f of ['json', 'csv', 'md', 'html'] as const) {
    const path = join(dir, `r.${f}`);
    const sink = createFileSink(path);
    await writeAuditReport(result, f, sink, { maxListed: 5 });
    await sink.close();
    reports[f] = readFileSync(path, 'utf8');
  }
});
afterAll(async () => {
  await result.dispose();
});

describe('JSON report', () => {
  it('is one JSON document: the summary, every rejected line and every record with a finding', () => {
    const j = JSON.parse(reports.json!) as Record<string, unknown> &
      RecordTables & {
        records: AuditRecordCompact[];
        rejected: Array<{ line: number }>;
      };
    expect(j).toMatchObject({
      report: 'cobranza-compliance/audit',
      formatVersion: 2,
      generatedAt: '2026-04-01T09:00:00.000Z',
      source: { name: 'month.jsonl', format: 'jsonl' },
    });
    expect(j['accounting']).toMatchObject({ records: 64, evaluated: 62, rejected: 2, balanced: true });
    expect(j.rejected.map((r) => r.line)).toEqual([11, 64]);
    expect(j.records).toHaveLength(32); // 30 second calls, the warning, the reference
    expect(j.records.map((r) => r.line)).toEqual([...j.records.map((r) => r.line)].sort((a, b) => a - b));
    for (const r of j.records)
      expect(DecisionSchema.omit({ ruleset: true }).safeParse(expandAuditRecord(r, j).decision).success).toBe(true);
    expect(j['byRule']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'co.ley2300.art3.once_per_day', records: 30, statutory: true, firstLine: 2 }),
      ]),
    );
    // The JSON report's summary is the summary object: nothing lost or renamed.
    const { records: _x, rejected: _y, ...summary } = j;
    expect(summary).toEqual(JSON.parse(JSON.stringify(result.summary)));
  });

  it('keeps one item per line (grep-able), heat-map rows on one line', () => {
    const itemLines = reports.json!.split('\n').filter((l) => l.startsWith('    {"line":'));
    expect(itemLines).toHaveLength(34);
    expect(reports.json!).toContain('[0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0]');
  });
});

describe('CSV report', () => {
  it('has one row per finding and one per reason of a rejected line, in log order', () => {
    const rows = parse(reports.csv!, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...AUDIT_CSV_COLUMNS]);
    const kinds = rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'violation')).toHaveLength(30 + 1);
    expect(kinds.filter((k) => k === 'warning')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'rejected')).toHaveLength(2);
    expect(rows.map((r) => Number(r.line))).toEqual(rows.map((r) => Number(r.line)).sort((a, b) => a - b));
    const first = rows.find((r) => r.kind === 'violation')!;
    expect(first).toMatchObject({
      line: '2',
      attemptId: 'b0',
      debtorId: 'd0',
      country: 'CO',
      verdict: 'delay',
      nextAllowedAt: '2026-03-03T07:00:00-05:00',
      ruleId: 'co.ley2300.art3.once_per_day',
      category: 'frequency',
      severity: 'block',
      statutory: 'true',
      localTime: '2026-03-02T14:00',
    });
    expect(
      FindingSchema.shape.citation.safeParse({ instrument: first.instrument, article: first.article, url: first.url })
        .success,
    ).toBe(true);
    expect(rows.find((r) => r.kind === 'rejected' && r.line === '64')).toMatchObject({
      field: 'at',
      code: 'invalid_format',
    });
  });

  it('neutralizes cells a spreadsheet would run as formulas', () => {
    const rows = parse(reports.csv!, { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.attemptId === 'x1')?.debtorId).toBe('\'=HYPERLINK("http://evil")');
  });
});

describe('Markdown and HTML reports', () => {
  it('Markdown: totals, accounting, rules with citations, the capped listing and where the rest is', () => {
    const md = reports.md!;
    expect(md).toMatch(/^# Contact-log audit/);
    expect(md).toContain(
      '**Accounting** (balanced ✓): 64 lines = 0 header + 0 blank + 64 record lines; 64 records = 62 judged + 2 rejected.',
    );
    expect(md).toMatch(/\| `co\.ley2300\.art3\.once_per_day` \| \*\*law\*\* \| frequency \| 30 \|/);
    expect(md).toContain('## Warnings by rule');
    expect(md).toContain(
      'Showing the first 5 of 31 records not allowed, in log order. The complete list is in the JSON or CSV report',
    );
    expect(md.match(/^\| \d+ \| b\d+ \|/gm)).toHaveLength(5);
    expect(md).toMatch(/\| 11 \| `\(line\)` \| invalid_json \|/);
  });

  it('HTML: one self-contained file — no script, no external resource — with charts and a print style', () => {
    const html = reports.html!;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|<iframe/i);
    const external = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(external.every((u) => /^https?:\/\//.test(u))).toBe(true); // only citation links, which are not loaded
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).toContain('<svg');
    expect(html).toContain('@media print');
    expect(html).toContain('@page{size:A4 landscape');
    expect(html).toContain('Showing the first 5 of 31 records not allowed');
    expect(html).toContain('Accounting ✓ balanced');
    // Data from the log is escaped.
    expect(html).toContain('=HYPERLINK(&quot;http://evil&quot;)');
    expect(html).not.toContain('=HYPERLINK("http://evil")');
  });

  it('HTML heat map: the 30 second calls sit on Monday at 14:00 local', () => {
    expect(result.summary.heatmap.notAllowed[0]![14]).toBe(30);
    expect(reports.html!).toContain('title="Mon 14:00–14:59 · 30 not allowed of 30"');
  });
});

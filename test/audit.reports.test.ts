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
  writeAuditRejectedCsv,
} from '../src/index.js';
import { AUDIT_CSV_COLUMNS, AUDIT_REJECTED_CSV_COLUMNS } from '../src/audit/writeAuditCsv.js';

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
    // Each record's status in the audit beside check's decision (proven: the log says everything they read).
    expect(j.records.map((r) => r.status).sort()).toEqual([...Array(30).fill('delayed'), 'allowed', 'blocked'].sort());
    expect(j['totals']).toMatchObject({
      delayed: 30,
      blocked: 1,
      unverified: 0,
      violations: 31,
      unverifiedViolations: 0,
    });
    for (const r of j.records)
      expect(DecisionSchema.omit({ ruleset: true }).safeParse(expandAuditRecord(r, j).decision).success).toBe(true);
    expect(j['byRule']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'co.ley2300.art3.once_per_day',
          records: 30,
          proven: 30,
          unverified: 0,
          statutory: true,
          firstLine: 2,
        }),
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
  it('is one header row and one row per finding, in log order: nothing else', () => {
    const rows = parse(reports.csv!, { columns: true }) as Array<Record<string, string>>;
    expect(reports.csv!.split('\r\n')[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(Object.keys(rows[0]!)).toEqual([...AUDIT_CSV_COLUMNS]);
    const kinds = rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'violation')).toHaveLength(30 + 1);
    expect(kinds.filter((k) => k === 'warning')).toHaveLength(1);
    expect(rows).toHaveLength(32); // no rejected, provenance or notice rows
    expect(rows.map((r) => Number(r.line))).toEqual(rows.map((r) => Number(r.line)).sort((a, b) => a - b));
    const first = rows.find((r) => r.kind === 'violation')!;
    expect(first).toMatchObject({
      line: '2',
      attemptId: 'b0',
      debtorId: 'd0',
      country: 'CO',
      status: 'delayed',
      verdict: 'delay',
      nextAllowedAt: '2026-03-03T07:00:00-05:00',
      ruleId: 'co.ley2300.art3.once_per_day',
      category: 'frequency',
      severity: 'block',
      statutory: 'true',
      proven: 'true',
      defaulted: '',
      onlyInZones: '',
      localTime: '2026-03-02T14:00',
    });
    expect(
      FindingSchema.shape.citation.safeParse({ instrument: first.instrument, article: first.article, url: first.url })
        .success,
    ).toBe(true);
  });

  it('the rejected lines go beside it: one row per reason, with the line as read', async () => {
    let text = '';
    await writeAuditRejectedCsv(result, {
      write: (t) => {
        text += t;
      },
    });
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...AUDIT_REJECTED_CSV_COLUMNS]);
    expect(rows.map((r) => r.line)).toEqual(['11', '64']);
    expect(rows.find((r) => r.line === '64')).toMatchObject({ field: 'at', code: 'invalid_format' });
    expect(rows.find((r) => r.line === '64')!.excerpt).toMatch(/^\{"channel":"call",/);
  });

  it('neutralizes cells a spreadsheet would run as formulas', () => {
    const rows = parse(reports.csv!, { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.attemptId === 'x1')?.debtorId).toBe('\'=HYPERLINK("http://evil")');
  });
});

describe('Markdown and HTML reports', () => {
  it('Markdown: the answer first, rules with citations, the capped listing worst first, provenance and accounting at the end', () => {
    const md = reports.md!;
    expect(md).toMatch(/^# Contact-log audit/);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings[0]).toBe('## The answer');
    expect(headings.slice(-2)).toEqual(['## How this report was produced', '## Method']);
    expect(md).toContain(
      '**Accounting** (balanced ✓): 64 lines = 0 header + 0 blank + 64 record lines; 64 records = 62 judged + 2 rejected.',
    );
    expect(md.indexOf('**Accounting**')).toBeGreaterThan(md.indexOf('## How this report was produced'));
    expect(md).toContain(
      '**31 of the 62 contacts judged broke a rule that the log proves (31 violations of 2 rules).**',
    );
    expect(md).toMatch(
      /\| \[`co\.ley2300\.art3\.once_per_day`\]\(#rule-co\.ley2300\.art3\.once_per_day\) \| \[law\]\(http[^)]+\) \| 30 \| 0 \|/,
    );
    expect(md).toMatch(
      /\| <a id="rule-co\.ley2300\.art3\.once_per_day"><\/a>`co\.ley2300\.art3\.once_per_day` \| \*\*law\*\* \| frequency \| 30 \| 0 \|/,
    );
    expect(md).toContain('## Warnings by rule');
    expect(md).toContain('Showing the first 5 of 31. The complete list, in log order, is in the JSON or CSV report');
    // Worst first: the record not allowed (the reference), then four made at a time not allowed, by time.
    const listed = [...md.matchAll(/^\| (\d+) \| (\w+) \|/gm)].map((m) => m[2]);
    expect(listed).toEqual(['x1', 'b0', 'b1', 'b2', 'b3']);
    expect(md).toMatch(/\| 11 \| `\(line\)` \| invalid_json \|/);
  });

  it('HTML: one self-contained file — no script, no external resource — with charts and a print style', () => {
    const html = reports.html!;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|<iframe/i);
    const external = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    // Only citation links (not loaded) and links to the report's own table of rules.
    expect(external.every((u) => /^https?:\/\//.test(u) || /^#rule-[a-z0-9_.]+$/.test(u))).toBe(true);
    expect(external.some((u) => u.startsWith('#rule-'))).toBe(true);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).toContain('<svg');
    expect(html).toContain('@media print');
    expect(html).toContain('@page{size:A4 landscape');
    expect(html).toContain('Showing the first 5 of 31.');
    expect(html).toContain('Accounting balanced ✓');
    // The answer is the first section; how the report was produced is at the end.
    const ids = [...html.matchAll(/<section class="card[^"]*" id="(\w+)"/g)].map((m) => m[1]);
    expect(ids[0]).toBe('answer');
    expect(ids.slice(-2)).toEqual(['provenance', 'method']);
    // Data from the log is escaped.
    expect(html).toContain('=HYPERLINK(&quot;http://evil&quot;)');
    expect(html).not.toContain('=HYPERLINK("http://evil")');
  });

  it('HTML heat map: the 30 second calls sit on Monday at 14:00 local', () => {
    expect(result.summary.heatmap.notAllowed[0]![14]).toBe(30);
    expect(reports.html!).toContain('title="Mon 14:00–14:59 · 30 not allowed of 30"');
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  createChecker,
  writeAuditReport,
  type AuditInput,
  type AuditOptions,
  type Checker,
} from '../src/index.js';
import { generateContactLog } from '../scripts/contactLogGenerator.js';

/**
 * Issue 9 item 6: buckets are judged on worker threads, by the same code as in the audit's own
 * thread, and the report is the same whatever the number of workers — byte for byte (the clock is
 * fixed): records and rejections merged in log order from every worker's files, tallies merged from
 * every worker's counters. Under vitest the workers run the TypeScript sources (through tsx).
 */
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'cc-workers-'));
const NOW = (): Date => new Date('2026-04-01T00:00:00Z');

async function jsonReport(input: AuditInput, options: Omit<AuditOptions, 'now'>): Promise<string> {
  const result = await auditLog(input, { ...options, now: NOW });
  try {
    let text = '';
    await writeAuditReport(result, 'json', {
      write: (t) => {
        text += t;
      },
    });
    return text;
  } finally {
    await result.dispose();
  }
}

/** The same log with 0 (this thread), 1 and 2 workers: one report. */
async function expectSameReport(
  input: AuditInput,
  options: Omit<AuditOptions, 'now' | 'workers'>,
  counts: readonly number[] = [0, 1, 2],
): Promise<string> {
  const reports = [];
  for (const workers of counts) reports.push(await jsonReport(input, { ...options, workers }));
  for (let i = 1; i < reports.length; i++) expect(reports[i], `${counts[i]} workers`).toBe(reports[0]);
  return reports[0]!;
}

// The generated log of the examples, denser and with planted violations and malformed lines.
const { lines } = generateContactLog({ seed: 11, debtors: { CO: 60, MX: 40, ES: 40 }, days: 31, planted: true });
const logText = `${[...lines].map((l) => l.text).join('\n')}\n`;
const logPath = join(dir, 'log.jsonl');
writeFileSync(logPath, logText);

describe('the report does not depend on the number of workers', () => {
  const checker = createChecker();

  it('a JSON Lines file in many buckets: 0, 1 and 2 workers give the same bytes', async () => {
    // Small buckets: many of them, shared out among the workers in whatever order they finish.
    const report = await expectSameReport({ path: logPath }, { checker, bucketBytes: 20_000 });
    const parsed = JSON.parse(report) as {
      accounting: { records: number; rejected: number; balanced: boolean };
      records: unknown[];
      topDebtors: unknown[];
      rejectedBy: unknown[];
    };
    expect(parsed.accounting.balanced).toBe(true);
    expect(parsed.accounting.rejected).toBeGreaterThan(0);
    expect(parsed.records.length).toBeGreaterThan(100);
    expect(parsed.topDebtors.length).toBe(20);
  }, 120_000);

  it('text given in memory, and the example CSV log', async () => {
    await expectSameReport({ text: logText }, { checker, bucketBytes: 50_000 }, [0, 2]);
    await expectSameReport(
      { path: join(root, 'examples', 'contact-log.csv') },
      { checker, bucketBytes: 2_000 },
      [0, 2],
    );
  }, 120_000);

  it('a checker built with options: the workers build the same one (language, readings, overrides)', async () => {
    const custom: Checker = createChecker({
      language: 'es',
      frequency: { directContact: 'two_way', week: 'calendar' },
      ruleOverrides: {
        'mx.policy.attempts_per_day': { severity: 'block' },
        'es.policy.frequency.attempts_per_7_days': { enabled: false },
      },
    });
    const report = await expectSameReport({ path: logPath }, { checker: custom, bucketBytes: 30_000 }, [0, 2]);
    expect(report).toContain('"attemptId"');
    expect(report).toContain('[Política, no ley]');
  }, 120_000);

  it('--record-history merge', async () => {
    const withHistory = [...lines]
      .map((l, i) =>
        l.record && i % 5 === 0
          ? JSON.stringify({
              ...l.record,
              history: [
                { at: '2026-02-27T10:00:00-05:00', channel: 'call', outcome: 'connected' },
                { at: l.record['at'], channel: l.record['channel'] },
              ],
            })
          : l.text,
      )
      .join('\n');
    const path = join(dir, 'history.jsonl');
    writeFileSync(path, withHistory);
    const report = await expectSameReport({ path }, { checker, bucketBytes: 40_000, recordHistory: 'merge' }, [0, 2]);
    expect(report).toMatch(/record\(s\) carried a history field of their own: its entries were added/);
  }, 120_000);

  it('a debtor too large for a bucket is judged whole on a worker of its own, with the same result', async () => {
    const one = readFileSync(join(root, 'examples', 'contact-log.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"D-CO-'))
      .map((l) => l.replace(/"debtorId":"[^"]*"/, '"debtorId":"D-ONE"'));
    const path = join(dir, 'one.jsonl');
    writeFileSync(path, [...one, ...logText.split('\n').slice(0, 300)].join('\n'));
    // The one debtor's records are far over 4 buckets' worth: they cannot be split.
    expect(one.join('\n').length).toBeGreaterThan(4 * 20_000);
    await expectSameReport({ path }, { checker, bucketBytes: 20_000 }, [0, 2]);
  }, 120_000);

  it('the workers option is a whole number ≥ 0', async () => {
    await expect(auditLog({ text: '' }, { checker, workers: -1 })).rejects.toThrow(/workers must be a whole number/);
    await expect(auditLog({ text: '' }, { checker, workers: 1.5 })).rejects.toThrow(/workers must be a whole number/);
  });
});

describe('a mapped export with dimensions (issue 18): the same report with 0, 1 and 2 workers', () => {
  it('records carry their dimensions; breakdowns by agent, campaign and creditor merge to the same bytes', async () => {
    const { exampleMapping, exportText, row, windows1252 } = await import('./_lib/dialerExport.js');
    const rows = Array.from({ length: 400 }, (_, i) =>
      row({
        id: `G-${i}`,
        cedula: String(10_000_000 + (i % 150)),
        fecha: `${String(2 + (i % 20)).padStart(2, '0')}/03/2026`,
        hora: `${String(6 + (i % 16)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00`,
        canal: ['Llamada', 'WhatsApp', 'SMS', 'Correo'][i % 4]!,
        resultado: ['Contestó', 'Entregado', 'Entregado', 'Entregado'][i % 4]!,
        agente: `Agente ${i % 23}`,
        campana: i % 41 === 0 ? '' : `Campaña ${i % 3}`,
        ...(i % 97 === 0 ? { canal: 'Fax' } : {}),
      }),
    );
    const path = join(dir, 'export.csv');
    writeFileSync(path, windows1252(exportText(rows)));
    const report = await expectSameReport(
      { path },
      { checker: createChecker(), bucketBytes: 20_000, mapping: exampleMapping as never, mappingName: 'mapping.json' },
    );
    const parsed = JSON.parse(report) as {
      accounting: { rejected: number; balanced: boolean };
      byDimension: Array<{ name: string; values: Array<{ value: string | null }> }>;
      records: Array<{ dimensions: Record<string, string | null> }>;
    };
    expect(parsed.accounting.balanced).toBe(true);
    expect(parsed.accounting.rejected).toBe(5);
    expect(parsed.byDimension[0]!.values).toHaveLength(23);
    expect(parsed.byDimension[1]!.values.map((v) => v.value)).toContain(null);
    expect(parsed.records.every((r) => typeof r.dimensions['agent'] === 'string')).toBe(true);
  }, 120_000);
});

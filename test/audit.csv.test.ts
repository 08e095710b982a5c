import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AttemptSchema,
  auditLog,
  createChecker,
  csvColumns,
  InputError,
  type AuditRecord,
  type AuditRejection,
  type AuditSummary,
} from '../src/index.js';
import { csvHeader, csvRowToInput } from '../src/audit/csvColumns.js';
import { withoutEvidenceLines } from './_lib/withoutEvidenceLines.js';

/** The CSV mapping: dotted headers, `|` lists, booleans, JSON cells; bad rows rejected by line, bad headers fatal. */
const checker = createChecker();
const root = join(import.meta.dirname, '..');

async function audit(
  text: string,
  format?: 'csv' | 'jsonl',
): Promise<{ summary: AuditSummary; records: AuditRecord[]; rejections: AuditRejection[] }> {
  const result = await auditLog({ text, ...(format ? { format } : {}) }, { checker });
  const records: AuditRecord[] = [];
  for await (const r of result.records()) records.push(r);
  const rejections: AuditRejection[] = [];
  for await (const r of result.rejections()) rejections.push(r);
  await result.dispose();
  return { summary: result.summary, records, rejections };
}

const header =
  'id,at,channel,debtorId,jurisdiction.country,recipient.role,recipient.identityVerified,debt.dueDate,debt.amount,debtor.authorizedChannels,debtor.requestedWindows,outcome';
const windows = '"[{""weekdays"":[6],""from"":""15:00"",""to"":""17:00"",""requestedOn"":""2026-02-01""}]"';

describe('CSV columns', () => {
  it('are every leaf field of the attempt schema, by dotted path', () => {
    const names = csvColumns.map((c) => c.name);
    expect(names).toContain('jurisdiction.country');
    expect(names).toContain('debtor.authorizedChannels');
    expect(csvColumns.find((c) => c.name === 'debtor.authorizedChannels')?.kind).toBe('list');
    expect(csvColumns.find((c) => c.name === 'debtor.requestedWindows')?.kind).toBe('json');
    expect(csvColumns.find((c) => c.name === 'recipient.identityVerified')?.kind).toBe('boolean');
    expect(csvColumns.find((c) => c.name === 'debt.amount')?.kind).toBe('number');
    expect(
      csvColumns
        .filter((c) => c.required)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['at', 'channel', 'debt.dueDate', 'debtorId', 'jurisdiction.country', 'recipient.role']);
    // Every top-level key of the schema is reachable from some column.
    expect(new Set(csvColumns.map((c) => c.path[0]))).toEqual(new Set(Object.keys(AttemptSchema.shape)));
  });

  it('a row becomes the attempt it stands for; empty cells are absent fields', () => {
    const cols = csvHeader(header.split(','));
    const { input, issues } = csvRowToInput(cols, [
      'a1',
      '2026-03-02T10:00:00-05:00',
      'call',
      'd1',
      'CO',
      'debtor',
      'TRUE',
      '2026-01-15',
      '1250000.50',
      'call| sms',
      '',
      'connected',
    ]);
    expect(issues).toEqual([]);
    expect(input).toEqual({
      id: 'a1',
      at: '2026-03-02T10:00:00-05:00',
      channel: 'call',
      debtorId: 'd1',
      jurisdiction: { country: 'CO' },
      recipient: { role: 'debtor', identityVerified: true },
      debt: { dueDate: '2026-01-15', amount: 1250000.5 },
      debtor: { authorizedChannels: ['call', 'sms'] },
      outcome: 'connected',
    });
  });

  it('cells that cannot be converted are named by field', () => {
    const cols = csvHeader(header.split(','));
    const { issues } = csvRowToInput(cols, [
      'a1',
      '2026-03-02T10:00:00-05:00',
      'call',
      'd1',
      'CO',
      'debtor',
      'yes',
      '2026-01-15',
      '1.250.000',
      '',
      '[{',
      '',
    ]);
    expect(issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'recipient.identityVerified:invalid_boolean',
      'debt.amount:invalid_number',
      'debtor.requestedWindows:invalid_json',
    ]);
  });

  it('a header that cannot be read is an error for the whole file, every problem named', () => {
    expect(() => csvHeader(['at', 'chanel', 'at', 'debtorId', 'recipient.role', 'debt.dueDate'])).toThrow(InputError);
    try {
      csvHeader(['at', 'chanel', 'at', 'debtorId', 'recipient.role', 'debt.dueDate']);
    } catch (e) {
      expect((e as InputError).issues.map((i) => `${i.path}:${i.code}`)).toEqual([
        'header column 2:unknown_column',
        'header column 3:duplicate_column',
        'header:missing_column',
        'header:missing_column',
      ]);
      expect((e as InputError).message).toMatch(/required column "channel" is missing/);
    }
  });
});

describe('audit of a CSV log', () => {
  const rows = [
    header,
    `c1,2026-03-07T16:00:00-05:00,call,d1,CO,debtor,true,2026-01-15,100,call|sms,${windows},connected`, // Saturday 16:00, inside the debtor's requested window
    `c2,2026-03-07T17:30:00-05:00,call,d1,CO,debtor,true,2026-01-15,100,call|sms,${windows},connected`, // second call that day, after the window
    'c3,2026-03-09T10:00:00-05:00,call,d2,CO,debtor,maybe,2026-01-15,100,call,,connected', // bad boolean
    '',
    'c4,2026-03-09T10:00:00-05:00,call,d3,CO,debtor,true,2026-01-15,100,call', // short row
    '"c5","2026-03-09T11:00:00-05:00","call","d4","CO","debtor","true","2026-01-15","100","call|whatsapp","","connected"',
    'c6,2026-03-09T12:00:00-05:00,sms,d4,CO,debtor,false,2026-01-15,100,"call|',
    'whatsapp",,delivered', // a quoted list that spans two lines (CRLF inside the quotes): one record, starting on line 8
    'c7,2026-03-09T19:30:00-05:00,call,d5,CO,debtor,true,2026-01-15,100,call,,connected',
  ];
  const text = `${rows.join('\r\n')}\r\n`;

  it('judges the good rows, rejects the bad ones by line and field, accounts for every line', async () => {
    const { summary, records, rejections } = await audit(text);
    expect(summary.source.format).toBe('csv');
    expect(rejections.map((r) => [r.line, r.issues.map((i) => `${i.path}:${i.code}`)])).toEqual([
      [4, ['recipient.identityVerified:invalid_boolean']],
      [6, ['(row):column_count']],
    ]);
    expect(summary.accounting).toEqual({
      lines: 10,
      headerLines: 1,
      blankLines: 1,
      recordLines: 8,
      records: 7,
      evaluated: 5,
      rejected: 2,
      balanced: true,
      recordsWithHistoryField: 0,
    });
    expect(
      Object.fromEntries(
        records
          .filter((r) => r.decision.violations.length)
          .map((r) => [r.decision.attemptId, [r.line, r.decision.violations.map((v) => v.ruleId)]]),
      ),
    ).toEqual({
      c2: [3, ['co.ley2300.art3.hours.saturday', 'co.ley2300.art3.once_per_day']],
      c6: [
        8,
        ['co.ley2300.art3.once_per_day', 'co.ley2300.art3.one_channel_per_week', 'co.ley2300.art2.authorized_channel'],
      ],
      c7: [10, ['co.ley2300.art3.hours.weekday']],
    });
  });

  it('gives the same decisions as the same records in JSON Lines', async () => {
    const cols = csvHeader(header.split(','));
    const good = [rows[1]!, rows[2]!, rows[6]!, `${rows[7]!}\n${rows[8]!}`, rows[9]!];
    const { parse } = await import('csv-parse/sync');
    const jsonl = good
      .map((r) => JSON.stringify(csvRowToInput(cols, (parse(r, { relax_quotes: true }) as string[][])[0]!).input))
      .join('\n');
    const fromCsv = await audit(text);
    const fromJsonl = await audit(jsonl);
    // The two logs number their lines apart: an earlier contact's line is not compared.
    const strip = (rs: AuditRecord[]) =>
      rs.map((r) => ({ id: r.decision.attemptId, decision: withoutEvidenceLines(r.decision) }));
    expect(strip(fromJsonl.records)).toEqual(strip(fromCsv.records));
  });

  it('an unclosed quote is one rejected record at the line it starts; the records before it are judged', async () => {
    const bad = [
      header,
      rows[1],
      'c9,2026-03-09T10:00:00-05:00,call,"d9,CO,debtor,true,2026-01-15,100,call,,connected',
      rows[9],
    ].join('\n');
    const { summary, rejections } = await audit(bad);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.line).toBe(3);
    expect(rejections[0]!.issues[0]!.code).toBe('csv_quote_not_closed');
    expect(summary.accounting).toMatchObject({ records: 2, evaluated: 1, rejected: 1, balanced: true });
  });

  it('a bad header stops the audit with an InputError naming the column', async () => {
    await expect(audit('at,chanel\n2026-03-02T10:00:00Z,call\n', 'csv')).rejects.toThrow(/"chanel" is not a field/);
  });

  it('examples/contact-log.csv reads without a rejection and agrees with the same records in the JSON Lines log', async () => {
    const text = readFileSync(join(root, 'examples', 'contact-log.csv'), 'utf8');
    const csv = await audit(text);
    expect(csv.summary.accounting).toMatchObject({ rejected: 0, balanced: true, headerLines: 1 });
    expect(csv.summary.accounting.evaluated).toBeGreaterThanOrEqual(18);
    const ids = new Set(
      text
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    );
    expect(ids.size).toBe(csv.summary.accounting.evaluated);
    const jsonl = readFileSync(join(root, 'examples', 'contact-log.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => [...ids].some((id) => l.includes(`"id":"${id}"`)));
    const again = await audit(jsonl.join('\n'));
    expect(withoutEvidenceLines(again.records.map((r) => r.decision))).toEqual(
      withoutEvidenceLines(csv.records.map((r) => r.decision)),
    );
    expect(
      csv.records.some((r) => r.decision.violations.some((v) => v.ruleId === 'co.ley2300.art3.once_per_day')),
    ).toBe(true);
  });
});

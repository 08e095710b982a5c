import { describe, expect, it } from 'vitest';
import {
  auditLog,
  createChecker,
  type AuditRecord,
  type AuditRejection,
  type AuditResult,
  type AuditSummary,
} from '../src/index.js';

/** The audit's core: planted violations found exactly, every record accounted for, out-of-order input. */
const checker = createChecker();

const base = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call', 'sms'] },
  outcome: 'connected',
};
const rec = (
  id: string,
  debtorId: string,
  at: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> => ({ ...base, id, debtorId, at, ...over });

async function run(
  lines: ReadonlyArray<Record<string, unknown> | string>,
  options: Partial<Parameters<typeof auditLog>[1]> = {},
): Promise<{
  summary: AuditSummary;
  records: AuditRecord[];
  rejections: AuditRejection[];
}> {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  const result: AuditResult = await auditLog({ text }, { checker, ...options });
  try {
    const records: AuditRecord[] = [];
    for await (const r of result.records()) records.push(r);
    const rejections: AuditRejection[] = [];
    for await (const r of result.rejections()) rejections.push(r);
    return { summary: result.summary, records, rejections };
  } finally {
    await result.dispose();
  }
}

const violationsById = (records: readonly AuditRecord[]): Record<string, string[]> =>
  Object.fromEntries(
    records
      .filter((r) => r.decision.violations.length > 0)
      .map((r) => [r.decision.attemptId!, r.decision.violations.map((v) => v.ruleId).sort()]),
  );
const countsByRule = (s: AuditSummary): Record<string, number> =>
  Object.fromEntries(s.byRule.map((r) => [r.ruleId, r.records]));

// A small log with one planted violation of each kind; the frequency ones exist only across records.
const planted = [
  rec('d1-mon-0900', 'd1', '2026-03-02T09:00:00-05:00', {
    outcome: 'no_answer',
    recipient: { role: 'debtor' },
    content: { disclosesDebt: false },
  }),
  rec('d1-mon-1500', 'd1', '2026-03-02T15:00:00-05:00'), // second call the same day
  rec('d1-wed-sms', 'd1', '2026-03-04T10:00:00-05:00', {
    channel: 'sms',
    outcome: 'delivered',
    content: { disclosesDebt: false },
  }), // second channel in the week
  rec('d1-thu-call', 'd1', '2026-03-12T10:00:00-05:00'), // 8 days after the SMS: clean again
  rec('d2-mon-0900', 'd2', '2026-03-02T09:00:00-05:00'), // another debtor the same day: no frequency issue
  rec('d3-late', 'd3', '2026-03-03T19:30:00-05:00'),
  rec('d4-sunday', 'd4', '2026-03-08T10:00:00-05:00'),
  rec('d5-reference', 'd5', '2026-03-05T10:00:00-05:00', {
    recipient: { role: 'reference' },
    content: { disclosesDebt: false },
  }),
  rec('d6-festivo', 'd6', '2026-03-23T10:00:00-05:00'),
  rec('d7-bank', 'd7', '2026-03-05T09:00:00-05:00', { creditorId: 'bank' }),
  rec('d7-store', 'd7', '2026-03-05T11:00:00-05:00', { creditorId: 'store' }), // another creditor: its own counters
  rec('d7-bank-again', 'd7', '2026-03-05T16:00:00-05:00', { creditorId: 'bank' }),
];
const expected = {
  'd1-mon-1500': ['co.ley2300.art3.once_per_day'],
  'd1-wed-sms': ['co.ley2300.art3.one_channel_per_week'],
  'd3-late': ['co.ley2300.art3.hours.weekday'],
  'd4-sunday': ['co.ley2300.art3.sunday'],
  'd5-reference': ['co.ley2300.art4.no_references'],
  'd6-festivo': ['co.ley2300.art3.festivo'],
  'd7-bank-again': ['co.ley2300.art3.once_per_day'],
};

describe('audit: planted violations', () => {
  it('finds exactly the planted violations, by record and by rule', async () => {
    const { summary, records } = await run(planted);
    expect(violationsById(records)).toEqual(expected);
    expect(countsByRule(summary)).toEqual({
      'co.ley2300.art3.once_per_day': 2,
      'co.ley2300.art3.one_channel_per_week': 1,
      'co.ley2300.art3.hours.weekday': 1,
      'co.ley2300.art3.sunday': 1,
      'co.ley2300.art4.no_references': 1,
      'co.ley2300.art3.festivo': 1,
    });
    expect(summary.totals).toMatchObject({
      records: 12,
      debtors: 7,
      allowed: 5,
      delayed: 6,
      blocked: 1,
      notAllowed: 7,
      violations: 7,
    });
    expect(summary.byCategory).toEqual([
      { category: 'hours', violations: 2, unverified: 0, warnings: 0 },
      { category: 'holiday', violations: 1, unverified: 0, warnings: 0 },
      { category: 'frequency', violations: 3, unverified: 0, warnings: 0 },
      { category: 'third_party', violations: 1, unverified: 0, warnings: 0 },
    ]);
  });

  it('the second call of a day is flagged once_per_day, with nextAllowedAt the next morning', async () => {
    const { records } = await run(planted.slice(0, 2));
    expect(records).toHaveLength(1);
    const r = records[0]!;
    expect(r).toMatchObject({
      line: 2,
      debtorId: 'd1',
      country: 'CO',
      channel: 'call',
      at: '2026-03-02T15:00:00-05:00',
    });
    expect(r.decision).toMatchObject({
      attemptId: 'd1-mon-1500',
      verdict: 'delay',
      nextAllowedAt: '2026-03-03T07:00:00-05:00',
    });
    expect(r.decision.violations.map((v) => v.ruleId)).toEqual(['co.ley2300.art3.once_per_day']);
    expect(r.decision.context.localTime).toBe('2026-03-02T15:00');
    // Item 7: the finding names the earlier contact that made the count, with its line in the log.
    expect(r.decision.violations[0]!.evidence?.earlierContact).toEqual({
      at: '2026-03-02T09:00:00-05:00',
      channel: 'call',
      outcome: 'no_answer',
      line: 1,
    });
  });

  it('every frequency finding names its earlier contact by line, a record of the same debtor and creditor before it', async () => {
    const { records } = await run(planted);
    const frequency = records.flatMap((r) =>
      r.decision.violations.filter((v) => v.category === 'frequency').map((v) => ({ r, v })),
    );
    expect(frequency.length).toBeGreaterThanOrEqual(3);
    for (const { r, v } of frequency) {
      const c = v.evidence?.earlierContact;
      expect(c?.line, `${r.decision.attemptId} ${v.ruleId}`).toBeTypeOf('number');
      const earlier = planted[c!.line! - 1]!;
      expect(earlier['debtorId']).toBe(r.debtorId);
      expect(earlier['creditorId'] ?? null).toBe(r.creditorId);
      expect(earlier['at']).toBe(c!.at);
      expect(earlier['channel'] ?? base.channel).toBe(c!.channel);
      expect(Date.parse(c!.at)).toBeLessThanOrEqual(Date.parse(r.at));
    }
  });

  it('out-of-order input gives the same findings (lines follow the input)', async () => {
    const inOrder = await run(planted);
    const reversed = await run([...planted].reverse());
    const shuffled = await run([5, 1, 11, 0, 7, 2, 9, 4, 10, 3, 8, 6].map((i) => planted[i]!));
    for (const other of [reversed, shuffled]) {
      expect(violationsById(other.records)).toEqual(expected);
      expect(countsByRule(other.summary)).toEqual(countsByRule(inOrder.summary));
      expect(other.summary.totals).toEqual(inOrder.summary.totals);
      expect(other.summary.heatmap).toEqual(inOrder.summary.heatmap);
    }
    // In the reversed log the 15:00 call comes first, yet it is the one flagged; its line is its place in that log.
    expect(reversed.records.find((r) => r.decision.attemptId === 'd1-mon-1500')?.line).toBe(planted.length - 1);
    // Records come back in log order.
    expect(reversed.records.map((r) => r.line)).toEqual([...reversed.records.map((r) => r.line)].sort((a, b) => a - b));
  });

  it('records at the same instant count against each other, in line order (as a history entry at the instant counts in check)', async () => {
    const { records } = await run([
      rec('x1', 'dx', '2026-03-02T10:00:00-05:00'),
      rec('x2', 'dx', '2026-03-02T15:00:00Z'),
    ]);
    expect(violationsById(records)).toEqual({ x2: ['co.ley2300.art3.once_per_day'] });
  });

  it('regression: a call, a WhatsApp and an SMS to one Colombian debtor in the same second are not all allowed', async () => {
    const at = '2026-03-02T10:00:00-05:00';
    const debtor = { authorizedChannels: ['call', 'whatsapp', 'sms'] };
    const { records } = await run([
      rec('s1', 'ds', at, { channel: 'call', debtor }),
      rec('s2', 'ds', at, { channel: 'whatsapp', debtor }),
      rec('s3', 'ds', at, { channel: 'sms', debtor }),
    ]);
    const v = violationsById(records);
    expect(Object.keys(v).sort()).toEqual(['s2', 's3']);
    for (const id of ['s2', 's3'])
      expect(v[id]).toEqual(
        expect.arrayContaining(['co.ley2300.art3.once_per_day', 'co.ley2300.art3.one_channel_per_week']),
      );
  });

  it('a contact to a co-debtor does not count against the debtor (counted per person)', async () => {
    const { records } = await run([
      rec('co1', 'dc', '2026-03-02T09:00:00-05:00', { recipient: { role: 'co_debtor', identityVerified: true } }),
      rec('co2', 'dc', '2026-03-02T15:00:00-05:00'),
      rec('co3', 'dc', '2026-03-02T17:00:00-05:00'),
    ]);
    expect(violationsById(records)).toEqual({ co3: ['co.ley2300.art3.once_per_day'] });
  });
});

describe('audit: every record accounted for', () => {
  it('a malformed line in the middle is reported with its line number; every other record is judged', async () => {
    const lines = [
      planted[0]!,
      planted[1]!,
      '{"id":"broken","at":"2026-03-02T10:00:00-05:00","chan',
      rec('no-debtor', undefined as unknown as string, '2026-03-02T10:00:00-05:00'),
      '',
      rec('bad-at', 'd9', '2026-03-02 10:00:00'),
      '   ',
      rec('typo', 'd9', '2026-03-03T10:00:00-05:00', { chanel: 'sms' }),
      planted[5]!,
    ];
    const { summary, records, rejections } = await run(lines);
    expect(rejections.map((r) => [r.line, r.issues.map((i) => `${i.path}:${i.code}`)])).toEqual([
      [3, ['(line):invalid_json']],
      [4, ['debtorId:required']],
      [6, ['at:invalid_format']],
      [8, ['chanel:unknown_field']],
    ]);
    expect(rejections[0]!.excerpt).toBe('{"id":"broken","at":"2026-03-02T10:00:00-05:00","chan');
    expect(summary.accounting).toEqual({
      lines: 9,
      headerLines: 0,
      blankLines: 2,
      recordLines: 7,
      records: 7,
      evaluated: 3,
      rejected: 4,
      balanced: true,
      recordsWithHistoryField: 0,
    });
    expect(summary.accounting.records).toBe(summary.accounting.evaluated + summary.accounting.rejected);
    expect(violationsById(records)).toEqual({
      'd1-mon-1500': ['co.ley2300.art3.once_per_day'],
      'd3-late': ['co.ley2300.art3.hours.weekday'],
    });
    expect(summary.rejectedBy).toEqual([
      { path: '(line)', code: 'invalid_json', count: 1, firstLine: 3 },
      { path: 'debtorId', code: 'required', count: 1, firstLine: 4 },
      { path: 'at', code: 'invalid_format', count: 1, firstLine: 6 },
      { path: 'chanel', code: 'unknown_field', count: 1, firstLine: 8 },
    ]);
    expect(summary.notes.some((n) => /2 blank line/.test(n))).toBe(true);
  });

  it('a country without rules is rejected, not guessed', async () => {
    const coOnly = createChecker({ countries: ['CO'] });
    const result = await auditLog(
      {
        text: [planted[0], rec('mx', 'm1', '2026-03-02T10:00:00-06:00', { jurisdiction: { country: 'MX' } })]
          .map((x) => JSON.stringify(x))
          .join('\n'),
      },
      { checker: coOnly },
    );
    const rej: AuditRejection[] = [];
    for await (const r of result.rejections()) rej.push(r);
    await result.dispose();
    expect(rej).toEqual([
      {
        line: 2,
        issues: [{ path: 'jurisdiction.country', code: 'not_loaded', message: 'MX has no rules loaded (loaded: CO)' }],
        excerpt: expect.any(String),
      },
    ]);
    expect(result.summary.accounting).toMatchObject({ records: 2, evaluated: 1, rejected: 1, balanced: true });
  });

  it('many records across many buckets: none lost, debtors counted once', async () => {
    const lines: Record<string, unknown>[] = [];
    for (let d = 0; d < 300; d++) {
      for (let k = 0; k < 4; k++)
        lines.push(rec(`r${d}-${k}`, `debtor-${d}`, `2026-03-0${2 + k}T${k === 3 ? '20' : '10'}:00:00-05:00`));
    }
    const { summary, records } = await run(lines, { buckets: 37 });
    expect(summary.accounting).toMatchObject({ records: 1200, evaluated: 1200, rejected: 0, balanced: true });
    expect(summary.totals.debtors).toBe(300);
    expect(summary.byCountry).toEqual([expect.objectContaining({ country: 'CO', debtors: 300, records: 1200 })]);
    expect(records).toHaveLength(300); // the 20:00 call of each debtor
    expect(new Set(records.map((r) => r.debtorId)).size).toBe(300);
    expect(summary.topDebtors).toHaveLength(20);
    expect(summary.topDebtors[0]).toMatchObject({ debtorId: 'debtor-0', notAllowed: 1, records: 4 });
  });
});

describe("audit: a record's own history field", () => {
  const withHistory = [
    rec('h0', 'dh', '2026-03-03T08:00:00-05:00'),
    rec('h1', 'dh', '2026-03-03T12:00:00-05:00', { history: [{ at: '2026-03-03T08:00:00-05:00', channel: 'call' }] }),
    rec('h2', 'dk', '2026-03-03T12:00:00-05:00', { history: [{ at: '2026-03-03T09:00:00-05:00', channel: 'call' }] }),
  ];
  it('is ignored by default (the log is the history), and the report says so', async () => {
    const { summary, records } = await run(withHistory);
    expect(violationsById(records)).toEqual({ h1: ['co.ley2300.art3.once_per_day'] });
    expect(records[0]!.decision.violations[0]!.message).toMatch(/^1 contact\(s\)/);
    expect(summary.accounting.recordsWithHistoryField).toBe(2);
    expect(summary.notes.join(' ')).toMatch(/2 record\(s\) carried a history field of their own: it was ignored/);
  });
  it('is merged on request, a contact in both counted once', async () => {
    const { summary, records } = await run(withHistory, { recordHistory: 'merge' });
    expect(violationsById(records)).toEqual({
      h1: ['co.ley2300.art3.once_per_day'],
      h2: ['co.ley2300.art3.once_per_day'],
    });
    expect(records[0]!.decision.violations[0]!.message).toMatch(/^1 contact\(s\)/);
    expect(summary.options.recordHistory).toBe('merge');
  });
});

describe('audit: progress', () => {
  it('reports the read phase in bytes, then the judge phase in records, ending at the total', async () => {
    const seen: Array<[string, number, number | undefined]> = [];
    const text = planted.map((l) => JSON.stringify(l)).join('\n');
    const result = await auditLog({ text }, { checker, onProgress: (p) => seen.push([p.phase, p.done, p.total]) });
    await result.dispose();
    expect(seen.at(-1)).toEqual(['judge', 12, 12]);
    expect(seen.find((p) => p[0] === 'read')).toEqual(['read', Buffer.byteLength(text), Buffer.byteLength(text)]);
    expect(seen.findIndex((p) => p[0] === 'judge')).toBeGreaterThan(seen.findIndex((p) => p[0] === 'read'));
  });
});

import { describe, expect, it } from 'vitest';
import { createAuditTally, MAX_DIMENSION_VALUES } from '../src/audit/createAuditTally.js';
import type { Decision } from '../src/schema/decision.js';

/** Breakdowns by dimension and creditor: bounded memory, exact for the values kept, the same however records are shared out. */
function decision(blocked: boolean): Decision {
  return {
    attemptId: null,
    verdict: blocked ? 'block' : 'allow',
    allowed: !blocked,
    nextAllowedAt: null,
    violations: blocked
      ? [
          {
            ruleId: 'co.x',
            category: 'channel',
            severity: 'block',
            statutory: true,
            message: 'm',
            citation: { instrument: 'i', article: 'a', url: 'https://x.example' },
          },
        ]
      : [],
    warnings: [],
    context: { localTime: '2026-03-02T10:00', weekday: 1 },
  } as unknown as Decision;
}

const head = {
  generatedAt: '2026-04-01T00:00:00.000Z',
  source: { name: 'x', format: 'csv' as const, bytes: null },
  ruleset: { version: 'v', countries: ['CO' as const] },
  options: { recordHistory: 'ignore' as const, historyLookbackDays: 8 },
  accounting: { lines: 0, headerLines: 0, blankLines: 0, recordLines: 0, records: 0, recordsWithHistoryField: 0 },
  notes: [],
  dimensions: [{ name: 'agent', column: 'Agente' }],
};

describe('breakdowns by dimension and by creditor', () => {
  // 2.5 × the bound of distinct agents (some records with none), each agent's records spread over debtors.
  const n = Math.floor(MAX_DIMENSION_VALUES * 2.5);
  const records = Array.from({ length: 3 * n }, (_, i) => {
    const agent = i % 97 === 0 ? null : `agent-${String((i * 7919) % n).padStart(6, '0')}`;
    return { i, debtorId: `d${i % 1000}`, agent, creditorId: i % 5 === 0 ? null : `c${i % 13}`, blocked: i % 3 === 0 };
  });

  function summarize(parts: number) {
    const tallies = Array.from({ length: parts }, () => createAuditTally());
    // A debtor's records go to one tally (as buckets do), in debtor order.
    const sorted = [...records].sort((a, b) =>
      a.debtorId < b.debtorId ? -1 : a.debtorId > b.debtorId ? 1 : a.i - b.i,
    );
    for (const r of sorted) {
      const t = tallies[Number(r.debtorId.slice(1)) % parts]!;
      t.addRecord(
        {
          line: r.i + 1,
          debtorId: r.debtorId,
          country: 'CO',
          channel: 'call',
          atMs: 0,
          creditorId: r.creditorId,
          dimensions: { agent: r.agent },
        },
        decision(r.blocked),
      );
    }
    const all = createAuditTally();
    for (const t of tallies) all.merge(t.snapshot());
    return all.summarize(head);
  }

  it('keep the smallest 10,000 values exactly and the rest together; the same with 1, 2 or 7 tallies', () => {
    const one = summarize(1);
    const [agents] = one.byDimension!;
    expect(agents!.values).toHaveLength(MAX_DIMENSION_VALUES + 1); // + null
    // Exact counts for the values kept, against a plain count.
    const exact = new Map<string | null, { records: number; violations: number }>();
    for (const r of records) {
      const e = exact.get(r.agent) ?? { records: 0, violations: 0 };
      e.records++;
      if (r.blocked) e.violations++;
      exact.set(r.agent, e);
    }
    const kept = [...exact.keys()]
      .filter((k): k is string => k !== null)
      .sort()
      .slice(0, MAX_DIMENSION_VALUES);
    expect(new Set(agents!.values.map((v) => v.value))).toEqual(new Set([...kept, null]));
    for (const v of agents!.values)
      expect({ records: v.records, violations: v.violations }).toEqual(exact.get(v.value));
    const keptRecords = agents!.values.reduce((s, v) => s + v.records, 0);
    expect(agents!.other!.records).toBe(records.length - keptRecords);
    // Most violations first.
    const violations = agents!.values.map((v) => v.violations);
    expect(violations).toEqual([...violations].sort((a, b) => b - a));
    expect(JSON.stringify(summarize(2))).toBe(JSON.stringify(one));
    expect(JSON.stringify(summarize(7))).toBe(JSON.stringify(one));
    // Creditors: null (none given) is a value of its own.
    const none = one.byCreditor.find((c) => c.creditorId === null)!;
    expect(none.records).toBe(records.filter((r) => r.creditorId === null).length);
    expect(one.byCreditor.reduce((s, c) => s + c.records, 0)).toBe(records.length);
  });
});

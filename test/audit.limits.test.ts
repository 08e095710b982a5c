import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  auditLog,
  createChecker,
  defaultRuleSources,
  loadRulePacks,
  RuleConfigError,
  type AuditOptions,
  type AuditResult,
  type AuditSummary,
} from '../src/index.js';
import { main } from '../src/cli/main.js';

/**
 * Issue 10, item 9: the audit's limits hold for every input. A log from a pipe is judged in buckets
 * of bounded size; CSV with CR-only line ends balances its accounting; 3,000 nested `not`s in a rule
 * file are a RuleConfigError naming the file and the place, never a RangeError.
 */

// What each judged bucket holds: records and characters (the memory a bucket costs while it is judged).
const judged = vi.hoisted(() => ({ buckets: [] as Array<{ records: number; chars: number }> }));
vi.mock('../src/audit/judgeBucket.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/audit/judgeBucket.js')>();
  return {
    ...original,
    judgeBucket: (lines: readonly string[], ctx: Parameters<typeof original.judgeBucket>[1]) => {
      judged.buckets.push({ records: lines.length, chars: lines.reduce((n, l) => n + l.length + 1, 0) });
      return original.judgeBucket(lines, ctx);
    },
  };
});
beforeEach(() => {
  judged.buckets = [];
});

const checker = createChecker();
const dir = mkdtempSync(join(tmpdir(), 'cc-limits-'));
const base = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
  outcome: 'connected',
};

/** A generated log: `n` records of `debtors` debtors (a long id pads each record to about 600 bytes). */
function generatedLog(n: number, debtors: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = String(2 + (i % 20)).padStart(2, '0');
    lines.push(
      JSON.stringify({
        ...base,
        id: `r${i}-${'x'.repeat(180)}`,
        debtorId: `D-${i % debtors}`,
        at: `2026-03-${day}T${String(6 + (i % 14)).padStart(2, '0')}:00:00-05:00`,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function summarize(result: AuditResult): Promise<{ summary: AuditSummary; findings: string[] }> {
  try {
    const findings: string[] = [];
    for await (const r of result.records())
      findings.push(`${r.line} ${r.decision.verdict} ${r.decision.violations.map((v) => v.ruleId).join(',')}`);
    return { summary: result.summary, findings };
  } finally {
    await result.dispose();
  }
}

const NOW = (): Date => new Date('2026-04-01T00:00:00Z');
const BUCKET = 40_000;

describe('item 9: a log from a pipe is memory bounded', () => {
  const text = generatedLog(1200, 300); // about 700 kB: over 17 buckets' worth at 40 kB a bucket
  let expected: { summary: AuditSummary; findings: string[] };

  it('a named pipe (size unknown, stat says 0): every bucket stays under twice the bucket size', async () => {
    const file = join(dir, 'log.jsonl');
    writeFileSync(file, text);
    expected = await summarize(await auditLog({ path: file }, { checker, now: NOW, bucketBytes: BUCKET }));
    judged.buckets = [];
    const fifo = join(dir, 'log.fifo.jsonl');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', file, fifo], { stdio: 'ignore' });
    const written = new Promise((resolve) => writer.on('close', resolve));
    const got = await summarize(await auditLog({ path: fifo }, { checker, now: NOW, bucketBytes: BUCKET }));
    expect(await written).toBe(0);
    expect(got.summary.source.bytes).toBeNull(); // unknown, not 0
    expect(got.summary.accounting).toMatchObject({ records: 1200, evaluated: 1200, balanced: true });
    expect(judged.buckets.reduce((n, b) => n + b.records, 0)).toBe(1200);
    expect(Math.max(...judged.buckets.map((b) => b.chars))).toBeLessThanOrEqual(2 * BUCKET);
    expect(got.findings).toEqual(expected.findings);
    const { generatedAt: _a, source: _b, ...rest } = got.summary;
    const { generatedAt: _c, source: _d, ...want } = expected.summary;
    expect(rest).toEqual(want);
  }, 60_000);

  it('a stream of unknown size that all lands in one bucket is split by debtor before it is judged', async () => {
    const options: AuditOptions = { checker, now: NOW, bucketBytes: BUCKET, buckets: 1 };
    const got = await summarize(await auditLog({ stream: Readable.from([text]) }, options));
    expect(judged.buckets.length).toBeGreaterThan(10);
    expect(Math.max(...judged.buckets.map((b) => b.chars))).toBeLessThanOrEqual(2 * BUCKET);
    expect(got.findings).toEqual(expected.findings);
    expect(got.summary.totals).toEqual(expected.summary.totals);
    expect(got.summary.byRule).toEqual(expected.summary.byRule);
  }, 60_000);

  it("one debtor's records cannot be split: they are judged together, whatever their size", async () => {
    const one = generatedLog(150, 1);
    const got = await summarize(
      await auditLog({ stream: Readable.from([one]) }, { checker, now: NOW, bucketBytes: 10_000, buckets: 1 }),
    );
    expect(judged.buckets).toHaveLength(1);
    expect(judged.buckets[0]!.records).toBe(150);
    expect(got.summary.accounting).toMatchObject({ records: 150, evaluated: 150, balanced: true });
  }, 60_000);
});

describe('item 9: CSV with CR-only line ends', () => {
  const header =
    'id,at,channel,debtorId,jurisdiction.country,recipient.role,recipient.identityVerified,debt.dueDate,debtor.authorizedChannels';
  const lf = [
    header,
    'a,2026-03-02T09:00:00-05:00,call,d1,CO,debtor,true,2026-01-15,call|sms',
    '',
    '"b\nspans two lines",2026-03-02T20:00:00-05:00,sms,d2,CO,debtor,false,2026-01-15,call|sms',
    '   ',
    'c,2026-03-02T09:00:00-05:00,call,d3,CO,debtor,maybe,2026-01-15,call',
    'd,2026-03-02T10:00:00-05:00,call,d1,CO,debtor,true,2026-01-15',
    'e,2026-03-02T11:00:00-05:00,call,d1,CO,debtor,true,2026-01-15,call',
  ].join('\n');

  async function audit(text: string, chunk: number): Promise<{ summary: AuditSummary; rejected: number[] }> {
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += chunk) chunks.push(text.slice(i, i + chunk));
    const result = await auditLog({ stream: Readable.from(chunks), format: 'csv' }, { checker, now: NOW });
    try {
      const rejected: number[] = [];
      for await (const r of result.rejections()) rejected.push(r.line);
      return { summary: result.summary, rejected };
    } finally {
      await result.dispose();
    }
  }

  it.each([1, 2, 7, 1 << 20])(
    'balances exactly as the same file with LF line ends (chunks of %i characters)',
    async (chunk) => {
      const want = await audit(lf, 1 << 20);
      expect(want.summary.accounting).toMatchObject({
        lines: 9,
        headerLines: 1,
        blankLines: 2,
        recordLines: 6,
        records: 5,
        evaluated: 3,
        rejected: 2,
        balanced: true,
      });
      for (const text of [lf.replace(/\n/g, '\r'), `${lf.replace(/\n/g, '\r')}\r`]) {
        const got = await audit(text, chunk);
        expect(got.summary.accounting).toEqual(want.summary.accounting);
        expect(got.rejected).toEqual(want.rejected);
        expect(got.summary.totals).toEqual(want.summary.totals);
      }
    },
  );

  it('in an LF or CRLF file a lone CR stays data (inside a quoted field), as before', async () => {
    const crlf = lf.replace(/\n/g, '\r\n').replace('"b\r\nspans', '"b\rspans');
    const got = await audit(crlf, 3);
    expect(got.summary.accounting).toMatchObject({
      lines: 8,
      headerLines: 1,
      blankLines: 2,
      recordLines: 5,
      records: 5,
      evaluated: 3,
      rejected: 2,
      balanced: true,
    });
  });
});

describe('item 9: deeply nested rule conditions', () => {
  function nested(depth: number): unknown {
    let c: unknown = { fact: 'channel', operator: 'equal', value: 'visit' };
    for (let i = 0; i < depth; i++) c = { not: c };
    return c;
  }
  function withConditions(condition: unknown): Array<{ path: string; data: unknown }> {
    return defaultRuleSources.map((s) => {
      if (!s.path.endsWith('co/channel.json')) return s;
      const data = structuredClone(s.data) as { rules: Array<{ conditions: unknown; requires: string[] }> };
      data.rules[0]!.conditions = { all: [condition] };
      data.rules[0]!.requires = [...new Set([...data.rules[0]!.requires, 'channel'])];
      return { path: s.path, data };
    });
  }

  it('3,000 nested nots: a RuleConfigError naming the file and the JSON pointer, not a RangeError', () => {
    let error: unknown;
    try {
      loadRulePacks(withConditions(nested(3000)));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleConfigError);
    expect((error as Error).message).toMatch(
      /co\/channel\.json#\/rules\/0\/conditions\/all\/0(\/not){63}: too_deep conditions are nested more than 64 levels deep$/,
    );
  });

  it('64 levels load (the limit), 65 do not', () => {
    expect(() => loadRulePacks(withConditions(nested(62)))).not.toThrow(); // conditions, all, 62 nots: 64 levels
    expect(() => loadRulePacks(withConditions(nested(63)))).toThrow(RuleConfigError);
  });

  it('through the command line: exit 2 with the pointer, no stack trace', async () => {
    const rulesDir = join(dir, 'deep-rules');
    mkdirSync(join(rulesDir, 'co'), { recursive: true });
    const channel = withConditions(nested(3000)).find((s) => s.path.endsWith('co/channel.json'))!;
    writeFileSync(join(rulesDir, 'co', 'channel.json'), JSON.stringify(channel.data));
    let stdout = '';
    let stderr = '';
    const code = await main(['rules', '--rules', rulesDir], {
      stdin: () => '',
      out: (s) => {
        stdout += s;
      },
      err: (s) => {
        stderr += s;
      },
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^cobranza-compliance: invalid_rules\n.*channel\.json#\/rules\/0\/conditions\/all\/0\/not\/.*: too_deep/,
    );
    expect(stderr).not.toMatch(/RangeError|\n\s+at /);
  });
});

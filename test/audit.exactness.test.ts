import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  createChecker,
  safeParseAttempt,
  type Attempt,
  expandAuditRecord,
  writeAuditReport,
  type AuditRecord,
  type AuditRecordCompact,
  type CheckerOptions,
  type RecordTables,
} from '../src/index.js';
import { generateContactLog, generateFindingHeavyLog } from '../scripts/contactLogGenerator.js';
import { withoutEvidenceLines } from './_lib/withoutEvidenceLines.js';

/**
 * Exactness: for every record, the audit's decision is the decision `check` gives for the same attempt
 * with the same history — here the *whole* history of the debtor in the log, not the audit's 8-day
 * window — under several frequency readings. A record the audit does not list must be allowed by
 * `check` without a warning. The one thing the audit adds: a frequency finding's earlier contact
 * carries its log line (item 7), which must be a record of the same debtor and creditor at that
 * instant, on that channel, with that outcome.
 */
const root = join(import.meta.dirname, '..');

let linesNamed = 0;

async function compare(
  text: string,
  options: CheckerOptions,
  sample: (i: number) => boolean,
  fromReport = false,
): Promise<number> {
  const checker = createChecker(options);
  const result = await auditLog({ text }, { checker });
  const listed = new Map<number, AuditRecord>();
  if (fromReport) {
    // The JSON report alone: each compact record, with the report's tables, gives the decision back.
    let json = '';
    await writeAuditReport(result, 'json', { write: (t) => void (json += t) });
    const report = JSON.parse(json) as RecordTables & { formatVersion: number; records: AuditRecordCompact[] };
    expect(report.formatVersion).toBe(2);
    for (const r of report.records) listed.set(r.line, expandAuditRecord(r, report));
    expect(json.length / report.records.length).toBeLessThan(800);
  } else for await (const r of result.records()) listed.set(r.line, r);
  await result.dispose();

  const valid: Array<{ line: number; a: Attempt }> = [];
  text.split('\n').forEach((t, i) => {
    if (t.trim() === '') return;
    let input: unknown;
    try {
      input = JSON.parse(t);
    } catch {
      return;
    }
    const p = safeParseAttempt(input);
    if (p.success && p.data.debtorId !== undefined && checker.packs.has(p.data.jurisdiction.country))
      valid.push({ line: i + 1, a: p.data });
  });
  expect(valid.length).toBe(result.summary.accounting.evaluated);
  const groups = new Map<string, typeof valid>();
  for (const v of valid) {
    const key = `${v.a.debtorId}\u0000${v.a.creditorId ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  let compared = 0;
  for (const [i, { line, a }] of valid.entries()) {
    if (!sample(i)) continue;
    const group = groups.get(`${a.debtorId}\u0000${a.creditorId ?? ''}`)!;
    // Every other record of the group, earlier or not: check itself ignores those at or after the attempt.
    const history = group
      .filter((g) => g.line !== line)
      .map((g) => ({
        at: g.a.at,
        channel: g.a.channel,
        recipientRole: g.a.recipient.role,
        ...(g.a.outcome ? { outcome: g.a.outcome } : {}),
      }));
    const { ruleset: _r, ...want } = await checker.checkAttempt({ ...a, history });
    const got = listed.get(line);
    if (want.violations.length === 0 && want.warnings.length === 0) {
      expect(got, `line ${line}`).toBeUndefined();
    } else {
      const findings = [...(got?.decision.violations ?? []), ...(got?.decision.warnings ?? [])];
      for (const f of findings) {
        const c = f.evidence?.earlierContact;
        if (c === undefined) continue;
        expect(c.line, `line ${line}: ${f.ruleId}`).toBeTypeOf('number');
        const earlier = group.find((g) => g.line === c.line);
        expect(earlier, `line ${line}: ${f.ruleId} names line ${c.line}`).toBeDefined();
        expect({ at: earlier!.a.at, channel: earlier!.a.channel, outcome: earlier!.a.outcome }).toEqual({
          at: c.at,
          channel: c.channel,
          outcome: c.outcome,
        });
        linesNamed++;
      }
      expect(got && withoutEvidenceLines(got.decision), `line ${line}`).toEqual(want);
    }
    compared++;
  }
  return compared;
}

describe('audit decisions equal check with the full history', () => {
  it('rebuilt from the JSON report alone (formatVersion 2, compact), on a finding-heavy log in every zone', async () => {
    const text = [...generateFindingHeavyLog({ seed: 3, debtors: { CO: 15, MX: 30, ES: 16 }, days: 12 })]
      .map((l) => l.text)
      .join('\n');
    linesNamed = 0;
    expect(await compare(text, {}, (i) => i % 3 === 0, true)).toBeGreaterThan(500);
    expect(linesNamed).toBeGreaterThan(200);
  });

  it('on the example log (every record), default frequency readings', async () => {
    const text = readFileSync(join(root, 'examples', 'contact-log.jsonl'), 'utf8');
    linesNamed = 0;
    expect(await compare(text, {}, () => true)).toBeGreaterThan(3000);
    expect(linesNamed).toBeGreaterThan(50); // frequency findings, each naming the earlier record by its line
  });

  it('on a denser log with gaps, calendar weeks and two-way contacts', async () => {
    // 45 days (into Semana Santa); the calendar week reaches back to Monday; two-way counts connected calls only.
    const { lines } = generateContactLog({ seed: 7, debtors: { CO: 40, MX: 20, ES: 20 }, days: 45, planted: true });
    const text = [...lines].map((l) => l.text).join('\n');
    linesNamed = 0;
    const n = await compare(text, { frequency: { week: 'calendar', directContact: 'two_way' } }, (i) => i % 2 === 0);
    expect(n).toBeGreaterThan(600);
    expect(linesNamed).toBeGreaterThan(0);
  });
});

import type { Checker } from '../check/createChecker.js';
import { ComplianceError } from '../errors.js';
import type { Attempt, HistoryEntry } from '../schema/attempt.js';
import type { Channel, Outcome, RecipientRole } from '../schema/enums.js';
import type { AuditRecord, AuditRejection } from './auditTypes.js';
import type { AuditTally } from './createAuditTally.js';
import type { Spill } from './createSpill.js';

/** Lines per range file of the record and rejection spills: what is sorted in memory at once to give log order. */
export const RANGE_LINES = 10_000;

/** One validated record as spilled to its debtor bucket: `line \t ms \t "debtorId" \t "creditorId" \t attempt-json`. */
export function bucketLine(line: number, ms: number, debtorId: string, creditorId: string | undefined, attemptJson: string): string {
  return `${line}\t${ms}\t${JSON.stringify(debtorId)}\t${JSON.stringify(creditorId ?? '')}\t${attemptJson}`;
}

export interface JudgeContext {
  readonly checker: Checker;
  readonly tally: AuditTally;
  readonly records: Spill;
  readonly rejections: Spill;
  readonly lookbackMs: number;
  readonly mergeRecordHistory: boolean;
  readonly onJudged: () => void;
}

interface Entry { line: number; ms: number; debtor: string; creditor: string; text: string }
interface Past { ms: number; at: string; channel: Channel; recipientRole: RecipientRole; outcome: Outcome | undefined }

/**
 * Judge one debtor bucket: its records grouped by debtor and creditor, each group in time order (ties
 * in log order), each record checked with the group's earlier records as its history — the records
 * within `lookbackMs` before it, which is all a frequency fact can see.
 */
export async function judgeBucket(lines: readonly string[], ctx: JudgeContext): Promise<void> {
  const entries: Entry[] = lines.map(parseBucketLine);
  entries.sort((a, b) => (a.debtor < b.debtor ? -1 : a.debtor > b.debtor ? 1 : a.creditor < b.creditor ? -1 : a.creditor > b.creditor ? 1 : a.ms - b.ms || a.line - b.line));
  let past: Past[] = [];
  let start = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const prev = entries[i - 1];
    if (!prev || prev.debtor !== e.debtor || prev.creditor !== e.creditor) {
      past = [];
      start = 0;
    }
    while (start < past.length && past[start]!.ms < e.ms - ctx.lookbackMs) start++;
    if (start > 1024 && start * 2 > past.length) {
      past = past.slice(start);
      start = 0;
    }
    const attempt = JSON.parse(e.text) as Attempt;
    const history: HistoryEntry[] = [];
    for (let j = start; j < past.length; j++) {
      const p = past[j]!;
      history.push(p.outcome === undefined ? { at: p.at, channel: p.channel, recipientRole: p.recipientRole } : { at: p.at, channel: p.channel, recipientRole: p.recipientRole, outcome: p.outcome });
    }
    if (ctx.mergeRecordHistory && attempt.history.length > 0) {
      const inLog = new Set(history.map((h) => `${Date.parse(h.at)}|${h.channel}`));
      for (const h of attempt.history) if (!inLog.has(`${Date.parse(h.at)}|${h.channel}`)) history.push(h);
    }
    attempt.history = history;
    try {
      const decision = await ctx.checker.checkAttempt(attempt);
      ctx.tally.addRecord({ line: e.line, debtorId: attempt.debtorId!, country: attempt.jurisdiction.country, channel: attempt.channel, atMs: e.ms }, decision);
      if (decision.violations.length > 0 || decision.warnings.length > 0) {
        const { ruleset: _ruleset, ...rest } = decision;
        const record: AuditRecord = {
          line: e.line, debtorId: attempt.debtorId!, creditorId: attempt.creditorId ?? null, country: attempt.jurisdiction.country,
          channel: attempt.channel, recipientRole: attempt.recipient.role, at: attempt.at, decision: rest,
        };
        const p = ctx.records.append(Math.floor(e.line / RANGE_LINES), `${e.line}\t${JSON.stringify(record)}`);
        if (p) await p;
      }
    } catch (err) {
      if (!(err instanceof ComplianceError)) throw err;
      const rejection: AuditRejection = { line: e.line, issues: [{ path: '(record)', code: err.code, message: err.message }], excerpt: e.text.slice(0, 120) };
      ctx.tally.addRejection(rejection);
      const p = ctx.rejections.append(Math.floor(e.line / RANGE_LINES), `${e.line}\t${JSON.stringify(rejection)}`);
      if (p) await p;
    }
    past.push({ ms: e.ms, at: attempt.at, channel: attempt.channel, recipientRole: attempt.recipient.role, outcome: attempt.outcome });
    ctx.onJudged();
  }
}

function parseBucketLine(text: string): Entry {
  const t1 = text.indexOf('\t');
  const t2 = text.indexOf('\t', t1 + 1);
  const t3 = text.indexOf('\t', t2 + 1);
  const t4 = text.indexOf('\t', t3 + 1);
  return {
    line: Number(text.slice(0, t1)),
    ms: Number(text.slice(t1 + 1, t2)),
    debtor: text.slice(t2 + 1, t3),
    creditor: text.slice(t3 + 1, t4),
    text: text.slice(t4 + 1),
  };
}

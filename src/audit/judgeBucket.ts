import { checkerInternals, type Checker } from '../check/createChecker.js';
import { safeParseAttempt } from '../check/parseAttempt.js';
import { ComplianceError, type InputIssue } from '../errors.js';
import { instantMs } from '../_lib/instantMs.js';
import { ContactIndex, type FrequencyOptions, type PastContact } from '../facts/contactIndex.js';
import { reachedSamePerson } from '../facts/prepareAttempt.js';
import type { Attempt } from '../schema/attempt.js';
import type { RecipientRole } from '../schema/enums.js';
import type { AuditRecord, AuditRejection } from './auditTypes.js';
import type { AuditTally } from './createAuditTally.js';
import type { Spill } from './createSpill.js';
import { EXCERPT } from './readLogEntries.js';

/** Lines per range file of the record and rejection spills: what is sorted in memory at once to give log order. */
export const RANGE_LINES = 10_000;

/** The bucket a debtor's records go to (FNV-1a of the key; stable, not security relevant). */
export function bucketOf(key: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}

export interface JudgeContext {
  readonly checker: Checker;
  /** Records judged: every record of the bucket goes to `tally` (rejections do not: see createAuditTally). */
  readonly tally: AuditTally;
  readonly records: Spill;
  readonly rejections: Spill;
  readonly lookbackMs: number;
  readonly mergeRecordHistory: boolean;
  /** Counts kept across buckets. */
  readonly counts: { handled: number; withHistory: number };
}

/** A contact of the log as history: the record's own instant, channel and outcome, where it is in the log, and whom it reached. */
interface LogContact extends PastContact {
  readonly at: string;
  readonly line: number;
  readonly role: RecipientRole;
}

interface Entry { line: number; ms: number; debtor: string; creditor: string; attempt: Attempt }

const compareEntries = (a: Entry, b: Entry): number =>
  (a.debtor < b.debtor ? -1 : a.debtor > b.debtor ? 1 : a.creditor < b.creditor ? -1 : a.creditor > b.creditor ? 1 : a.ms - b.ms || a.line - b.line);

/**
 * Judge one debtor bucket: lines `line \t key \t text`, where `key` is the JSON of the debtorId the
 * read pass found in the text (empty when it found none: such a line is rejected here, with the
 * issues its text has) and `text` is the record's JSON as read from the log (a CSV record: its
 * validated attempt; text that was not well-formed UTF-16, a JSON string and the key marked `!`). Synchronous (no await per record) unless the checker's evaluator is the
 * asynchronous reference one. Every line is parsed and validated here, and rejected
 * with its line, its issues and an excerpt when it cannot be judged. The valid records are grouped by
 * debtor and creditor, each group in time order (ties in log order), and judged in one pass: each is
 * checked against the group's earlier records within `lookbackMs` — all a frequency fact can see —
 * held in contact indexes that grow as records are judged (one per recipient role asked about, since
 * frequency is counted per person), never rebuilt: the cost grows with the records, whatever their
 * spread over debtors.
 */
export async function judgeBucket(lines: readonly string[], ctx: JudgeContext): Promise<void> {
  const { checker, tally } = ctx;
  const internals = checkerInternals(checker);
  const directContact = internals.frequency.directContact;
  const entries: Entry[] = [];
  const reject = (line: number, issues: InputIssue[], text: string): void => {
    const r: AuditRejection = { line, issues, excerpt: text.slice(0, EXCERPT) };
    ctx.rejections.append(Math.floor(line / RANGE_LINES), `${line}\t${JSON.stringify(r)}`);
  };
  for (const bucketText of lines) {
    const t1 = bucketText.indexOf('\t');
    const t2 = bucketText.indexOf('\t', t1 + 1);
    const line = Number(bucketText.slice(0, t1));
    let key = bucketText.slice(t1 + 1, t2);
    let text = bucketText.slice(t2 + 1);
    if (key.charCodeAt(0) === 33) {
      // `!`: text that was not well formed, spilled as a JSON string (see auditLog).
      key = key.slice(1);
      text = JSON.parse(text) as string;
    }
    ctx.counts.handled++;
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (e) {
      reject(line, [{ path: '(line)', code: 'invalid_json', message: `not JSON (${(e as Error).message})` }], text);
      continue;
    }
    const parsed = safeParseAttempt(input);
    if (!parsed.success) {
      reject(line, parsed.issues, text);
      continue;
    }
    const a = parsed.attempt;
    // The read pass routed the line by the debtorId it found without parsing; a record in the wrong
    // bucket would be judged without its history, so a disagreement is a bug to report, never to pass.
    if (key !== (a.debtorId === undefined ? '' : JSON.stringify(a.debtorId))) {
      throw new Error(`internal error: line ${line} was routed by debtorId ${key || '(none)'}, but its debtorId is ${JSON.stringify(a.debtorId)}`);
    }
    if (a.debtorId === undefined) {
      reject(line, [{ path: 'debtorId', code: 'required', message: 'is required in an audit: frequency is counted per debtor' }], text);
      continue;
    }
    if (!checker.packs.has(a.jurisdiction.country)) {
      reject(line, [{ path: 'jurisdiction.country', code: 'not_loaded', message: `${a.jurisdiction.country} has no rules loaded (loaded: ${[...checker.packs.keys()].join(', ') || 'none'})` }], text);
      continue;
    }
    if (a.history.length > 0) ctx.counts.withHistory++;
    entries.push({ line, ms: instantMs(a.at) ?? Date.parse(a.at), debtor: a.debtorId, creditor: a.creditorId ?? '', attempt: a });
  }
  entries.sort(compareEntries);

  let recent: LogContact[] = [];
  let head = 0;
  let views = new Map<RecipientRole, ContactIndex>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const a = e.attempt;
    const prev = entries[i - 1];
    if (!prev || prev.debtor !== e.debtor || prev.creditor !== e.creditor) {
      recent = [];
      head = 0;
      views = new Map();
    }
    const from = e.ms - ctx.lookbackMs;
    while (head < recent.length && recent[head]!.ms < from) head++;
    if (head > 1024 && head * 2 > recent.length) {
      recent = recent.slice(head);
      head = 0;
    }
    const role = a.recipient.role;
    let history: ContactIndex;
    if (ctx.mergeRecordHistory && a.history.length > 0) {
      history = withOwnHistory(recent, head, a, e.ms, directContact);
    } else {
      let view = views.get(role);
      if (view) {
        view.dropBefore(from);
      } else {
        // A view for this person, from the group's window: contacts that reached them.
        view = new ContactIndex(directContact);
        for (let j = head; j < recent.length; j++) if (reachedSamePerson(role, recent[j]!.role)) pushInTieOrder(view, recent[j]!);
        views.set(role, view);
      }
      history = view;
    }
    try {
      const decision = internals.reference ? await internals.judgeAsync(a, e.ms, history) : internals.judge(a, e.ms, history);
      tally.addRecord({ line: e.line, debtorId: e.debtor, country: a.jurisdiction.country, channel: a.channel, atMs: e.ms }, decision);
      if (decision.violations.length > 0 || decision.warnings.length > 0) {
        const { ruleset: _ruleset, ...rest } = decision;
        const record: AuditRecord = {
          line: e.line, debtorId: e.debtor, creditorId: a.creditorId ?? null, country: a.jurisdiction.country,
          channel: a.channel, recipientRole: role, at: a.at, decision: rest,
        };
        ctx.records.append(Math.floor(e.line / RANGE_LINES), `${e.line}\t${JSON.stringify(record)}`);
      }
    } catch (err) {
      if (!(err instanceof ComplianceError)) throw err;
      const { history: _h, ...rest } = a;
      reject(e.line, [{ path: '(record)', code: err.code, message: err.message }], JSON.stringify(ctx.mergeRecordHistory ? a : rest));
    }
    // Judged: from now on it is history for the group's later records, for every person it may have reached.
    const c: LogContact = { ms: e.ms, channel: a.channel, outcome: a.outcome, at: a.at, line: e.line, role };
    recent.push(c);
    for (const [viewRole, view] of views) {
      if (!reachedSamePerson(viewRole, role)) continue;
      pushInTieOrder(view, c);
      view.dropBefore(from);
    }
  }
  tally.endDebtor();
}

/**
 * Contacts at one instant in the order `check` sorts a history (channel, outcome, instant as written;
 * then as given): the contact a frequency finding names as its evidence is the same as `check`'s.
 */
function pushInTieOrder(ix: ContactIndex, c: PastContact): void {
  const last = ix.last;
  if (last === undefined || last.ms < c.ms || tieOrder(last, c) <= 0) {
    ix.push(c);
    return;
  }
  const after: PastContact[] = [];
  while (ix.last !== undefined && ix.last.ms === c.ms && tieOrder(ix.last, c) > 0) after.push(ix.pop()!);
  ix.push(c);
  for (let k = after.length - 1; k >= 0; k--) ix.push(after[k]!);
}

function tieOrder(a: PastContact, b: PastContact): number {
  return cmp(a.channel, b.channel) || cmp(a.outcome ?? '', b.outcome ?? '') || cmp(a.at ?? '', b.at ?? '');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `--record-history merge`: the group's window plus the record's own history entries, an entry at the
 * instant and channel of a record in the window counted once (the log's), in one index for this record.
 */
function withOwnHistory(recent: readonly LogContact[], head: number, a: Attempt, atMs: number, directContact: FrequencyOptions['directContact']): ContactIndex {
  const role = a.recipient.role;
  const inLog = new Set<string>();
  const list: PastContact[] = [];
  for (let j = head; j < recent.length; j++) {
    const c = recent[j]!;
    inLog.add(`${c.ms}|${c.channel}`);
    if (reachedSamePerson(role, c.role)) list.push(c);
  }
  for (const h of a.history) {
    const ms = instantMs(h.at) ?? Date.parse(h.at);
    if (inLog.has(`${ms}|${h.channel}`) || ms > atMs || !reachedSamePerson(role, h.recipientRole)) continue;
    list.push({ ms, channel: h.channel, outcome: h.outcome, at: h.at });
  }
  list.sort((x, y) => x.ms - y.ms || tieOrder(x, y));
  return ContactIndex.of(list, directContact);
}

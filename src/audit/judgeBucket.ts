import { checkerInternals, type Checker } from '../check/createChecker.js';
import { safeParseAttempt } from '../check/parseAttempt.js';
import { ComplianceError, InputError, type InputIssue } from '../errors.js';
import { instantMs } from '../_lib/instantMs.js';
import { ContactIndex, type FrequencyOptions, type PastContact } from '../facts/contactIndex.js';
import { reachedSamePerson } from '../facts/prepareAttempt.js';
import type { Attempt } from '../schema/attempt.js';
import type { RecipientRole } from '../schema/enums.js';
import type { Decision } from '../schema/decision.js';
import type { AuditRecord, AuditRejection } from './auditTypes.js';
import { recordStatus, unprovenRuleIds } from './_lib/findingStatus.js';
import type { AuditTally } from './createAuditTally.js';
import type { Spill } from './createSpill.js';
import { EXCERPT } from './readLogEntries.js';
import type { RecordCompactor } from './compactRecord.js';

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
  /** Writes the records with findings compactly (the JSON report's records), collecting their contexts. */
  readonly compactor: RecordCompactor;
}

/** A contact of the log as history: the record's own instant, channel and outcome, where it is in the log, and whom it reached. */
interface LogContact extends PastContact {
  readonly at: string;
  readonly line: number;
  readonly role: RecipientRole;
}

interface Entry {
  line: number;
  ms: number;
  debtor: string;
  creditor: string;
  attempt: Attempt;
  /** The record's dimensions as JSON (a mapping's), or undefined. */
  dims: string | undefined;
}

/** A debtor's records: by creditor, then time, then line. */
const compareEntries = (a: Entry, b: Entry): number =>
  a.creditor < b.creditor ? -1 : a.creditor > b.creditor ? 1 : a.ms - b.ms || a.line - b.line;

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
  // Lines by debtor (the key), in line order; each debtor's records are parsed, sorted and judged in
  // turn, so that what a record costs in memory is gone once its debtor is done.
  const byDebtor = new Map<string, Raw[]>();
  for (const text of lines) {
    const r = rawOf(text);
    const group = byDebtor.get(r.key);
    if (group) group.push(r);
    else byDebtor.set(r.key, [r]);
  }
  const internals = checkerInternals(ctx.checker);
  const group = new GroupJudge(ctx, internals.frequency.directContact);
  const entries: Entry[] = [];
  for (const raws of byDebtor.values()) {
    entries.length = 0;
    for (const r of raws) {
      const e = entryOf(r, ctx);
      if (e) entries.push(e);
    }
    entries.sort(compareEntries);
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k]!;
      if (k === 0 || entries[k - 1]!.creditor !== e.creditor) group.start();
      const history = group.before(e);
      let decision: Decision | undefined;
      try {
        // The reference evaluator is asynchronous; the compiled one never waits.
        decision = internals.reference
          ? await internals.judgeAsync(e.attempt, e.ms, history, true)
          : internals.judge(e.attempt, e.ms, history, true);
      } catch (err) {
        if (!(err instanceof ComplianceError)) throw err;
        group.refused(e, err);
      }
      group.after(e, decision);
    }
  }
  ctx.tally.endDebtor();
}

interface Raw {
  line: number;
  key: string;
  text: string;
  dims: string | undefined;
}

/**
 * A bucket line: `line \t key \t text` (`!key`: text spilled as a JSON string, see auditLog); `line`
 * may be followed by `:` and the record's dimensions as a JSON object (JSON text has no tab).
 */
function rawOf(bucketText: string): Raw {
  const t1 = bucketText.indexOf('\t');
  const t2 = bucketText.indexOf('\t', t1 + 1);
  let colon = bucketText.indexOf(':');
  if (colon > t1) colon = -1;
  const line = Number(bucketText.slice(0, colon >= 0 ? colon : t1));
  const dims = colon >= 0 ? bucketText.slice(colon + 1, t1) : undefined;
  const key = bucketText.slice(t1 + 1, t2);
  const text = bucketText.slice(t2 + 1);
  return key.charCodeAt(0) === 33
    ? { line, key: key.slice(1), text: JSON.parse(text) as string, dims }
    : { line, key, text, dims };
}

function reject(ctx: JudgeContext, line: number, issues: readonly InputIssue[], text: string): void {
  const r: AuditRejection = { line, issues, excerpt: text.slice(0, EXCERPT) };
  ctx.rejections.append(Math.floor(line / RANGE_LINES), `${line}\t${JSON.stringify(r)}`);
}

/** A line parsed and validated, ready to judge — or rejected (undefined), with its line, issues and excerpt. */
function entryOf(r: Raw, ctx: JudgeContext): Entry | undefined {
  const { line, key, text, dims } = r;
  const { checker } = ctx;
  ctx.counts.handled++;
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    reject(ctx, line, [{ path: '(line)', code: 'invalid_json', message: `not JSON (${(e as Error).message})` }], text);
    return undefined;
  }
  const parsed = safeParseAttempt(input);
  if (!parsed.success) {
    reject(ctx, line, parsed.error.issues, text);
    return undefined;
  }
  const a = parsed.data;
  // The read pass routed the line by the debtorId it found without parsing; a record in the wrong
  // bucket would be judged without its history, so a disagreement is a bug to report, never to pass.
  if (key !== (a.debtorId === undefined ? '' : JSON.stringify(a.debtorId))) {
    throw new Error(
      `internal error: line ${line} was routed by debtorId ${key || '(none)'}, but its debtorId is ${JSON.stringify(a.debtorId)}`,
    );
  }
  if (a.debtorId === undefined) {
    reject(
      ctx,
      line,
      [{ path: 'debtorId', code: 'required', message: 'is required in an audit: frequency is counted per debtor' }],
      text,
    );
    return undefined;
  }
  if (!checker.packs.has(a.jurisdiction.country)) {
    reject(
      ctx,
      line,
      [
        {
          path: 'jurisdiction.country',
          code: 'not_loaded',
          message: `${a.jurisdiction.country} has no rules loaded (loaded: ${[...checker.packs.keys()].join(', ') || 'none'})`,
        },
      ],
      text,
    );
    return undefined;
  }
  if (a.history.length > 0) ctx.counts.withHistory++;
  return {
    line,
    ms: instantMs(a.at) ?? Date.parse(a.at),
    debtor: a.debtorId,
    creditor: a.creditorId ?? '',
    attempt: a,
    dims,
  };
}

/**
 * The records of one debtor and creditor, judged in time order (ties in log order): each against the
 * group's earlier records within `lookbackMs` — all a frequency fact can see — held in contact
 * indexes that grow as records are judged (one per recipient role asked about, since frequency is
 * counted per person), never rebuilt.
 */
class GroupJudge {
  private recent: LogContact[] = [];
  private head = 0;
  private readonly views = new Map<RecipientRole, ContactIndex>();
  private since = 0;

  constructor(
    private readonly ctx: JudgeContext,
    private readonly directContact: FrequencyOptions['directContact'],
  ) {}

  /** A new group: no earlier record. */
  start(): void {
    this.recent = [];
    this.head = 0;
    this.views.clear();
  }

  /** The history of `e`: the group's records judged before it, within the window, that reached its recipient. */
  before(e: Entry): ContactIndex {
    const a = e.attempt;
    this.since = e.ms - this.ctx.lookbackMs;
    while (this.head < this.recent.length && this.recent[this.head]!.ms < this.since) this.head++;
    if (this.head > 1024 && this.head * 2 > this.recent.length) {
      this.recent = this.recent.slice(this.head);
      this.head = 0;
    }
    if (this.ctx.mergeRecordHistory && a.history.length > 0)
      return withOwnHistory(this.recent, this.head, a, e.ms, this.directContact);
    const role = a.recipient.role;
    let view = this.views.get(role);
    if (view) {
      view.dropBefore(this.since);
    } else {
      // A view for this person, from the group's window: contacts that reached them.
      view = new ContactIndex(this.directContact);
      for (let j = this.head; j < this.recent.length; j++)
        if (reachedSamePerson(role, this.recent[j]!.role)) pushInTieOrder(view, this.recent[j]!);
      this.views.set(role, view);
    }
    return view;
  }

  /**
   * A record the checker refused (a ComplianceError): rejected, with the attempt as its excerpt, and
   * an InputError's own issues (`at: no_law_in_force`, naming the date the law starts).
   */
  refused(e: Entry, err: ComplianceError): void {
    const { history: _h, ...rest } = e.attempt;
    reject(
      this.ctx,
      e.line,
      err instanceof InputError ? err.issues : [{ path: '(record)', code: err.code, message: err.message }],
      JSON.stringify(this.ctx.mergeRecordHistory ? e.attempt : rest),
    );
  }

  /** After `e` is judged: tallied and, with findings, spilled; then history for the group's later records. */
  after(e: Entry, decision: Decision | undefined): void {
    const { ctx } = this;
    const a = e.attempt;
    const role = a.recipient.role;
    if (decision) {
      const dimensions = e.dims === undefined ? undefined : (JSON.parse(e.dims) as AuditRecord['dimensions']);
      ctx.tally.addRecord(
        {
          line: e.line,
          debtorId: e.debtor,
          country: a.jurisdiction.country,
          channel: a.channel,
          atMs: e.ms,
          creditorId: a.creditorId ?? null,
          dimensions,
        },
        decision,
      );
      if (decision.violations.length > 0 || decision.warnings.length > 0) {
        const unverified = unprovenRuleIds(decision);
        const json = ctx.compactor.json(
          {
            line: e.line,
            debtorId: e.debtor,
            creditorId: a.creditorId ?? null,
            country: a.jurisdiction.country,
            channel: a.channel,
            recipientRole: role,
            at: a.at,
            status: recordStatus(decision),
            ...(unverified.length > 0 ? { unverified } : {}),
          },
          decision,
          dimensions,
        );
        ctx.records.append(Math.floor(e.line / RANGE_LINES), `${e.line}\t${json}`);
      }
    }
    // From now on it is history for the group's later records, for every person it may have reached.
    const c: LogContact = { ms: e.ms, channel: a.channel, outcome: a.outcome, at: a.at, line: e.line, role };
    this.recent.push(c);
    for (const [viewRole, view] of this.views) {
      if (!reachedSamePerson(viewRole, role)) continue;
      pushInTieOrder(view, c);
      view.dropBefore(this.since);
    }
  }
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
function withOwnHistory(
  recent: readonly LogContact[],
  head: number,
  a: Attempt,
  atMs: number,
  directContact: FrequencyOptions['directContact'],
): ContactIndex {
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

/**
 * Append a JSON line routed as read — `buf[start..end)`, undecoded — to its debtor's bucket, as
 * `line \t key \t text` (see judgeBucket), the key given as a token of the same buffer
 * (`buf[keyStart..keyEnd)`, a plain JSON string: its own JSON) or as text. The bucket is chosen by
 * `bucketOf` the key, computed on the bytes when they are the key's characters.
 */
export function appendBucketLine(
  spill: Spill,
  buckets: number,
  line: number,
  buf: Buffer,
  start: number,
  end: number,
  key: string | undefined,
  keyStart: number,
  keyEnd: number,
): void {
  let h = 0x811c9dc5;
  let keyBytes: number;
  if (key === undefined) {
    for (let k = keyStart; k < keyEnd; k++) {
      h ^= buf[k]!;
      h = Math.imul(h, 0x01000193);
    }
    keyBytes = keyEnd - keyStart;
  } else {
    for (let k = 0; k < key.length; k++) {
      h ^= key.charCodeAt(k);
      h = Math.imul(h, 0x01000193);
    }
    keyBytes = 3 * key.length;
  }
  const index = (h >>> 0) % buckets;
  const room = spill.reserve(index, 16 + keyBytes + (end - start) + 2);
  const out = room.buf;
  let at = room.len;
  const from = at;
  // Digits, and the key's bytes, one by one: Buffer#copy of a part of a buffer makes a view each time.
  if (line < 10) out[at++] = 48 + line;
  else {
    let digits = 1;
    for (let n = line; n >= 10; n = Math.floor(n / 10)) digits++;
    for (let n = line, k = at + digits - 1; k >= at; k--, n = Math.floor(n / 10)) out[k] = 48 + (n % 10);
    at += digits;
  }
  out[at++] = 9;
  if (key === undefined) for (let k = keyStart; k < keyEnd; k++) out[at++] = buf[k]!;
  else at += out.write(key, at);
  out[at++] = 9;
  at += buf.copy(out, at, start, end);
  out[at++] = 10;
  spill.commit(index, at - from);
}

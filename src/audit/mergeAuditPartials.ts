import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { checkerInternals, createChecker, type Checker } from '../check/createChecker.js';
import { ComplianceError } from '../errors.js';
import { auditSummary } from './_lib/auditSummary.js';
import type { AuditContextEntry, AuditRecord, AuditRecordCompact, AuditRejection, AuditResult } from './auditTypes.js';
import { expandAuditRecord, findingTypesOf } from './compactRecord.js';
import { createAuditTally } from './createAuditTally.js';
import {
  PARTIAL_FORMAT_VERSION,
  PARTIAL_REPORT,
  tallyFromJson,
  type PartialHeader,
  type PartialTrailer,
} from './writeAuditPartial.js';

export interface MergeOptions {
  /**
   * The checker whose holiday calendar gives the report's holidays (default: one built from the
   * options the shards recorded). Its `ruleset.version` must be the shards'.
   */
  readonly checker?: Checker;
  /** The clock for `generatedAt` (default: the system clock). */
  readonly now?: () => Date;
}

interface Opened {
  readonly path: string;
  readonly header: PartialHeader;
}

/**
 * The audit of a whole log from the partial results of its shards (`audit merge`; docs/audit.md, "Past
 * one machine"): the same summary and the same records, in log order, as one machine's audit of the
 * log — every report written from it is byte for byte the single-machine report, generation time
 * aside. Refused (a ComplianceError naming the files): partials of different logs, rulesets, options,
 * provenance or partial format; a shard missing or given twice; a partial cut short; a merge whose
 * own checker would give another ruleset version or reads another time-zone database.
 *
 * The partials are read as they are written out (headers and tallies first, then rejections and
 * records merged by line): memory stays bounded whatever their size.
 */
export async function mergeAuditPartials(paths: readonly string[], options: MergeOptions = {}): Promise<AuditResult> {
  if (paths.length === 0) throw new ComplianceError('usage', 'audit merge needs the partial results of every shard');
  const opened: Opened[] = [];
  for (const path of paths) opened.push({ path, header: await readHeader(path) });
  const first = opened[0]!;
  const n = first.header.shard.count;
  // Same log, rules, options and provenance; each shard once.
  for (const o of opened.slice(1)) {
    const differs = (what: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b))
        throw new ComplianceError(
          'partial_mismatch',
          `${show(o.path)} and ${show(first.path)} are not shards of one audit: their ${what} differ (${brief(b)} / ${brief(a)})`,
        );
    };
    differs('shard counts', o.header.shard.count, n);
    const { name: _a, ...log } = o.header.log;
    const { name: _b, ...firstLog } = first.header.log;
    differs('logs (size and SHA-256)', log, firstLog);
    differs('rulesets', o.header.ruleset, first.header.ruleset);
    differs('audit options', o.header.options, first.header.options);
    const { source: _s, ...extras } = o.header.extras;
    const { source: _t, ...firstExtras } = first.header.extras;
    differs('readings of the log (mapping, columns, notes)', extras, firstExtras);
    differs('checker options (the rules they were judged with)', o.header.checkerOptions, first.header.checkerOptions);
    differs(
      'provenance (versions of the library, holiday data or time-zone database)',
      o.header.provenance,
      first.header.provenance,
    );
  }
  const byIndex = new Map<number, Opened>();
  for (const o of opened) {
    const twice = byIndex.get(o.header.shard.index);
    if (twice)
      throw new ComplianceError(
        'partial_duplicate',
        `shard ${o.header.shard.index} of ${n} is given twice (${show(twice.path)}, ${show(o.path)})`,
      );
    byIndex.set(o.header.shard.index, o);
  }
  const missing: number[] = [];
  for (let k = 1; k <= n; k++) if (!byIndex.has(k)) missing.push(k);
  if (missing.length > 0)
    throw new ComplianceError(
      'partial_missing',
      `${missing.length === 1 ? `shard ${missing[0]} of ${n} is` : `shards ${listed(missing)} of ${n} are`} missing: the report of the whole log needs every shard`,
    );
  const shards = [...byIndex.values()].sort((a, b) => a.header.shard.index - b.header.shard.index);
  for (const o of shards) await assertComplete(o);
  const lead = shards[0]!.header;
  if (lead.read === null)
    throw new ComplianceError('partial_mismatch', `${show(shards[0]!.path)}: shard 1 holds no line counts`);

  // The checker of the shards: its holiday calendar gives the report's holidays.
  const checker = options.checker ?? createChecker(lead.checkerOptions ?? {});
  if (checker.version !== lead.ruleset.version)
    throw new ComplianceError(
      'partial_mismatch',
      `the shards were judged with ruleset ${lead.ruleset.version}, this merge's checker is ${checker.version}: merge with the version of cobranza-compliance (and the rule files) the shards ran`,
    );
  const tz = lead.provenance.data.tzdata;
  if (tz !== null && process.versions.tz !== undefined && process.versions.tz !== tz)
    throw new ComplianceError(
      'partial_mismatch',
      `the shards read time-zone database ${tz}, this merge's runtime ${process.versions.tz}: the report's local times would not be theirs`,
    );

  const tally = createAuditTally();
  for (const o of shards) tally.merge(tallyFromJson(await readTally(o.path)));
  for await (const { text } of inLineOrder(shards, 'rejected')) tally.addRejection(JSON.parse(text) as AuditRejection);
  const contexts = new Map<string, AuditContextEntry>();
  for (const o of shards) for (const [k, v] of o.header.contexts) contexts.set(k, v);
  const summary = auditSummary({
    contexts,
    findingTypes: (ids) => findingTypesOf(checker, ids),
    provenance: lead.provenance,
    holidays: checkerInternals(checker).holidays,
    tally,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    source: lead.extras.source,
    logNotes: lead.extras.logNotes,
    ...(lead.extras.dimensions ? { dimensions: lead.extras.dimensions } : {}),
    ...(lead.extras.mapping ? { mapping: lead.extras.mapping } : {}),
    ruleset: lead.ruleset,
    options: lead.options,
    read: lead.read,
    records: shards.reduce((s, o) => s + o.header.records, 0),
    recordsWithHistoryField: shards.reduce((s, o) => s + o.header.recordsWithHistoryField, 0),
  });
  return {
    summary,
    async *recordsJson() {
      for await (const { text } of inLineOrder(shards, 'record')) yield text;
    },
    async *records(): AsyncGenerator<AuditRecord> {
      const tables = { findingTypes: summary.findingTypes ?? {}, contexts: summary.contexts ?? {} };
      for await (const { text } of inLineOrder(shards, 'record'))
        yield expandAuditRecord(JSON.parse(text) as AuditRecordCompact, tables);
    },
    async *rejections(): AsyncGenerator<AuditRejection> {
      for await (const { text } of inLineOrder(shards, 'rejected')) yield JSON.parse(text) as AuditRejection;
    },
    dispose: async () => undefined,
  };
}

/** Each line of a file, streamed. */
async function* linesOfFile(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
  }) as AsyncIterable<string>) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      yield rest + chunk.slice(start, nl);
      rest = '';
      start = nl + 1;
    }
    rest += chunk.slice(start);
  }
  if (rest !== '') yield rest;
}

function notPartial(path: string, why: string): ComplianceError {
  return new ComplianceError(
    'not_a_partial',
    `${show(path)} is not a partial result of cobranza-compliance audit --shard: ${why}`,
  );
}

async function readHeader(path: string): Promise<PartialHeader> {
  let first: string | undefined;
  for await (const line of linesOfFile(path)) {
    first = line;
    break;
  }
  let h: PartialHeader;
  try {
    h = JSON.parse(first ?? '') as PartialHeader;
  } catch {
    throw notPartial(path, 'its first line is not JSON');
  }
  if (h === null || typeof h !== 'object' || h.report !== PARTIAL_REPORT)
    throw notPartial(path, `its first line names no ${PARTIAL_REPORT}`);
  if (h.formatVersion !== PARTIAL_FORMAT_VERSION)
    throw notPartial(
      path,
      `it is of format version ${String(h.formatVersion)}, this merge reads ${PARTIAL_FORMAT_VERSION}`,
    );
  return h;
}

async function readTally(path: string): Promise<unknown> {
  let k = 0;
  for await (const line of linesOfFile(path)) {
    if (k++ === 1) return (JSON.parse(line) as { tally: unknown }).tally;
  }
  throw notPartial(path, 'it holds no tally');
}

/** The file ends with its trailer, whose counts are the header's: a partial cut short is refused before anything is written. */
async function assertComplete(o: Opened): Promise<void> {
  const handle = await open(o.path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 4096);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    const text = buf.toString('utf8').replace(/\n$/, '');
    let t: PartialTrailer | undefined;
    try {
      t = JSON.parse(text.slice(text.lastIndexOf('\n') + 1)) as PartialTrailer;
    } catch {
      t = undefined;
    }
    if (
      t?.end !== PARTIAL_REPORT ||
      t.rejected !== o.header.rejected ||
      t.recordsWithFindings !== o.header.recordsWithFindings
    )
      throw notPartial(
        o.path,
        'it is cut short (its last line is not the end of the partial its first line announces)',
      );
  } finally {
    await handle.close();
  }
}

/** One item of a section of a partial: its line in the log, and its JSON. */
interface Item {
  readonly line: number;
  readonly text: string;
}

/** The items of one section (`rejected` or `record`) of one partial, in its order (the log's). */
async function* section(o: Opened, kind: 'rejected' | 'record'): AsyncGenerator<Item> {
  const prefix = `"${kind}":`;
  let k = 0;
  let count = 0;
  let previous = 0;
  for await (const line of linesOfFile(o.path)) {
    if (k++ < 2) continue;
    if (!line.startsWith('{"line":')) break;
    const comma = line.indexOf(',', 8);
    // Rejections come first, then records.
    if (!line.startsWith(prefix, comma + 1)) {
      if (kind === 'rejected') break;
      continue;
    }
    const at = Number(line.slice(8, comma));
    if (!(at > previous))
      throw notPartial(o.path, `its ${kind} lines are not in log order (line ${at} after ${previous})`);
    previous = at;
    count++;
    yield { line: at, text: line.slice(comma + 1 + prefix.length, -1) };
  }
  const expected = kind === 'record' ? o.header.recordsWithFindings : o.header.rejected;
  if (count !== expected) throw notPartial(o.path, `it holds ${count} ${kind} lines, its header announces ${expected}`);
}

/** The items of one section of every shard, merged by log line (a line is in one shard only). */
async function* inLineOrder(shards: readonly Opened[], kind: 'rejected' | 'record'): AsyncGenerator<Item> {
  const its = shards.map((o) => section(o, kind));
  // A binary heap of each shard's next item, by line.
  const heap: Array<{ item: Item; k: number }> = [];
  const up = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]!.item.line <= heap[i]!.item.line) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l]!.item.line < heap[m]!.item.line) m = l;
      if (r < heap.length && heap[r]!.item.line < heap[m]!.item.line) m = r;
      if (m === i) return;
      [heap[m], heap[i]] = [heap[i]!, heap[m]!];
      i = m;
    }
  };
  for (let k = 0; k < its.length; k++) {
    const r = await its[k]!.next();
    if (!r.done) {
      heap.push({ item: r.value, k });
      up(heap.length - 1);
    }
  }
  while (heap.length > 0) {
    const top = heap[0]!;
    yield top.item;
    const r = await its[top.k]!.next();
    if (!r.done) {
      heap[0] = { item: r.value, k: top.k };
      down(0);
    } else {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        down(0);
      }
    }
  }
}

function show(path: string): string {
  return JSON.stringify(path);
}

function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function listed(xs: readonly number[]): string {
  return xs.length <= 10 ? xs.join(', ') : `${xs.slice(0, 10).join(', ')} … (${xs.length})`;
}

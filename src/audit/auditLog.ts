import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeParseAttempt } from '../check/parseAttempt.js';
import { checkerInternals } from '../check/createChecker.js';
import type { Country } from '../schema/enums.js';
import { periodsAndHolidays, spanOf, withProvenance } from './_lib/localPeriod.js';
import { rulesetNotesOf } from '../rules/checkStatutoryFloor.js';
import type { AuditInput, AuditOptions, AuditRecord, AuditRejection, AuditResult } from './auditTypes.js';
import { boundedBuckets } from './_lib/boundedBuckets.js';
import { createAuditTally } from './createAuditTally.js';
import { createSpill, type Spill } from './createSpill.js';
import { bucketLine, judgeBucket, RANGE_LINES } from './judgeBucket.js';
import { openLogInput } from './openLogInput.js';
import { readLogEntries, type LogReadStats } from './readLogEntries.js';

const DAY_MS = 86_400_000;
/** About this much log per debtor bucket: what one bucket costs in memory while it is judged. */
const BUCKET_BYTES = 4_000_000;
const MAX_BUCKETS = 512;

/**
 * Audit a contact log: judge every record as `check` would, with the log's earlier records of the
 * same debtor (and creditor) as its history, and tally the findings.
 *
 * Two passes, memory bounded whatever the log's size:
 * 1. read — each line is parsed and validated; a bad one becomes a rejection (line, field, message)
 *    and the audit goes on; a good one is appended to a temporary bucket file chosen by a hash of its
 *    `debtorId`, so all of a debtor's records land in one bucket.
 * 2. judge — one bucket at a time is loaded, sorted by debtor, creditor and time (the log may be out
 *    of order), and each record is checked with the records before it. Findings are appended to
 *    temporary files by line range, read back in log order by `records()`.
 *
 * Call `dispose()` when done with the result (it removes the temporary files).
 */
export async function auditLog(input: AuditInput, options: AuditOptions): Promise<AuditResult> {
  const { checker } = options;
  const lookbackDays = options.historyLookbackDays ?? 8;
  const recordHistory = options.recordHistory ?? 'ignore';
  const bucketBytes = options.bucketBytes ?? BUCKET_BYTES;
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'cobranza-audit-'));
  try {
    await chmod(dir, 0o700); // the spills hold personal data: the owner's only
    const log = await openLogInput(input);
    // The size, when known, sets the number of buckets; a bucket that still grows too large (a pipe of
    // unknown size, a log beyond MAX_BUCKETS × bucketBytes) is split before it is judged.
    const buckets = Math.max(1, Math.min(MAX_BUCKETS, options.buckets ?? Math.ceil((log.bytes ?? 64 * bucketBytes) / bucketBytes)));
    const bucketSpill = createSpill(dir, 'bucket');
    const recordSpill = createSpill(dir, 'records');
    const rejectionSpill = createSpill(dir, 'rejected');
    const tally = createAuditTally();
    const stats: LogReadStats = { lines: 0, headerLines: 0, blankLines: 0, recordLines: 0 };
    const loaded = [...checker.packs.keys()];
    const progress = options.onProgress;
    let records = 0;
    let accepted = 0;
    let withHistory = 0;
    const periods = new Map<Country, { from: number; to: number }>();

    const reject = async (r: AuditRejection): Promise<void> => {
      tally.addRejection(r);
      const p = rejectionSpill.append(Math.floor(r.line / RANGE_LINES), `${r.line}\t${JSON.stringify(r)}`);
      if (p) await p;
    };

    // Pass 1: read, validate, spill by debtor.
    for await (const entry of readLogEntries(log, stats)) {
      records++;
      if (progress && (records & 1023) === 0) progress({ phase: 'read', done: log.bytesRead(), total: log.bytes, unit: 'bytes' });
      if (entry.kind === 'rejected') {
        await reject({ line: entry.line, issues: entry.issues, excerpt: entry.excerpt });
        continue;
      }
      const parsed = safeParseAttempt(entry.input);
      if (!parsed.success) {
        await reject({ line: entry.line, issues: parsed.error.issues, excerpt: entry.excerpt() });
        continue;
      }
      const a = parsed.data;
      if (a.debtorId === undefined) {
        await reject({ line: entry.line, issues: [{ path: 'debtorId', code: 'required', message: 'is required in an audit: frequency is counted per debtor' }], excerpt: entry.excerpt() });
        continue;
      }
      if (!checker.packs.has(a.jurisdiction.country)) {
        await reject({ line: entry.line, issues: [{ path: 'jurisdiction.country', code: 'not_loaded', message: `${a.jurisdiction.country} has no rules loaded (loaded: ${loaded.join(', ') || 'none'})` }], excerpt: entry.excerpt() });
        continue;
      }
      if (a.history.length > 0) withHistory++;
      spanOf(periods, a.jurisdiction.country, Date.parse(a.at));
      const { history, ...rest } = a;
      const json = JSON.stringify(recordHistory === 'merge' ? a : rest);
      const p = bucketSpill.append(hash(a.debtorId) % buckets, bucketLine(entry.line, Date.parse(a.at), a.debtorId, a.creditorId, json));
      if (p) await p;
      accepted++;
    }
    await bucketSpill.flush();
    progress?.({ phase: 'read', done: log.bytesRead(), total: log.bytes, unit: 'bytes' });

    // Pass 2: judge each bucket, debtor by debtor, in time order.
    let judged = 0;
    const ctx = {
      checker, tally, records: recordSpill, rejections: rejectionSpill,
      lookbackMs: lookbackDays * DAY_MS, mergeRecordHistory: recordHistory === 'merge',
      onJudged: () => {
        judged++;
        if (progress && (judged & 255) === 0) progress({ phase: 'judge', done: judged, total: accepted, unit: 'records' });
      },
    };
    for await (const lines of boundedBuckets(bucketSpill, 2 * bucketBytes)) await judgeBucket(lines, ctx);
    await Promise.all([recordSpill.flush(), rejectionSpill.flush()]);
    progress?.({ phase: 'judge', done: judged, total: accepted, unit: 'records' });

    const notes: string[] = [];
    if (withHistory > 0) {
      notes.push(recordHistory === 'merge'
        ? `${withHistory} record(s) carried a history field of their own: its entries were added to the log's earlier records (same instant and channel counted once).`
        : `${withHistory} record(s) carried a history field of their own: it was ignored — frequency is counted from the log itself, so no contact is counted twice.`);
    }
    if (stats.blankLines > 0) notes.push(`${stats.blankLines} blank line(s) were skipped: they are not records.`);
    const summary = withProvenance(checker.provenance, periodsAndHolidays(periods, checkerInternals(checker).holidays), tally.summarize({
      generatedAt: (options.now?.() ?? new Date()).toISOString(),
      source: { name: log.name, format: log.format, bytes: log.bytes ?? null },
      ruleset: { version: checker.version, countries: loaded, ...rulesetNotesOf(checker) },
      options: { recordHistory, historyLookbackDays: lookbackDays },
      accounting: { lines: stats.lines, headerLines: stats.headerLines, blankLines: stats.blankLines, recordLines: stats.recordLines, records, recordsWithHistoryField: withHistory },
      notes,
    }));

    let disposed = false;
    const live = (): void => {
      if (disposed) throw new Error('the audit result was disposed');
    };
    return {
      summary,
      async* recordsJson() {
        live();
        yield* inLineOrder(recordSpill);
      },
      async* records(): AsyncGenerator<AuditRecord> {
        live();
        for await (const t of inLineOrder(recordSpill)) yield JSON.parse(t) as AuditRecord;
      },
      async* rejections(): AsyncGenerator<AuditRejection> {
        live();
        for await (const t of inLineOrder(rejectionSpill)) yield JSON.parse(t) as AuditRejection;
      },
      async dispose() {
        disposed = true;
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** The spilled `line \t json` items, range by range, each range sorted by line. */
async function* inLineOrder(spill: Spill): AsyncGenerator<string> {
  for (const i of spill.indices()) {
    const items = (await spill.read(i)).map((t) => {
      const tab = t.indexOf('\t');
      return { line: Number(t.slice(0, tab)), json: t.slice(tab + 1) };
    });
    items.sort((a, b) => a.line - b.line);
    for (const it of items) yield it.json;
  }
}

/** FNV-1a: a fast, stable string hash (bucket choice only; not security relevant). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeParseAttempt } from '../check/parseAttempt.js';
import { checkerInternals } from '../check/createChecker.js';
import { ComplianceError } from '../errors.js';
import { auditSummary } from './_lib/auditSummary.js';
import { expandAuditRecord, findingTypesOf } from './compactRecord.js';
import { reportText } from './_lib/reportText.js';
import { rulesetNotesOf } from '../rules/checkStatutoryFloor.js';
import type {
  AuditInput,
  AuditOptions,
  AuditContextEntry,
  AuditPartialState,
  AuditRecord,
  AuditRecordCompact,
  AuditRejection,
  AuditResult,
  AuditSummary,
  LogFormat,
} from './auditTypes.js';
import { boundedBuckets } from './_lib/boundedBuckets.js';
import { DebtorIdScanner, DECODED, PLAIN, scanDebtorId } from './_lib/scanDebtorId.js';
import { assertShard, ShardFilter } from './shardOf.js';
import { createAuditTally } from './createAuditTally.js';
import { createJudgePool, defaultWorkers, SMALL_LOG_RECORDS, type JudgePool } from './createJudgePool.js';
import { createSpill, readSpillFile, type Spill, type SpillFiles } from './createSpill.js';
import { appendBucketLine, bucketOf, RANGE_LINES } from './judgeBucket.js';
import { compileMapping, mergeIssues } from './mapping/compileMapping.js';
import { parseMapping } from './mapping/parseMapping.js';
import { openLogInput } from './openLogInput.js';
import { readLogEntries, type LogEntry, type LogReadStats } from './readLogEntries.js';

const DAY_MS = 86_400_000;
/** About this much log per debtor bucket: what one bucket costs in memory while it is judged. */
const BUCKET_BYTES = 4_000_000;
const MAX_BUCKETS = 512;
/** A lone surrogate (in `u` mode a pair is one code point, not a surrogate). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Audit a contact log: judge every record as `check` would, with the log's earlier records of the
 * same debtor (and creditor) as its history, and tally the findings.
 *
 * Two passes, memory bounded whatever the log's size:
 * 1. read (this thread) — the log is read in large chunks and each line routed, as read, to a
 *    temporary bucket file chosen by a hash of its `debtorId`, found without parsing the line (a
 *    scanner that gives what JSON.parse would), so all of a debtor's records land in one bucket; CSV
 *    records are parsed and validated here (a bad one is rejected with its row's excerpt).
 * 2. judge (worker threads, or this thread for a small log) — each bucket is judged whole by one
 *    judge: its lines parsed and validated (a bad one becomes a rejection: line, fields, excerpt), its
 *    records sorted by debtor, creditor and time (the log may be out of order) and judged in one pass
 *    with incremental per-person contact indexes. Records with findings and rejections are written to
 *    temporary files by line range, read back in log order by `records()` and `rejections()`; the
 *    judges' tallies are merged. The output is the same whatever the number of workers.
 *
 * Call `dispose()` when done with the result (it removes the temporary files).
 */
export async function auditLog(input: AuditInput, options: AuditOptions): Promise<AuditResult> {
  const { checker } = options;
  const lookbackDays = options.historyLookbackDays ?? 8;
  const recordHistory = options.recordHistory ?? 'ignore';
  const bucketBytes = options.bucketBytes ?? BUCKET_BYTES;
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 0)) {
    throw new ComplianceError(
      'invalid_option',
      `auditLog: workers must be a whole number ≥ 0, not ${String(options.workers)}`,
    );
  }
  if (options.shard !== undefined) assertShard(options.shard);
  const shard = options.shard ?? { index: 1, count: 1 };
  /** Whether a debtor is judged here; the lines of no debtor (unroutable, unreadable) belong to shard 1. */
  const filter = shard.count > 1 ? new ShardFilter(shard) : undefined;
  const firstShard = shard.index === 1;
  // A bad mapping is refused before any work (every problem named by its JSON pointer).
  const mappingName = options.mappingName ?? 'mapping';
  const mapping =
    options.mapping === undefined ? undefined : compileMapping(parseMapping(options.mapping, mappingName), mappingName);
  const csvOptions = mapping?.mapping.csv;
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'cobranza-audit-'));
  let pool: JudgePool | undefined;
  /** Files this thread holds open, closed however the audit ends. */
  const spills: Spill[] = [];
  let closeLog = async (): Promise<void> => undefined;
  try {
    await chmod(dir, 0o700); // the spills hold personal data: the owner's only
    const log = await openLogInput(input, {
      ...(csvOptions?.encoding ? { encoding: csvOptions.encoding } : {}),
      digest: options.shard !== undefined,
    });
    closeLog = log.close;
    // A shard's partial names its log by the SHA-256 of its bytes; a query's rows have none to name.
    if (options.shard !== undefined && log.format !== 'csv' && log.format !== 'jsonl')
      throw new ComplianceError(
        'invalid_option',
        'a Parquet or SQL log is not sharded: audit it whole (DuckDB reads it in bounded memory)',
      );
    // The size, when known, sets the number of buckets; a bucket that still grows too large (a pipe of
    // unknown size, a log beyond MAX_BUCKETS × bucketBytes) is split before it is judged.
    const buckets = Math.max(
      1,
      Math.min(MAX_BUCKETS, options.buckets ?? Math.ceil((log.bytes ?? 64 * bucketBytes) / bucketBytes)),
    );
    const bucketSpill = createSpill(dir, 'bucket', 8_000_000);
    const readRejections = createSpill(dir, 'read-rejected', 2_000_000);
    spills.push(bucketSpill, readRejections);
    const stats: LogReadStats = { lines: 0, headerLines: 0, blankLines: 0, recordLines: 0 };
    const progress = options.onProgress;
    const judgeOptions = {
      dir,
      lookbackMs: lookbackDays * DAY_MS,
      mergeRecordHistory: recordHistory === 'merge',
      bucketBytes,
    };
    // Workers start now, building their checkers while this thread reads, when the log is known to be large.
    const wanted =
      options.workers ??
      (log.bytes !== undefined && log.bytes >= SMALL_LOG_RECORDS * 200 ? defaultWorkers() : undefined);
    if (wanted !== undefined) pool = createJudgePool(checker, wanted, judgeOptions);
    let records = 0;
    let routed = 0;
    /** Records of debtors of other shards, seen and left to them. */
    let elsewhere = 0;

    /** A record rejected as read: judged by the shard of the debtor it names, shard 1 when it names none. */
    const rejectRead = (debtorId: unknown, r: AuditRejection): void => {
      if (filter && !(typeof debtorId === 'string' ? filter.has(debtorId) : firstShard)) {
        elsewhere++;
        return;
      }
      records++;
      readRejections.append(Math.floor(r.line / RANGE_LINES), `${r.line}\t${JSON.stringify(r)}`);
    };
    const keyOf = (debtorId: string | undefined): string => (debtorId === undefined ? '' : JSON.stringify(debtorId));
    const route = (line: number, debtorId: string | undefined, text: string, dims?: string): void => {
      if (filter && !(debtorId === undefined ? firstShard : filter.has(debtorId))) {
        elsewhere++;
        return;
      }
      records++;
      routed++;
      const key = keyOf(debtorId);
      // A record's dimensions ride after its line number (`line:{…}`; see judgeBucket's rawOf).
      const at = dims === undefined ? String(line) : `${line}:${dims}`;
      // The spill is UTF-8: text that is not well formed (a lone surrogate, from a string given in
      // memory) is spilled as a JSON string, marked `!`, and comes back exactly as it was.
      if (!LONE_SURROGATE.test(text)) bucketSpill.append(bucketOf(key, buckets), `${at}\t${key}\t${text}`);
      else bucketSpill.append(bucketOf(key, buckets), `${at}\t!${key}\t${JSON.stringify(text)}`);
    };
    const scanner = new DebtorIdScanner();
    const routeBytes = (buf: Buffer, spans: readonly number[]): void => {
      scanner.begin(buf);
      for (let k = 0; k < spans.length; k += 3) {
        const start = spans[k + 1]!;
        const end = spans[k + 2]!;
        const found = scanner.locate(buf, start, end);
        if (
          filter &&
          !(found === PLAIN
            ? filter.hasAscii(buf, scanner.tokenStart + 1, scanner.tokenEnd - 1)
            : found === DECODED
              ? filter.has(scanner.value)
              : firstShard)
        ) {
          elsewhere++;
          continue;
        }
        records++;
        routed++;
        if (found === PLAIN)
          appendBucketLine(
            bucketSpill,
            buckets,
            spans[k]!,
            buf,
            start,
            end,
            undefined,
            scanner.tokenStart,
            scanner.tokenEnd,
          );
        else
          appendBucketLine(
            bucketSpill,
            buckets,
            spans[k]!,
            buf,
            start,
            end,
            found === DECODED ? JSON.stringify(scanner.value) : '',
            0,
            0,
          );
      }
    };

    // Pass 1: read and route each record to its debtor's bucket, a chunk's lines at a time.
    const loaded = [...checker.packs.keys()];
    const reading = { mapping, delimiter: csvOptions?.delimiter };
    for await (const batch of readLogEntries(log, stats, reading)) {
      for (const entry of batch) {
        if (entry.kind === 'lines') {
          routeBytes(entry.buf, entry.spans);
          continue;
        }
        if (entry.kind === 'line') route(entry.line, scanDebtorId(entry.text), entry.text);
        else if (entry.kind === 'rejected')
          rejectRead(undefined, { line: entry.line, issues: entry.issues, excerpt: entry.excerpt });
        else routeRecord(entry);
      }
      progress?.({ phase: 'read', done: log.bytesRead(), total: log.bytes, unit: 'bytes' });
      const busy = bucketSpill.settle();
      if (busy) await busy;
    }
    await Promise.all([bucketSpill.flush(), readRejections.close()]);

    /**
     * A CSV record (or a mapped row) is validated here, where its row is at hand for the excerpt of a
     * rejection; what is routed is its input as read, before the contract's defaults (the judge tells a
     * field the record states from one it leaves to a default).
     */
    function routeRecord(entry: Extract<LogEntry, { kind: 'record' }>): void {
      // A row rejected as read goes with the debtor it names (its shard's), shard 1 when it names none.
      const named = (entry.input as { debtorId?: unknown } | undefined)?.debtorId;
      const mapped = entry.issues ?? [];
      // A row the mapping read cleanly goes to its judge as it is: the judge validates it (its excerpt
      // is then the attempt the mapping made of the row) — validating it here too would double the
      // read pass's work for every record, the rare bad one aside.
      if (entry.issues !== undefined && mapped.length === 0 && typeof named === 'string') {
        route(
          entry.line,
          named,
          JSON.stringify(entry.input),
          entry.dimensions === undefined ? undefined : JSON.stringify(entry.dimensions),
        );
        return;
      }
      const parsed = safeParseAttempt(entry.input);
      if (mapped.length > 0 || !parsed.success) {
        // The mapping's issues, and the contract's about the other fields.
        const issues = mergeIssues(mapped, parsed.error?.issues ?? []);
        rejectRead(named, { line: entry.line, issues, excerpt: entry.excerpt() });
        return;
      }
      const a = parsed.data;
      if (a.debtorId === undefined) {
        rejectRead(undefined, {
          line: entry.line,
          issues: [
            { path: 'debtorId', code: 'required', message: 'is required in an audit: frequency is counted per debtor' },
          ],
          excerpt: entry.excerpt(),
        });
        return;
      }
      if (!checker.packs.has(a.jurisdiction.country)) {
        rejectRead(a.debtorId, {
          line: entry.line,
          issues: [
            {
              path: 'jurisdiction.country',
              code: 'not_loaded',
              message: `${a.jurisdiction.country} has no rules loaded (loaded: ${loaded.join(', ') || 'none'})`,
            },
          ],
          excerpt: entry.excerpt(),
        });
        return;
      }
      route(
        entry.line,
        a.debtorId,
        JSON.stringify(entry.input),
        entry.dimensions === undefined ? undefined : JSON.stringify(entry.dimensions),
      );
    }

    // Pass 2: judge each bucket whole, on the pool's judges. Workers started early for a log that turned
    // out small are let go: its buckets are judged here.
    if (pool && options.workers === undefined && routed < SMALL_LOG_RECORDS) {
      await pool.close();
      pool = undefined;
    }
    pool ??= createJudgePool(
      checker,
      options.workers ?? (routed >= SMALL_LOG_RECORDS ? defaultWorkers() : 0),
      judgeOptions,
    );
    let judged = 0;
    let failure: { error: unknown } | undefined;
    const judging: Array<Promise<void>> = [];
    progress?.({ phase: 'judge', done: 0, total: routed, unit: 'records' });
    for await (const bucket of boundedBuckets(bucketSpill, 2 * bucketBytes)) {
      if (failure) break;
      const { judged: done } = await pool.submit(bucket);
      judging.push(
        done
          .then(async (n) => {
            judged += n;
            progress?.({ phase: 'judge', done: judged, total: routed, unit: 'records' });
            await bucketSpill.discard(bucket.index);
          })
          .catch((error: unknown) => {
            failure ??= { error };
          }),
      );
    }
    await Promise.all(judging);
    if (failure) throw failure.error;
    const results = await pool.finish();
    await bucketSpill.close();

    // The judges' tallies merged; rejections added in line order (which kinds get a row of their own
    // does not depend on which judge met them first).
    const tally = createAuditTally();
    for (const r of results) tally.merge(r.tally);
    const rejectionFiles = [readRejections.files(), ...results.map((r) => r.rejections)];
    const recordFiles = results.map((r) => r.records);
    for await (const t of inLineOrder(rejectionFiles)) tally.addRejection(JSON.parse(t) as AuditRejection);
    const withHistory = results.reduce((n, r) => n + r.recordsWithHistoryField, 0);

    const notUsed = mapping?.notUsed() ?? [];
    const neverSeen = mapping && log.format === 'jsonl' ? mapping.neverSeen() : [];
    // Notes on the whole log's reading (every shard reads it whole: the same in each), in the report's language.
    const text = reportText(checker.provenance.options.language).notes;
    const logNotes: string[] = [];
    if (neverSeen.length > 0)
      logNotes.push(text.mappingNeverSeen(neverSeen.length, neverSeen.map((c) => JSON.stringify(c)).join(', ')));
    if (notUsed.length > 0) logNotes.push(text.columnsNotUsed(notUsed.length));
    if (stats.columnsNotUsed && stats.columnsNotUsed.length > 0)
      logNotes.push(
        text.tableColumnsNotRead(
          stats.columnsNotUsed.length,
          stats.columnsNotUsed.map((c) => JSON.stringify(c)).join(', '),
        ),
      );
    const encoding = log.encoding();
    const extras = {
      source: {
        name: log.name,
        format: log.format,
        bytes: log.bytes ?? null,
        ...(!log.table && (encoding !== 'utf-8' || csvOptions?.encoding !== undefined) ? { encoding } : {}),
        ...(log.table ? { sql: log.table.sql } : {}),
      },
      logNotes,
      ...(mapping
        ? {
            dimensions: mapping.dimensions,
            mapping: {
              name: mapping.source,
              definition: mapping.mapping,
              fields: mapping.fields,
              statedByAuditor: mapping.statedByAuditor,
              columnsNotUsed: notUsed,
              ...(log.format === 'jsonl' ? { columnsNeverSeen: neverSeen } : {}),
            } as NonNullable<AuditSummary['mapping']>,
          }
        : {}),
    };
    const ruleset = { version: checker.version, countries: loaded, ...rulesetNotesOf(checker) };
    const auditOptions = { recordHistory, historyLookbackDays: lookbackDays };
    // The contexts the records refer to, from every judge (a key is its content: the same from any judge).
    const contexts = new Map<string, AuditContextEntry>();
    for (const r of results) for (const [k, v] of r.contexts) contexts.set(k, v);
    const summary = auditSummary({
      contexts,
      findingTypes: (ids) => findingTypesOf(checker, ids),
      provenance: checker.provenance,
      holidays: checkerInternals(checker).holidays,
      tally,
      generatedAt: (options.now?.() ?? new Date()).toISOString(),
      ...extras,
      ruleset,
      options: auditOptions,
      read: stats,
      records,
      recordsWithHistoryField: withHistory,
    });
    // A shard's partial result: what the merge needs beyond the reports (writeAuditPartial).
    const partial: AuditPartialState | undefined =
      options.shard === undefined
        ? undefined
        : {
            shard,
            log: {
              name: log.name,
              format: log.format as LogFormat,
              bytes: log.bytes ?? null,
              sha256: log.sha256() ?? '',
            }, // csv or jsonl: checked above
            read: firstShard ? { ...stats } : null,
            records,
            elsewhere,
            recordsWithHistoryField: withHistory,
            checkerOptions: checkerInternals(checker).options,
            extras,
            contexts: [...contexts],
            tally: tally.snapshot(),
          };

    let disposed = false;
    const live = (): void => {
      if (disposed) throw new Error('the audit result was disposed');
    };
    return {
      summary,
      ...(partial ? { partial } : {}),
      async *recordsJson() {
        live();
        yield* inLineOrder(recordFiles);
      },
      async *records(): AsyncGenerator<AuditRecord> {
        live();
        const tables = { findingTypes: summary.findingTypes ?? {}, contexts: summary.contexts ?? {} };
        for await (const t of inLineOrder(recordFiles))
          yield expandAuditRecord(JSON.parse(t) as AuditRecordCompact, tables);
      },
      async *rejections(): AsyncGenerator<AuditRejection> {
        live();
        for await (const t of inLineOrder(rejectionFiles)) yield JSON.parse(t) as AuditRejection;
      },
      async dispose() {
        disposed = true;
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await pool?.close();
    await closeLog();
    await Promise.allSettled(spills.map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
    throw e;
  } finally {
    await pool?.close();
  }
}

/** The spilled `line \t json` items of several spills, range by range, each range sorted by line. */
async function* inLineOrder(spills: readonly SpillFiles[]): AsyncGenerator<string> {
  const ranges = [...new Set(spills.flatMap((s) => s.indices))].sort((a, b) => a - b);
  for (const i of ranges) {
    const items: Array<{ line: number; json: string }> = [];
    for (const s of spills) {
      for (const t of await readSpillFile(s, i)) {
        const tab = t.indexOf('\t');
        items.push({ line: Number(t.slice(0, tab)), json: t.slice(tab + 1) });
      }
    }
    items.sort((a, b) => a.line - b.line);
    for (const it of items) yield it.json;
  }
}

import type { Checker } from '../check/createChecker.js';
import { createAuditTally, type TallySnapshot } from './createAuditTally.js';
import { createSpill, type SpillFiles } from './createSpill.js';
import { judgeBucket, type JudgeContext } from './judgeBucket.js';
import { RecordCompactor, templatesOf } from './compactRecord.js';
import type { AuditContextEntry } from './auditTypes.js';

export interface BucketJudgeOptions {
  /** The audit's private temporary directory. */
  readonly dir: string;
  /** This judge's own name: the prefix of its spill files (one judge per thread). */
  readonly name: string;
  readonly lookbackMs: number;
  readonly mergeRecordHistory: boolean;
}

/** What a judge hands back once every bucket it was given is judged: plain data (it crosses threads). */
export interface BucketJudgeResult {
  readonly tally: TallySnapshot;
  readonly records: SpillFiles;
  readonly rejections: SpillFiles;
  /** Lines handled (judged or rejected). */
  readonly handled: number;
  readonly recordsWithHistoryField: number;
  /** The contexts its records refer to, by key (the JSON report's `contexts`). */
  readonly contexts: ReadonlyArray<readonly [string, AuditContextEntry]>;
}

export interface BucketJudge {
  /** Judge one bucket's lines; resolves to the number of lines handled. */
  judge(lines: readonly string[]): Promise<number>;
  finish(): Promise<BucketJudgeResult>;
}

/**
 * The judging of buckets, as done in the audit's own thread or in each worker thread — the same code,
 * so the output cannot depend on the number of workers: a tally of its records, and spill files of
 * its records with findings and its rejections by line range, read back in log order by the audit.
 */
export function createBucketJudge(checker: Checker, options: BucketJudgeOptions): BucketJudge {
  const records = createSpill(options.dir, `${options.name}-records`, 8_000_000);
  const rejections = createSpill(options.dir, `${options.name}-rejected`, 2_000_000);
  const ctx: JudgeContext = {
    checker,
    tally: createAuditTally(),
    records,
    rejections,
    lookbackMs: options.lookbackMs,
    mergeRecordHistory: options.mergeRecordHistory,
    counts: { handled: 0, withHistory: 0 },
    compactor: new RecordCompactor(templatesOf(checker)),
  };
  return {
    async judge(lines) {
      const before = ctx.counts.handled;
      await judgeBucket(lines, ctx);
      const a = records.settle();
      const b = rejections.settle();
      if (a || b) await Promise.all([a, b]);
      return ctx.counts.handled - before;
    },
    async finish() {
      await Promise.all([records.close(), rejections.close()]);
      return {
        tally: ctx.tally.snapshot(),
        records: records.files(),
        rejections: rejections.files(),
        handled: ctx.counts.handled,
        recordsWithHistoryField: ctx.counts.withHistory,
        contexts: [...ctx.compactor.contexts],
      };
    },
  };
}

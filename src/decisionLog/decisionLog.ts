import type { Durability } from '../schema/decisionLogLine.js';
import type { Checkpoint } from './checkpoint.js';
import type { DecisionRecord } from './decisionChain.js';

/** What a decision log answers when an entry is recorded. */
export interface RecordedDecision {
  readonly decisionId: string;
  readonly seq: number;
  readonly hash: string;
}

/**
 * A tamper-evident decision log (docs/decision-log.md), opened by `openDecisionLog` (a file or
 * `postgres://…`) or `openDecisionLogSync` (a file). Give it to `createChecker({ decisionLog })`:
 * every decision is then appended before it is returned, and a decision whose entry cannot be written
 * is never returned (the check throws `decision_log_write_failed`). One log may serve several checkers.
 */
export interface DecisionLog {
  readonly kind: 'file' | 'postgres';
  /** The file's path, or the connection string without its password. */
  readonly location: string;
  /** The log's identity (first line of its checkpoints). */
  readonly origin: string;
  readonly durability: Durability;
  /** Entries in the log (written or waiting in the batch). */
  readonly size: number;
  /** `appendSync` works (file logs): `checkSync` may record to this log. */
  readonly synchronous: boolean;
  /** Append one entry, durable before this returns in `sync` mode; file logs only. */
  appendSync(record: DecisionRecord): RecordedDecision;
  /** Append one entry; in `sync` mode the promise resolves once it is durable. */
  append(record: DecisionRecord): Promise<RecordedDecision>;
  /** Write what is waiting, and a checkpoint if entries came since the last; resolves to the latest checkpoint. */
  checkpoint(): Promise<Checkpoint>;
  /** Write what is waiting in the batch. */
  flush(): Promise<void>;
  /**
   * Resolves once every entry appended so far is durable — at once in `sync` mode, when its batch is
   * written in `batched` mode (without writing it early) — and rejects if that write fails. What a
   * caller that passes decisions on (a stream, a service) awaits before it does, in `batched` mode.
   */
  durable(): Promise<void>;
  /**
   * Flush, write a last checkpoint, release the log (its lock, its connection). Rejects with the write
   * error if the log failed while open (in `batched` mode the batch it could not write is lost, within
   * the stated bound). Idempotent.
   */
  close(): Promise<void>;
}

const logs = new WeakSet<object>();

/** Mark an object as a decision log made by this library (what `createChecker` accepts). */
export function registerDecisionLog<T extends DecisionLog>(log: T): T {
  logs.add(log);
  return log;
}

export function isDecisionLog(value: unknown): value is DecisionLog {
  return typeof value === 'object' && value !== null && logs.has(value);
}

import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createChecker, type CheckerOptions } from '../check/createChecker.js';
import {
  createBucketJudge,
  type BucketJudge,
  type BucketJudgeOptions,
  type BucketJudgeResult,
} from './createBucketJudge.js';
import { linesOf } from './createSpill.js';

/**
 * An audit worker thread (started by createJudgePool; built as dist/auditWorker.js): it builds a
 * checker from the audit checker's options — the same rules, the same version — while the audit's
 * thread reads the log, then judges the buckets it is sent, one at a time, with the same code as the
 * audit's own thread.
 */
export interface AuditWorkerData {
  readonly checkerOptions: CheckerOptions;
  /** The audit checker's version: the worker's must be the same. */
  readonly version: string;
  readonly judge: BucketJudgeOptions;
}

export type AuditWorkerRequest =
  | { readonly type: 'judge'; readonly paths: readonly string[] }
  | { readonly type: 'finish' };

export type AuditWorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'judged'; readonly handled: number }
  | { readonly type: 'finished'; readonly result: BucketJudgeResult }
  | { readonly type: 'error'; readonly error: SerializedError };

/** An error as it crosses threads: its message, and an errno error's code and path (a full disk, a removed directory). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string | undefined;
  readonly code?: string | undefined;
  readonly path?: string | undefined;
  readonly syscall?: string | undefined;
  readonly errno?: number | undefined;
}

export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const x = e as NodeJS.ErrnoException;
  return {
    name: e.name,
    message: e.message,
    stack: e.stack,
    ...(typeof x.code === 'string' ? { code: x.code } : {}),
    ...(typeof x.path === 'string' ? { path: x.path } : {}),
    ...(typeof x.syscall === 'string' ? { syscall: x.syscall } : {}),
    ...(typeof x.errno === 'number' ? { errno: x.errno } : {}),
  };
}

const port = parentPort;
if (port) {
  const post = (reply: AuditWorkerReply): void => port.postMessage(reply);
  const data = workerData as AuditWorkerData;
  let judge: BucketJudge | undefined;
  try {
    const checker = createChecker(data.checkerOptions);
    if (checker.version !== data.version)
      throw new Error(`internal error: the worker's checker is ${checker.version}, the audit's ${data.version}`);
    judge = createBucketJudge(checker, data.judge);
    post({ type: 'ready' });
  } catch (e) {
    post({ type: 'error', error: serializeError(e) });
  }
  // One request at a time, answered in order; after an error, none.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (request: AuditWorkerRequest) => {
    queue = queue.then(async () => {
      const j = judge;
      if (!j) return;
      try {
        if (request.type === 'finish') {
          post({ type: 'finished', result: await j.finish() });
        } else {
          const lines = request.paths.flatMap((path) => linesOf(readFileSync(path, 'utf8')));
          post({ type: 'judged', handled: await j.judge(lines) });
        }
      } catch (e) {
        judge = undefined;
        post({ type: 'error', error: serializeError(e) });
      }
    });
  });
}

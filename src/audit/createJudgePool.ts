import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { checkerInternals, type Checker } from '../check/createChecker.js';
import type { AuditWorkerData, AuditWorkerReply, AuditWorkerRequest, SerializedError } from './auditWorker.js';
import type { Bucket } from './_lib/boundedBuckets.js';
import { createBucketJudge, type BucketJudgeOptions, type BucketJudgeResult } from './createBucketJudge.js';
import { linesOf } from './createSpill.js';

/** At most this many worker threads by default (more buys little: the read pass is one thread). */
const MAX_DEFAULT_WORKERS = 4;
/** Below this many records, buckets are judged in the audit's own thread: starting workers costs more than it saves. */
export const SMALL_LOG_RECORDS = 20_000;

/** The default number of worker threads: one per core up to four; none on a single core. */
export function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, MAX_DEFAULT_WORKERS);
}

/**
 * Judges for the audit's buckets: worker threads (`workers` > 0), or the audit's own thread. Either
 * way each bucket is judged whole by one judge with the same code (createBucketJudge), so the
 * results do not depend on the number of workers.
 */
export interface JudgePool {
  readonly workers: number;
  /**
   * Hand a bucket (its files flushed) to the next free judge; resolves once it is taken, with a
   * promise of the number of lines handled once it is judged.
   */
  submit(bucket: Bucket): Promise<{ readonly judged: Promise<number> }>;
  /** Every judge's result, once every bucket submitted is judged. */
  finish(): Promise<BucketJudgeResult[]>;
  /** Stop the workers (idempotent; after finish, or on an error). */
  close(): Promise<void>;
}

export interface JudgePoolOptions extends Omit<BucketJudgeOptions, 'name'> {
  /** The audit's bucket size: what a worker's memory is sized for. */
  readonly bucketBytes: number;
}

export function createJudgePool(checker: Checker, workers: number, options: JudgePoolOptions): JudgePool {
  const checkerOptions = checkerInternals(checker).options;
  const { bucketBytes: _b, ...judgeOptions } = options;
  if (workers > 0 && checkerOptions !== undefined) {
    try {
      return workerPool(checker, workers, checkerOptions, options);
    } catch {
      // The options cannot cross to a thread (structured clone refused): judge here.
    }
  }
  return inThreadPool(checker, judgeOptions);
}

function inThreadPool(checker: Checker, options: Omit<BucketJudgeOptions, 'name'>): JudgePool {
  const judge = createBucketJudge(checker, { ...options, name: 'j0' });
  return {
    workers: 0,
    async submit(bucket) {
      const lines = (await Promise.all(bucket.paths.map((p) => readFile(p, 'utf8')))).flatMap(linesOf);
      return { judged: Promise.resolve(await judge.judge(lines)) };
    },
    finish: async () => [await judge.finish()],
    close: async () => undefined,
  };
}

interface Handle {
  readonly worker: Worker;
  /** Replies awaited, in the order of the requests (a worker answers one request at a time, in order). */
  readonly waiting: Array<{ resolve: (r: AuditWorkerReply) => void; reject: (e: unknown) => void }>;
  /** Free to take a bucket (for the large worker: when its last bucket is judged). */
  ready: Promise<void>;
}

/**
 * Worker threads: `count` whose heaps are sized for a bucket (a young generation of 24 MB and an old
 * one of at least 256 MB: V8 then collects before the heap grows far past what is live, which keeps
 * the audit's memory bounded), and, started only if a bucket is too large for them (one debtor with
 * more records than a bucket holds: it cannot be split), one with the heap of the process.
 */
function workerPool(
  checker: Checker,
  count: number,
  checkerOptions: NonNullable<ReturnType<typeof checkerInternals>['options']>,
  options: JudgePoolOptions,
): JudgePool {
  const { bucketBytes, ...judgeOptions } = options;
  const limits = {
    maxYoungGenerationSizeMb: 24,
    maxOldGenerationSizeMb: Math.max(256, Math.ceil((64 * bucketBytes) / 1_048_576)),
  };
  /** A bucket larger than this goes to the large worker. */
  const largeBucket = 4 * bucketBytes;
  let failure: { error: unknown } | undefined;
  const handles: Handle[] = [];
  const idle: Handle[] = [];
  const wanting: Array<{ resolve: (h: Handle) => void; reject: (e: unknown) => void }> = [];
  let large: Handle | undefined;
  let closed = false;

  const fail = (error: unknown): void => {
    failure ??= { error };
    for (const h of handles) for (const w of h.waiting.splice(0)) w.reject(failure.error);
    for (const w of wanting.splice(0)) w.reject(failure.error);
  };
  const release = (h: Handle): void => {
    if (h === large) return;
    const w = wanting.shift();
    if (w) w.resolve(h);
    else idle.push(h);
  };
  const request = (h: Handle, r: AuditWorkerRequest): Promise<AuditWorkerReply> =>
    new Promise((resolve, reject) => {
      if (failure) {
        reject(failure.error);
        return;
      }
      h.waiting.push({ resolve, reject });
      h.worker.postMessage(r);
    });

  const start = (name: string, resourceLimits: ResourceLimits | undefined): Handle => {
    const data: AuditWorkerData = { checkerOptions, version: checker.version, judge: { ...judgeOptions, name } };
    const worker = startWorker(data, resourceLimits);
    const h: Handle = { worker, waiting: [], ready: Promise.resolve() };
    handles.push(h);
    // The first reply is `ready`: the worker's checker is built.
    h.ready = new Promise<AuditWorkerReply>((resolve, reject) => h.waiting.push({ resolve, reject })).then(() =>
      release(h),
    );
    h.ready.catch(() => undefined);
    worker.on('message', (reply: AuditWorkerReply) => {
      if (reply.type === 'error') {
        fail(deserializeError(reply.error));
        return;
      }
      h.waiting.shift()?.resolve(reply);
    });
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => {
      if (!closed) fail(new Error(`internal error: an audit worker thread stopped (exit code ${code})`));
    });
    return h;
  };
  for (let k = 0; k < count; k++) start(`w${k}`, limits);

  const free = (): Promise<Handle> => {
    if (failure) return Promise.reject(failure.error);
    const h = idle.shift();
    if (h) return Promise.resolve(h);
    return new Promise((resolve, reject) => wanting.push({ resolve, reject }));
  };

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    await Promise.all(handles.map((h) => h.worker.terminate()));
  }

  return {
    workers: count,
    async submit(bucket) {
      if (bucket.bytes > largeBucket) {
        // One at a time on the large worker, while the others go on.
        large ??= start('wl', undefined);
        const h = large;
        const judged = h.ready
          .then(() => request(h, { type: 'judge', paths: bucket.paths }))
          .then((reply) => (reply.type === 'judged' ? reply.handled : 0));
        h.ready = judged.then(
          () => undefined,
          () => undefined,
        );
        return { judged };
      }
      const h = await free();
      const judged = request(h, { type: 'judge', paths: bucket.paths }).then((reply) => {
        release(h);
        return reply.type === 'judged' ? reply.handled : 0;
      });
      return { judged };
    },
    async finish() {
      // Every judge free again: every bucket submitted is judged.
      const all: Handle[] = [];
      while (all.length < count) all.push(await free());
      if (large) {
        await large.ready;
        all.push(large);
      }
      const results = await Promise.all(
        all.map(async (h) => {
          const reply = await request(h, { type: 'finish' });
          if (reply.type !== 'finished')
            throw new Error(`internal error: an audit worker answered ${reply.type} to finish`);
          return { index: handles.indexOf(h), result: reply.result };
        }),
      );
      await close();
      return results.sort((a, b) => a.index - b.index).map((r) => r.result);
    },
    close,
  };
}

/**
 * A worker thread running auditWorker: the built one beside this module (dist/auditWorker.js, for
 * the ESM and CJS builds alike), or, from the TypeScript sources (tests, tsx), the source compiled by
 * tsx in the thread.
 */
function startWorker(data: AuditWorkerData, resourceLimits: ResourceLimits | undefined): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./auditWorker.ts', here).href;
    const code = `import(${JSON.stringify(tsxEsmApi(here))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(code, { eval: true, workerData: data, ...(resourceLimits ? { resourceLimits } : {}) });
  }
  return new Worker(new URL('./auditWorker.js', here), {
    workerData: data,
    ...(resourceLimits ? { resourceLimits } : {}),
  });
}

/**
 * The URL of tsx's ESM API (`import('tsx/esm/api')` as resolved from `from`), for a worker running the
 * TypeScript sources: on Node 20 `--import tsx` in a worker's execArgv does not reach the worker's own
 * entry, and an eval'd worker resolves packages from the working directory, not from here.
 */
function tsxEsmApi(from: string): string {
  const require = createRequire(from);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

function deserializeError(s: SerializedError): Error {
  const e = new Error(s.message);
  e.name = s.name;
  if (s.stack !== undefined) e.stack = s.stack;
  return Object.assign(e, {
    ...(s.code !== undefined ? { code: s.code } : {}),
    ...(s.path !== undefined ? { path: s.path } : {}),
    ...(s.syscall !== undefined ? { syscall: s.syscall } : {}),
    ...(s.errno !== undefined ? { errno: s.errno } : {}),
  });
}

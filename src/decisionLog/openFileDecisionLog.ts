import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import { ComplianceError } from '../errors.js';
import { inertJson } from '../_lib/inertJson.js';
import { canonicalJson } from './canonicalJson.js';
import { type Checkpoint, checkpointNote } from './checkpoint.js';
import { type CheckerProvenance, DecisionChain, type DecisionRecord, headerOf, sha256Hex } from './decisionChain.js';
import { type DecisionLog, type RecordedDecision, registerDecisionLog } from './decisionLog.js';
import { type DecisionLogOptions, type ResolvedLogOptions, resolveLogOptions } from './decisionLogOptions.js';
import { acquireFileLock, type FileLock } from './fileLock.js';
import { LogVerifier } from './logVerifier.js';
import { type NoteSigner, parseSignerKey } from './noteKey.js';
import { readLinesSync } from './readLinesSync.js';
import { fsyncDirectory, writeCheckpointFile } from './writeCheckpointFile.js';

/**
 * Open (or create) a decision log in one file — JSON Lines an auditor can copy — for one writer at a
 * time (`<path>.lock`, see fileLock.ts). An existing log is read through and verified first: a writer
 * never appends to a log that does not verify (it throws `decision_log_corrupt`; start a new file). An
 * incomplete last line — a crash in the middle of a write — is cut, and a `recovery` line says how many
 * bytes and their SHA-256.
 *
 * Writes are synchronous (`writeSync` then `fdatasync`), so `checkSync` can record: in `sync` mode
 * before every decision is returned; in `batched` mode when `maxEntries` are waiting or `maxDelayMs`
 * after the first of them (a timer flushes an idle batch; the process's `exit` event flushes the last).
 * `append` (the asynchronous API) in `sync` mode writes the entries of one turn of the event loop
 * together (one flush for all) and resolves each once they are on disk.
 */
export function openFileDecisionLog(path: string, options: DecisionLogOptions = {}): DecisionLog {
  return registerDecisionLog(new FileDecisionLog(resolve(path), resolveLogOptions(options)));
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

const open = new Set<FileDecisionLog>();
let exitHookInstalled = false;

/** The last batch and checkpoint of every log still open are written when the process exits (not on SIGKILL or a crash). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const log of [...open])
      try {
        log.closeSync();
      } catch {
        // Nothing can be reported while exiting; the log's failure was already thrown to a check.
      }
  });
}

class FileDecisionLog implements DecisionLog {
  readonly kind = 'file' as const;
  readonly synchronous = true;
  readonly origin: string;
  readonly durability: ResolvedLogOptions['durability'];
  private readonly signers: NoteSigner[];
  private readonly lock: FileLock;
  private readonly fd: number;
  private readonly chain: DecisionChain;
  private pending: string[] = [];
  private pendingEntries = 0;
  private pendingSince: number | undefined;
  private pendingCheckpoint: string | undefined;
  private waiters: Waiter[] = [];
  private flushScheduled = false;
  private batchTimer: NodeJS.Timeout | undefined;
  private readonly checkpointTimer: NodeJS.Timeout;
  private durableBytes: number;
  private lastCheckpoint: Checkpoint;
  private lastCheckpointAt: number;
  private readonly digests = new WeakMap<object, string>();
  private readonly written = new Set<string>();
  private failure: ComplianceError | undefined;
  private closed = false;

  constructor(
    readonly location: string,
    private readonly options: ResolvedLogOptions,
  ) {
    this.durability = options.durability;
    this.signers = options.key ? [parseSignerKey(options.key)] : [];
    this.lock = acquireFileLock(location);
    try {
      this.fd = openSync(location, 'a+', 0o640);
    } catch (e) {
      this.lock.release();
      throw unwritable(location, e);
    }
    try {
      const { origin, chain, bytes } = this.readExisting();
      this.origin = origin;
      this.chain = chain;
      this.durableBytes = bytes;
      this.lastCheckpoint = chain.checkpoint();
      this.lastCheckpointAt = options.clock();
    } catch (e) {
      closeSync(this.fd);
      this.lock.release();
      throw e;
    }
    this.checkpointTimer = setInterval(() => this.checkpointIfDue(true), options.checkpointMs);
    this.checkpointTimer.unref();
    open.add(this);
    installExitHook();
  }

  get size(): number {
    return this.chain.size;
  }

  /** Verify what the file holds, cut an incomplete last line, or write the header of a new log. */
  private readExisting(): { origin: string; chain: DecisionChain; bytes: number } {
    const size = fstatSync(this.fd).size;
    if (size === 0) {
      const origin =
        this.options.origin ??
        this.signers[0]?.name ??
        `cobranza-compliance.local/decisions/${randomBytes(8).toString('hex')}`;
      this.writeDurably(`${canonicalJson(headerOf(origin))}\n`);
      fsyncDirectory(this.location);
      return { origin, chain: new DecisionChain(origin), bytes: fstatSync(this.fd).size };
    }
    // The chain and the tree are checked; signatures are not (the writer holds the key, or wrote the log without one).
    const verifier = new LogVerifier();
    let torn: { offset: number; text: string } | undefined;
    readLinesSync(this.fd, size, (line) => {
      if (!line.complete) torn = { offset: line.offset, text: line.text };
      else verifier.fileLine(line.text, line.number, true);
    });
    const origin = verifier.logOrigin;
    if (origin === undefined || verifier.hasProblems) {
      const p = verifier.firstProblem;
      throw new ComplianceError(
        'decision_log_corrupt',
        `${this.location} does not verify${p ? ` (${p.message})` : ' (no decision log header)'}: no entry is appended to it. Run verify-log on it, and record to a new file`,
      );
    }
    if (this.options.origin !== undefined && this.options.origin !== origin)
      throw new ComplianceError(
        'invalid_option',
        `decision log: origin ${this.options.origin} was asked, ${this.location} is the log of ${origin}`,
      );
    let bytes = size;
    if (torn) {
      const dropped = Buffer.alloc(size - torn.offset);
      readSync(this.fd, dropped, 0, dropped.length, torn.offset);
      try {
        ftruncateSync(this.fd, torn.offset);
      } catch (e) {
        throw unwritable(this.location, e);
      }
      bytes = torn.offset;
      const recovery = canonicalJson({
        type: 'recovery',
        at: new Date(this.options.clock()).toISOString(),
        droppedBytes: dropped.length,
        droppedSha256: createHash('sha256').update(dropped).digest('hex'),
      });
      this.writeDurably(`${recovery}\n`);
      bytes += Buffer.byteLength(recovery) + 1;
    }
    return { origin, chain: new DecisionChain(origin, verifier.state()), bytes };
  }

  private writeDurably(text: string): void {
    try {
      writeAll(this.fd, Buffer.from(text, 'utf8'));
      fdatasyncSync(this.fd);
    } catch (e) {
      throw unwritable(this.location, e);
    }
  }

  private assertWritable(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new ComplianceError('decision_log_closed', `the decision log ${this.location} is closed`);
  }

  /** The digest of a checker's provenance; its line is written before the first entry that refers to it. */
  private checkerDigest(provenance: CheckerProvenance): string {
    let digest = this.digests.get(provenance);
    if (digest === undefined) {
      digest = sha256Hex(canonicalJson(provenance));
      this.digests.set(provenance, digest);
    }
    if (!this.written.has(digest)) {
      this.pending.push(`${inertJson(canonicalJson({ type: 'provenance', digest, provenance }))}\n`);
      this.written.add(digest);
    }
    return digest;
  }

  /** Seal an entry into the batch (and a checkpoint when one is due). */
  private enqueue(record: DecisionRecord): RecordedDecision {
    this.assertWritable();
    const now = this.options.clock();
    const sealed = this.chain.seal(record, {
      checkerDigest: this.checkerDigest(record.provenance),
      durability: this.durability,
      keepAttempts: this.options.keepAttempts,
      decidedAtMs: now,
    });
    this.pending.push(inertJson(sealed.line));
    this.pendingEntries++;
    this.pendingSince ??= now;
    this.checkpointIfDue(false, now);
    return { decisionId: sealed.decisionId, seq: sealed.seq, hash: sealed.hash };
  }

  private checkpointIfDue(timer: boolean, now = this.options.clock()): void {
    if (this.closed || this.failure || this.chain.size === this.lastCheckpoint.size) return;
    const due =
      this.chain.size - this.lastCheckpoint.size >= this.options.checkpointEntries ||
      now - this.lastCheckpointAt >= this.options.checkpointMs;
    if (!due) return;
    this.queueCheckpoint(now);
    if (timer)
      try {
        this.flushNow();
      } catch {
        // Kept in `failure`: the next check throws it.
      }
  }

  private queueCheckpoint(now: number): void {
    const c = this.chain.checkpoint();
    const note = checkpointNote(c, this.signers);
    this.pending.push(`${canonicalJson({ type: 'checkpoint', note })}\n`);
    this.pendingCheckpoint = note;
    this.lastCheckpoint = c;
    this.lastCheckpointAt = now;
  }

  /** Write and flush what is waiting; on failure the log is failed for good and the waiters rejected. */
  private flushNow(): void {
    if (this.failure) throw this.failure;
    if (this.batchTimer) {
      clearTimeout(this.batchTimer);
      this.batchTimer = undefined;
    }
    const waiters = this.waiters;
    this.waiters = [];
    if (this.pending.length > 0) {
      const bytes = Buffer.from(this.pending.join(''), 'utf8');
      const checkpoint = this.pendingCheckpoint;
      const entries = this.pendingEntries;
      this.pending = [];
      this.pendingEntries = 0;
      this.pendingSince = undefined;
      this.pendingCheckpoint = undefined;
      try {
        writeAll(this.fd, bytes);
        fdatasyncSync(this.fd);
        this.durableBytes += bytes.length;
        if (checkpoint !== undefined && this.options.checkpoints !== undefined)
          writeCheckpointFile(this.options.checkpoints, checkpoint);
      } catch (e) {
        this.fail(e, entries);
        for (const w of waiters) w.reject(this.failure);
        throw this.failure;
      }
    }
    for (const w of waiters) w.resolve();
  }

  private fail(e: unknown, entries: number): void {
    // Leave the file as it was after its last durable write: no half line for the next writer to cut.
    try {
      ftruncateSync(this.fd, this.durableBytes);
    } catch {
      // The next writer cuts an incomplete last line and records it.
    }
    const lost =
      this.durability.mode === 'batched' && entries > 0
        ? ` The batch of ${entries} entr${entries === 1 ? 'y' : 'ies'} it held is lost (within the stated bound).`
        : '';
    this.failure = new ComplianceError(
      'decision_log_write_failed',
      `cannot write the decision log ${this.location}: ${reason(e)}. No decision is returned without its entry: every further check fails until the log is replaced.${lost}`,
    );
  }

  appendSync(record: DecisionRecord): RecordedDecision {
    const recorded = this.enqueue(record);
    if (this.durability.mode === 'sync' || this.batchDue()) this.flushNow();
    else this.armBatchTimer();
    return recorded;
  }

  append(record: DecisionRecord): Promise<RecordedDecision> {
    let recorded: RecordedDecision;
    try {
      recorded = this.enqueue(record);
      if (this.durability.mode === 'batched') {
        if (this.batchDue()) this.flushNow();
        else this.armBatchTimer();
        return Promise.resolve(recorded);
      }
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve: () => resolve(recorded), reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          try {
            this.flushNow();
          } catch {
            // The waiters were rejected with the failure.
          }
        });
      }
    });
  }

  private batchDue(): boolean {
    const d = this.durability;
    return (
      d.mode === 'batched' &&
      (this.pendingEntries >= d.maxEntries ||
        (this.pendingSince !== undefined && this.options.clock() - this.pendingSince >= d.maxDelayMs))
    );
  }

  private armBatchTimer(): void {
    if (this.batchTimer || this.durability.mode !== 'batched') return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = undefined;
      try {
        this.flushNow();
      } catch {
        // Kept in `failure`: the next check throws it.
      }
    }, this.durability.maxDelayMs);
    this.batchTimer.unref();
  }

  async flush(): Promise<void> {
    this.assertWritable();
    this.flushNow();
  }

  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending.length === 0) return Promise.resolve();
    // Resolved (or rejected) by the flush that writes what is pending now.
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async checkpoint(): Promise<Checkpoint> {
    this.assertWritable();
    if (this.chain.size !== this.lastCheckpoint.size) this.queueCheckpoint(this.options.clock());
    this.flushNow();
    return this.lastCheckpoint;
  }

  async close(): Promise<void> {
    this.closeSync();
  }

  /** `close`, synchronously (what the exit hook runs). */
  closeSync(): void {
    if (this.closed) return;
    clearInterval(this.checkpointTimer);
    try {
      if (!this.failure) {
        if (this.chain.size !== this.lastCheckpoint.size) this.queueCheckpoint(this.options.clock());
        this.flushNow();
      }
    } finally {
      this.closed = true;
      open.delete(this);
      if (this.batchTimer) clearTimeout(this.batchTimer);
      try {
        closeSync(this.fd);
      } finally {
        this.lock.release();
      }
    }
    if (this.failure) throw this.failure;
  }
}

/** `write` until every byte is written (a short write goes on; an error throws). */
function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const message = e instanceof Error ? e.message : String(e);
  return code ? message.replace(/, \w+( '.*')?$/s, '') : message;
}

function unwritable(path: string, e: unknown): ComplianceError {
  return new ComplianceError(
    'decision_log_unwritable',
    `cannot open the decision log ${path} for writing: ${reason(e)} — no decision can be recorded there`,
  );
}

import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { ComplianceError } from '../errors.js';
import { canonicalJson } from './canonicalJson.js';
import { type Checkpoint, checkpointNote } from './checkpoint.js';
import { type CheckerProvenance, DecisionChain, type DecisionRecord, headerOf, sha256Hex } from './decisionChain.js';
import { type DecisionLog, type RecordedDecision, registerDecisionLog } from './decisionLog.js';
import { type DecisionLogOptions, type ResolvedLogOptions, resolveLogOptions } from './decisionLogOptions.js';
import { type NoteSigner, parseSignerKey } from './noteKey.js';
import { connect, ensureTables, redactUrl, type Tables } from './postgresTables.js';
import { readPostgresChain } from './readPostgresChain.js';
import { writeCheckpointFile } from './writeCheckpointFile.js';

/**
 * A decision log in PostgreSQL (through `pg`): one connection per writer, which holds a session
 * advisory lock on its origin — a second writer of the same origin is refused, several writers each
 * keep their own chain (the default origin is new for every writer). Entries are inserted in batches,
 * one transaction per batch (`unnest` of arrays: one statement per table). In `sync` mode each
 * `append` resolves once the transaction that holds its entry has committed — the entries of concurrent
 * checks share a transaction; in `batched` mode at once, the batch committed at `maxEntries` entries or
 * `maxDelayMs` after its first. Asynchronous only: `checkSync` with this log is an error.
 */
export async function openPostgresDecisionLog(url: string, options: DecisionLogOptions = {}): Promise<DecisionLog> {
  const o = resolveLogOptions(options);
  const signers = o.key ? [parseSignerKey(o.key)] : [];
  const client = await connect(url);
  try {
    const t = await ensureTables(client, o.schema);
    const origin =
      o.origin ?? `${signers[0]?.name ?? 'cobranza-compliance.local/decisions'}/${randomBytes(8).toString('hex')}`;
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [
      `cobranza-compliance decision log ${origin}`,
    ]);
    if (!locked.rows[0]?.ok)
      throw new ComplianceError(
        'decision_log_locked',
        `origin ${origin} of ${redactUrl(url)} has a writer already: one writer per origin (give each writer its own)`,
      );
    let chain: DecisionChain;
    const exists = await client.query(`SELECT 1 FROM ${t.origins} WHERE origin = $1`, [origin]);
    if (exists.rowCount === 0) {
      await client.query(`INSERT INTO ${t.origins} (origin, header) VALUES ($1, $2)`, [
        origin,
        canonicalJson(headerOf(origin)),
      ]);
      chain = new DecisionChain(origin);
    } else {
      const v = await readPostgresChain(client, t, origin, []);
      if (v.hasProblems)
        throw new ComplianceError(
          'decision_log_corrupt',
          `origin ${origin} of ${redactUrl(url)} does not verify (${v.firstProblem?.message}): no entry is appended to it. Run verify-log, and record under a new origin`,
        );
      chain = new DecisionChain(origin, v.state());
    }
    return registerDecisionLog(new PostgresDecisionLog(redactUrl(url), client, t, chain, o, signers));
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}

interface Row {
  readonly seq: number;
  readonly decisionId: string;
  readonly body: string;
  readonly hash: string;
  readonly attempt: string | undefined;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

class PostgresDecisionLog implements DecisionLog {
  readonly kind = 'postgres' as const;
  readonly synchronous = false;
  readonly origin: string;
  readonly durability: ResolvedLogOptions['durability'];
  private rows: Row[] = [];
  private provenanceRows: Array<{ digest: string; provenance: string }> = [];
  private checkpointRows: Array<{ size: number; note: string }> = [];
  private waiters: Waiter[] = [];
  private pendingSince: number | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private batchTimer: NodeJS.Timeout | undefined;
  private readonly checkpointTimer: NodeJS.Timeout;
  private lastCheckpoint: Checkpoint;
  private lastCheckpointAt: number;
  private readonly digests = new WeakMap<object, string>();
  private readonly written = new Set<string>();
  private failure: ComplianceError | undefined;
  private closed = false;

  constructor(
    readonly location: string,
    private readonly client: Client,
    private readonly t: Tables,
    private readonly chain: DecisionChain,
    private readonly options: ResolvedLogOptions,
    private readonly signers: readonly NoteSigner[],
  ) {
    this.origin = chain.origin;
    this.durability = options.durability;
    this.lastCheckpoint = chain.checkpoint();
    this.lastCheckpointAt = options.clock();
    // A failure of the connection between batches surfaces at the next append.
    client.on('error', (e) => this.fail(e));
    this.checkpointTimer = setInterval(() => {
      if (this.checkpointDue(this.options.clock())) {
        this.queueCheckpoint();
        this.scheduleFlush();
      }
    }, options.checkpointMs);
    this.checkpointTimer.unref();
  }

  get size(): number {
    return this.chain.size;
  }

  appendSync(): RecordedDecision {
    throw new ComplianceError(
      'decision_log_async_only',
      `the decision log ${this.location} (PostgreSQL) records through the asynchronous API: use check / checkAttempt`,
    );
  }

  private checkerDigest(provenance: CheckerProvenance): string {
    let digest = this.digests.get(provenance);
    if (digest === undefined) {
      digest = sha256Hex(canonicalJson(provenance));
      this.digests.set(provenance, digest);
    }
    if (!this.written.has(digest)) {
      this.provenanceRows.push({ digest, provenance: canonicalJson(provenance) });
      this.written.add(digest);
    }
    return digest;
  }

  append(record: DecisionRecord): Promise<RecordedDecision> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed)
      return Promise.reject(new ComplianceError('decision_log_closed', `the decision log ${this.location} is closed`));
    const now = this.options.clock();
    let recorded: RecordedDecision;
    try {
      const sealed = this.chain.seal(record, {
        checkerDigest: this.checkerDigest(record.provenance),
        durability: this.durability,
        keepAttempts: this.options.keepAttempts,
        decidedAtMs: now,
      });
      this.rows.push({
        seq: sealed.seq,
        decisionId: sealed.decisionId,
        body: sealed.body,
        hash: sealed.hash,
        attempt: this.options.keepAttempts ? sealed.attemptJson : undefined,
      });
      recorded = { decisionId: sealed.decisionId, seq: sealed.seq, hash: sealed.hash };
    } catch (e) {
      return Promise.reject(e);
    }
    this.pendingSince ??= now;
    if (this.checkpointDue(now)) this.queueCheckpoint();
    const d = this.durability;
    if (d.mode === 'batched') {
      if (this.rows.length >= d.maxEntries || now - this.pendingSince >= d.maxDelayMs) this.scheduleFlush();
      else if (!this.batchTimer) {
        this.batchTimer = setTimeout(() => {
          this.batchTimer = undefined;
          this.scheduleFlush();
        }, d.maxDelayMs);
        this.batchTimer.unref();
      }
      return Promise.resolve(recorded);
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve: () => resolve(recorded), reject });
      this.scheduleFlush();
    });
  }

  private checkpointDue(now: number): boolean {
    return (
      !this.closed &&
      !this.failure &&
      this.chain.size !== this.lastCheckpoint.size &&
      (this.chain.size - this.lastCheckpoint.size >= this.options.checkpointEntries ||
        now - this.lastCheckpointAt >= this.options.checkpointMs)
    );
  }

  private queueCheckpoint(): void {
    const c = this.chain.checkpoint();
    this.checkpointRows.push({ size: c.size, note: checkpointNote(c, this.signers) });
    this.lastCheckpoint = c;
    this.lastCheckpointAt = this.options.clock();
  }

  /** One batch at a time on the writer's connection; the batch is whatever waits when its turn comes. */
  private scheduleFlush(): Promise<void> {
    if (!this.flushQueued) {
      this.flushQueued = true;
      this.flushing = this.flushing.then(() => {
        this.flushQueued = false;
        return this.flushBatch();
      });
    }
    return this.flushing;
  }

  private async flushBatch(): Promise<void> {
    if (this.batchTimer) {
      clearTimeout(this.batchTimer);
      this.batchTimer = undefined;
    }
    const rows = this.rows;
    const provenance = this.provenanceRows;
    const checkpoints = this.checkpointRows;
    const waiters = this.waiters;
    this.rows = [];
    this.provenanceRows = [];
    this.checkpointRows = [];
    this.waiters = [];
    this.pendingSince = undefined;
    if (this.failure) {
      for (const w of waiters) w.reject(this.failure);
      return;
    }
    if (rows.length + provenance.length + checkpoints.length === 0) {
      for (const w of waiters) w.resolve();
      return;
    }
    const t = this.t;
    try {
      await this.client.query('BEGIN');
      if (provenance.length > 0)
        await this.client.query(
          `INSERT INTO ${t.provenance} (digest, provenance) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (digest) DO NOTHING`,
          [provenance.map((p) => p.digest), provenance.map((p) => p.provenance)],
        );
      if (rows.length > 0) {
        await this.client.query(
          `INSERT INTO ${t.entries} (origin, seq, decision_id, body, hash)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])`,
          [
            this.origin,
            rows.map((r) => r.seq),
            rows.map((r) => r.decisionId),
            rows.map((r) => r.body),
            rows.map((r) => r.hash),
          ],
        );
        const kept = rows.filter((r) => r.attempt !== undefined);
        if (kept.length > 0)
          await this.client.query(
            `INSERT INTO ${t.attempts} (decision_id, attempt) SELECT * FROM unnest($1::text[], $2::text[])`,
            [kept.map((r) => r.decisionId), kept.map((r) => r.attempt!)],
          );
      }
      if (checkpoints.length > 0)
        await this.client.query(
          `INSERT INTO ${t.checkpoints} (origin, size, note) SELECT $1, * FROM unnest($2::bigint[], $3::text[])`,
          [this.origin, checkpoints.map((c) => c.size), checkpoints.map((c) => c.note)],
        );
      await this.client.query('COMMIT');
      const last = checkpoints[checkpoints.length - 1];
      if (last && this.options.checkpoints !== undefined) writeCheckpointFile(this.options.checkpoints, last.note);
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      this.fail(e, rows.length);
      for (const w of waiters) w.reject(this.failure);
      return;
    }
    for (const w of waiters) w.resolve();
  }

  private fail(e: unknown, entries = 0): void {
    if (this.failure) return;
    const lost =
      this.durability.mode === 'batched' && entries > 0
        ? ` The batch of ${entries} entr${entries === 1 ? 'y' : 'ies'} it held is lost (within the stated bound).`
        : '';
    this.failure = new ComplianceError(
      'decision_log_write_failed',
      `cannot write the decision log ${this.location}: ${e instanceof Error ? e.message : String(e)}. No decision is returned without its entry: every further check fails until the log is replaced.${lost}`,
    );
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    await this.scheduleFlush();
    if (this.failure) throw this.failure;
  }

  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.rows.length + this.provenanceRows.length + this.checkpointRows.length === 0) return this.flushing;
    // Resolved (or rejected) by the batch that commits what is waiting now.
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async checkpoint(): Promise<Checkpoint> {
    if (this.failure) throw this.failure;
    if (this.chain.size !== this.lastCheckpoint.size) this.queueCheckpoint();
    await this.flush();
    return this.lastCheckpoint;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.checkpointTimer);
    try {
      if (!this.failure) {
        if (this.chain.size !== this.lastCheckpoint.size) this.queueCheckpoint();
        await this.scheduleFlush();
      }
    } finally {
      this.closed = true;
      if (this.batchTimer) clearTimeout(this.batchTimer);
      await this.client.end().catch(() => undefined);
    }
    if (this.failure) throw this.failure;
  }
}

import { z } from 'zod';
import { ComplianceError } from '../errors.js';
import type { Durability } from '../schema/decisionLogLine.js';

/**
 * The options of `openDecisionLog` / `openDecisionLogSync`. Defaults: durability `sync`; batches of at
 * most 1,000 entries or 100 ms; a checkpoint every 1,000 entries or 10 s (and on close); attempts kept.
 */
export const DecisionLogOptionsSchema = z.strictObject({
  /** `sync` (default): each entry durable before its decision is returned; `batched`: see `batch`. */
  durability: z.enum(['sync', 'batched']).optional(),
  /** The bound of `batched`: a batch is written and flushed at `maxEntries` entries or `maxDelayMs` after its first. */
  batch: z
    .strictObject({
      maxEntries: z.number().int().min(1).max(1_000_000).optional(),
      maxDelayMs: z.number().int().min(1).max(60_000).optional(),
    })
    .optional(),
  /** A checkpoint every `entries` entries or `ms` milliseconds after the last one (whichever first), and on close. */
  checkpointEvery: z
    .strictObject({
      entries: z.number().int().min(1).optional(),
      ms: z.number().int().min(1).optional(),
    })
    .optional(),
  /** The signer key text (`PRIVATE+KEY+name+id+base64`, from `keygen`): checkpoints are signed with it. */
  key: z.string().optional(),
  /** A file that always holds the latest checkpoint note (replaced atomically), for an auditor or a witness to copy. */
  checkpoints: z.string().min(1).optional(),
  /**
   * The log's identity (the checkpoints' first line). A new log takes this, else the key's name, else a
   * random one; an existing file log keeps its own (a different `origin` is an error). PostgreSQL: one per
   * writer — two writers never share one (the second is refused).
   */
  origin: z
    .string()
    .min(1)
    .regex(/^[^\s+]+$/, 'no spaces or "+" (c2sp.org/tlog-checkpoint)')
    .optional(),
  /** `keep` (default): the attempt is written beside its entry; `digest`: only its SHA-256 (the matching keys stay). */
  attempts: z.enum(['keep', 'digest']).optional(),
  /** The clock of `decidedAt` (milliseconds since 1970; default `Date.now`). */
  clock: z.custom<() => number>((v) => typeof v === 'function', 'a function returning milliseconds').optional(),
  /** PostgreSQL: the schema of the log's tables (default: the connection's search path). */
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lowercase SQL identifier')
    .optional(),
});

export type DecisionLogOptions = z.input<typeof DecisionLogOptionsSchema>;

export interface ResolvedLogOptions {
  readonly durability: Durability;
  readonly checkpointEntries: number;
  readonly checkpointMs: number;
  readonly key: string | undefined;
  readonly checkpoints: string | undefined;
  readonly origin: string | undefined;
  readonly keepAttempts: boolean;
  readonly clock: () => number;
  readonly schema: string | undefined;
}

export const DEFAULT_BATCH = { maxEntries: 1000, maxDelayMs: 100 } as const;
export const DEFAULT_CHECKPOINT_EVERY = { entries: 1000, ms: 10_000 } as const;

/** Validate the options (a ComplianceError `invalid_option` naming each bad one) and apply the defaults. */
export function resolveLogOptions(options: unknown): ResolvedLogOptions {
  const r = DecisionLogOptionsSchema.safeParse(options ?? {});
  if (!r.success)
    throw new ComplianceError(
      'invalid_option',
      `decision log: ${r.error.issues
        .map((i) =>
          i.code === 'unrecognized_keys'
            ? `${i.keys.join(', ')}: unknown option`
            : `${i.path.map(String).join('.') || '(options)'}: ${i.message}`,
        )
        .join('\n')}`,
    );
  const o = r.data;
  const durability: Durability =
    o.durability === 'batched'
      ? {
          mode: 'batched',
          maxEntries: o.batch?.maxEntries ?? DEFAULT_BATCH.maxEntries,
          maxDelayMs: o.batch?.maxDelayMs ?? DEFAULT_BATCH.maxDelayMs,
        }
      : { mode: 'sync' };
  return {
    durability,
    checkpointEntries: o.checkpointEvery?.entries ?? DEFAULT_CHECKPOINT_EVERY.entries,
    checkpointMs: o.checkpointEvery?.ms ?? DEFAULT_CHECKPOINT_EVERY.ms,
    key: o.key,
    checkpoints: o.checkpoints,
    origin: o.origin,
    keepAttempts: o.attempts !== 'digest',
    clock: o.clock ?? Date.now,
    schema: o.schema,
  };
}

import { z } from 'zod';
import { RulesetDeviationSchema, RulesetOverrideSchema } from './decision.js';

/**
 * The lines of a decision log (docs/decision-log.md): JSON, one object a line. What a third party
 * verifies, so every line is read strictly: an unknown field is an error, not something ignored.
 */

/** The log format, in each log's header. */
export const DECISION_LOG_FORMAT = 'cobranza-compliance/decision-log/1';

const Hex256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (SHA-256)');
const Instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'an ISO instant');

/** The first line of a file log; its SHA-256 (RFC 8785 canonical JSON) is the `prevHash` of entry 0. */
export const DecisionLogHeaderSchema = z.strictObject({
  type: z.literal('header'),
  format: z.literal(DECISION_LOG_FORMAT),
  /** The log's identity: the first line of its checkpoints (c2sp.org/tlog-checkpoint). */
  origin: z.string().min(1),
});

/** How a writer makes entries durable — in every entry's provenance. */
export const DurabilitySchema = z.discriminatedUnion('mode', [
  /** Each entry written and flushed to disk (fdatasync; PostgreSQL: committed) before its decision is returned. */
  z.strictObject({ mode: z.literal('sync') }),
  /**
   * Entries written in batches: a crash can lose the entries of the batch not yet flushed — at most
   * `maxEntries` of them, all decided within the last `maxDelayMs` milliseconds (see docs/decision-log.md).
   */
  z.strictObject({
    mode: z.literal('batched'),
    maxEntries: z.number().int().min(1),
    maxDelayMs: z.number().int().min(1),
  }),
]);

/** The keys an audit matches a contact by; kept in the hashed part of every entry, never erased. */
export const DecisionKeysSchema = z.strictObject({
  attemptId: z.string().nullable(),
  debtorId: z.string().nullable(),
  creditorId: z.string().nullable(),
  country: z.string(),
  channel: z.string(),
  recipientRole: z.string(),
  /** The attempt's `at`, as given. */
  at: z.string(),
});

/** One decision. The hash chain and the Merkle tree cover every field but `attempt`, `hash` and `erased`. */
export const DecisionEntrySchema = z.strictObject({
  type: z.literal('decision'),
  /** 0, 1, 2, … in the writer's order, with no gap. */
  seq: z.number().int().min(0),
  decisionId: z.string().min(1),
  /** When the decision was made (the writer's clock, UTC). */
  decidedAt: Instant,
  /** SHA-256 (hex) of the attempt, as validated (defaults applied), in RFC 8785 canonical JSON. */
  inputDigest: Hex256,
  keys: DecisionKeysSchema,
  verdict: z.enum(['allow', 'delay', 'block']),
  /** Rule ids of the violations, then of the warnings. */
  violations: z.array(z.string()),
  warnings: z.array(z.string()),
  nextAllowedAt: z.string().nullable(),
  ruleset: z.strictObject({
    version: z.string(),
    customRules: z.literal(true).optional(),
    deviations: z.array(RulesetDeviationSchema).optional(),
    overrides: z.array(RulesetOverrideSchema).optional(),
  }),
  provenance: z.strictObject({
    /** SHA-256 (hex, RFC 8785) of the checker's provenance, written once in a `provenance` line. */
    checker: Hex256,
    durability: DurabilitySchema,
    /** `kept`: the attempt is written beside the entry; `digest`: only its digest (asked by the caller). */
    attempts: z.enum(['kept', 'digest']),
  }),
  /** The `hash` of the entry before (entry 0: the SHA-256 of the header). */
  prevHash: Hex256,
  /** SHA-256 (hex) of this entry without `attempt`, `hash` and `erased`, in RFC 8785 canonical JSON. */
  hash: Hex256,
  /** The attempt as validated; absent when digests only were asked, or once erased. */
  attempt: z.record(z.string(), z.unknown()).optional(),
  /** The attempt was erased (e.g. a data subject's erasure request): when, and why. */
  erased: z.strictObject({ at: Instant, reason: z.string() }).optional(),
});

/** The checker's provenance, once per writer session: entries refer to it by digest. */
export const ProvenanceLineSchema = z.strictObject({
  type: z.literal('provenance'),
  digest: Hex256,
  provenance: z.record(z.string(), z.unknown()),
});

/** A checkpoint note (c2sp.org/tlog-checkpoint; signed when the writer has a key). */
export const CheckpointLineSchema = z.strictObject({
  type: z.literal('checkpoint'),
  note: z.string(),
});

/** A writer reopened a log whose last line was incomplete (a crash mid-write) and cut it: what it cut. */
export const RecoveryLineSchema = z.strictObject({
  type: z.literal('recovery'),
  at: Instant,
  droppedBytes: z.number().int().min(1),
  droppedSha256: Hex256,
});

export const DecisionLogLineSchema = z.discriminatedUnion('type', [
  DecisionLogHeaderSchema,
  DecisionEntrySchema,
  ProvenanceLineSchema,
  CheckpointLineSchema,
  RecoveryLineSchema,
]);

/** An inclusion proof of one entry (`prove`), checked by `verify-proof` against a checkpoint. */
export const InclusionProofSchema = z.strictObject({
  format: z.literal('cobranza-compliance/inclusion-proof/1'),
  origin: z.string().min(1),
  decisionId: z.string(),
  leafIndex: z.number().int().min(0),
  treeSize: z.number().int().min(1),
  /** The entry without its attempt (the leaf is the SHA-256 of 0x00 and its hashed part). */
  entry: DecisionEntrySchema.omit({ attempt: true }),
  /** The audit path, bottom first, base64 (RFC 9162 §2.1.3). */
  path: z.array(z.string()),
  /** The checkpoint the proof leads to (the note as the log wrote it). */
  checkpoint: z.string(),
});

export type DecisionLogHeader = z.infer<typeof DecisionLogHeaderSchema>;
export type Durability = z.infer<typeof DurabilitySchema>;
export type DecisionKeys = z.infer<typeof DecisionKeysSchema>;
export type DecisionEntry = z.infer<typeof DecisionEntrySchema>;
export type DecisionLogLine = z.infer<typeof DecisionLogLineSchema>;
export type InclusionProof = z.infer<typeof InclusionProofSchema>;

import { createHash } from 'node:crypto';
import type { Attempt } from '../schema/attempt.js';
import type { Decision } from '../schema/decision.js';
import {
  DECISION_LOG_FORMAT,
  type DecisionKeys,
  type DecisionLogHeader,
  type Durability,
} from '../schema/decisionLogLine.js';
import { canonicalJson } from './canonicalJson.js';
import type { Checkpoint } from './checkpoint.js';
import { leafHash, MerkleAccumulator } from './merkleTree.js';

/**
 * How the checker was built (its `provenance`, src/check/provenance.ts). The log stores it as it is,
 * once per writer, and refers to it by the digest of its canonical JSON: it never reads a field, so it
 * does not depend on the checker's shape (the decision log sits below the checker, which writes to it).
 */
export type CheckerProvenance = object;

/** What the checker hands to a decision log: the attempt as validated, its decision, how the checker was built. */
export interface DecisionRecord {
  readonly attempt: Attempt;
  readonly decision: Decision;
  readonly provenance: CheckerProvenance;
}

/** An entry made ready to write: its line (newline included) and what the chain moved to. */
export interface SealedEntry {
  readonly seq: number;
  readonly decisionId: string;
  readonly hash: string;
  /** The entry's hashed part (RFC 8785), the Merkle leaf's data. */
  readonly body: string;
  /** The attempt in RFC 8785 canonical JSON (kept or not, it is what `inputDigest` hashes). */
  readonly attemptJson: string;
  readonly line: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function headerOf(origin: string): DecisionLogHeader {
  return { type: 'header', format: DECISION_LOG_FORMAT, origin };
}

/** `prevHash` of entry 0: the SHA-256 of the header (RFC 8785), which ties the chain to its origin. */
export function genesisHash(origin: string): string {
  return sha256Hex(canonicalJson(headerOf(origin)));
}

/** The part of `decisionId` that names the log: 12 hex digits of SHA-256(origin). */
export function originTag(origin: string): string {
  return sha256Hex(origin).slice(0, 12);
}

export function keysOf(attempt: Attempt): DecisionKeys {
  return {
    attemptId: attempt.id ?? null,
    debtorId: attempt.debtorId ?? null,
    creditorId: attempt.creditorId ?? null,
    country: attempt.jurisdiction.country,
    channel: attempt.channel,
    recipientRole: attempt.recipient.role,
    at: attempt.at,
  };
}

export interface ChainState {
  readonly size: number;
  readonly prevHash: string;
  readonly tree: MerkleAccumulator;
}

/**
 * A writer's side of one chain: the next sequence number, the hash of the last entry, and the Merkle
 * tree so far. `seal` makes an entry and moves the chain on; the store writes what it returns.
 */
export class DecisionChain {
  readonly tag: string;
  private seq: number;
  private prevHash: string;
  readonly tree: MerkleAccumulator;

  constructor(
    readonly origin: string,
    state?: ChainState,
  ) {
    this.tag = originTag(origin);
    this.seq = state?.size ?? 0;
    this.prevHash = state?.prevHash ?? genesisHash(origin);
    this.tree = state?.tree ?? new MerkleAccumulator();
  }

  get size(): number {
    return this.seq;
  }

  seal(
    record: DecisionRecord,
    options: {
      readonly checkerDigest: string;
      readonly durability: Durability;
      readonly keepAttempts: boolean;
      readonly decidedAtMs: number;
    },
  ): SealedEntry {
    const { attempt, decision } = record;
    const seq = this.seq;
    const decisionId = `${this.tag}-${seq}`;
    const attemptJson = canonicalJson(attempt);
    const ruleset = decision.ruleset;
    const body = canonicalJson({
      type: 'decision',
      seq,
      decisionId,
      decidedAt: new Date(options.decidedAtMs).toISOString(),
      inputDigest: sha256Hex(attemptJson),
      keys: keysOf(attempt),
      verdict: decision.verdict,
      violations: decision.violations.map((f) => f.ruleId),
      warnings: decision.warnings.map((f) => f.ruleId),
      nextAllowedAt: decision.nextAllowedAt,
      ruleset: {
        version: ruleset.version,
        customRules: ruleset.customRules,
        deviations: ruleset.deviations,
        overrides: ruleset.overrides,
      },
      provenance: {
        checker: options.checkerDigest,
        durability: options.durability,
        attempts: options.keepAttempts ? 'kept' : 'digest',
      },
      prevHash: this.prevHash,
    });
    const hash = sha256Hex(body);
    // The line is the hashed part with the attempt and the hash added at its end: still one JSON object.
    const line = `${body.slice(0, -1)}${options.keepAttempts ? `,"attempt":${attemptJson}` : ''},"hash":"${hash}"}\n`;
    this.tree.push(leafHash(body));
    this.prevHash = hash;
    this.seq++;
    return { seq, decisionId, hash, body, attemptJson, line };
  }

  checkpoint(): Checkpoint {
    return { origin: this.origin, size: this.tree.size, root: this.tree.root() };
  }
}

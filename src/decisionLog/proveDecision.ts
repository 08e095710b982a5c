import { closeSync, fstatSync, openSync } from 'node:fs';
import { ComplianceError } from '../errors.js';
import { type InclusionProof, InclusionProofSchema } from '../schema/decisionLogLine.js';
import { canonicalJson } from './canonicalJson.js';
import { readCheckpointNote } from './checkpoint.js';
import { sha256Hex } from './decisionChain.js';
import { inclusionProof, verifyInclusion } from './inclusionProof.js';
import { LogVerifier } from './logVerifier.js';
import { leafHash } from './merkleTree.js';
import { type NoteVerifier, parseVerifierKey } from './noteKey.js';
import { isPostgresUrl } from './openDecisionLog.js';
import { connect, redactUrl, tablesOf } from './postgresTables.js';
import { readLinesSync } from './readLinesSync.js';
import { readPostgresChain } from './readPostgresChain.js';

export interface ProveOptions {
  /**
   * Prove against this checkpoint (a note, e.g. the copy a witness holds) instead of the log's latest
   * checkpoint that covers the entry. It must be a checkpoint of this log and agree with it.
   */
  readonly checkpoint?: string;
  /** PostgreSQL: the schema of the log's tables. */
  readonly schema?: string;
}

/**
 * An inclusion proof (RFC 9162 §2.1.3) that the entry `decisionId` is in the log, as committed by a
 * checkpoint — for a third party who holds the checkpoint and trusts the log's key, not the operator.
 * The log is verified first: a proof from a log that does not verify would prove nothing, and is refused.
 */
export async function proveDecision(
  target: string,
  decisionId: string,
  options: ProveOptions = {},
): Promise<InclusionProof> {
  let v: LogVerifier;
  let checkpointNotes: string[];
  if (isPostgresUrl(target)) {
    const client = await connect(target);
    try {
      const t = tablesOf(options.schema);
      const row = await client.query<{ origin: string }>(`SELECT origin FROM ${t.entries} WHERE decision_id = $1`, [
        decisionId,
      ]);
      const origin = row.rows[0]?.origin;
      if (origin === undefined)
        throw new ComplianceError('unknown_decision', `no entry ${decisionId} in ${redactUrl(target)}`);
      v = await readPostgresChain(client, t, origin, [], { keepEntries: true });
      checkpointNotes = (
        await client.query<{ note: string }>(`SELECT note FROM ${t.checkpoints} WHERE origin = $1 ORDER BY id`, [
          origin,
        ])
      ).rows.map((r) => r.note);
    } finally {
      await client.end().catch(() => undefined);
    }
  } else {
    ({ v, checkpointNotes } = readFileForProof(target));
  }
  const verdict = v.finish();
  if (!verdict.ok)
    throw new ComplianceError(
      'decision_log_corrupt',
      `${isPostgresUrl(target) ? redactUrl(target) : target} does not verify (${verdict.problems[0]?.message}): no proof is given from it`,
    );
  const found = v.entries?.get(decisionId);
  if (!found) throw new ComplianceError('unknown_decision', `no entry ${decisionId} in ${target}`);
  const note = options.checkpoint ?? latestCovering(checkpointNotes, found.index);
  if (note === undefined)
    throw new ComplianceError(
      'no_checkpoint',
      `no checkpoint of the log covers entry ${decisionId} yet (seq ${found.index}): it is committed at the next checkpoint (or when the writer closes)`,
    );
  const c = readCheckpointNote(note).checkpoint;
  if (c.origin !== verdict.origin)
    throw new ComplianceError(
      'checkpoint_origin',
      `the checkpoint is of ${c.origin}, the entry's log is ${verdict.origin}`,
    );
  if (c.size <= found.index)
    throw new ComplianceError(
      'no_checkpoint',
      `the checkpoint commits to ${c.size} entries, entry ${decisionId} is seq ${found.index}: it came later`,
    );
  if (c.size > verdict.entries || !v.rootAt(c.size).equals(c.root))
    throw new ComplianceError(
      'checkpoint_mismatch',
      'the checkpoint does not agree with the log: no proof can lead to it',
    );
  const { attempt: _attempt, erased: _erased, ...entry } = found.entry;
  return InclusionProofSchema.parse({
    format: 'cobranza-compliance/inclusion-proof/1',
    origin: c.origin,
    decisionId,
    leafIndex: found.index,
    treeSize: c.size,
    entry,
    path: inclusionProof(v.leafHashes(), found.index, c.size).map((h) => h.toString('base64')),
    checkpoint: note,
  });
}

function readFileForProof(path: string): { v: LogVerifier; checkpointNotes: string[] } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new ComplianceError(
      'cannot_read',
      `cannot read ${path}: ${(e as Error).message.replace(/, open '.*'$/s, '')}`,
    );
  }
  const v = new LogVerifier([], { keepEntries: true });
  const checkpointNotes: string[] = [];
  try {
    readLinesSync(fd, fstatSync(fd).size, (line) => {
      v.fileLine(line.text, line.number, line.complete);
      if (line.complete && line.text.startsWith('{') && line.text.includes('"type":"checkpoint"'))
        try {
          const l = JSON.parse(line.text) as { type?: unknown; note?: unknown };
          if (l.type === 'checkpoint' && typeof l.note === 'string') checkpointNotes.push(l.note);
        } catch {
          // The verifier reports the line.
        }
    });
  } finally {
    closeSync(fd);
  }
  return { v, checkpointNotes };
}

function latestCovering(notes: readonly string[], index: number): string | undefined {
  for (let i = notes.length - 1; i >= 0; i--) {
    try {
      if (readCheckpointNote(notes[i]!).checkpoint.size > index) return notes[i];
    } catch {
      // Not a checkpoint: the verifier has said so.
    }
  }
  return undefined;
}

export interface ProofVerification {
  readonly ok: boolean;
  readonly decisionId: string;
  readonly origin: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** Which checkpoint the proof was checked against: one given by the caller, or the one inside the proof. */
  readonly checkpointSource: 'given' | 'in the proof';
  /** Verifier keys whose signature on that checkpoint verified (empty: no key given). */
  readonly verifiedBy: readonly string[];
  readonly problem?: string;
}

/**
 * Check an inclusion proof for a third party: the entry's leaf hash (SHA-256 of 0x00 and its hashed
 * part) climbs the audit path to the root of a checkpoint — one the caller holds (`checkpoint`, e.g. a
 * witness's copy) or, failing that, the one inside the proof — whose signature is checked with `keys`.
 * With an attempt, also that the attempt is the one the entry's `inputDigest` names.
 */
export function verifyInclusionProof(
  proofInput: unknown,
  options: { readonly checkpoint?: string; readonly keys?: readonly string[]; readonly attempt?: unknown } = {},
): ProofVerification {
  const parsed = InclusionProofSchema.safeParse(proofInput);
  if (!parsed.success)
    throw new ComplianceError(
      'invalid_proof',
      `not an inclusion proof: ${parsed.error.issues[0]?.path.join('.') || '(proof)'}: ${parsed.error.issues[0]?.message}`,
    );
  const p = parsed.data;
  const verifiers: NoteVerifier[] = (options.keys ?? []).map(parseVerifierKey);
  const base = {
    decisionId: p.decisionId,
    origin: p.origin,
    leafIndex: p.leafIndex,
    treeSize: p.treeSize,
    checkpointSource: options.checkpoint !== undefined ? ('given' as const) : ('in the proof' as const),
  };
  const fail = (problem: string, verifiedBy: readonly string[] = []): ProofVerification => ({
    ok: false,
    ...base,
    verifiedBy,
    problem,
  });
  let read: ReturnType<typeof readCheckpointNote>;
  try {
    read = readCheckpointNote(options.checkpoint ?? p.checkpoint, verifiers);
  } catch (e) {
    return fail(`the checkpoint: ${e instanceof Error ? e.message : String(e)}`);
  }
  const c = read.checkpoint;
  if (c.origin !== p.origin) return fail(`the checkpoint is of ${c.origin}, the proof of ${p.origin}`, read.verifiedBy);
  if (c.size !== p.treeSize)
    return fail(
      `the checkpoint commits to ${c.size} entries, the proof to a tree of ${p.treeSize}: ask the operator for a proof to this checkpoint (prove --checkpoint)`,
      read.verifiedBy,
    );
  if (p.entry.decisionId !== p.decisionId || p.entry.seq !== p.leafIndex)
    return fail('the entry is not the one the proof names (decisionId or seq)', read.verifiedBy);
  const { hash, ...hashed } = p.entry;
  const body = canonicalJson(hashed);
  if (sha256Hex(body) !== hash) return fail("the entry's content does not match its hash", read.verifiedBy);
  const leaf = leafHash(body);
  const path = p.path.map((h) => Buffer.from(h, 'base64'));
  if (!verifyInclusion(leaf, p.leafIndex, p.treeSize, path, c.root))
    return fail("the audit path does not lead from the entry to the checkpoint's root", read.verifiedBy);
  if (options.attempt !== undefined) {
    if (sha256Hex(canonicalJson(options.attempt)) !== p.entry.inputDigest)
      return fail("the attempt given is not the entry's (its SHA-256 is not the entry's inputDigest)", read.verifiedBy);
  }
  return { ok: true, ...base, verifiedBy: read.verifiedBy };
}

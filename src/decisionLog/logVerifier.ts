import { ComplianceError } from '../errors.js';
import { type DecisionEntry, DecisionLogHeaderSchema, DecisionLogLineSchema } from '../schema/decisionLogLine.js';
import { canonicalJson } from './canonicalJson.js';
import { type Checkpoint, readCheckpointNote } from './checkpoint.js';
import { type ChainState, genesisHash, keysOf, sha256Hex } from './decisionChain.js';
import { leafHash, MerkleAccumulator, merkleRoot } from './merkleTree.js';
import type { NoteVerifier } from './noteKey.js';
import type { Attempt } from '../schema/attempt.js';

/** Where a problem is: a file's line, and the entry's seq when there is one. */
export interface LogProblem {
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly seq?: number;
}

export interface CheckpointSeen {
  readonly source: string;
  readonly size: number;
  readonly root: string;
  readonly signed: boolean;
  /** The verifier keys whose signature verified (none when no key was given). */
  readonly verifiedBy: readonly string[];
}

/** What `verifyDecisionLog` found, for one chain (one origin). */
export interface ChainVerification {
  readonly ok: boolean;
  readonly origin: string;
  readonly entries: number;
  /** The root of the whole tree (base64), what a checkpoint of every entry would say. */
  readonly root: string;
  readonly checkpoints: number;
  readonly lastCheckpoint: CheckpointSeen | null;
  readonly entriesAfterLastCheckpoint: number;
  /** Checkpoints held elsewhere (`--checkpoint FILE`) that this chain was checked against. */
  readonly external: ReadonlyArray<CheckpointSeen & { readonly agrees: boolean }>;
  readonly attempts: { readonly kept: number; readonly digestOnly: number; readonly erased: number };
  /** Incomplete last lines a writer cut when it reopened the log (a crash mid-write). */
  readonly recoveries: number;
  /** Problems in log order; the first names the first bad entry. At most 100 listed, `problemCount` all. */
  readonly problems: readonly LogProblem[];
  readonly problemCount: number;
  /** What the verification could not establish, said plainly (no key, no checkpoint held elsewhere, …). */
  readonly notes: readonly string[];
}

const MAX_LISTED = 100;

/**
 * Checks one chain as it is read, line by line (a file) or row by row (PostgreSQL): the sequence, the
 * hash chain, each entry's hash over its hashed part, the attempt against its digest, every checkpoint
 * against the Merkle tree recomputed from the entries (and its signature, given a key), then the
 * checkpoints held elsewhere.
 */
export class LogVerifier {
  private origin: string | undefined;
  private prevHash: string | undefined;
  private readonly tree = new MerkleAccumulator();
  private leaves = Buffer.alloc(32 * 1024);
  private readonly ids = new Set<string>();
  private readonly provenances = new Set<string>();
  private readonly roots = new Map<number, { root: string; source: string }>();
  private readonly problems: LogProblem[] = [];
  private problemCount = 0;
  private checkpointCount = 0;
  private lastCheckpoint: CheckpointSeen | null = null;
  private kept = 0;
  private digestOnly = 0;
  private erased = 0;
  private recoveries = 0;
  private unsignedCheckpoints = 0;
  /** Entries by decisionId with their leaf index, when asked (`prove`, the audit join). */
  readonly entries:
    | Map<string, { readonly index: number; readonly entry: DecisionEntry; readonly line?: number }>
    | undefined;

  constructor(
    private readonly verifiers: readonly NoteVerifier[] = [],
    options: { readonly keepEntries?: boolean; readonly origin?: string } = {},
  ) {
    this.entries = options.keepEntries ? new Map() : undefined;
    if (options.origin !== undefined) this.setOrigin(options.origin);
  }

  get size(): number {
    return this.tree.size;
  }

  get hasProblems(): boolean {
    return this.problemCount > 0;
  }

  /** The first problem found, if any. */
  get firstProblem(): LogProblem | undefined {
    return this.problems[0];
  }

  private setOrigin(origin: string): void {
    this.origin = origin;
    this.prevHash = genesisHash(origin);
  }

  private problem(p: LogProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_LISTED) this.problems.push(p);
  }

  /** A problem found outside the entries (a PostgreSQL row that is not an entry, a bad header row). */
  problemAt(code: string, message: string, seq?: number): void {
    this.problem({ code, message, ...(seq !== undefined ? { seq } : {}) });
  }

  /** One line of a file log (1-based `number`); `complete` false for a last line without newline. */
  fileLine(text: string, number: number, complete: boolean): void {
    if (!complete) {
      this.problem({
        code: 'torn_line',
        line: number,
        message: `line ${number} is incomplete (no newline): the log was cut there, or a write was interrupted by a crash`,
      });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.problem({
        code: 'not_json',
        line: number,
        message: `line ${number} is not JSON: changed after it was written`,
      });
      return;
    }
    if (number === 1) {
      const h = DecisionLogHeaderSchema.safeParse(value);
      if (!h.success) {
        this.problem({ code: 'no_header', line: 1, message: 'line 1 is not a decision log header' });
        return;
      }
      if (this.origin !== undefined && this.origin !== h.data.origin)
        this.problem({
          code: 'origin',
          line: 1,
          message: `the header's origin is ${h.data.origin}, expected ${this.origin}`,
        });
      this.setOrigin(h.data.origin);
      return;
    }
    if (this.origin === undefined) return;
    const type = (value as { type?: unknown } | null)?.type;
    const parsed = DecisionLogLineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      this.problem({
        code: 'bad_line',
        line: number,
        message: `line ${number}${type === 'decision' ? ' (an entry)' : ''}: ${issue.path.join('.') || '(line)'}: ${issue.message}`,
      });
      return;
    }
    const line = parsed.data;
    switch (line.type) {
      case 'decision':
        this.entry(line, number);
        break;
      case 'provenance':
        this.provenance(line.digest, line.provenance, number);
        break;
      case 'checkpoint':
        this.checkpoint(line.note, `the checkpoint at line ${number}`, number);
        break;
      case 'recovery':
        this.recoveries++;
        break;
      case 'header':
        this.problem({ code: 'bad_line', line: number, message: `line ${number}: a second header` });
    }
  }

  provenance(digest: string, provenance: unknown, line?: number): void {
    if (sha256Hex(canonicalJson(provenance)) !== digest) {
      this.problem({
        code: 'provenance_changed',
        ...(line ? { line } : {}),
        message: `${line ? `line ${line}: ` : ''}the checker provenance does not match its digest: changed after it was written`,
      });
      return;
    }
    this.provenances.add(digest);
  }

  entry(e: DecisionEntry, line?: number): void {
    const where = `${line ? `line ${line}, ` : ''}entry seq ${e.seq}`;
    const at = { ...(line ? { line } : {}), seq: e.seq };
    const expected = this.tree.size;
    let chained = true;
    if (e.seq !== expected) {
      chained = false;
      this.problem({
        code: e.seq > expected ? 'entry_missing' : 'entry_out_of_order',
        ...at,
        message:
          e.seq > expected
            ? `${where}: expected seq ${expected}: entr${e.seq - expected === 1 ? 'y' : 'ies'} ${expected}${e.seq - expected > 1 ? `–${e.seq - 1}` : ''} missing (removed), or this entry moved`
            : `${where}: expected seq ${expected}: an entry inserted, repeated or moved (reordered)`,
      });
    }
    if (chained && e.prevHash !== this.prevHash)
      this.problem({
        code: 'chain_broken',
        ...at,
        message: `${where}: prevHash is not the hash of the entry before it: an entry before it was removed, inserted or replaced`,
      });
    const { attempt, hash, erased, ...hashed } = e;
    const body = canonicalJson(hashed);
    if (sha256Hex(body) !== hash)
      this.problem({
        code: 'entry_changed',
        ...at,
        message: `${where}: its content does not match its hash: changed after it was written`,
      });
    if (attempt !== undefined) {
      this.kept++;
      const json = canonicalJson(attempt);
      if (sha256Hex(json) !== e.inputDigest)
        this.problem({
          code: 'attempt_changed',
          ...at,
          message: `${where}: the attempt kept beside it does not match its inputDigest: changed after it was written`,
        });
      else if (canonicalJson(keysOf(attempt as unknown as Attempt)) !== canonicalJson(e.keys))
        this.problem({ code: 'keys_mismatch', ...at, message: `${where}: its keys are not those of its attempt` });
    } else if (erased !== undefined || e.provenance.attempts === 'kept') this.erased++;
    else this.digestOnly++;
    if (!this.provenances.has(e.provenance.checker))
      this.problem({
        code: 'provenance_missing',
        ...at,
        message: `${where}: its checker provenance (${e.provenance.checker.slice(0, 12)}…) is not in the log before it`,
      });
    if (this.ids.has(e.decisionId))
      this.problem({
        code: 'duplicate_decision_id',
        ...at,
        message: `${where}: decisionId ${e.decisionId} appears twice`,
      });
    this.ids.add(e.decisionId);
    const leaf = leafHash(body);
    this.keepLeaf(leaf);
    this.entries?.set(e.decisionId, { index: this.tree.size, entry: e, ...(line ? { line } : {}) });
    this.tree.push(leaf);
    this.prevHash = hash;
  }

  private keepLeaf(leaf: Buffer): void {
    const at = this.tree.size * 32;
    if (at + 32 > this.leaves.length) {
      const bigger = Buffer.alloc(this.leaves.length * 2);
      this.leaves.copy(bigger);
      this.leaves = bigger;
    }
    leaf.copy(this.leaves, at);
  }

  /** The leaf hashes so far (views into one buffer). */
  leafHashes(): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i < this.tree.size; i++) out.push(this.leaves.subarray(i * 32, i * 32 + 32));
    return out;
  }

  /** The root of the first `size` entries. */
  rootAt(size: number): Buffer {
    return size === this.tree.size ? this.tree.root() : merkleRoot(this.leafHashes(), 0, size);
  }

  /** A checkpoint of the log (a line of the file, a row of PostgreSQL): it must agree with the entries before it. */
  checkpoint(note: string, source: string, line?: number): CheckpointSeen | undefined {
    const at = line ? { line } : {};
    let read: ReturnType<typeof readCheckpointNote>;
    try {
      read = readCheckpointNote(note, this.verifiers);
    } catch (e) {
      this.problem({
        code:
          e instanceof ComplianceError && e.code === 'unsigned_checkpoint'
            ? 'checkpoint_unsigned'
            : 'checkpoint_signature',
        ...at,
        message: `${source}: ${e instanceof Error ? e.message : String(e)}`,
      });
      return undefined;
    }
    const c = read.checkpoint;
    this.checkpointCount++;
    if (!read.signed) this.unsignedCheckpoints++;
    const seen: CheckpointSeen = {
      source,
      size: c.size,
      root: c.root.toString('base64'),
      signed: read.signed,
      verifiedBy: read.verifiedBy,
    };
    if (c.origin !== this.origin) {
      this.problem({
        code: 'checkpoint_origin',
        ...at,
        message: `${source}: origin ${c.origin}, the log's is ${this.origin}`,
      });
      return seen;
    }
    this.lastCheckpoint = seen;
    if (c.size > this.tree.size) {
      this.problem({
        code: 'checkpoint_ahead',
        ...at,
        seq: this.tree.size,
        message: `${source} commits to ${c.size} entries, only ${this.tree.size} precede it: entries seq ${this.tree.size}–${c.size - 1} were removed`,
      });
      return seen;
    }
    this.compare(c, seen, at);
    return seen;
  }

  private compare(c: Checkpoint, seen: CheckpointSeen, at: { line?: number }): boolean {
    const other = this.roots.get(c.size);
    if (other && other.root !== seen.root)
      this.problem({
        code: 'checkpoints_disagree',
        ...at,
        message: `${seen.source} and ${other.source} disagree on the tree of ${c.size} entries: the log signed two histories`,
      });
    if (!other) this.roots.set(c.size, { root: seen.root, source: seen.source });
    if (!this.rootAt(c.size).equals(c.root)) {
      const agreeing = [...this.roots.entries()]
        .filter(([size, r]) => size < c.size && this.rootAt(size).toString('base64') === r.root)
        .reduce((best, [size]) => Math.max(best, size), 0);
      this.problem({
        code: 'checkpoint_mismatch',
        ...at,
        seq: agreeing,
        message: `${seen.source} does not match the entries: some entry among seq ${agreeing}–${c.size - 1} was changed, removed, inserted or reordered after it was written${agreeing > 0 ? ` (the checkpoint of ${agreeing} entries agrees)` : ''}`,
      });
      return false;
    }
    return true;
  }

  /** The chain's state for a writer that goes on appending. */
  state(): ChainState {
    return { size: this.tree.size, prevHash: this.prevHash ?? genesisHash(this.origin ?? ''), tree: this.tree };
  }

  get logOrigin(): string | undefined {
    return this.origin;
  }

  /**
   * The verdict: the log as read, then each checkpoint held elsewhere (a note's text, named by its
   * source): its tree must be this log's (a tail cut together with its checkpoints shows here).
   */
  finish(external: ReadonlyArray<{ readonly source: string; readonly note: string }> = []): ChainVerification {
    const externalSeen: Array<CheckpointSeen & { agrees: boolean }> = [];
    for (const x of [...external].map((x) => ({ x, c: safeSize(x.note) })).sort((a, b) => a.c - b.c)) {
      let read: ReturnType<typeof readCheckpointNote>;
      try {
        read = readCheckpointNote(x.x.note, this.verifiers);
      } catch (e) {
        this.problem({
          code: 'external_checkpoint_invalid',
          message: `${x.x.source}: ${e instanceof Error ? e.message : String(e)}`,
        });
        continue;
      }
      const c = read.checkpoint;
      const seen = {
        source: x.x.source,
        size: c.size,
        root: c.root.toString('base64'),
        signed: read.signed,
        verifiedBy: read.verifiedBy,
      };
      if (c.origin !== this.origin) {
        this.problem({
          code: 'checkpoint_origin',
          message: `${x.x.source}: origin ${c.origin}, the log's is ${this.origin}`,
        });
        externalSeen.push({ ...seen, agrees: false });
        continue;
      }
      if (c.size > this.tree.size) {
        this.problem({
          code: 'tail_cut',
          seq: this.tree.size,
          message: `${x.x.source} commits to ${c.size} entries, the log holds ${this.tree.size}: entries seq ${this.tree.size}–${c.size - 1} were cut from its end`,
        });
        externalSeen.push({ ...seen, agrees: false });
        continue;
      }
      externalSeen.push({ ...seen, agrees: this.compare(c, seen, {}) });
    }
    const notes: string[] = [];
    if (this.verifiers.length === 0 && this.checkpointCount > 0)
      notes.push(
        'signatures not checked (no --key): the checkpoints prove the entries unchanged since they were written, not who wrote them',
      );
    if (this.unsignedCheckpoints > 0)
      notes.push(`${this.unsignedCheckpoints} checkpoint(s) unsigned (the writer had no key)`);
    if (external.length === 0)
      notes.push(
        'no checkpoint held elsewhere given (--checkpoint FILE): a cut of the tail together with its checkpoints cannot be seen from the log alone',
      );
    const after = this.tree.size - (this.lastCheckpoint?.size ?? 0);
    if (after > 0 && this.tree.size > 0)
      notes.push(
        `${after} entr${after === 1 ? 'y' : 'ies'} after the last checkpoint (written since, or the log was not closed)`,
      );
    if (this.recoveries > 0)
      notes.push(`${this.recoveries} incomplete last line(s) cut by a writer that reopened the log after a crash`);
    return {
      ok: this.problemCount === 0,
      origin: this.origin ?? '',
      entries: this.tree.size,
      root: this.tree.root().toString('base64'),
      checkpoints: this.checkpointCount,
      lastCheckpoint: this.lastCheckpoint,
      entriesAfterLastCheckpoint: after,
      external: externalSeen,
      attempts: { kept: this.kept, digestOnly: this.digestOnly, erased: this.erased },
      recoveries: this.recoveries,
      problems: this.problems,
      problemCount: this.problemCount,
      notes,
    };
  }
}

function safeSize(note: string): number {
  const m = /^[^\n]*\n(\d+)\n/.exec(note);
  return m ? Number(m[1]) : 0;
}

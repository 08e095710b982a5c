import { ComplianceError } from '../errors.js';
import type { NoteSigner, NoteVerifier } from './noteKey.js';
import { openNote, parseNote, signNote } from './signedNote.js';

/**
 * A checkpoint (c2sp.org/tlog-checkpoint): the note text `<origin>\n<tree size>\n<base64 root hash>\n`,
 * signed as a signed note. A log opened without a key writes the text alone (an unsigned checkpoint:
 * it still commits to the tree, but proves nothing about who wrote it).
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
}

export function checkpointText(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

/** The checkpoint as written: a signed note when there are signers, else its text alone. */
export function checkpointNote(c: Checkpoint, signers: readonly NoteSigner[]): string {
  const text = checkpointText(c);
  return signers.length > 0 ? signNote(text, signers) : text;
}

export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '')
    throw badCheckpoint('expected origin, tree size and root hash, one per line');
  const [origin, size, root] = lines as [string, string, string];
  if (origin === '') throw badCheckpoint('empty origin');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw badCheckpoint(`tree size ${JSON.stringify(size)} is not a decimal number without leading zeros`);
  const hash = Buffer.from(root, 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root)
    throw badCheckpoint('the root hash is not the base64 of 32 bytes');
  if (lines.slice(3, -1).some((l) => l === '')) throw badCheckpoint('an empty extension line');
  return { origin, size: Number(size), root: hash };
}

export interface ReadCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The note carries signatures. */
  readonly signed: boolean;
  /** The verifier keys whose signature verified (empty when no verifier was given). */
  readonly verifiedBy: readonly string[];
}

/**
 * Read a checkpoint note. With verifiers, a signature of one of them must verify (and a failing one of
 * a known key is an error); without, signatures are parsed but not checked.
 */
export function readCheckpointNote(note: string, verifiers: readonly NoteVerifier[] = []): ReadCheckpoint {
  if (!note.includes('\n\n')) {
    if (verifiers.length > 0)
      throw new ComplianceError('unsigned_checkpoint', 'the checkpoint is not signed, and a key was given');
    return { checkpoint: parseCheckpointText(note), signed: false, verifiedBy: [] };
  }
  if (verifiers.length === 0)
    return { checkpoint: parseCheckpointText(parseNote(note).text), signed: true, verifiedBy: [] };
  const opened = openNote(note, verifiers);
  return { checkpoint: parseCheckpointText(opened.text), signed: true, verifiedBy: opened.verifiedBy };
}

function badCheckpoint(why: string): ComplianceError {
  return new ComplianceError('invalid_checkpoint', `not a checkpoint (c2sp.org/tlog-checkpoint): ${why}`);
}

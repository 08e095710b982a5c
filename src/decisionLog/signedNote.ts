import { ComplianceError } from '../errors.js';
import type { NoteSigner, NoteVerifier } from './noteKey.js';

/**
 * C2SP signed notes (c2sp.org/signed-note): a text ending in a newline, a blank line, then one line per
 * signature, `— <key name> <base64(4-byte key id || signature)>`. The text is what is signed, final
 * newline included. A note is UTF-8 with no control character but the newline.
 */

const EM_DASH = '\u2014';

/** The text, signed by each signer. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertNoteText(text);
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map(
    (s) => `${EM_DASH} ${s.name} ${Buffer.concat([s.keyId, s.sign(message)]).toString('base64')}\n`,
  );
  return `${text}\n${lines.join('')}`;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: string;
  /** Ed25519 signature bytes (base64 as written, without the key id). */
  readonly signature: Buffer;
}

export interface ParsedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** Split a signed note into its text and signature lines (nothing verified yet). */
export function parseNote(note: string): ParsedNote {
  if (/[\x00-\x09\x0B-\x1F]/.test(note)) throw badNote('holds a control character other than newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw badNote('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const signatures: NoteSignature[] = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)$/.exec(line);
    if (!m) throw badNote(`not a signature line: ${JSON.stringify(line.slice(0, 80))}`);
    const raw = Buffer.from(m[2]!, 'base64');
    if (raw.length < 5) throw badNote('a signature shorter than its key id');
    signatures.push({ name: m[1]!, keyId: raw.subarray(0, 4).toString('hex'), signature: raw.subarray(4) });
  }
  if (signatures.length === 0) throw badNote('no signature');
  return { text, signatures };
}

/**
 * The note's text when a signature of one of `verifiers` verifies. As the spec says: signatures of
 * unknown keys are ignored; a known key (same name and id) whose signature fails rejects the note;
 * no verified signature rejects it.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): ParsedNote & { verifiedBy: string[] } {
  const parsed = parseNote(note);
  const message = Buffer.from(parsed.text, 'utf8');
  const verifiedBy: string[] = [];
  for (const s of parsed.signatures) {
    const v = verifiers.find((k) => k.name === s.name && k.keyId.toString('hex') === s.keyId);
    if (!v) continue;
    if (!v.verify(message, s.signature))
      throw new ComplianceError('bad_signature', `the signature of ${s.name} (key ${s.keyId}) does not verify`);
    verifiedBy.push(v.text);
  }
  if (verifiedBy.length === 0)
    throw new ComplianceError(
      'unverified_note',
      `no signature by a known key (signed by ${parsed.signatures.map((s) => `${s.name}+${s.keyId}`).join(', ')}; known: ${verifiers.map((v) => `${v.name}+${v.keyId.toString('hex')}`).join(', ') || 'none'})`,
    );
  return { ...parsed, verifiedBy };
}

function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw badNote('the text must end in a newline');
  if (/[\x00-\x09\x0B-\x1F]/.test(text)) throw badNote('the text holds a control character other than newline');
}

function badNote(why: string): ComplianceError {
  return new ComplianceError('invalid_note', `not a signed note (c2sp.org/signed-note): ${why}`);
}

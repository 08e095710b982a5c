import { describe, expect, it } from 'vitest';
import { checkpointNote, parseCheckpointText, readCheckpointNote } from '../../src/decisionLog/checkpoint.js';
import { generateNoteKey, noteKeyId, parseSignerKey, parseVerifierKey } from '../../src/decisionLog/noteKey.js';
import { openNote, parseNote, signNote } from '../../src/decisionLog/signedNote.js';

/**
 * C2SP signed notes and checkpoints, against the example of golang.org/x/mod/sumdb/note (its
 * documentation and tests): the PeterNeumann key pair and the note it signs. Ed25519 is deterministic
 * (RFC 8032), so signing the same text with the same key must give that note byte for byte.
 */
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('signed notes (c2sp.org/signed-note)', () => {
  it("signs Go's example note byte for byte, and its signer's verifier is Go's verifier key", () => {
    const signer = parseSignerKey(SKEY);
    expect(signer.verifier.text).toBe(VKEY);
    expect(signNote(TEXT, [signer])).toBe(NOTE);
  });

  it('derives the key id as SHA-256(name || 0x0A || 0x01 || public key)[:4]', () => {
    const v = parseVerifierKey(VKEY);
    expect(noteKeyId('PeterNeumann', v.publicKey).toString('hex')).toBe('c74f20a3');
    expect(() => parseVerifierKey(VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/does not match/);
    expect(() => parseVerifierKey(`Peter+Neumann+c74f20a3+${VKEY.split('+').slice(2).join('+')}`)).toThrow();
  });

  it('opens the note with the verifier key; a changed character or an unknown key rejects it', () => {
    const v = parseVerifierKey(VKEY);
    expect(openNote(NOTE, [v]).text).toBe(TEXT);
    expect(() => openNote(NOTE.replace('cryptography', 'cryptographY'), [v])).toThrow(/does not verify/);
    const other = parseVerifierKey(generateNoteKey('PeterNeumann').verifierKey);
    expect(() => openNote(NOTE, [other])).toThrow(/no signature by a known key/);
  });

  it('parses the signature lines: the text ends at the last blank line', () => {
    const n = parseNote(NOTE);
    expect(n.text).toBe(TEXT);
    expect(n.signatures).toHaveLength(1);
    expect(n.signatures[0]).toMatchObject({ name: 'PeterNeumann', keyId: 'c74f20a3' });
    expect(() => parseNote(TEXT)).toThrow(/no blank line/);
    expect(() => parseNote(`${TEXT}\nnot a signature\n`)).toThrow(/not a signature line/);
    expect(() => parseNote(`${TEXT.replace('\n', '\t\n')}\n— x AAAAAAA=\n`)).toThrow(/control character/);
  });

  it('a generated key pair signs and verifies; key names with a space or a "+" are refused', () => {
    const k = generateNoteKey('example.com/decisions');
    const signer = parseSignerKey(k.signerKey);
    const note = signNote('hello\n', [signer]);
    expect(openNote(note, [parseVerifierKey(k.verifierKey)]).verifiedBy).toEqual([k.verifierKey]);
    expect(() => generateNoteKey('has space')).toThrow(/invalid|must be/);
    expect(() => generateNoteKey('a+b')).toThrow(/must be/);
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  const root = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');

  it('origin, size and base64 root, one per line; signed by the log key', () => {
    const k = generateNoteKey('example.com/log');
    const note = checkpointNote({ origin: 'example.com/log', size: 8, root }, [parseSignerKey(k.signerKey)]);
    expect(
      note.startsWith('example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n— example.com/log '),
    ).toBe(true);
    const read = readCheckpointNote(note, [parseVerifierKey(k.verifierKey)]);
    expect(read).toMatchObject({ signed: true, checkpoint: { origin: 'example.com/log', size: 8 } });
    expect(read.checkpoint.root.equals(root)).toBe(true);
  });

  it('refuses a size with leading zeros, a short root, an unsigned checkpoint when a key is given', () => {
    expect(() => parseCheckpointText('o\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n')).toThrow(/leading zeros/);
    expect(() => parseCheckpointText('o\n8\nAAAA\n')).toThrow(/32 bytes/);
    const unsigned = checkpointNote({ origin: 'o', size: 0, root }, []);
    expect(readCheckpointNote(unsigned).signed).toBe(false);
    expect(() => readCheckpointNote(unsigned, [parseVerifierKey(VKEY)])).toThrow(/not signed/);
  });
});

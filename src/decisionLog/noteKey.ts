import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { ComplianceError } from '../errors.js';

/**
 * Ed25519 keys of C2SP signed notes (c2sp.org/signed-note), written as Go's golang.org/x/mod/sumdb/note
 * writes them, so that a witness or verifier of that ecosystem reads them as they are:
 *
 *   verifier key  `<name>+<key id, 8 hex>+<base64(0x01 || 32-byte public key)>`
 *   signer key    `PRIVATE+KEY+<name>+<key id, 8 hex>+<base64(0x01 || 32-byte seed)>`
 *
 * The key id is the first four bytes of SHA-256(name || 0x0A || 0x01 || public key) (signed-note,
 * "Ed25519 signatures"). Signing and verifying go through node:crypto.
 */

/** The signature type byte of Ed25519 in signed notes. */
const ED25519 = 0x01;
/** DER prefixes that wrap a raw 32-byte seed (PKCS #8) and public key (SPKI) for node:crypto (RFC 8410). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteVerifier {
  readonly name: string;
  /** The 4-byte key id. */
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
  /** The verifier key text (`name+id+base64`). */
  readonly text: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: Buffer;
  /** The matching verifier. */
  readonly verifier: NoteVerifier;
  sign(message: Uint8Array): Buffer;
}

/** Key names are non-empty, without Unicode spaces or `+` (signed-note), and here without control characters. */
export function assertKeyName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || /[\s+\p{Cc}\p{Zs}]/u.test(name))
    throw new ComplianceError(
      'invalid_key_name',
      `key name ${JSON.stringify(name)}: must be non-empty, without spaces, "+" or control characters (c2sp.org/signed-note)`,
    );
}

/** `SHA-256(name || 0x0A || 0x01 || public key)[:4]`. */
export function noteKeyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.from([ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** A new Ed25519 key pair named `name`: the signer key (keep it secret) and the verifier key (publish it). */
export function generateNoteKey(name: string): { signerKey: string; verifierKey: string } {
  assertKeyName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const signer = signerFromSeed(name, Buffer.from(seed));
  return { signerKey: signerKeyText(name, signer.keyId, seed), verifierKey: signer.verifier.text };
}

function signerKeyText(name: string, keyId: Buffer, seed: Uint8Array): string {
  return `PRIVATE+KEY+${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
}

function signerFromSeed(name: string, seed: Buffer): NoteSigner {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  const verifier = verifierFromPublicKey(name, Buffer.from(publicKey));
  return { name, keyId: verifier.keyId, verifier, sign: (message) => sign(null, message, key) };
}

function verifierFromPublicKey(name: string, publicKey: Buffer): NoteVerifier {
  const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  const keyId = noteKeyId(name, publicKey);
  return {
    name,
    keyId,
    publicKey,
    text: `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`,
    verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature),
  };
}

/** Read a verifier key (`name+id+base64`); its id must be the one its name and key give. */
export function parseVerifierKey(text: string): NoteVerifier {
  const t = text.trim();
  const m = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(t);
  if (!m) throw badKey('verifier', 'expected NAME+KEYID+BASE64 (a signed-note verifier key)');
  const [, name, id, b64] = m as unknown as [string, string, string, string];
  assertKeyName(name);
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw badKey('verifier', 'not an Ed25519 key (type 0x01, 32 bytes)');
  const verifier = verifierFromPublicKey(name, raw.subarray(1));
  if (verifier.keyId.toString('hex') !== id) throw badKey('verifier', `key id ${id} does not match the key`);
  return verifier;
}

/** Read a signer key (`PRIVATE+KEY+name+id+base64`); its id must be the one its name and key give. */
export function parseSignerKey(text: string): NoteSigner {
  const t = text.trim();
  const m = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(t);
  if (!m) throw badKey('signer', 'expected PRIVATE+KEY+NAME+KEYID+BASE64 (a signed-note signer key)');
  const [, name, id, b64] = m as unknown as [string, string, string, string];
  assertKeyName(name);
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw badKey('signer', 'not an Ed25519 key (type 0x01, 32 bytes)');
  const signer = signerFromSeed(name, raw.subarray(1));
  if (signer.keyId.toString('hex') !== id) throw badKey('signer', `key id ${id} does not match the key`);
  return signer;
}

function badKey(kind: 'signer' | 'verifier', why: string): ComplianceError {
  return new ComplianceError('invalid_key', `not a ${kind} key: ${why}`);
}

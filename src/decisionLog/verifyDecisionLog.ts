import { closeSync, fstatSync, openSync } from 'node:fs';
import { ComplianceError } from '../errors.js';
import { type ChainVerification, LogVerifier } from './logVerifier.js';
import { type NoteVerifier, parseVerifierKey } from './noteKey.js';
import { isPostgresUrl } from './openDecisionLog.js';
import { connect, redactUrl, tablesOf } from './postgresTables.js';
import { readLinesSync } from './readLinesSync.js';
import { readPostgresChain } from './readPostgresChain.js';

export interface VerifyOptions {
  /** Verifier keys (`name+id+base64`, from `keygen`): every checkpoint must carry a signature of one that verifies. */
  readonly keys?: readonly string[];
  /** Checkpoints held elsewhere (an auditor's or a witness's copy): each note with a name for the report. */
  readonly checkpoints?: ReadonlyArray<{ readonly source: string; readonly note: string }>;
  /** PostgreSQL: the schema of the log's tables. */
  readonly schema?: string;
}

/** The verdict on a log: one chain for a file, one per origin (writer) for PostgreSQL. */
export interface LogVerification {
  readonly ok: boolean;
  readonly location: string;
  readonly chains: readonly ChainVerification[];
  /** Problems outside any chain (a checkpoint held elsewhere whose origin is no chain's). */
  readonly problems: ReadonlyArray<{ readonly code: string; readonly message: string }>;
}

/**
 * Recompute a decision log from its entries — sequence, hash chain, each entry's hash, attempts against
 * their digests, the RFC 9162 Merkle tree against every checkpoint (signatures too, given keys) — and
 * hold it against checkpoints kept elsewhere. Reads a file in bounded memory, or every chain of a
 * PostgreSQL log (`postgres://…`).
 */
export async function verifyDecisionLog(target: string, options: VerifyOptions = {}): Promise<LogVerification> {
  if (!isPostgresUrl(target)) return verifyDecisionLogFile(target, options);
  const verifiers = (options.keys ?? []).map(parseVerifierKey);
  const client = await connect(target);
  try {
    const t = tablesOf(options.schema);
    const exists = await client.query<{ name: string | null }>('SELECT to_regclass($1)::text AS name', [t.origins]);
    if (!exists.rows[0]?.name)
      throw new ComplianceError(
        'not_a_decision_log',
        `${redactUrl(target)} holds no decision log (no table ${t.origins})`,
      );
    const origins = (
      await client.query<{ origin: string }>(`SELECT origin FROM ${t.origins} ORDER BY origin`)
    ).rows.map((r) => r.origin);
    const chains: ChainVerification[] = [];
    for (const origin of origins) {
      const v = await readPostgresChain(client, t, origin, verifiers);
      chains.push(v.finish(externalFor(options.checkpoints, origin)));
    }
    return result(redactUrl(target), chains, options.checkpoints, origins);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `verifyDecisionLog` of a file, synchronously. */
export function verifyDecisionLogFile(path: string, options: VerifyOptions = {}): LogVerification {
  const verifiers: NoteVerifier[] = (options.keys ?? []).map(parseVerifierKey);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new ComplianceError(
      'cannot_read',
      `cannot read ${path}: ${(e as Error).message.replace(/, open '.*'$/s, '')}`,
    );
  }
  try {
    const v = new LogVerifier(verifiers);
    readLinesSync(fd, fstatSync(fd).size, (line) => v.fileLine(line.text, line.number, line.complete));
    const origin = v.logOrigin ?? '';
    return result(path, [v.finish(externalFor(options.checkpoints, origin))], options.checkpoints, [origin]);
  } finally {
    closeSync(fd);
  }
}

/** The origin line of a checkpoint note, without reading the rest. */
function originOf(note: string): string {
  return note.slice(0, Math.max(0, note.indexOf('\n')));
}

function externalFor(
  checkpoints: VerifyOptions['checkpoints'],
  origin: string,
): Array<{ source: string; note: string }> {
  return (checkpoints ?? []).filter((c) => originOf(c.note) === origin);
}

function result(
  location: string,
  chains: ChainVerification[],
  checkpoints: VerifyOptions['checkpoints'],
  origins: readonly string[],
): LogVerification {
  const problems = (checkpoints ?? [])
    .filter((c) => !origins.includes(originOf(c.note)))
    .map((c) => ({
      code: 'checkpoint_origin',
      message: `${c.source} is a checkpoint of ${JSON.stringify(originOf(c.note))}, not of this log (${origins.join(', ') || 'no chain'})`,
    }));
  return { ok: problems.length === 0 && chains.every((c) => c.ok), location, chains, problems };
}

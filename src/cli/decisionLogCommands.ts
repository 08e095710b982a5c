import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { inertJson } from '../_lib/inertJson.js';
import { showInvisible } from '../_lib/showInvisible.js';
import type { DecisionLog } from '../decisionLog/decisionLog.js';
import { generateNoteKey } from '../decisionLog/noteKey.js';
import { openDecisionLog } from '../decisionLog/openDecisionLog.js';
import { proveDecision, verifyInclusionProof } from '../decisionLog/proveDecision.js';
import { type LogVerification, verifyDecisionLog } from '../decisionLog/verifyDecisionLog.js';
import { ComplianceError } from '../errors.js';
import { FileError } from './fileError.js';

/** The command line's side of the decision log (docs/decision-log.md): thin shells over the library. */

type Values = Record<string, unknown>;
type Out = (s: string) => void;

function usage(message: string): ComplianceError {
  return new ComplianceError('usage', message);
}

function readFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new FileError('read', path, e);
  }
}

/**
 * `check --decision-log PATH|postgres://… [--durability sync|batched] [--checkpoints PATH] [--key FILE]
 * [--digests-only] [--origin ORIGIN]`: the log the checker records to, or undefined without
 * `--decision-log` (whose companions are then refused rather than ignored).
 */
export async function openCliDecisionLog(values: Values): Promise<DecisionLog | undefined> {
  const target = values['decision-log'] as string | undefined;
  const companions = ['durability', 'checkpoints', 'key', 'digests-only', 'origin'].filter(
    (o) => values[o] !== undefined,
  );
  if (target === undefined) {
    if (companions.length > 0) throw usage(`--${companions[0]} goes with --decision-log PATH`);
    return undefined;
  }
  const durability = values['durability'] as string | undefined;
  if (durability !== undefined && durability !== 'sync' && durability !== 'batched')
    throw usage(`--durability is sync or batched, not ${durability}`);
  const keyFile = values['key'] as string | undefined;
  return openDecisionLog(target, {
    ...(durability ? { durability } : {}),
    ...(values['checkpoints'] !== undefined ? { checkpoints: values['checkpoints'] as string } : {}),
    ...(keyFile !== undefined ? { key: readFile(keyFile) } : {}),
    ...(values['digests-only'] === true ? { attempts: 'digest' as const } : {}),
    ...(values['origin'] !== undefined ? { origin: values['origin'] as string } : {}),
  });
}

/**
 * Standard output held until the decision log has made durable every entry appended before the text
 * was written (`batched` mode): nothing is written out that a crash could still take from the log. If
 * the log fails, what is held is dropped (the command then exits 2 on the log's error).
 */
export function heldUntilDurable(out: Out, log: DecisionLog): { write: Out; done(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  let failed = false;
  return {
    write(text) {
      const durable = log.durable();
      chain = chain.then(() =>
        durable.then(
          () => {
            if (!failed) out(text);
          },
          () => {
            failed = true;
          },
        ),
      );
    },
    done: () => chain,
  };
}

/** `keygen [--name NAME] [--out PREFIX]`: PREFIX.key (the signer key, mode 0600) and PREFIX.pub; never over an existing file. */
export function keygenCommand(values: Values, positionals: readonly string[], out: Out): number {
  if (positionals.length > 1) throw usage('keygen takes no file: --name NAME and --out PREFIX');
  const name = (values['name'] as string | undefined) ?? 'cobranza-compliance.local/decisions';
  const prefix = (values['out'] as string | undefined) ?? 'decision-log';
  const { signerKey, verifierKey } = generateNoteKey(name);
  writeNew(`${prefix}.key`, `${signerKey}\n`, 0o600);
  writeNew(`${prefix}.pub`, `${verifierKey}\n`, 0o644);
  out(
    `${showInvisible(verifierKey)}\nwrote ${showInvisible(prefix)}.key (the signer key: keep it secret, give it to check --key) and ${showInvisible(prefix)}.pub (the verifier key: give it to whoever verifies)\n`,
  );
  return 0;
}

function writeNew(path: string, text: string, mode: number): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', mode);
  } catch (e) {
    throw new FileError(
      'write',
      path,
      (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'the file exists (never overwritten)' : e,
    );
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

function keysOf(values: Values): string[] {
  return ((values['key'] as string[] | undefined) ?? []).map((k) => readFile(k));
}

function checkpointsOf(values: Values): Array<{ source: string; note: string }> {
  return ((values['checkpoint'] as string[] | undefined) ?? []).map((f) => ({ source: f, note: readFile(f) }));
}

/** `verify-log PATH|postgres://… [--key PUBLIC]… [--checkpoint FILE]… [--format text|json]`: exit 0 intact, 1 not. */
export async function verifyLogCommand(values: Values, positionals: readonly string[], out: Out): Promise<number> {
  const [, target, ...rest] = positionals;
  if (!target || rest.length > 0) throw usage('verify-log takes one PATH (or postgres://…)');
  const format = (values['format'] as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw usage(`--format for verify-log is text or json, not ${format}`);
  const result = await verifyDecisionLog(target, { keys: keysOf(values), checkpoints: checkpointsOf(values) });
  out(format === 'json' ? `${inertJson(JSON.stringify(result, null, 2))}\n` : verificationText(result));
  return result.ok ? 0 : 1;
}

/** What verify-log prints: the verdict first, the first bad entry named, then what could not be established. */
export function verificationText(v: LogVerification): string {
  const lines: string[] = [];
  const s = (x: string) => showInvisible(x);
  const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
  lines.push(`${s(v.location)}: ${v.ok ? 'intact' : 'NOT INTACT'}`);
  for (const p of v.problems) lines.push(`  ${s(p.message)}`);
  for (const c of v.chains) {
    const last = c.lastCheckpoint;
    lines.push(
      `origin ${s(c.origin)}: ${count(c.entries, 'entry', 'entries')}, ${count(c.checkpoints, 'checkpoint', 'checkpoints')}${
        last
          ? ` (the last of ${count(last.size, 'entry', 'entries')}, ${last.signed ? (last.verifiedBy.length > 0 ? `signature verified: ${s(last.verifiedBy.join(', '))}` : 'signed, signature not checked') : 'unsigned'})`
          : ''
      }`,
    );
    if (!c.ok) {
      lines.push(`  first bad: ${s(c.problems[0]!.message)}`);
      for (const p of c.problems.slice(1, 20)) lines.push(`  also: ${s(p.message)}`);
      if (c.problemCount > 20)
        lines.push(`  … ${c.problemCount - 20} more problems (--format json lists the first 100)`);
    }
    for (const x of c.external)
      lines.push(
        `  checkpoint held elsewhere ${s(x.source)}: ${count(x.size, 'entry', 'entries')}, ${x.agrees ? 'agrees with the log' : 'DOES NOT AGREE'}`,
      );
    const a = c.attempts;
    lines.push(`  attempts: ${a.kept} kept, ${a.digestOnly} digest only, ${a.erased} erased`);
    for (const note of c.notes) lines.push(`  note: ${s(note)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `prove PATH DECISION_ID [--checkpoint FILE]`: the inclusion proof as JSON. Exit 1 when the log does not verify. */
export async function proveCommand(
  values: Values,
  positionals: readonly string[],
  io: { readonly out: Out; readonly err: Out },
): Promise<number> {
  const [, target, decisionId, ...rest] = positionals;
  if (!target || !decisionId || rest.length > 0) throw usage('prove takes a log PATH and a DECISION_ID');
  const checkpoints = checkpointsOf(values);
  if (checkpoints.length > 1) throw usage('prove takes one --checkpoint FILE');
  try {
    const proof = await proveDecision(target, decisionId, checkpoints[0] ? { checkpoint: checkpoints[0].note } : {});
    io.out(`${inertJson(JSON.stringify(proof, null, 2))}\n`);
    return 0;
  } catch (e) {
    // A log that does not verify, or a checkpoint that disagrees with it: a finding about the log (exit 1), not misuse.
    if (e instanceof ComplianceError && (e.code === 'decision_log_corrupt' || e.code === 'checkpoint_mismatch')) {
      io.err(`cobranza-compliance: ${e.code}\n${showInvisible(e.message)}\n`);
      return 1;
    }
    throw e;
  }
}

/** `verify-proof PROOF|- [--checkpoint FILE] [--key PUBLIC]… [--attempt FILE]`: exit 0 proven, 1 not. */
export function verifyProofCommand(
  values: Values,
  positionals: readonly string[],
  out: Out,
  stdin: () => string,
): number {
  const [, file, ...rest] = positionals;
  if (!file || rest.length > 0) throw usage('verify-proof takes one PROOF file, or - for standard input');
  const text = file === '-' ? stdin() : readFile(file);
  let proof: unknown;
  try {
    proof = JSON.parse(text);
  } catch {
    throw new ComplianceError('invalid_proof', `${file === '-' ? '<stdin>' : file} is not JSON`);
  }
  const checkpoints = checkpointsOf(values);
  if (checkpoints.length > 1) throw usage('verify-proof takes one --checkpoint FILE');
  const attemptFile = values['attempt'] as string | undefined;
  let attempt: unknown;
  if (attemptFile !== undefined)
    try {
      attempt = JSON.parse(readFile(attemptFile));
    } catch (e) {
      if (e instanceof FileError) throw e;
      throw new ComplianceError('invalid_input', `${attemptFile} is not JSON`);
    }
  const r = verifyInclusionProof(proof, {
    ...(checkpoints[0] ? { checkpoint: checkpoints[0].note } : {}),
    keys: keysOf(values),
    ...(attempt !== undefined ? { attempt } : {}),
  });
  const s = (x: string) => showInvisible(x);
  const where =
    r.checkpointSource === 'given'
      ? `the checkpoint in ${s(checkpoints[0]!.source)}`
      : 'the checkpoint inside the proof';
  out(
    r.ok
      ? `proven: ${s(r.decisionId)} is entry ${r.leafIndex} of ${s(r.origin)}, committed by ${where} (${r.treeSize} entries${
          r.verifiedBy.length > 0
            ? `; signature verified: ${s(r.verifiedBy.join(', '))}`
            : '; no --key: its signature not checked'
        })${attempt !== undefined ? '; the attempt given is the one it judged' : ''}\n`
      : `NOT PROVEN: ${s(r.problem ?? '')}\n`,
  );
  return r.ok ? 0 : 1;
}

import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { verifyDecisionLogFile } from '../../src/decisionLog/verifyDecisionLog.js';
import { canonicalJson, createChecker, generateNoteKey, openDecisionLogSync } from '../../src/index.js';
import { allowed, early, fixedClock, reference } from './_lib/attempts.js';

/**
 * `verify-log` against every tampering the issue lists, run as users run it (the command line):
 * exit 0 for an intact log, 1 naming the first bad entry for a changed byte, a removed, inserted or
 * reordered entry, a tail cut before the last checkpoint (caught with a checkpoint held elsewhere), two
 * checkpoints that disagree.
 */
const work = mkdtempSync(join(tmpdir(), 'cc-dl-tamper-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ORIGIN = 'example.com/agency/dialer-1';
const key = generateNoteKey(ORIGIN);
const pub = join(work, 'dialer.pub');
const log = join(work, 'decisions.jsonl');
/** Copies of the checkpoint file taken by a witness after 4 and 10 entries. */
const witness4 = join(work, 'witness-4.txt');
const witness10 = join(work, 'witness-10.txt');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: () => '',
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

/** Write a log of `count` decisions under ORIGIN and its key, a checkpoint every 2 entries, copying the checkpoint file after the entries `copies` names. */
async function writeLog(
  path: string,
  count: number,
  idPrefix: string,
  copies: Record<number, string> = {},
): Promise<void> {
  const cp = `${path}.cp`;
  const dl = openDecisionLogSync(path, {
    key: readFileSync(join(work, 'dialer.key'), 'utf8'),
    checkpoints: cp,
    checkpointEvery: { entries: 2 },
    clock: fixedClock(),
  });
  const checker = createChecker({ decisionLog: dl });
  const kinds = [allowed, early, reference];
  for (let i = 0; i < count; i++) {
    checker.checkSync({ ...kinds[i % 3]!, id: `${idPrefix}${i}` });
    if (copies[i + 1]) copyFileSync(cp, copies[i + 1]!);
  }
  await dl.close();
}

beforeAll(async () => {
  writeFileSync(join(work, 'dialer.key'), key.signerKey);
  writeFileSync(pub, key.verifierKey);
  const dl = openDecisionLogSync(log, {
    key: key.signerKey,
    checkpoints: join(work, 'cp.txt'),
    checkpointEvery: { entries: 2 },
    clock: fixedClock(),
  });
  const checker = createChecker({ decisionLog: dl });
  const kinds = [allowed, early, reference];
  for (let i = 0; i < 10; i++) {
    checker.checkSync({ ...kinds[i % 3]!, id: `a${i}` });
    if (i + 1 === 4) copyFileSync(join(work, 'cp.txt'), witness4);
  }
  await dl.close();
  copyFileSync(join(work, 'cp.txt'), witness10);
});

const text = () => readFileSync(log, 'utf8');
const lineOf = (s: string, seq: number) => s.split('\n').findIndex((l) => l.includes(`"seq":${seq},`)) + 1;
function tampered(name: string, edit: (lines: string[]) => string[]): string {
  const path = join(work, name);
  writeFileSync(path, `${edit(text().split('\n').slice(0, -1)).join('\n')}\n`);
  return path;
}
/** Index (0-based, in the file's lines) of entry `seq`. */
const at = (lines: string[], seq: number) =>
  lines.findIndex((l) => l.includes(`"type":"decision"`) && l.includes(`"seq":${seq},`));

describe('verify-log: an intact log', () => {
  it('exits 0, with its key and the checkpoints a witness holds', async () => {
    const r = await run(['verify-log', log, '--key', pub, '--checkpoint', witness4, '--checkpoint', witness10]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: intact\n/);
    expect(r.stdout).toContain(
      `origin ${ORIGIN}: 10 entries, 5 checkpoints (the last of 10 entries, signature verified`,
    );
    expect(r.stdout).toContain('witness-4.txt: 4 entries, agrees with the log');
    expect(r.stdout).toContain('witness-10.txt: 10 entries, agrees with the log');
  });

  it('an erased attempt does not break it (the chain covers the digest)', async () => {
    const path = tampered('erased.jsonl', (ls) => {
      const i = at(ls, 3);
      const e = JSON.parse(ls[i]!) as Record<string, unknown>;
      delete e['attempt'];
      e['erased'] = { at: '2026-04-01T00:00:00Z', reason: 'erasure request (GDPR art. 17)' };
      ls[i] = JSON.stringify(e);
      return ls;
    });
    const r = await run(['verify-log', path, '--key', pub, '--checkpoint', witness10]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('attempts: 9 kept, 0 digest only, 1 erased');
  });
});

describe('verify-log: every tampering is caught, the first bad entry named (exit 1)', () => {
  it('a changed byte in a decision', async () => {
    const path = tampered('byte.jsonl', (ls) => {
      const i = at(ls, 5);
      ls[i] = ls[i]!.replace('"verdict":"block"', '"verdict":"allow"');
      return ls;
    });
    expect(readFileSync(path, 'utf8')).not.toBe(text());
    const r = await run(['verify-log', path, '--key', pub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `first bad: line ${lineOf(text(), 5)}, entry seq 5: its content does not match its hash: changed after it was written`,
    );
  });

  it('a changed byte in a kept attempt', async () => {
    const path = tampered('attempt.jsonl', (ls) => {
      const i = at(ls, 2);
      ls[i] = ls[i]!.replace('"role":"reference"', '"role":"debtor"');
      return ls;
    });
    const r = await run(['verify-log', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /first bad: line \d+, entry seq 2: the attempt kept beside it does not match its inputDigest/,
    );
  });

  it('a changed character anywhere (a sample of positions over every kind of line) is caught', async () => {
    // One character changed at a time, at every 41st position of everything after the header (a sample
    // that falls on every field of every kind of line).
    const original = text();
    const checkpoints = [{ source: 'witness', note: readFileSync(witness10, 'utf8') }];
    let checked = 0;
    for (let pos = original.indexOf('\n') + 1; pos < original.length; pos += 41) {
      const c = original[pos]!;
      if (c === '\n') continue;
      const path = join(work, 'flip.jsonl');
      writeFileSync(path, original.slice(0, pos) + (c === 'a' ? 'b' : 'a') + original.slice(pos + 1));
      const v = verifyDecisionLogFile(path, { keys: [key.verifierKey], checkpoints });
      expect(v.ok, `position ${pos} (${JSON.stringify(original.slice(pos - 20, pos + 20))})`).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('a removed entry', async () => {
    const path = tampered('removed.jsonl', (ls) => ls.filter((_, i) => i !== at(ls, 4)));
    const r = await run(['verify-log', path, '--key', pub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /first bad: line \d+, entry seq 5: expected seq 4: entry 4 missing \(removed\), or this entry moved/,
    );
  });

  it('an inserted entry (a copy of an earlier one)', async () => {
    const path = tampered('inserted.jsonl', (ls) => {
      ls.splice(at(ls, 6), 0, ls[at(ls, 1)]!);
      return ls;
    });
    const r = await run(['verify-log', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/first bad: line \d+, entry seq 1: expected seq 6: an entry inserted, repeated or moved/);
  });

  it('reordered entries', async () => {
    const path = tampered('reordered.jsonl', (ls) => {
      const i = at(ls, 7);
      const j = at(ls, 8);
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      return ls;
    });
    const r = await run(['verify-log', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/first bad: line \d+, entry seq 8: expected seq 7/);
  });

  it('an entry forged with its hashes recomputed: the chain holds, the signed checkpoint after it does not', async () => {
    // Whoever lacks the key rewrites entry 5 and every hash after it: only the checkpoints can tell.
    const path = tampered('forged.jsonl', (ls) => {
      let prev = '';
      for (let i = 0; i < ls.length; i++) {
        const e = JSON.parse(ls[i]!) as Record<string, unknown>;
        if (e['type'] !== 'decision') continue;
        if (e['seq'] === 5) e['verdict'] = 'allow';
        if ((e['seq'] as number) >= 5) {
          e['prevHash'] = prev;
          const { attempt: _a, hash: _h, erased: _x, ...hashed } = e;
          e['hash'] = createHash('sha256').update(canonicalJson(hashed)).digest('hex');
        }
        prev = e['hash'] as string;
        ls[i] = JSON.stringify(e);
      }
      return ls;
    });
    const r = await run(['verify-log', path, '--key', pub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /first bad: the checkpoint at line \d+ does not match the entries: some entry among seq 4–5 was changed, removed, inserted or reordered after it was written \(the checkpoint of 4 entries agrees\)/,
    );
  });

  it('a tail cut together with its checkpoints: invisible in the log alone, caught by a checkpoint held elsewhere', async () => {
    const path = tampered('cut.jsonl', (ls) => ls.slice(0, at(ls, 7)));
    const alone = await run(['verify-log', path, '--key', pub]);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('no checkpoint held elsewhere given');
    const r = await run(['verify-log', path, '--key', pub, '--checkpoint', witness10]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `first bad: ${witness10} commits to 10 entries, the log holds 7: entries seq 7–9 were cut from its end`,
    );
  });

  it('a tail cut mid-line (the last line incomplete)', async () => {
    const path = join(work, 'cut-mid.jsonl');
    writeFileSync(path, text().slice(0, text().length - 40));
    const r = await run(['verify-log', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line \d+ is incomplete \(no newline\)/);
  });

  it('two checkpoints that disagree: the operator signed another history (a fork)', async () => {
    // The same key and origin, another history: its checkpoint of 4 entries is not the witness's.
    const fork = join(work, 'fork.jsonl');
    const forkCp = join(work, 'fork-4.txt');
    await writeLog(fork, 4, 'other', { 4: forkCp });
    const r = await run(['verify-log', log, '--key', pub, '--checkpoint', witness4, '--checkpoint', forkCp]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/disagree on the tree of 4 entries: the log signed two histories/);
    // The forked checkpoint written into the log itself, beside the log's own checkpoint of 4 entries.
    const path = tampered('two-checkpoints.jsonl', (ls) => {
      const note = readFileSync(forkCp, 'utf8');
      ls.splice(at(ls, 4), 0, JSON.stringify({ type: 'checkpoint', note }));
      return ls;
    });
    const inLog = await run(['verify-log', path, '--key', pub]);
    expect(inLog.code).toBe(1);
    expect(inLog.stdout).toMatch(
      /first bad: the checkpoint at line \d+ and the checkpoint at line \d+ disagree on the tree of 4 entries/,
    );
  });

  it('with --key, a checkpoint signed by another key (or not signed) fails', async () => {
    const other = generateNoteKey(ORIGIN);
    const otherPub = join(work, 'other.pub');
    writeFileSync(otherPub, other.verifierKey);
    const r = await run(['verify-log', log, '--key', otherPub]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/first bad: the checkpoint at line \d+: no signature by a known key/);
  });
});

describe('verify-log: usage', () => {
  it('a file that cannot be read is exit 2, not a verdict', async () => {
    const r = await run(['verify-log', join(work, 'missing.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot read .*missing\.jsonl: ENOENT/);
  });

  it('--format json gives the whole verdict', async () => {
    const r = await run(['verify-log', log, '--format', 'json', '--checkpoint', witness10]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as { ok: boolean; chains: Array<{ entries: number; external: unknown[] }> };
    expect(v.ok).toBe(true);
    expect(v.chains[0]).toMatchObject({ entries: 10, external: [expect.objectContaining({ size: 10, agrees: true })] });
  });
});

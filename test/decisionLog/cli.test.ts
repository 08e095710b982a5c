import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseAttempt } from '../../src/index.js';
import { allowed, early, reference } from './_lib/attempts.js';
import { childBundle } from './_lib/childBundle.js';

/** The decision log from the command line: check --decision-log, keygen, verify-log, prove, verify-proof. */
const work = mkdtempSync(join(tmpdir(), 'cc-dl-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: () => stdin,
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

const p = (name: string) => join(work, name);
const attempts = p('attempts.jsonl');
beforeAll(() => {
  writeFileSync(attempts, [allowed, early, reference].map((a) => JSON.stringify(a)).join('\n'));
});

describe('keygen', () => {
  it('writes the signer key (0600) and the verifier key, and never overwrites them', async () => {
    const r = await run(['keygen', '--name', 'example.com/agency/dialer-1', '--out', p('dialer')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^example\.com\/agency\/dialer-1\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}\n/);
    expect(readFileSync(p('dialer.key'), 'utf8')).toMatch(
      /^PRIVATE\+KEY\+example\.com\/agency\/dialer-1\+[0-9a-f]{8}\+/,
    );
    expect(statSync(p('dialer.key')).mode & 0o777).toBe(0o600);
    const again = await run(['keygen', '--name', 'x', '--out', p('dialer')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/cannot write .*dialer\.key: the file exists \(never overwritten\)/);
    expect(readFileSync(p('dialer.key'), 'utf8')).toContain('example.com/agency/dialer-1');
  });

  it('refuses a key name with a space', async () => {
    const r = await run(['keygen', '--name', 'has space', '--out', p('bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid_key_name/);
    expect(existsSync(p('bad.key'))).toBe(false);
  });
});

describe('check --decision-log', () => {
  it('records every decision and prints it with its decisionId; the same exit codes as without', async () => {
    const r = await run([
      'check',
      attempts,
      '--decision-log',
      p('d1.jsonl'),
      '--key',
      p('dialer.key'),
      '--checkpoints',
      p('d1.cp'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // some not allowed, as without a log
    const decisions = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { decisionId: string; verdict: string });
    expect(decisions.map((d) => d.verdict)).toEqual(['allow', 'delay', 'block']);
    const logged = readFileSync(p('d1.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"decision"'))
      .map((l) => JSON.parse(l) as { decisionId: string });
    expect(logged.map((e) => e.decisionId)).toEqual(decisions.map((d) => d.decisionId));
    // Closed: a last checkpoint, signed, in the log and in --checkpoints; the lock released.
    expect(readFileSync(p('d1.cp'), 'utf8')).toMatch(/^example\.com\/agency\/dialer-1\n3\n/);
    expect(existsSync(p('d1.jsonl.lock'))).toBe(false);
    const v = await run(['verify-log', p('d1.jsonl'), '--key', p('dialer.pub'), '--checkpoint', p('d1.cp')]);
    expect(v.code).toBe(0);
  });

  it('--durability batched and --digests-only are written in every entry', async () => {
    const r = await run([
      'check',
      attempts,
      '--decision-log',
      p('d2.jsonl'),
      '--durability',
      'batched',
      '--digests-only',
    ]);
    expect(r.code).toBe(1);
    const text = readFileSync(p('d2.jsonl'), 'utf8');
    expect(text.match(/"durability":\{"maxDelayMs":100,"maxEntries":1000,"mode":"batched"\}/g)).toHaveLength(3);
    expect(text).not.toContain('"attempt":');
  });

  it('a log that cannot be opened: exit 2, nothing on standard output', async () => {
    const r = await run(['check', attempts, '--decision-log', p('no/such/dir/log.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/decision_log_unwritable\n.*ENOENT.*no decision can be recorded there/);
  });

  it('a log held by another writer: exit 2, nothing judged', async () => {
    writeFileSync(p('held.jsonl.lock'), '1 some-other-host\n');
    const r = await run(['check', attempts, '--decision-log', p('held.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/decision_log_locked\n.*process 1 on some-other-host/);
  });

  it('log options without --decision-log, or a bad --durability, are refused', async () => {
    const r = await run(['check', attempts, '--durability', 'batched']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--durability goes with --decision-log PATH/);
    const d = await run(['check', attempts, '--decision-log', p('d3.jsonl'), '--durability', 'fast']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/--durability is sync or batched, not fast/);
    expect(existsSync(p('d3.jsonl'))).toBe(false);
  });
});

describe('prove and verify-proof', () => {
  it('a proof checked against the checkpoint a witness holds, with the key and the attempt', async () => {
    const ids = readFileSync(p('d1.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"decision"'))
      .map((l) => (JSON.parse(l) as { decisionId: string }).decisionId);
    const r = await run(['prove', p('d1.jsonl'), ids[1]!]);
    expect(r.code).toBe(0);
    writeFileSync(p('proof.json'), r.stdout);
    const proof = JSON.parse(r.stdout) as { leafIndex: number; treeSize: number; path: string[]; entry: object };
    expect(proof).toMatchObject({ leafIndex: 1, treeSize: 3 });
    expect(proof.entry).not.toHaveProperty('attempt');
    writeFileSync(p('early.json'), JSON.stringify(parseAttempt(early)));
    const v = await run([
      'verify-proof',
      p('proof.json'),
      '--checkpoint',
      p('d1.cp'),
      '--key',
      p('dialer.pub'),
      '--attempt',
      p('early.json'),
    ]);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(
      /^proven: .* is entry 1 of example\.com\/agency\/dialer-1, committed by the checkpoint in .*signature verified/,
    );
    expect(v.stdout).toContain('the attempt given is the one it judged');
  });

  it('a proof whose entry was changed, or another attempt, is not proven (exit 1)', async () => {
    const proof = JSON.parse(readFileSync(p('proof.json'), 'utf8')) as { entry: { verdict: string } };
    proof.entry.verdict = 'allow';
    writeFileSync(p('forged-proof.json'), JSON.stringify(proof));
    const v = await run(['verify-proof', p('forged-proof.json'), '--checkpoint', p('d1.cp')]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/^NOT PROVEN: the entry's content does not match its hash/);
    writeFileSync(p('allowed.json'), JSON.stringify(parseAttempt(allowed)));
    const other = await run(['verify-proof', p('proof.json'), '--attempt', p('allowed.json')]);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/NOT PROVEN: the attempt given is not the entry's/);
  });

  it('an unknown decision is exit 2; a log that does not verify gives no proof (exit 1)', async () => {
    const r = await run(['prove', p('d1.jsonl'), 'nope-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown_decision/);
    writeFileSync(
      p('bad.jsonl'),
      readFileSync(p('d1.jsonl'), 'utf8').replace('"verdict":"block"', '"verdict":"allow"'),
    );
    const id = (JSON.parse(readFileSync(p('proof.json'), 'utf8')) as { decisionId: string }).decisionId;
    const b = await run(['prove', p('bad.jsonl'), id]);
    expect(b.code).toBe(1);
    expect(b.stdout).toBe('');
    expect(b.stderr).toMatch(/decision_log_corrupt/);
  });
});

describe('the command as a process: a full disk while checking', () => {
  let bundle: Awaited<ReturnType<typeof childBundle>>;
  beforeAll(async () => {
    bundle = await childBundle();
  });
  afterAll(() => rmSync(bundle.dir, { recursive: true, force: true }));

  for (const durability of ['sync', 'batched'] as const)
    it(`exit 2, judging stopped, and no decision written out that was not recorded (RLIMIT_FSIZE: EFBIG), ${durability}`, () => {
      const many = join(bundle.dir, 'many.jsonl');
      writeFileSync(many, Array.from({ length: 60 }, (_, i) => JSON.stringify({ ...allowed, id: `m${i}` })).join('\n'));
      const log = join(bundle.dir, `full-${durability}.jsonl`);
      const r = spawnSync(
        'prlimit',
        [
          '--fsize=16384',
          '--',
          process.execPath,
          join(bundle.dir, 'cli.mjs'),
          'check',
          many,
          '--decision-log',
          log,
          '--durability',
          durability,
        ],
        { encoding: 'utf8' },
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/decision_log_write_failed\ncannot write the decision log .*EFBIG/);
      const printed = r.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { decisionId: string }).decisionId);
      const logged = readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"decision"'))
        .map((l) => (JSON.parse(l) as { decisionId: string }).decisionId);
      // Streaming: what was recorded before the disk filled up was written out, and nothing else.
      expect(printed.length).toBeLessThan(60);
      expect(logged.slice(0, printed.length)).toEqual(printed);
      for (const id of printed) expect(logged).toContain(id);
    });
});

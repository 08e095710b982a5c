import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 10, item 7: the command as a process. A closed standard output (`audit … | head`) stops it
 * quietly with exit status 141 (never 0 or 1, which claim a verdict) and no stack; SIGHUP, SIGINT and
 * SIGTERM end it as the signal does; on every path the temporary files (spills holding personal data,
 * the report being written) are removed. While it runs they are 0600 inside 0700 directories.
 *
 * EPIPE and signals need a real process: the command is bundled here from the current source exactly
 * as tsup bundles dist/cli.js (src/cli/bin.ts, dependencies external), so a stale dist/ is never tested.
 */
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'cc-proc-'));
// Inside node_modules, so that the bundle's imports of the dependencies resolve as dist/cli.js's do.
const bundleDir = join(root, 'node_modules', '.cache', `cc-cli-test-${process.pid}`);
const cli = join(bundleDir, 'cli.mjs');

const base = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
  outcome: 'connected',
};
const small = join(work, 'small.jsonl');
const big = join(work, 'big.jsonl');

beforeAll(async () => {
  mkdirSync(bundleDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'src', 'cli', 'bin.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: cli,
    logLevel: 'error',
  });
  writeFileSync(
    small,
    [0, 1, 2]
      .map((i) => JSON.stringify({ ...base, id: `s${i}`, debtorId: 'd1', at: `2026-03-02T0${6 + i}:30:00-05:00` }))
      .join('\n'),
  );
  // Big enough that the audit runs for seconds and its CSV report is far larger than a pipe's buffer.
  const lines: string[] = [];
  for (let i = 0; i < 12_000; i++) {
    const day = String(2 + (i % 20)).padStart(2, '0');
    const hour = String(5 + (i % 16)).padStart(2, '0');
    lines.push(
      JSON.stringify({
        ...base,
        id: `b${i}`,
        debtorId: `D-${i % 1500}`,
        at: `2026-03-${day}T${hour}:${String(i % 60).padStart(2, '0')}:00-05:00`,
      }),
    );
  }
  writeFileSync(big, lines.join('\n'));
}, 120_000);
afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** A fresh TMPDIR for one child: afterwards it must be empty. */
function freshTmp(): string {
  return mkdtempSync(join(work, 'tmp-'));
}

/** Every path under `dir`, recursively. */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(e.parentPath ?? dir, e.name);
    return e.isDirectory() ? [p, ...walk(p)] : [p];
  });
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}
function exited(child: ReturnType<typeof spawn>): Promise<Exit> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

describe('item 7: a closed standard output', () => {
  it('stdout closed before the report is written: exit 141, no stack, no temporary file left', async () => {
    const tmp = freshTmp();
    const child = spawn(process.execPath, [cli, 'audit', small, '--format', 'csv'], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.destroy();
    const r = await exited(child);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(141);
    expect(walk(tmp)).toEqual([]);
  }, 60_000);

  it('`audit big.jsonl --format csv | head -n 1` in a shell: the first line, then exit 141 for the command', () => {
    const tmp = freshTmp();
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${cli}" audit "${big}" --format csv | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`,
      ],
      { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stdout).toMatch(/^line,attemptId,/);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr.trim()).toBe('status=141');
    expect(walk(tmp)).toEqual([]);
  }, 120_000);
});

/** Poll every few milliseconds until `ready` is true (or the child has exited, or a minute has passed). */
async function until(ready: () => boolean, child: ReturnType<typeof spawn>): Promise<boolean> {
  for (let waited = 0; waited < 60_000; waited += 2) {
    if (ready()) return true;
    if (child.exitCode !== null || child.signalCode !== null) return false;
    await sleep(2);
  }
  return false;
}

/** Files of `dir` that are a report being written (its temporary file beside the target). */
const partials = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.partial'));

/** Killed by the signal raised again with its default action (a shell reports 128 + its number), or that exit status. */
const endedBy = (r: Exit, signal: NodeJS.Signals): boolean =>
  r.signal === signal || r.code === 128 + constants.signals[signal];

describe('item 7: signals end the command, and nothing is left behind', () => {
  it.each(['SIGHUP', 'SIGINT', 'SIGTERM'] as const)(
    '%s during the audit: spill files and the report being written are removed',
    async (signal) => {
      const tmp = freshTmp();
      const outDir = mkdtempSync(join(work, 'out-'));
      const child = spawn(process.execPath, [cli, 'audit', big, '--out', join(outDir, 'r.json')], {
        env: { ...process.env, TMPDIR: tmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const done = exited(child);
      // The audit is under way once its spill files are on disk.
      expect(await until(() => walk(tmp).some((p) => /[\\/]bucket-\d+$/.test(p)), child)).toBe(true);
      const modes = walk(tmp).map((p) => [p, statSync(p).mode & 0o777, statSync(p).isDirectory() ? 0o700 : 0o600]);
      const writing = partials(outDir).map((f) => statSync(join(outDir, f)).mode & 0o777);
      child.kill(signal);
      const r = await done;
      expect(endedBy(r, signal), JSON.stringify(r)).toBe(true);
      expect(r.stderr).toBe('');
      expect(walk(tmp)).toEqual([]);
      expect(readdirSync(outDir)).toEqual([]);
      // While it ran, the personal data on disk was private: 0600 files inside 0700 directories, and the
      // report's temporary file (created before the audit started, to know the target is writable) 0600.
      for (const [p, mode, want] of modes) expect(mode, String(p)).toBe(want);
      expect(writing).toEqual([0o600]);
    },
    120_000,
  );

  it('SIGINT while the report is being written: no .partial is left, and no report', async () => {
    const tmp = freshTmp();
    const outDir = mkdtempSync(join(work, 'out-'));
    const child = spawn(process.execPath, [cli, 'audit', big, '--out', join(outDir, 'r.json')], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const done = exited(child);
    // Writing has begun once the report's temporary file holds something (the JSON report is about 10 MB).
    const inWrite = await until(
      () => partials(outDir).some((f) => statSync(join(outDir, f), { throwIfNoEntry: false })?.size),
      child,
    );
    child.kill('SIGINT');
    const r = await done;
    expect(inWrite).toBe(true);
    expect(endedBy(r, 'SIGINT'), JSON.stringify(r)).toBe(true);
    expect(readdirSync(outDir)).toEqual([]);
    expect(walk(tmp)).toEqual([]);
  }, 120_000);
});

describe('item 7: the ordinary ways out leave nothing either', () => {
  it('a complete audit, and an audit stopped by a bad CSV header', () => {
    const tmp = freshTmp();
    const env = { ...process.env, TMPDIR: tmp };
    const ok = spawnSync(process.execPath, [cli, 'audit', small, '--format', 'json'], { env, encoding: 'utf8' });
    expect(ok.status).toBe(1);
    expect(JSON.parse(ok.stdout)).toMatchObject({ report: 'cobranza-compliance/audit' });
    const badCsv = join(work, 'bad.csv');
    writeFileSync(badCsv, 'at,chanel\n2026-03-02T10:00:00Z,call\n');
    const bad = spawnSync(process.execPath, [cli, 'audit', badCsv, '--out', join(work, 'never.json')], {
      env,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/chanel/);
    expect(existsSync(join(work, 'never.json'))).toBe(false);
    expect(readdirSync(work).filter((f) => f.includes('never'))).toEqual([]);
    expect(walk(tmp)).toEqual([]);
  }, 60_000);
});

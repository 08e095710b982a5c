import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from './_lib/bundleCli.js';

/**
 * Issue 19, item 2: `serve` as a process — bound to 127.0.0.1 on a port the system picks (`--port 0`),
 * "listening on http://HOST:PORT" on standard error once ready, a bearer token from a file, SIGTERM
 * finishing the request in flight and then exit 0; and the Python client of examples/, run by python3
 * when it is installed.
 */
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'cc-serve-'));
const tokenFile = join(work, 'token');
let cli = '';
let remove = (): void => undefined;
beforeAll(async () => {
  ({ cli, remove } = await bundleCli('serve'));
  writeFileSync(tokenFile, 'Zm9vYmFyLXNlcnZpY2UtdG9rZW4\n', { mode: 0o600 });
}, 120_000);
afterAll(() => {
  remove();
  rmSync(work, { recursive: true, force: true });
});
const TOKEN = 'Zm9vYmFyLXNlcnZpY2UtdG9rZW4';

const attempt = (id: string, at: string, country = 'CO'): Record<string, unknown> => ({
  id,
  at,
  channel: 'call',
  jurisdiction: { country },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
});

interface Server {
  child: ChildProcessWithoutNullStreams;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

async function serve(args: string[]): Promise<Server> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /^listening on (http:\/\/\S+)\n/m.exec(stderr);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`serve ended: ${stderr}`)));
  });
  return { child, url, exited };
}

const post = (url: string, body: unknown, token?: string): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('serve', () => {
  it('binds 127.0.0.1 by default, says where once ready, asks for the token from --token-file', async () => {
    const s = await serve(['--token-file', tokenFile]);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Number(new URL(s.url).port)).toBeGreaterThan(0);
      expect((await post(`${s.url}/v1/check`, attempt('a', '2026-03-02T10:00:00-05:00'))).status).toBe(401);
      const r = await post(`${s.url}/v1/check`, attempt('a', '2026-03-02T10:00:00-05:00'), TOKEN);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ attemptId: 'a', verdict: 'allow' });
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
    }
    const end = await s.exited;
    expect(end).toMatchObject({ code: 0, signal: null });
  }, 60_000);

  it('SIGTERM: the request in flight is answered in full, then exit 0 (no verdict claimed by the status)', async () => {
    const s = await serve([]);
    // A slow request: lawful windows over 31 days for many Mexican attempts of unknown zone.
    const batch = Array.from({ length: 400 }, (_, i) =>
      attempt(`w${i}`, `2026-03-0${1 + (i % 9)}T10:00:00-06:00`, 'MX'),
    );
    const started = performance.now();
    const inFlight = post(`${s.url}/v1/windows?days=31`, batch);
    // Once the server is busy with it (its CPU time moving), the signal.
    await new Promise((r) => setTimeout(r, 1000));
    s.child.kill('SIGTERM');
    const r = await inFlight;
    expect(r.status).toBe(200);
    const results = (await r.json()) as Array<{ attemptId: string; windows: unknown[] }>;
    expect(results.map((x) => x.attemptId)).toEqual(batch.map((b) => b['id']));
    const end = await s.exited;
    expect(end, end.stderr).toMatchObject({ code: 0, signal: null });
    // The request took longer than the wait before the signal: it was in flight when the signal came.
    expect(performance.now() - started).toBeGreaterThan(1000);
    // Nothing listens any more.
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  }, 120_000);

  it('usage: a file, a bad port, an empty token file, a port in use → exit 2', async () => {
    const run = (args: string[]) => spawnSync(process.execPath, [cli, 'serve', ...args], { encoding: 'utf8' });
    expect(run(['attempts.json']).status).toBe(2);
    expect(run(['--port', '70000']).stderr).toMatch(/--port is a number from 0/);
    const empty = join(work, 'empty');
    writeFileSync(empty, '\n');
    expect(run(['--token-file', empty]).stderr).toMatch(/the token must be one line/);
    const s = await serve([]);
    try {
      const taken = run(['--port', new URL(s.url).port]);
      expect(taken.status).toBe(2);
      expect(taken.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  }, 60_000);
});

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' }).status === 0;
if (!python)
  console.warn(
    '\n*** SKIPPED: python3 is not installed — the Python client example (examples/python_client.py) was NOT run. ***\n',
  );

describe.skipIf(!python)('examples/python_client.py (python3, standard library only)', () => {
  const lines = [
    attempt('py-allow', '2026-03-02T10:00:00-05:00'),
    attempt('py-delay', '2026-03-02T06:00:00-05:00'),
    { ...attempt('py-bad', '2026-03-02T10:00:00-05:00'), channel: 'fax' },
  ]
    .map((a) => JSON.stringify(a))
    .join('\n');

  it('against the service, with the token file: a verdict line per attempt, the bad one named', async () => {
    const s = await serve(['--token-file', tokenFile]);
    try {
      const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const py = spawn('python3', [join(root, 'examples', 'python_client.py'), s.url, '--token-file', tokenFile]);
        let stdout = '';
        let stderr = '';
        py.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
        });
        py.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
        });
        py.on('close', (status) => resolve({ status, stdout, stderr }));
        py.stdin.end(lines);
      });
      expect(r.stderr).toBe('');
      const rows = r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t'));
      expect(rows[0]!.slice(0, 2)).toEqual(['py-allow', 'allow']);
      expect(rows[1]!.slice(0, 3)).toEqual(['py-delay', 'delay', '2026-03-02T07:00:00-05:00']);
      expect(rows[2]!.slice(0, 2)).toEqual(['py-bad', 'error']);
      expect(rows[2]![2]).toMatch(/not a valid attempt/);
      expect(r.status).toBe(2);
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  }, 60_000);

  it('with one check - process kept open: the same verdicts, the bad line’s error line', () => {
    const r = spawnSync(
      'python3',
      [join(root, 'examples', 'python_client.py'), '--process', `"${process.execPath}" "${cli}"`],
      { input: lines, encoding: 'utf8', timeout: 60_000 },
    );
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.map((x) => x.slice(0, 2))).toEqual([
      ['py-allow', 'allow'],
      ['py-delay', 'delay'],
      ['py-bad', 'error'],
    ]);
    expect(rows[2]![2]).toMatch(/^channel: /);
    expect(r.status).toBe(2); // check - exited 2: a line was bad
  }, 60_000);
});

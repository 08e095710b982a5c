import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from './_lib/bundleCli.js';

/**
 * Issue 19, item 1: `check -` and `windows -` as a process another language keeps open. Each JSON
 * line is judged as it arrives and its decision line written at once (before the input ends); a bad
 * line gets its error line in its place; a stalled standard input does not keep signals from ending
 * the command (issue 16, item 6): exit as the signal says, never 0 or 1.
 */
let cli = '';
let remove = (): void => undefined;
beforeAll(async () => {
  ({ cli, remove } = await bundleCli('stream'));
}, 120_000);
afterAll(() => remove());

const attempt = (id: string, at: string): string =>
  JSON.stringify({
    id,
    at,
    channel: 'call',
    jurisdiction: { country: 'CO' },
    recipient: { role: 'debtor', identityVerified: true },
    debt: { dueDate: '2026-01-15' },
    debtor: { authorizedChannels: ['call'] },
  });

interface Running {
  child: ChildProcessWithoutNullStreams;
  /** The next complete line of standard output (waits for it). */
  nextLine: () => Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; rest: string }>;
}

function start(args: string[]): Running {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  let stderr = '';
  const waiting: Array<(line: string) => void> = [];
  const deliver = (): void => {
    for (let nl = buffer.indexOf('\n'); nl !== -1 && waiting.length > 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()!(line);
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    deliver();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; rest: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr, rest: buffer })),
  );
  return {
    child,
    exited,
    nextLine: () =>
      new Promise((resolve, reject) => {
        waiting.push(resolve);
        deliver();
        void exited.then(() => reject(new Error(`exited before a line came; stderr: ${stderr}`)));
      }),
  };
}

/**
 * Resolves once the process is idle — its CPU time unchanged over half a second — that is, started and
 * waiting for input (a signal sent earlier could end it before its handlers exist, proving nothing).
 */
async function idle(pid: number): Promise<void> {
  const cpu = (): string => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return `${fields[11]}/${fields[12]}`; // utime/stime (fields 14 and 15 of proc(5))
  };
  let last = '';
  let still = 0;
  for (let waited = 0; waited < 60_000 && still < 5; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpu();
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

/** Killed by the signal raised again (a shell reports 128 + its number), or that exit status. */
const endedBy = (r: { code: number | null; signal: NodeJS.Signals | null }, signal: NodeJS.Signals): boolean =>
  r.signal === signal || r.code === 128 + constants.signals[signal];

describe('check - judges each line as it arrives', () => {
  it('a decision line comes back for each line written, while standard input stays open', async () => {
    const p = start(['check', '-']);
    p.child.stdin.write(`${attempt('first', '2026-03-02T10:00:00-05:00')}\n`);
    const first = JSON.parse(await p.nextLine()) as { attemptId: string; verdict: string };
    expect(first).toMatchObject({ attemptId: 'first', verdict: 'allow' });
    // A bad line in the middle: its error line, in its place, and the process goes on.
    p.child.stdin.write('{"id": "bad", "at": 5}\n');
    const bad = JSON.parse(await p.nextLine()) as Record<string, unknown>;
    expect(bad).toMatchObject({ line: 2, id: 'bad', error: { code: 'invalid_input' } });
    p.child.stdin.write(`${attempt('third', '2026-03-02T06:30:00-05:00')}\n`);
    const third = JSON.parse(await p.nextLine()) as { attemptId: string; verdict: string; nextAllowedAt: string };
    expect(third).toMatchObject({ attemptId: 'third', verdict: 'delay', nextAllowedAt: '2026-03-02T07:00:00-05:00' });
    p.child.stdin.end();
    const r = await p.exited;
    expect(r.code).toBe(2); // some line was bad: 2, after every line was judged
    expect(r.rest).toBe('');
    expect(r.stderr).toMatch(/1 of 3 lines not judged: bad input \(line 2\)/);
  }, 60_000);

  it('--exit-zero: every line allowed or not, exit 0; windows - streams the same way', async () => {
    const p = start(['check', '-', '--exit-zero']);
    p.child.stdin.end(`${attempt('early', '2026-03-02T05:00:00-05:00')}\n`);
    expect(JSON.parse(await p.nextLine())).toMatchObject({ verdict: 'delay' });
    expect((await p.exited).code).toBe(0);
    const w = start(['windows', '-', '--days', '2']);
    w.child.stdin.write(`${attempt('w1', '2026-03-02T05:00:00-05:00')}\n`);
    const windows = JSON.parse(await w.nextLine()) as { attemptId: string; windows: unknown[] };
    expect(windows.attemptId).toBe('w1');
    expect(windows.windows.length).toBeGreaterThan(0);
    w.child.stdin.end();
    expect((await w.exited).code).toBe(0);
  }, 60_000);
});

describe('signals while waiting for standard input (issue 16, item 6)', () => {
  it.each([
    ['check', 'SIGTERM'],
    ['check', 'SIGINT'],
    ['check', 'SIGHUP'],
    ['windows', 'SIGTERM'],
  ] as const)(
    '%s - with no input yet: %s ends it as the signal says',
    async (command, signal) => {
      const p = start([command, '-', ...(command === 'windows' ? ['--days', '1'] : [])]);
      // Let it start and wait on the empty pipe.
      await idle(p.child.pid!);
      p.child.kill(signal);
      const r = await p.exited;
      expect(endedBy(r, signal), JSON.stringify(r)).toBe(true);
      expect(r.rest).toBe('');
    },
    60_000,
  );

  it('after a decision, a stalled input and SIGTERM: ended by the signal, not 0 or 1', async () => {
    const p = start(['check', '-']);
    p.child.stdin.write(`${attempt('one', '2026-03-02T10:00:00-05:00')}\n`);
    expect(JSON.parse(await p.nextLine())).toMatchObject({ attemptId: 'one', verdict: 'allow' });
    // Half a line, then nothing more.
    p.child.stdin.write('{"id": "two", ');
    p.child.kill('SIGTERM');
    const r = await p.exited;
    expect(endedBy(r, 'SIGTERM'), JSON.stringify(r)).toBe(true);
  }, 60_000);
});

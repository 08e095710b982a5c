/**
 * `npm run bench` (start-up): process start → first decision of the installed command (dist/cli.js),
 * the way another language uses it: spawn `check -`, write one JSON line, time the first decision line
 * on standard output (standard input stays open, as for a process kept open). Also the whole process's
 * CPU time (user + system, from /usr/bin/time when present), which a busy machine inflates less than
 * wall time, and the same figures for an empty `node` process as the yardstick of the machine's state.
 * A benchmark, not a timed test: it prints figures and checks only that each run gave a decision.
 *
 *   STARTUP_RUNS=15 npx tsx bench/startup.bench.ts
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
const runs = Number(process.env['STARTUP_RUNS'] ?? 9);
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const base = {
  channel: 'call',
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
};
const cases: Array<[string, string[], string | undefined]> = [
  ['empty node process (yardstick)', ['-e', 'process.stdout.write("x\\n")'], undefined],
  [
    'check -, Colombia, no phone',
    [cli, 'check', '-'],
    JSON.stringify({ ...base, id: 'co', at: '2026-03-02T10:00:00-05:00', jurisdiction: { country: 'CO' } }),
  ],
  [
    'check -, Spain 2026 (official holiday table)',
    [cli, 'check', '-'],
    JSON.stringify({ ...base, id: 'es', at: '2026-03-02T11:00:00+01:00', jurisdiction: { country: 'ES' } }),
  ],
  [
    'check -, Mexico, a phone number',
    [cli, 'check', '-'],
    JSON.stringify({
      ...base,
      id: 'mx',
      at: '2026-03-02T11:00:00-06:00',
      creditorType: 'financial',
      jurisdiction: { country: 'MX' },
      recipient: { role: 'debtor', identityVerified: true, phone: '+52 55 1234 5678' },
    }),
  ],
];

async function once(args: string[], line: string | undefined): Promise<{ wall: number; cpu: number | undefined }> {
  const t0 = process.hrtime.bigint();
  const child = time
    ? spawn(time, ['-f', 'CPU %U %S', process.execPath, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  if (line !== undefined) child.stdin.write(`${line}\n`);
  let out = '';
  const wall = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    });
    child.on('close', () => reject(new Error(`no output line; stderr: ${stderr}`)));
  });
  if (line !== undefined && !/"verdict":"(allow|delay|block)"/.test(out)) throw new Error(`not a decision: ${out}`);
  child.stdin.end();
  await new Promise((resolve) => child.on('close', resolve));
  const m = /CPU ([\d.]+) ([\d.]+)/.exec(stderr);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

console.log(
  `start-up: process start → first decision line (${runs} runs each; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${(await import('node:os')).cpus().length} cores)`,
);
for (const [label, args, line] of cases) {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await once(args, line);
    walls.push(r.wall);
    if (r.cpu !== undefined) cpus.push(r.cpu);
  }
  console.log(
    `${label.padEnd(46)} wall p50 ${median(walls).toFixed(0).padStart(5)} ms (min ${Math.min(...walls).toFixed(0)})${cpus.length ? `   CPU p50 ${median(cpus).toFixed(0).padStart(4)} ms` : ''}`,
  );
}

/**
 * `npm run bench` (service): `serve` of the built package (dist/cli.js) on loopback, measured with
 * autocannon — p50/p99 latency and requests per second of POST /v1/check with 1 and with 16 concurrent
 * connections (one Colombian attempt, a 20-contact history). A benchmark, not a timed test.
 *
 *   SERVICE_SECONDS=10 npx tsx bench/service.bench.ts
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
const seconds = Number(process.env['SERVICE_SECONDS'] ?? 10);
const history = Array.from({ length: 20 }, (_, i) => ({
  at: new Date(Date.parse('2026-02-09T15:00:00Z') + i * 86_400_000).toISOString(),
  channel: 'call',
  outcome: i % 2 === 0 ? 'no_answer' : 'connected',
}));
const body = JSON.stringify({
  id: 'bench-1',
  at: '2026-03-02T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', phone: '+57 300 123 4567', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call', 'sms'] },
  history,
});

const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise<string>((resolve, reject) => {
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    const m = /listening on (\S+)/.exec(err);
    if (m) resolve(m[1]!);
  });
  child.on('close', () => reject(new Error(err)));
});
const check = await fetch(`${url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
if (((await check.json()) as { verdict: string }).verdict !== 'allow')
  throw new Error('the bench attempt is not allowed');

console.log(
  `service: POST /v1/check on loopback, ${seconds} s each (load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
);
for (const connections of [1, 16]) {
  // A short warm-up, then the measured run.
  await autocannon({
    url: `${url}/v1/check`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: 2,
  });
  const r = await autocannon({
    url: `${url}/v1/check`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx, ${r.errors} errors`);
  console.log(
    `${String(connections).padStart(2)} connection${connections > 1 ? 's' : ' '}   ${Math.round(r.requests.average).toLocaleString('en').padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   (${r.requests.total.toLocaleString('en')} requests)`,
  );
}
child.kill('SIGTERM');

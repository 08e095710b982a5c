/**
 * `npm run bench` (part 1): checks per second and p50/p99 latency of one Colombian attempt with a
 * 20-contact history, after warm-up. A benchmark, not a timed test: it prints figures, it asserts none.
 */
import { createChecker, parseAttempt } from '../src/index.js';

const history = Array.from({ length: 20 }, (_, i) => ({
  at: new Date(Date.parse('2026-02-09T15:00:00Z') + i * 86_400_000).toISOString(),
  channel: 'call',
  outcome: i % 2 === 0 ? 'no_answer' : 'connected',
}));
const input = {
  id: 'bench-1',
  at: '2026-03-02T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', phone: '+57 300 123 4567', identityVerified: true },
  debt: { dueDate: '2026-01-15', amount: 1_250_000, currency: 'COP', product: 'card' },
  debtor: { authorizedChannels: ['call', 'sms'] },
  history,
};

async function measure(label: string, fn: () => Promise<unknown>, n: number): Promise<void> {
  for (let i = 0; i < 2_000; i++) await fn();
  const times = new Float64Array(n);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    times[i] = performance.now() - s;
  }
  const total = performance.now() - t0;
  times.sort();
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  console.log(`${label.padEnd(44)} ${(n / (total / 1000)).toFixed(0).padStart(7)} checks/s   p50 ${us(times[Math.floor(n * 0.5)]!)}   p99 ${us(times[Math.floor(n * 0.99)]!)}`);
}

const checker = createChecker();
const parsed = parseAttempt(input);
const first = await checker.checkAttempt(parsed);
if (first.verdict !== 'allow') throw new Error(`the allow benchmark attempt is not allowed: ${JSON.stringify(first.violations)}`);
const night = { ...input, at: '2026-03-07T20:00:00-05:00' };
const n = Number(process.env['BENCH_N'] ?? 20_000);
console.log(`node ${process.version}, ${n} iterations after 2000 warm-up`);
await measure('CO, 20-contact history, allow (validate+check)', () => checker.check(input), n);
await measure('CO, 20-contact history, allow (pre-validated)', () => checker.checkAttempt(parsed), n);
await measure('CO, Saturday 20:00 → delay + nextAllowedAt', () => checker.check(night), n);
const mxUnknownZone = { ...input, jurisdiction: { country: 'MX' }, creditorType: 'financial', recipient: { role: 'debtor', identityVerified: true }, debt: { dueDate: '2026-01-15' } };
await measure('MX, zone unknown (12 zones), 20-contact history', () => checker.check(mxUnknownZone), n);
const esMobile = { ...input, at: '2026-03-02T11:00:00+01:00', jurisdiction: { country: 'ES' }, recipient: { role: 'debtor', phone: '+34 612 345 678', identityVerified: true }, debt: { dueDate: '2026-01-15' } };
await measure('ES, mobile (Madrid + Canary), 20-contact history', () => checker.check(esMobile), n);

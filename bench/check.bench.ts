/**
 * `npm run bench` (part 1): the check, in checks per second on one core and p50/p99 latency after
 * warm-up, with the ratios the issues ask for measured in the same run — against `JSON.parse` of the
 * attempt's own line, against a naive stack (bench/naiveStack.ts), and against the reference
 * evaluator (json-rules-engine). A benchmark, not a timed test: it prints figures, it asserts only
 * that each case gives the verdict it is named after.
 *
 *   BENCH_N=50000 npx tsx bench/check.bench.ts
 */
import type { AttemptInput, Decision } from '../src/index.js';

// The built package is measured (npm run bench builds it first); its types are the sources'. The path
// is not a literal, so that typecheck does not need a build.
const dist: string = '../dist/index.js';
const { createChecker, parseAttempt } = (await import(dist)) as typeof import('../src/index.js');
import { naiveCheck } from './naiveStack.js';

const history = Array.from({ length: 20 }, (_, i) => ({
  at: new Date(Date.parse('2026-02-09T15:00:00Z') + i * 86_400_000).toISOString(),
  channel: 'call' as const,
  outcome: i % 2 === 0 ? ('no_answer' as const) : ('connected' as const),
}));
const input: AttemptInput = {
  id: 'bench-1',
  at: '2026-03-02T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', phone: '+57 300 123 4567', identityVerified: true },
  debt: { dueDate: '2026-01-15', amount: 1_250_000, currency: 'COP', product: 'card' },
  debtor: { authorizedChannels: ['call', 'sms'] },
  history,
};
const line = JSON.stringify(input);
const noHistory: AttemptInput = { ...input, history: [] };
const night: AttemptInput = { ...input, at: '2026-03-07T20:00:00-05:00' };
const mxUnknownZone: AttemptInput = {
  ...input,
  jurisdiction: { country: 'MX' },
  creditorType: 'financial',
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
};
const esMobile: AttemptInput = {
  ...input,
  at: '2026-03-02T11:00:00+01:00',
  jurisdiction: { country: 'ES' },
  recipient: { role: 'debtor', phone: '+34 612 345 678', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
};

const n = Number(process.env['BENCH_N'] ?? 100_000);
const rates = new Map<string, number>();

function report(label: string, times: Float64Array, total: number, count: number): void {
  times.sort();
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  const rate = count / (total / 1000);
  rates.set(label, rate);
  console.log(
    `${label.padEnd(52)} ${Math.round(rate).toLocaleString('en').padStart(9)} /s   p50 ${us(times[Math.floor(times.length * 0.5)]!).padStart(9)}   p99 ${us(times[Math.floor(times.length * 0.99)]!).padStart(9)}`,
  );
}

function measure(label: string, fn: () => unknown, count = n): void {
  for (let i = 0; i < Math.min(20_000, count); i++) fn();
  const times = new Float64Array(count);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    fn();
    times[i] = performance.now() - s;
  }
  report(label, times, performance.now() - t0, count);
}

async function measureAsync(label: string, fn: () => Promise<unknown>, count = n): Promise<void> {
  for (let i = 0; i < Math.min(2_000, count); i++) await fn();
  const times = new Float64Array(count);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    await fn();
    times[i] = performance.now() - s;
  }
  report(label, times, performance.now() - t0, count);
}

function expectVerdict(d: Decision, verdict: Decision['verdict'], what: string): void {
  if (d.verdict !== verdict)
    throw new Error(
      `${what}: expected ${verdict}, got ${d.verdict} ${JSON.stringify(d.violations.map((v) => v.ruleId))}`,
    );
}

const checker = createChecker();
const reference = createChecker({ evaluator: 'reference' });
expectVerdict(checker.checkSync(input), 'allow', 'CO allow');
expectVerdict(checker.checkSync(night), 'delay', 'CO night');
expectVerdict(checker.checkSync(mxUnknownZone), 'allow', 'MX unknown zone');
expectVerdict(await reference.check(input), 'allow', 'CO allow (reference)');
const naive = await naiveCheck(input);
if (naive.length > 0) throw new Error(`the naive stack does not allow the bench attempt: ${naive.join(', ')}`);
const parsed = parseAttempt(input);

console.log(
  `node ${process.version}, ${n.toLocaleString('en')} iterations per case after warm-up; the attempt's line is ${line.length} bytes`,
);
measure("JSON.parse of the CO attempt's own line", () => JSON.parse(line));
measure('CO, 20-contact history, allow (validate + check)', () => checker.checkSync(input));
measure('CO, 20-contact history, allow (JSON line → decision)', () => checker.checkSync(JSON.parse(line)));
measure('CO, 20-contact history, allow (pre-validated)', () => checker.checkAttemptSync(parsed));
await measureAsync('CO, 20-contact history, allow (async check)', () => checker.check(input));
measure('CO, no history, allow (validate + check)', () => checker.checkSync(noHistory));
measure('CO, Saturday 20:00 → delay + nextAllowedAt', () => checker.checkSync(night));
measure('MX, zone unknown (12 zones), 20-contact history', () => checker.checkSync(mxUnknownZone));
measure('ES, mobile (Madrid + Canary), 20-contact history', () => checker.checkSync(esMobile));
const week = {
  ...input,
  at: '2026-03-20T19:30:00-05:00',
  history: history.map((h) => ({ ...h, at: new Date(Date.parse(h.at) + 14 * 86_400_000).toISOString() })),
};
if (checker.windowsSync(week, { days: 7 }).windows.length === 0)
  throw new Error('the windows benchmark attempt has no window');
measure(
  'CO, lawful windows for 7 days (festivo week), 20-contact history',
  () => checker.windowsSync(week, { days: 7 }),
  Math.min(n, 30_000),
);
const mxWeek = { ...mxUnknownZone, at: '2026-03-06T12:00:00-06:00', history: [] };
measure(
  'MX, lawful windows for 7 days, zone unknown (12 zones)',
  () => checker.windowsSync(mxWeek, { days: 7 }),
  Math.min(n, 30_000),
);
await measureAsync('CO, 20-contact history, reference evaluator', () => reference.check(input), Math.min(n, 5_000));
await measureAsync(
  'CO, naive stack (engine + luxon + date-holidays per call)',
  () => naiveCheck(input),
  Math.min(n, 2_000),
);

const r = (a: string, b: string) => rates.get(b)! / rates.get(a)!;
console.log('\nratios (same run):');
console.log(
  `  check (validate + check) costs ${r('CO, 20-contact history, allow (validate + check)', "JSON.parse of the CO attempt's own line").toFixed(1)}× a JSON.parse of its own line (issue 9: ≤ 4×)`,
);
console.log(
  `  JSON line → decision costs ${r('CO, 20-contact history, allow (JSON line → decision)', "JSON.parse of the CO attempt's own line").toFixed(1)}× the JSON.parse alone`,
);
console.log(
  `  ${r('CO, naive stack (engine + luxon + date-holidays per call)', 'CO, 20-contact history, allow (validate + check)').toFixed(0)}× the naive stack (issue 9: ≥ 50×)`,
);
console.log(
  `  ${r('CO, 20-contact history, reference evaluator', 'CO, 20-contact history, allow (validate + check)').toFixed(0)}× the reference evaluator (json-rules-engine)`,
);

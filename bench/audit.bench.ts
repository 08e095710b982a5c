/**
 * `npm run bench` (part 2): the audit, against the built package, with the ratios issue 9 asks for
 * measured in the same run:
 *
 * 1. a generated 1,000,000-record contact log (CO, MX, ES; the generator of the examples, scaled up):
 *    records per second end to end, the read and judge phases, peak memory — with the default number
 *    of worker threads, and with 0 (the audit's own thread), 1 and 2;
 * 2. a bare pass over the same file — read as a stream, split into lines, each line JSON.parse'd —
 *    and the audit's time as a multiple of it;
 * 3. one debtor with 20,000 records against the same 20,000 records spread over 2,000 debtors (in
 *    each country), judged in the audit's own thread: the time of the one as a multiple of the other.
 *
 * Each measurement runs in a child process of its own, so that its peak memory is its own. The log is
 * generated once into .bench/. A benchmark, not a timed test: it prints figures and asserts none. On a
 * machine shared with other work the figures move; compare the ratios, measured side by side.
 *
 *   BENCH_AUDIT_N=200000 npx tsx bench/audit.bench.ts     # another size
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The built package, as users run it (built by `npm run bench`); its types from the sources, so that
// typecheck does not need a build.
const dist: string = '../dist/index.js';
const { auditLog, createChecker, createFileSink, writeAuditReport } = (await import(
  dist
)) as typeof import('../src/index.js');
import { generateContactLog } from '../scripts/contactLogGenerator.js';

const N = Number(process.env['BENCH_AUDIT_N'] ?? 1_000_000);
const root = join(import.meta.dirname, '..');
const dir = join(root, '.bench');
const log = join(dir, `contact-log-${N}.jsonl`);
const self = fileURLToPath(import.meta.url);
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en')} records/s`;

// ---- In a child process: one measurement, printed as one line of JSON. ----

interface AuditRun {
  kind: 'audit';
  workers: number | null;
  ms: number;
  readMs: number;
  records: number;
  evaluated: number;
  debtors: number;
  peakRss: number;
  maxRss: number;
  peakHeap: number;
  reports?: string[];
  summary: string;
}
interface BareRun {
  kind: 'bare';
  ms: number;
  lines: number;
  parsed: number;
  peakRss: number;
}
interface OneRun {
  kind: 'one';
  country: string;
  debtors: number;
  ms: number;
  evaluated: number;
  notAllowed: number;
  findings: number;
}

async function runAudit(workers: number | null, withReports: boolean): Promise<AuditRun> {
  const checker = createChecker();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const timer = setInterval(sample, 25);
  const t0 = performance.now();
  let tJudge = 0;
  const result = await auditLog(
    { path: log },
    {
      checker,
      ...(workers === null ? {} : { workers }),
      onProgress: (p) => {
        if (p.phase === 'judge' && tJudge === 0) tJudge = performance.now();
      },
    },
  );
  const t1 = performance.now();
  sample();
  const reports: string[] = [];
  if (withReports) {
    for (const format of ['json', 'csv', 'html'] as const) {
      const path = join(dir, `audit-report.${format}`);
      const r0 = performance.now();
      const sink = createFileSink(path);
      await writeAuditReport(result, format, sink);
      await sink.close();
      reports.push(`${format} ${secs(performance.now() - r0)} (${mb(statSync(path).size)})`);
    }
  }
  await result.dispose();
  clearInterval(timer);
  const s = result.summary;
  const a = s.accounting;
  return {
    kind: 'audit',
    workers,
    ms: t1 - t0,
    readMs: tJudge - t0,
    records: a.records,
    evaluated: a.evaluated,
    debtors: s.totals.debtors,
    peakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    peakHeap,
    reports,
    summary: `${s.totals.notAllowed.toLocaleString('en')} records not allowed, ${s.recordsWithFindings.toLocaleString('en')} with findings; ${a.rejected} rejected; balanced ${a.balanced}; ${s.byCountry.map((c) => `${c.country} ${c.records.toLocaleString('en')}`).join(', ')}`,
  };
}

/** What any reader of the log must do at least: read it as a stream, split it into lines, JSON.parse each. */
async function runBare(): Promise<BareRun> {
  const t0 = performance.now();
  let lines = 0;
  let parsed = 0;
  let rest = '';
  for await (const chunk of createReadStream(log, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
  }) as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      lines++;
      try {
        JSON.parse(line);
        parsed++;
      } catch {
        // a malformed line of the generated log: counted, as the audit counts it
      }
    }
  }
  if (rest !== '') lines++;
  return { kind: 'bare', ms: performance.now() - t0, lines, parsed, peakRss: process.resourceUsage().maxRSS * 1024 };
}

/**
 * 20,000 records of March 2026, evenly in time (a few minutes apart), on four channels: of one debtor,
 * or spread over 2,000 debtors — in turn (ten each, three days apart), or in runs (ten each, one after
 * the other: as many frequency findings as the one debtor's). Otherwise the same records.
 */
function twentyThousand(country: 'CO' | 'MX' | 'ES', debtors: number, runs: boolean): string {
  const channels = ['call', 'sms', 'whatsapp', 'email'];
  const where =
    country === 'CO'
      ? { country, region: 'CO-DC' }
      : country === 'ES'
        ? { country, region: 'ES-MD' }
        : { country, region: 'MX-CMX' };
  const phone = country === 'CO' ? '+57 300 123 4567' : country === 'ES' ? '+34 612 345 678' : '+52 55 1234 5678';
  const start = Date.parse('2026-03-01T13:00:00Z');
  const out: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    out.push(
      JSON.stringify({
        id: `r${i}`,
        at: new Date(start + Math.floor((i * 30 * 86_400_000) / 20_000)).toISOString(),
        channel: channels[i % 4],
        debtorId: `D-${runs ? Math.floor(i / (20_000 / debtors)) : i % debtors}`,
        creditorId: 'bank',
        creditorType: 'financial',
        jurisdiction: where,
        recipient: { role: 'debtor', phone, identityVerified: true },
        debt: { dueDate: '2026-01-15', amount: 1000 },
        debtor: { authorizedChannels: channels },
        outcome: i % 3 === 0 ? 'connected' : 'no_answer',
      }),
    );
  }
  return out.join('\n');
}

async function runOne(country: 'CO' | 'MX' | 'ES', debtors: number, runs: boolean): Promise<OneRun> {
  const checker = createChecker();
  const text = twentyThousand(country, debtors, runs);
  let best: OneRun | undefined;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    const result = await auditLog({ text }, { checker, workers: 0 });
    const ms = performance.now() - t0;
    await result.dispose();
    const s = result.summary;
    if (round > 0 && (!best || ms < best.ms))
      best = {
        kind: 'one',
        country,
        debtors,
        ms,
        evaluated: s.accounting.evaluated,
        notAllowed: s.totals.notAllowed,
        findings: s.recordsWithFindings,
      };
  }
  return best!;
}

if (process.argv[2] === '--run') {
  const [what, a, b, c] = process.argv.slice(3);
  const out =
    what === 'bare'
      ? await runBare()
      : what === 'one'
        ? await runOne(a as 'CO' | 'MX' | 'ES', Number(b), c === 'runs')
        : await runAudit(a === 'default' ? null : Number(a), b === 'reports');
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

// ---- Generating the log (once, in a child process: its memory is not the audit's). ----

if (process.argv.includes('--generate')) {
  // About 10.7 records per debtor a month: enough debtors for N records, then stop at N.
  const per = Math.ceil(N / 10.2 / 3);
  const { lines } = generateContactLog({ seed: 1, debtors: { CO: per, MX: per, ES: per } });
  mkdirSync(dir, { recursive: true });
  const fd = openSync(`${log}.tmp`, 'w');
  let records = 0;
  let buf: string[] = [];
  let size = 0;
  for (const l of lines) {
    buf.push(l.text, '\n');
    size += l.text.length + 1;
    if (l.text.trim() !== '' && ++records >= N) break;
    if (size > 1 << 22) {
      writeSync(fd, buf.join(''));
      buf = [];
      size = 0;
    }
  }
  writeSync(fd, buf.join(''));
  closeSync(fd);
  if (records < N) throw new Error(`the generator gave ${records} records, fewer than ${N}`);
  renameSync(`${log}.tmp`, log);
  process.exit(0);
}

// ---- The parent: each measurement in a child, then the figures and the ratios. ----

if (!existsSync(log)) {
  console.log(`generating ${N.toLocaleString('en')} records into ${join('.bench', `contact-log-${N}.jsonl`)} (once) …`);
  const r = spawnSync(process.execPath, [...process.execArgv, self, '--generate'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function child<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, [...process.execArgv, self, '--run', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} exited ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

const cores = availableParallelism();
console.log(
  `node ${process.version}; ${cores} cores available; log ${mb(statSync(log).size)}, ${N.toLocaleString('en')} records`,
);
const bare = child<BareRun>('bare');
console.log(`  bare pass (stream, split, JSON.parse) ${secs(bare.ms).padStart(8)}   ${perSecond(bare.lines, bare.ms)}`);

const main = child<AuditRun>('audit', 'default', 'reports');
const runs = [main, child<AuditRun>('audit', '0'), child<AuditRun>('audit', '1'), child<AuditRun>('audit', '2')];
console.log(
  `  audit: ${main.records.toLocaleString('en')} records from ${main.debtors.toLocaleString('en')} debtors; ${main.summary}`,
);
for (const r of runs) {
  const label =
    r.workers === null
      ? `default workers (${Math.min(cores, 4) < 2 ? 0 : Math.min(cores, 4)})`
      : `${r.workers} worker${r.workers === 1 ? '' : 's'}`;
  console.log(
    `  ${label.padEnd(20)} end to end ${secs(r.ms).padStart(8)}   ${perSecond(r.records, r.ms).padStart(18)}   ` +
      `read ${secs(r.readMs)}, judge ${secs(r.ms - r.readMs)}   ${(r.ms / bare.ms).toFixed(2)}× the bare pass   peak RSS ${mb(Math.max(r.peakRss, r.maxRss))}, heap ${mb(r.peakHeap)}`,
  );
}
console.log(`  reports (default run)   ${main.reports?.join(' · ')}`);

const ratios: string[] = [];
const ratiosRuns: string[] = [];
const described = (r: OneRun): string =>
  `${secs(r.ms)} (${r.notAllowed.toLocaleString('en')} not allowed, ${r.findings.toLocaleString('en')} with findings)`;
for (const country of ['CO', 'MX', 'ES'] as const) {
  const one = child<OneRun>('one', country, '1');
  const spread = child<OneRun>('one', country, '2000', 'turns');
  const inRuns = child<OneRun>('one', country, '2000', 'runs');
  ratios.push(`${country} ${(one.ms / spread.ms).toFixed(2)}×`);
  ratiosRuns.push(`${country} ${(one.ms / inRuns.ms).toFixed(2)}×`);
  console.log(`  20,000 records, ${country}, this thread: one debtor ${described(one)}`);
  console.log(
    `      2,000 debtors in turn ${described(spread)}: ${(one.ms / spread.ms).toFixed(2)}×;  in runs ${described(inRuns)}: ${(one.ms / inRuns.ms).toFixed(2)}×`,
  );
}

const best = Math.max(...runs.map((r) => Math.max(r.peakRss, r.maxRss)));
console.log('ratios (issue 9 must-show):');
console.log(
  `  audit of ${N.toLocaleString('en')} records, default workers: ${perSecond(main.records, main.ms)} (target ≥ 100,000), ${(main.ms / bare.ms).toFixed(2)}× the bare JSON.parse pass (target ≤ 4×), peak RSS ${mb(Math.max(main.peakRss, main.maxRss))} (target ≤ 512 MB; largest of the runs ${mb(best)})`,
);
console.log(
  `  one debtor with 20,000 records vs 2,000 debtors in turn: ${ratios.join(', ')}; in runs: ${ratiosRuns.join(', ')} (target ≤ 2×)`,
);

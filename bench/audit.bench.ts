/**
 * `npm run bench` (part 2): the audit, against the built package, with the ratios issues 9 and 20 ask
 * for measured in the same run:
 *
 * 1. a generated 1,000,000-record contact log where nearly every contact was lawful (CO, MX, ES; the
 *    generator of the examples, scaled up): records per second end to end, the read and judge phases,
 *    peak memory — with the default number of worker threads and with 0 (the audit's own thread);
 * 2. a finding-heavy log of as many records (scripts/contactLogGenerator.ts `generateFindingHeavyLog`:
 *    about 85 % not allowed, every hour, every zone, about 67 records a debtor): the audit and its
 *    report written to a file, in each report format, each in a process of its own — records per
 *    second end to end, peak RSS of the whole process, bytes per listed record;
 * 3. a bare pass over each file — read as a stream, split into lines, each line JSON.parse'd — and
 *    each audit's time as a multiple of it;
 * 4. one debtor with 20,000 records against the same 20,000 records spread over 2,000 debtors (in
 *    each country), judged in the audit's own thread: the time of the one as a multiple of the other;
 * 5. the clean log as a dialer's CSV export read through a mapping (bench/dialerCsv.ts: `;`,
 *    Windows-1252, Spanish words, local dates and times, decimal commas, two dimensions) against the
 *    same records as JSON Lines: records per second of each, and the one as a share of the other
 *    (issue 18: at least half).
 *
 * Each measurement runs in a child process of its own, so that its peak memory is its own. The logs
 * are generated once into .bench/. A benchmark, not a timed test: it prints figures and asserts none.
 * On a machine shared with other work the figures move; compare the ratios, measured side by side.
 *
 *   BENCH_AUDIT_N=200000 npx tsx bench/audit.bench.ts     # another size
 *   BENCH_AUDIT_ONLY=heavy npx tsx bench/audit.bench.ts   # one part: clean, heavy, one or mapped
 *   BENCH_AUDIT_FORMATS=md,json npx tsx bench/audit.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The built package, as users run it (built by `npm run bench`); its types from the sources, so that
// typecheck does not need a build.
const dist: string = '../dist/index.js';
const { auditLog, createChecker, createFileSink, writeAuditReport } = (await import(
  dist
)) as typeof import('../src/index.js');
import { generateContactLog, generateFindingHeavyLog, type LogLine } from '../scripts/contactLogGenerator.js';
import { dialerMapping, writeDialerCsv } from './dialerCsv.js';

const N = Number(process.env['BENCH_AUDIT_N'] ?? 1_000_000);
const root = join(import.meta.dirname, '..');
const dir = join(root, '.bench');
const cleanLog = join(dir, `contact-log-${N}.jsonl`);
const heavyLog = join(dir, `heavy-log-${N}.jsonl`);
const dialerCsv = join(dir, `dialer-${N}.csv`);
const ONLY = process.env['BENCH_AUDIT_ONLY'];
const FORMATS = (process.env['BENCH_AUDIT_FORMATS'] ?? 'md,json,csv,html,parquet').split(',');
const self = fileURLToPath(import.meta.url);
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number): number => Math.round(n / (ms / 1000));
const perSecond = (n: number, ms: number): string => `${rate(n, ms).toLocaleString('en')} records/s`;

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
interface HeavyRun {
  kind: 'heavy';
  format: string;
  /** Audit and report, end to end. */
  ms: number;
  auditMs: number;
  records: number;
  notAllowed: number;
  listed: number;
  reportBytes: number;
  maxRss: number;
  error?: string;
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

/** Peak RSS sampled every 25 ms, and the process's own maximum (worker threads and native memory included). */
function rssSampler(): { stop(): { peakRss: number; peakHeap: number; maxRss: number } } {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const timer = setInterval(sample, 25);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return { peakRss, peakHeap, maxRss: process.resourceUsage().maxRSS * 1024 };
    },
  };
}

async function runAudit(workers: number | null, withReports: boolean, mapped = false): Promise<AuditRun> {
  const checker = createChecker();
  const rss = rssSampler();
  const t0 = performance.now();
  let tJudge = 0;
  const result = await auditLog(
    { path: mapped ? dialerCsv : cleanLog },
    {
      checker,
      ...(mapped ? { mapping: dialerMapping as never } : {}),
      ...(workers === null ? {} : { workers }),
      onProgress: (p) => {
        if (p.phase === 'judge' && tJudge === 0) tJudge = performance.now();
      },
    },
  );
  const t1 = performance.now();
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
  const m = rss.stop();
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
    ...m,
    reports,
    summary: `${s.totals.notAllowed.toLocaleString('en')} records not allowed, ${s.recordsWithFindings.toLocaleString('en')} with findings; ${a.rejected} rejected; balanced ${a.balanced}; ${s.byCountry.map((c) => `${c.country} ${c.records.toLocaleString('en')}`).join(', ')}`,
  };
}

/** The finding-heavy log audited and its report written to a file, as `audit LOG --out report.FORMAT` does. */
async function runHeavy(format: string): Promise<HeavyRun> {
  const checker = createChecker();
  const t0 = performance.now();
  const result = await auditLog({ path: heavyLog }, { checker });
  const t1 = performance.now();
  const path = join(dir, `heavy-report.${format}`);
  let error: string | undefined;
  try {
    const sink = createFileSink(path);
    await writeAuditReport(result, format as Parameters<typeof writeAuditReport>[1], sink);
    await sink.close();
  } catch (e) {
    error = (e as Error).message;
  }
  const t2 = performance.now();
  await result.dispose();
  const s = result.summary;
  return {
    kind: 'heavy',
    format,
    ms: t2 - t0,
    auditMs: t1 - t0,
    records: s.accounting.records,
    notAllowed: s.totals.notAllowed,
    listed: s.recordsWithFindings,
    reportBytes: error === undefined && existsSync(path) ? statSync(path).size : 0,
    maxRss: process.resourceUsage().maxRSS * 1024,
    ...(error !== undefined ? { error } : {}),
  };
}

/** What any reader of the log must do at least: read it as a stream, split it into lines, JSON.parse each. */
async function runBare(path: string): Promise<BareRun> {
  const t0 = performance.now();
  let lines = 0;
  let parsed = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, {
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
      ? await runBare(a === 'heavy' ? heavyLog : cleanLog)
      : what === 'one'
        ? await runOne(a as 'CO' | 'MX' | 'ES', Number(b), c === 'runs')
        : what === 'heavy'
          ? await runHeavy(a!)
          : what === 'mapped'
            ? await runAudit(null, false, true)
            : await runAudit(a === 'default' ? null : Number(a), b === 'reports');
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

// ---- Generating the logs (once, in a child process: its memory is not the audit's). ----

function writeLog(path: string, lines: Iterable<LogLine>): void {
  mkdirSync(dir, { recursive: true });
  const fd = openSync(`${path}.tmp`, 'w');
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
  renameSync(`${path}.tmp`, path);
}

if (process.argv[2] === '--generate') {
  if (process.argv[3] === 'mapped') {
    await writeDialerCsv(cleanLog, dialerCsv);
    process.exit(0);
  }
  if (process.argv[3] === 'heavy') {
    // About 67 records per debtor a month: enough debtors for N records, then stop at N.
    const per = Math.ceil(N / 66 / 3);
    writeLog(heavyLog, generateFindingHeavyLog({ seed: 1, debtors: { CO: per, MX: per, ES: per } }));
  } else {
    // About 10.7 records per debtor a month: enough debtors for N records, then stop at N.
    const per = Math.ceil(N / 10.2 / 3);
    writeLog(cleanLog, generateContactLog({ seed: 1, debtors: { CO: per, MX: per, ES: per } }).lines);
  }
  process.exit(0);
}

// ---- The parent: each measurement in a child, then the figures and the ratios. ----

for (const [path, kind] of [
  [cleanLog, 'clean'],
  [heavyLog, 'heavy'],
  [dialerCsv, 'mapped'],
] as const) {
  // The mapped CSV is written from the clean log.
  const wanted = ONLY === undefined || ONLY === kind || (ONLY === 'mapped' && kind === 'clean');
  if (existsSync(path) || !wanted) continue;
  console.log(`generating ${N.toLocaleString('en')} ${kind} records into ${join('.bench', basename(path))} (once) …`);
  const r = spawnSync(process.execPath, [...process.execArgv, self, '--generate', kind], { stdio: 'inherit' });
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
const must: string[] = [];
console.log(
  `node ${process.version}; ${cores} cores available; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

if (ONLY === undefined || ONLY === 'clean') {
  console.log(`clean log: ${mb(statSync(cleanLog).size)}, ${N.toLocaleString('en')} records`);
  const bare = child<BareRun>('bare', 'clean');
  console.log(
    `  bare pass (stream, split, JSON.parse) ${secs(bare.ms).padStart(8)}   ${perSecond(bare.lines, bare.ms)}`,
  );
  const main = child<AuditRun>('audit', 'default', 'reports');
  const runs = [main, child<AuditRun>('audit', '0')];
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
  must.push(
    `clean ${N.toLocaleString('en')}-record log, default workers: ${perSecond(main.records, main.ms)}, ${(main.ms / bare.ms).toFixed(2)}× the bare JSON.parse pass (target ≤ 3×), peak RSS ${mb(Math.max(main.peakRss, main.maxRss))}`,
  );
}

if (ONLY === undefined || ONLY === 'heavy') {
  console.log(`finding-heavy log: ${mb(statSync(heavyLog).size)}, ${N.toLocaleString('en')} records`);
  const bare = child<BareRun>('bare', 'heavy');
  console.log(
    `  bare pass (stream, split, JSON.parse) ${secs(bare.ms).padStart(8)}   ${perSecond(bare.lines, bare.ms)}`,
  );
  const target: Record<string, number> = { md: 30_000, json: 20_000 };
  const rss: string[] = [];
  for (const format of FORMATS) {
    const r = child<HeavyRun>('heavy', format);
    if (r.error !== undefined) {
      console.log(`  --format ${format.padEnd(8)} not written: ${r.error}`);
      continue;
    }
    const perListed = format === 'json' ? `, ${Math.round(r.reportBytes / r.listed)} bytes per listed record` : '';
    console.log(
      `  --format ${format.padEnd(8)} ${secs(r.ms).padStart(8)} end to end (audit ${secs(r.auditMs)})   ${perSecond(r.records, r.ms).padStart(18)}   ${(r.ms / bare.ms).toFixed(2)}× the bare pass   report ${mb(r.reportBytes)}${perListed}   peak RSS ${mb(r.maxRss)}`,
    );
    rss.push(`${format} ${mb(r.maxRss)}`);
    if (target[format] !== undefined)
      must.push(
        `finding-heavy (${((100 * r.notAllowed) / r.records).toFixed(0)} % not allowed), --format ${format}: ${perSecond(r.records, r.ms)} (target ≥ ${target[format]!.toLocaleString('en')}), ${(r.ms / bare.ms).toFixed(1)}× the bare pass${perListed}`,
      );
  }
  must.push(
    `peak RSS, finding-heavy ${N.toLocaleString('en')} records, by format: ${rss.join(', ')} (target ≤ 512 MB each)`,
  );
}

if (ONLY === undefined || ONLY === 'one') {
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
  must.push(
    `one debtor with 20,000 records vs 2,000 debtors in turn: ${ratios.join(', ')}; in runs: ${ratiosRuns.join(', ')} (target ≤ 2×)`,
  );
}

if (ONLY === undefined || ONLY === 'mapped') {
  // Side by side, each in a process of its own: the same records as JSON Lines and as a mapped dialer CSV.
  const jsonl = child<AuditRun>('audit', 'default');
  const csv = child<AuditRun>('mapped');
  console.log(
    `mapped dialer CSV: ${mb(statSync(dialerCsv).size)} (the clean log's records, ; Windows-1252, local times)`,
  );
  for (const [label, r] of [
    ['JSON Lines', jsonl],
    ['mapped CSV', csv],
  ] as const)
    console.log(
      `  ${label.padEnd(12)} ${secs(r.ms).padStart(8)}   ${perSecond(r.records, r.ms).padStart(18)}   read ${secs(r.readMs)}, judge ${secs(r.ms - r.readMs)}   ${r.evaluated.toLocaleString('en')} judged   peak RSS ${mb(Math.max(r.peakRss, r.maxRss))}`,
    );
  must.push(
    `mapped CSV path: ${perSecond(csv.records, csv.ms)}, ${((100 * rate(csv.records, csv.ms)) / rate(jsonl.records, jsonl.ms)).toFixed(0)} % of the JSON Lines path's ${perSecond(jsonl.records, jsonl.ms)} (target ≥ 50 %)`,
  );
}

console.log('ratios (issue 18 and 20 must-show):');
for (const m of must) console.log(`  ${m}`);

/**
 * `npm run bench` (part 2): the audit of a generated 1,000,000-record contact log (CO, MX, ES; the
 * generator of the examples, scaled up) — records per second by phase, and peak memory (RSS and V8
 * heap) while it runs. The log is generated once into .bench/ by a child process, so its memory is
 * not counted. A benchmark, not a timed test: it prints figures, it asserts none.
 *
 *   BENCH_AUDIT_N=200000 npx tsx bench/audit.bench.ts     # another size
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditLog, createChecker, createFileSink, writeAuditReport } from '../src/index.js';
import { createProgressBar } from '../src/cli/progressBar.js';
import { generateContactLog } from '../scripts/contactLogGenerator.js';

const N = Number(process.env['BENCH_AUDIT_N'] ?? 1_000_000);
const root = join(import.meta.dirname, '..');
const dir = join(root, '.bench');
const log = join(dir, `contact-log-${N}.jsonl`);

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

if (!existsSync(log)) {
  console.log(`generating ${N.toLocaleString('en')} records into ${join('.bench', `contact-log-${N}.jsonl`)} (once) …`);
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--generate'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;
let peakRss = 0;
let peakHeap = 0;
let samples = 0;
const sample = (): void => {
  if ((samples++ & 3) !== 0) return;
  const m = process.memoryUsage();
  if (m.rss > peakRss) peakRss = m.rss;
  if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
};

const checker = createChecker();
const bar = process.stderr.isTTY ? createProgressBar((s) => process.stderr.write(s), process.stderr.columns) : undefined;
const baseline = process.memoryUsage();
const t0 = performance.now();
let tJudge = 0;
const result = await auditLog({ path: log }, {
  checker,
  onProgress: (p) => {
    if (p.phase === 'judge' && tJudge === 0) tJudge = performance.now();
    sample();
    bar?.update(p);
  },
});
bar?.done();
const t1 = performance.now();
const s = result.summary;
const reportTimes: string[] = [];
for (const format of ['json', 'csv', 'html'] as const) {
  const path = join(dir, `audit-report.${format}`);
  const r0 = performance.now();
  const sink = createFileSink(path);
  await writeAuditReport(result, format, sink);
  await sink.close();
  sample();
  reportTimes.push(`${format} ${((performance.now() - r0) / 1000).toFixed(1)} s (${mb(statSync(path).size)})`);
}
await result.dispose();
sample();

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en')} records/s`;
const a = s.accounting;
console.log(`node ${process.version}; log ${mb(statSync(log).size)}, ${a.records.toLocaleString('en')} records from ${s.totals.debtors.toLocaleString('en')} debtors (${s.byCountry.map((c) => `${c.country} ${c.records.toLocaleString('en')}`).join(', ')})`);
console.log(`  read + validate + spill   ${secs(tJudge - t0).padStart(8)}   ${rate(a.records, tJudge - t0)}`);
console.log(`  judge (check per record)  ${secs(t1 - tJudge).padStart(8)}   ${rate(a.evaluated, t1 - tJudge)}`);
console.log(`  audit, end to end         ${secs(t1 - t0).padStart(8)}   ${rate(a.records, t1 - t0)}`);
console.log(`  reports                   ${reportTimes.join(' · ')}`);
console.log(`  findings: ${s.totals.notAllowed.toLocaleString('en')} records not allowed, ${s.recordsWithFindings.toLocaleString('en')} with findings; ${a.rejected} rejected; balanced ${a.balanced}`);
console.log(`  peak memory: RSS ${mb(peakRss)} (process max ${mb(process.resourceUsage().maxRSS * 1024)}; ${mb(baseline.rss)} before the audit), V8 heap used ${mb(peakHeap)}`);

/**
 * `npm run demo`: the library's two jobs on the example files, from the TypeScript sources (tsx; no
 * build needed).
 *  1. check — "may I contact this person, on this channel, now?" for examples/attempts.json (CO, MX, ES);
 *  2. audit — examples/contact-log.jsonl, a month of contacts, judged record by record; the reports go
 *     to out/audit-report.{html,md,json,csv} (and beside the CSV, .rejected.csv and .provenance.json).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  auditLog,
  auditProvenance,
  createChecker,
  csvCompanionPaths,
  createFileSink,
  safeParseAttempt,
  writeAuditReport,
  writeAuditRejectedCsv,
  type AuditReportFormat,
} from '../src/index.js';
import { createProgressBar } from '../src/cli/progressBar.js';

const root = join(import.meta.dirname, '..');
const checker = createChecker();
const loaded = [...checker.packs.keys()];
const rel = (p: string): string => relative(process.cwd(), p) || '.';

console.log(`cobranza-compliance ${checker.version} — rules loaded for ${loaded.join(', ')}\n`);

// 1. check
console.log('1. check: may I contact this person, on this channel, now?  (examples/attempts.json)\n');
const attempts = JSON.parse(readFileSync(join(root, 'examples', 'attempts.json'), 'utf8')) as unknown[];
for (const input of attempts) {
  const parsed = safeParseAttempt(input);
  if (!parsed.success) {
    console.log(
      `   ${String((input as { id?: string }).id).padEnd(30)} invalid: ${parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
    continue;
  }
  const a = parsed.data;
  if (!checker.packs.has(a.jurisdiction.country)) {
    console.log(
      `   ${(a.id ?? '').padEnd(30)} ${a.jurisdiction.country}  (no rules loaded for ${a.jurisdiction.country} yet)`,
    );
    continue;
  }
  const d = await checker.checkAttempt(a);
  const verdict = d.verdict === 'delay' ? `delay until ${d.nextAllowedAt}` : d.verdict;
  console.log(`   ${(a.id ?? '').padEnd(30)} ${a.jurisdiction.country}  ${verdict}`);
  for (const v of d.violations) console.log(`       ✗ ${v.ruleId}  ${v.message}`);
  for (const w of d.warnings) console.log(`       ! ${w.ruleId}  ${w.message}`);
}

// 2. audit
const log = join(root, 'examples', 'contact-log.jsonl');
const outDir = join(root, 'out');
mkdirSync(outDir, { recursive: true });
console.log(`\n2. audit: which contacts of a month broke which rule?  (${rel(log)})\n`);
const bar = process.stderr.isTTY
  ? createProgressBar((s) => process.stderr.write(s), process.stderr.columns)
  : undefined;
const started = performance.now();
const result = await auditLog({ path: log }, { checker, ...(bar ? { onProgress: (p) => bar.update(p) } : {}) });
bar?.done();
const seconds = (performance.now() - started) / 1000;
try {
  const s = result.summary;
  const t = s.totals;
  const a = s.accounting;
  console.log(
    `   ${a.records} records from ${t.debtors} debtors in ${seconds.toFixed(1)} s: ${a.evaluated} judged + ${a.rejected} rejected lines (${a.blankLines} blank lines skipped) — ${a.balanced ? 'every line accounted for' : 'ACCOUNTING DOES NOT BALANCE'}`,
  );
  console.log(
    `   allowed ${t.allowed} · at a time not allowed ${t.delayed} · not allowed ${t.blocked} · unverified ${t.unverified} · ${t.allowedWithWarnings} allowed with a warning`,
  );
  for (const c of s.byCountry)
    console.log(`   ${c.country}: ${c.records} records, ${c.delayed + c.blocked} not allowed`);
  console.log('\n   most frequent violations:');
  for (const r of s.byRule.filter((x) => x.severity === 'block').slice(0, 8)) {
    const cite = `${r.citation.instrument}, ${r.citation.article}`;
    console.log(
      `   ${String(r.proven).padStart(6)}  ${r.ruleId.padEnd(44)} ${r.statutory ? 'law   ' : 'policy'}  ${cite.length > 60 ? `${cite.slice(0, 59)}…` : cite}`,
    );
  }
  console.log('');
  for (const format of ['html', 'md', 'json', 'csv'] as AuditReportFormat[]) {
    const path = join(outDir, `audit-report.${format}`);
    const sink = createFileSink(path);
    await writeAuditReport(result, format, sink);
    await sink.close();
    console.log(`   ${format.toUpperCase().padEnd(5)} report: ${rel(path)}`);
  }
  // Beside the CSV report (the findings alone): its rejected lines and how it was produced.
  const beside = csvCompanionPaths(join(outDir, 'audit-report.csv'));
  const rejected = createFileSink(beside.rejected);
  await writeAuditRejectedCsv(result, rejected);
  await rejected.close();
  const provenance = createFileSink(beside.provenance);
  await provenance.write(auditProvenance(result.summary));
  await provenance.close();
  console.log(`         beside it: ${rel(beside.rejected)}, ${rel(beside.provenance)}`);
  console.log(`\nOpen ${rel(join(outDir, 'audit-report.html'))} in a browser (it prints well too).`);
} finally {
  await result.dispose();
}

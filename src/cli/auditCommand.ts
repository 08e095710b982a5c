import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { auditLog } from '../audit/auditLog.js';
import type { AuditInput, AuditResult, AuditSummary, LogFormat } from '../audit/auditTypes.js';
import { mergeAuditPartials } from '../audit/mergeAuditPartials.js';
import { parseShard } from '../audit/shardOf.js';
import { AuditReportFormats, writeAuditReport, type AuditReportFormat } from '../audit/writeAuditReport.js';
import { auditProvenance, csvCompanionPaths, writeAuditRejectedCsv } from '../audit/writeAuditCsv.js';
import { reportText } from '../audit/_lib/reportText.js';
import { showInvisible } from '../_lib/showInvisible.js';
import { didYouMean } from '../_lib/didYouMean.js';
import type { Checker } from '../check/createChecker.js';
import { ComplianceError } from '../errors.js';
import { onExitCleanup } from './exitCleanup.js';
import { FileError, isErrnoError } from './fileError.js';
import { openReportFile, type ReportFile } from './openReportFile.js';
import { createProgressBar } from './progressBar.js';
import { dryRunMapping } from '../audit/mapping/dryRunMapping.js';
import { inertJson } from '../_lib/inertJson.js';
import { dryRunText } from './dryRunText.js';
import { readMappingFile } from './readMappingFile.js';

export interface AuditCommandIo {
  /** Report format; default: the extension of `out` (.json .csv .md .html), else `md`. */
  readonly format: string | undefined;
  /** Report file; default: standard output. */
  readonly out: string | undefined;
  /** Log format; default: the log's extension, else sniffed. */
  readonly inputFormat?: string | undefined;
  readonly recordHistory?: string | undefined;
  readonly maxListed?: string | undefined;
  /** `K/N`: judge the debtors of shard K of N only, and write a partial result (`--format partial`). */
  readonly shard?: string | undefined;
  /** `--map FILE`: the mapping file. */
  readonly map?: string | undefined;
  /** `--dry-run` (with --map): the first rows as attempts and what becomes of every column; no audit. */
  readonly dryRun?: boolean | undefined;
  readonly err: (s: string) => void;
  readonly out_: (s: string) => void;
  /** Resolves once standard output has taken the report (a closed one ends the process instead). */
  readonly outFlushed?: () => Promise<void>;
  /** Standard error is a terminal: draw a progress bar there (never otherwise). */
  readonly errIsTTY?: boolean;
  readonly errColumns?: number;
}

/**
 * `audit LOG`: judge a contact log and write its report. Exit 0: every record judged and allowed;
 * 1: some record not allowed, or some line rejected; 2 (thrown): usage, an unreadable log or header, an
 * `--out` that is refused or cannot be written (nothing is written then).
 */
export async function auditCommand(input: AuditInput, checker: Checker, io: AuditCommandIo): Promise<number> {
  const file = 'path' in input ? input.path : undefined;
  const format = reportFormat(io.format, io.out);
  const inputFormat = io.inputFormat;
  if (inputFormat !== undefined && inputFormat !== 'jsonl' && inputFormat !== 'csv' && inputFormat !== 'parquet')
    throw new ComplianceError('usage', '--input-format is jsonl, csv or parquet');
  if (inputFormat !== undefined && 'sql' in input)
    throw new ComplianceError('usage', '--sql gives rows, not a file: --input-format does not apply');
  const table = 'sql' in input || inputFormat === 'parquet' || (file !== undefined && /\.parquet$/i.test(file));
  const recordHistory = io.recordHistory ?? 'ignore';
  if (recordHistory !== 'ignore' && recordHistory !== 'merge')
    throw new ComplianceError('usage', '--record-history is ignore or merge');
  const maxListed = maxListedOf(io.maxListed);
  const shard = io.shard === undefined ? undefined : parseShard(io.shard);
  if (format === 'parquet' && io.out === undefined)
    throw new ComplianceError('usage', 'the Parquet report is a binary file: write it to a file (--out FILE.parquet)');
  if (shard && format !== 'partial')
    throw new ComplianceError(
      'usage',
      `--shard ${shard.index}/${shard.count} judges part of the log: it writes a partial result (--format partial, or --out FILE.partial), which audit merge puts together with the other shards'`,
    );
  if (io.dryRun && io.map === undefined)
    throw new ComplianceError('usage', '--dry-run shows what a mapping makes of a log: give --map FILE');
  // The mapping is read and checked before the log is touched.
  const mapping = io.map === undefined ? undefined : readMappingFile(io.map);
  const withFormat: AuditInput =
    'sql' in input ? input : { ...input, ...(inputFormat ? { format: inputFormat as LogFormat } : {}) };
  if (io.dryRun && mapping) {
    if (io.format !== undefined && io.format !== 'json' && io.format !== 'text')
      throw new ComplianceError('usage', '--format for --dry-run is text (default) or json');
    let d: Awaited<ReturnType<typeof dryRunMapping>>;
    try {
      d = await dryRunMapping(withFormat, { mapping, mappingName: io.map!, rows: 5 });
    } catch (e) {
      if (isErrnoError(e)) throw new FileError('read', file ?? '<stdin>', e);
      throw e;
    }
    const text = io.format === 'json' ? `${inertJson(JSON.stringify(d, null, 2))}\n` : dryRunText(d);
    if (io.out) {
      const report = await openReportFile(io.out, file);
      try {
        await report.write(text);
        await report.commit();
      } finally {
        await report.discard();
      }
    } else io.out_(text);
    return d.rows.some((r) => r.issues) ? 1 : 0;
  }

  // The log must be readable, and --out writable (or refused), before any work is done.
  // (A Parquet path may be a directory or a glob: DuckDB says what it cannot read.)
  if (file !== undefined && !table) {
    try {
      if (statSync(file).isDirectory())
        throw Object.assign(new Error('EISDIR: is a directory, not a log file'), { code: 'EISDIR' });
    } catch (e) {
      throw new FileError('read', file, e);
    }
  }
  const output = io.out ? await openReportOutput(io.out, format, file) : undefined;
  let temp: string | undefined;
  let unregister = (): void => undefined;
  const bar = io.errIsTTY ? createProgressBar(io.err, io.errColumns) : undefined;
  try {
    // The spill files (personal data) live in a directory of our own, 0700, removed on every exit path.
    try {
      temp = mkdtempSync(join(tmpdir(), 'cobranza-cli-'));
    } catch (e) {
      throw new FileError('write', tmpdir(), e);
    }
    const dir = temp;
    unregister = onExitCleanup(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
    chmodSync(dir, 0o700);
    let result: Awaited<ReturnType<typeof auditLog>>;
    try {
      result = await auditLog(withFormat, {
        checker,
        recordHistory,
        tempDir: dir,
        ...(mapping ? { mapping, mappingName: io.map } : {}),
        ...(format === 'partial' ? { shard: shard ?? { index: 1, count: 1 } } : {}),
        ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      });
    } catch (e) {
      // An errno error is the log that cannot be read, or the temporary directory that cannot be written.
      if (isErrnoError(e))
        throw e.path !== undefined && resolve(e.path).startsWith(resolve(dir) + sep)
          ? new FileError('write', e.path, e)
          : new FileError('read', file ?? '<stdin>', e);
      throw e;
    }
    bar?.done();
    try {
      return await deliver(result, format, output, io, maxListed);
    } finally {
      await result.dispose();
    }
  } finally {
    bar?.done();
    await output?.discard();
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
    unregister();
  }
}

/**
 * `audit merge PARTIAL...`: the report of the whole log from the partial results of its shards, the
 * same byte for byte as one machine's audit of the log (generation time aside). Exit as `audit`.
 */
export async function auditMergeCommand(
  partials: readonly string[],
  io: Pick<AuditCommandIo, 'format' | 'out' | 'maxListed' | 'err' | 'out_' | 'outFlushed'>,
): Promise<number> {
  const format = reportFormat(io.format, io.out);
  if (format === 'partial')
    throw new ComplianceError(
      'usage',
      'audit merge writes a report (json, csv, md, html or parquet), not a partial result',
    );
  const maxListed = maxListedOf(io.maxListed);
  for (const p of partials) {
    try {
      if (statSync(p).isDirectory())
        throw Object.assign(new Error('EISDIR: is a directory, not a partial result'), { code: 'EISDIR' });
    } catch (e) {
      throw new FileError('read', p, e);
    }
  }
  const output = io.out ? await openReportOutput(io.out, format, undefined) : undefined;
  try {
    let result: Awaited<ReturnType<typeof mergeAuditPartials>>;
    try {
      result = await mergeAuditPartials(partials);
    } catch (e) {
      if (isErrnoError(e)) throw new FileError('read', e.path ?? partials[0]!, e);
      throw e;
    }
    return await deliver(result, format, output, io, maxListed);
  } finally {
    await output?.discard();
  }
}

function maxListedOf(text: string | undefined): number | undefined {
  const maxListed = text === undefined ? undefined : Number(text);
  if (maxListed !== undefined && !(Number.isInteger(maxListed) && maxListed >= 0))
    throw new ComplianceError('usage', '--max-listed is a whole number ≥ 0');
  return maxListed;
}

/**
 * Where `--out` goes: the report, and beside a CSV report its rejected lines and its provenance
 * (`NAME.rejected.csv`, `NAME.provenance.json`). All are checked and opened before any work is done
 * (a companion that may not be replaced refuses the whole report), and committed together.
 */
interface ReportOutput {
  readonly path: string;
  readonly report: ReportFile;
  readonly companions?: {
    readonly rejected: ReportFile;
    readonly provenance: ReportFile;
    readonly paths: readonly [string, string];
  };
  /** Remove whatever was not committed. */
  discard(): Promise<void>;
}

async function openReportOutput(
  out: string,
  format: AuditReportFormat,
  input: string | undefined,
): Promise<ReportOutput> {
  const opened: ReportFile[] = [];
  const open = async (path: string): Promise<ReportFile> => {
    const f = await openReportFile(path, input);
    opened.push(f);
    return f;
  };
  const discard = async (): Promise<void> => {
    for (const f of opened) await f.discard();
  };
  try {
    const beside = format === 'csv' ? csvCompanionPaths(out) : undefined;
    const companions = beside
      ? {
          rejected: await open(beside.rejected),
          provenance: await open(beside.provenance),
          paths: [beside.rejected, beside.provenance] as const,
        }
      : undefined;
    const report = await open(out);
    return { path: out, report, ...(companions ? { companions } : {}), discard };
  } catch (e) {
    await discard();
    throw e;
  }
}

/**
 * Write the report to `--out` (atomically, with its companions, a summary on stdout) or to stdout,
 * and the exit status: 0 when no record broke a rule the log proves and none was rejected (records
 * whose findings are all unverified alone do not change it), 1 otherwise. A partial result claims
 * no verdict (the merge gives it): 0 once written.
 */
async function deliver(
  result: AuditResult,
  format: AuditReportFormat,
  output: ReportOutput | undefined,
  io: Pick<AuditCommandIo, 'out_' | 'err' | 'outFlushed'>,
  maxListed: number | undefined,
): Promise<number> {
  const listing = maxListed !== undefined ? { maxListed } : {};
  if (output) {
    await writeAuditReport(result, format, output.report, listing);
    const c = output.companions;
    if (c) {
      // The companions first, the report last: a reader who sees the new report sees its companions.
      await writeAuditRejectedCsv(result, c.rejected);
      await c.provenance.write(auditProvenance(result.summary));
      await c.rejected.commit();
      await c.provenance.commit();
    }
    await output.report.commit();
    io.out_(
      format === 'partial'
        ? partialText(result, output.path)
        : summaryText(result.summary, output.path, format, c ? c.paths : []),
    );
  } else {
    // Standard output, in chunks of about 1 MB rather than one write per record.
    let buf = '';
    await writeAuditReport(
      result,
      format,
      {
        write: (t) => {
          buf += t;
          if (buf.length >= 1 << 20) {
            io.out_(buf);
            buf = '';
          }
        },
      },
      listing,
    );
    if (buf !== '') io.out_(buf);
    if (format === 'csv') {
      // The findings alone went to standard output: once they have left (a closed pipe says nothing
      // more), say on stderr what is not in them.
      await io.outFlushed?.();
      const t = reportText(result.summary.provenance?.options.language);
      io.err(`${showInvisible(t.cli.stdoutCsv(result.summary.accounting.rejected), true)}\n`);
    }
  }
  if (format === 'partial') return 0;
  const s = result.summary;
  return s.totals.notAllowed === 0 && s.accounting.rejected === 0 ? 0 : 1;
}

/** What `--format partial --out FILE` prints: the shard, what it judged and what it left to the others. */
function partialText(result: AuditResult, path: string): string {
  const p = result.partial!;
  const a = result.summary.accounting;
  return `shard ${p.shard.index}/${p.shard.count} of ${showInvisible(result.summary.source.name, true)}: ${a.records} records (${a.evaluated} judged, ${a.rejected} rejected), ${p.elsewhere} left to the other shards\npartial result: ${showInvisible(path, true)} (merge the shards with: cobranza-compliance audit merge PARTIAL... --out report.html)\n`;
}

const BY_EXTENSION: Record<string, AuditReportFormat> = {
  '.json': 'json',
  '.csv': 'csv',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.partial': 'partial',
  '.parquet': 'parquet',
};

/**
 * The report's format: `--format`, else the extension of `--out`, else Markdown. An `--out` whose
 * extension is not one of the formats' (`report.pdf`) is refused unless `--format` says what to
 * write; one whose extension names another format than `--format` (`--format md --out r.html`) is
 * refused: either way the file would not hold what its name says.
 */
export function reportFormat(format: string | undefined, out: string | undefined): AuditReportFormat {
  if (format !== undefined && !(AuditReportFormats as readonly string[]).includes(format)) {
    const hint = didYouMean(format, AuditReportFormats);
    throw new ComplianceError(
      'usage',
      `--format for audit is ${AuditReportFormats.join(', ')}${hint ? ` (did you mean ${hint}?)` : ''}`,
    );
  }
  const ext = out === undefined ? '' : extname(out).toLowerCase();
  const byExt = BY_EXTENSION[ext];
  if (format === undefined && out !== undefined && byExt === undefined) {
    throw new ComplianceError(
      'usage',
      `--out ${showInvisible(out, true)}: ${ext ? `the extension ${showInvisible(ext, true)} is not a report format` : 'no extension to take the format from'} (.json .csv .md .html .parquet .partial); name the file so, or give --format`,
    );
  }
  if (format !== undefined && byExt !== undefined && byExt !== format) {
    throw new ComplianceError(
      'usage',
      `--format ${format} but --out ${showInvisible(out!, true)} is named as ${byExt}: give one or the other, or make them agree`,
    );
  }
  return (format ?? byExt ?? 'md') as AuditReportFormat;
}

/**
 * What the command prints when the report went to a file, in the report's language (a file name's
 * control characters shown, not sent to the terminal); `beside`: the files written with it.
 */
export function summaryText(s: AuditSummary, path: string, format: string, beside: readonly string[] = []): string {
  const t = reportText(s.provenance?.options.language);
  const tot = s.totals;
  const a = s.accounting;
  const proven = s.byRule.filter((r) => r.severity === 'block' && r.proven > 0);
  const lines = [
    t.cli.audited(showInvisible(s.source.name, true), a.records, a.evaluated, a.rejected, a.blankLines, tot.debtors),
    t.cli.counts(tot.allowed, tot.delayed, tot.blocked, tot.unverified, tot.violations, proven.length),
    ...proven.slice(0, 5).map((r) => `  ${String(r.proven).padStart(7)}  ${r.ruleId}`),
    t.cli.report(format.toUpperCase(), showInvisible(path, true)),
    ...(beside.length > 0 ? [t.cli.beside(beside.map((b) => showInvisible(b, true)).join(', '))] : []),
  ];
  return `${lines.join('\n')}\n`;
}

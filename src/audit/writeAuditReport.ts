import { ComplianceError } from '../errors.js';
import type { AuditResult } from './auditTypes.js';
import type { TextSink } from './createFileSink.js';
import { renderAuditHtml } from './renderAuditHtml.js';
import { renderAuditMarkdown, type HumanReportOptions } from './renderAuditMarkdown.js';
import { writeAuditCsv } from './writeAuditCsv.js';
import { writeAuditJson } from './writeAuditJson.js';
import { writeAuditPartial } from './writeAuditPartial.js';
import { writeAuditParquet, type ByteSink } from './writeAuditParquet.js';

export const AuditReportFormats = ['json', 'csv', 'md', 'html', 'parquet', 'partial'] as const;
export type AuditReportFormat = (typeof AuditReportFormats)[number];

/**
 * Write an audit's report: `json` and `csv` are complete and streamed; `md` and `html` list at most
 * `maxListed` records one by one (and say so, pointing to JSON and CSV for the full list). `partial`
 * is a shard's partial result (an audit run with `shard`), for `mergeAuditPartials`. `parquet` is
 * one row per finding, through the optional DuckDB; its sink must take bytes (a file: `createFileSink`).
 */
export async function writeAuditReport(
  result: AuditResult,
  format: AuditReportFormat,
  sink: TextSink,
  options: HumanReportOptions = {},
): Promise<void> {
  switch (format) {
    case 'json':
      return writeAuditJson(result, sink);
    case 'csv':
      return writeAuditCsv(result, sink);
    case 'md':
      await sink.write(await renderAuditMarkdown(result, options));
      return;
    case 'html':
      await sink.write(await renderAuditHtml(result, options));
      return;
    case 'partial':
      return writeAuditPartial(result, sink);
    case 'parquet':
      if (typeof (sink as Partial<ByteSink>).writeBytes !== 'function')
        throw new ComplianceError(
          'usage',
          'the Parquet report is a binary file: write it to a file (--out FILE.parquet)',
        );
      return writeAuditParquet(result, sink as ByteSink);
    default:
      throw new ComplianceError(
        'bad_format',
        `report format must be one of ${AuditReportFormats.join(', ')}, not ${String(format)}`,
      );
  }
}

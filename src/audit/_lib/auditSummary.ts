import type { Provenance } from '../../check/provenance.js';
import type { HolidayCalendar } from '../../facts/holidays.js';
import type { AuditContextEntry, AuditFindingType, AuditSummary } from '../auditTypes.js';
import type { AuditTally } from '../createAuditTally.js';
import type { LogReadStats } from '../readLogEntries.js';
import { periodsAndHolidays, withProvenance } from './localPeriod.js';
import { reportText } from './reportText.js';

export interface AuditSummaryParts {
  readonly provenance: Provenance;
  /** The calendar decisions read: the holidays of the report's period. */
  readonly holidays: HolidayCalendar;
  /** Every record's counters and every rejection, added. */
  readonly tally: AuditTally;
  readonly generatedAt: string;
  readonly source: AuditSummary['source'];
  readonly ruleset: AuditSummary['ruleset'];
  readonly options: AuditSummary['options'];
  /** The log's lines, header and blank lines (what no shard but the first reports). */
  readonly read: LogReadStats;
  /** Records (judged or rejected). */
  readonly records: number;
  readonly recordsWithHistoryField: number;
  /** Notes on reading the whole log (a mapping's columns not used, never seen): the same in every shard. */
  readonly logNotes?: readonly string[];
  /** A mapping's dimensions (the breakdowns by each) and how the log was read through it. */
  readonly dimensions?: ReadonlyArray<{ readonly name: string; readonly column: string }>;
  readonly mapping?: AuditSummary['mapping'];
  /** The contexts the records refer to, by key (any order: written sorted). */
  readonly contexts: Iterable<readonly [string, AuditContextEntry]>;
  /** The finding types of the rules that fired (the checker's rules). */
  readonly findingTypes: (ruleIds: readonly string[]) => Record<string, AuditFindingType>;
}

/**
 * The summary of an audit — from one machine's tally, or from the merged tallies of its shards: the
 * same parts give the same summary, byte for byte.
 */
export function auditSummary(parts: AuditSummaryParts): AuditSummary {
  const { read, options } = parts;
  const withHistory = parts.recordsWithHistoryField;
  // In the report's language, like the findings' messages.
  const text = reportText(parts.provenance.options.language).notes;
  const notes: string[] = [];
  if (withHistory > 0)
    notes.push(options.recordHistory === 'merge' ? text.historyMerged(withHistory) : text.historyIgnored(withHistory));
  if (read.blankLines > 0) notes.push(text.blankLines(read.blankLines));
  notes.push(...(parts.logNotes ?? []));
  const summary = withProvenance(
    parts.provenance,
    periodsAndHolidays(parts.tally.spans(), parts.holidays),
    parts.tally.summarize({
      generatedAt: parts.generatedAt,
      source: parts.source,
      ruleset: parts.ruleset,
      options,
      accounting: {
        lines: read.lines,
        headerLines: read.headerLines,
        blankLines: read.blankLines,
        recordLines: read.recordLines,
        records: parts.records,
        recordsWithHistoryField: withHistory,
      },
      notes,
      ...(parts.dimensions ? { dimensions: parts.dimensions } : {}),
    }),
  );
  const contexts = Object.fromEntries([...parts.contexts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  const tables = {
    findingTypes: parts.findingTypes(summary.byRule.map((r) => r.ruleId)),
    contexts,
  };
  if (parts.mapping === undefined) return { ...summary, ...tables };
  // The mapping is part of how the report was produced: right after the provenance.
  return Object.fromEntries([
    ...Object.entries(summary).flatMap(([k, v]) =>
      k === 'provenance'
        ? [
            [k, v],
            ['mapping', parts.mapping],
          ]
        : [[k, v]],
    ),
    ...Object.entries(tables),
  ]) as unknown as AuditSummary;
}

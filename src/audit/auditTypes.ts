import type { Readable } from 'node:stream';
import type { Checker } from '../check/createChecker.js';
import type { Provenance } from '../check/provenance.js';
import type { InputIssue } from '../errors.js';
import type { Decision, Evidence, Finding, RulesetDeviation, RulesetOverride } from '../schema/decision.js';
import type { Category, Channel, Country, RecipientRole } from '../schema/enums.js';
import type { RecordStatus } from './_lib/findingStatus.js';
import type { CheckerOptions } from '../check/createChecker.js';
import type { TallySnapshot } from './createAuditTally.js';
import type { LogReadStats } from './readLogEntries.js';
import type { AuditShard } from './shardOf.js';
import type { FieldSource } from './mapping/compileMapping.js';
import type { Mapping } from './mapping/MappingSchema.js';

export type { RecordStatus } from './_lib/findingStatus.js';

/** The shapes of an audit (docs/audit.md): what `auditLog` returns and the JSON report carries. */

export type LogFormat = 'jsonl' | 'csv' | 'parquet';

/**
 * Where the log comes from: a file (streamed; `parquet`: a file, a directory of them or a glob, read
 * through DuckDB), a string, a stream of bytes or text, or a SQL query run by DuckDB (its rows).
 */
export type AuditInput =
  | { readonly path: string; readonly format?: LogFormat }
  | { readonly sql: string; readonly name?: string }
  | { readonly text: string; readonly name?: string; readonly format?: LogFormat }
  | {
      readonly stream: Readable | AsyncIterable<string | Uint8Array>;
      readonly name?: string;
      readonly bytes?: number;
      readonly format?: LogFormat;
    };

export interface AuditProgress {
  /** `read`: validating lines and spilling them by debtor; `judge`: checking each debtor's records in time order. */
  readonly phase: 'read' | 'judge';
  readonly done: number;
  /** Bytes of the file (read) or records to judge (judge); undefined when the size is unknown. */
  readonly total: number | undefined;
  readonly unit: 'bytes' | 'records';
}

export interface AuditOptions {
  /** The one checker every record is judged with (build it once with createChecker). */
  readonly checker: Checker;
  /**
   * A record's own `history` field: `ignore` (default) — the log is the history, so a contact is never
   * counted twice; `merge` — its entries are added to the log's (deduplicated by instant and channel),
   * e.g. to carry contacts made before the log starts.
   */
  readonly recordHistory?: 'ignore' | 'merge';
  /**
   * How far back the log's earlier records are handed to the checker, in days (default 8). Every
   * frequency fact looks back at most 7 days (a rolling or calendar week), so 8 gives the same answer
   * as the whole history; raise it only for rules with a longer window.
   */
  readonly historyLookbackDays?: number;
  /** Parent directory of the temporary spill files (default: the OS temp dir). Removed by `dispose`. */
  readonly tempDir?: string;
  /** Number of debtor buckets the read pass starts with (default: from the input size, one per `bucketBytes` of log). */
  readonly buckets?: number;
  /**
   * About this much log per debtor bucket, in characters (default 4,000,000): what one bucket costs in
   * memory while it is judged. A bucket that grows past twice this (a pipe, whose size is unknown; a
   * log larger than 512 buckets) is split by debtor before it is judged.
   */
  readonly bucketBytes?: number;
  /**
   * Worker threads that judge the buckets (default: one per core, at most 4, none on a single core;
   * a log of fewer than 20,000 records is judged in the audit's own thread, unless this is given).
   * `0` judges in the audit's own thread. The report is the same whatever the number.
   */
  readonly workers?: number;
  readonly onProgress?: (progress: AuditProgress) => void;
  /**
   * Judge only the debtors of shard `index` of `count` (docs/audit.md, "Past one machine"): a debtor's
   * shard is the first 8 bytes of the SHA-256 of its debtorId's UTF-8, big-endian, modulo `count`, plus
   * 1 (`shardOf`). The whole log is read; records that name no debtor, and the log's line, header and
   * blank-line counts, belong to shard 1. The result carries `partial` (write it with `writeAuditPartial`;
   * `mergeAuditPartials` puts the shards together into the report of the whole log).
   */
  readonly shard?: AuditShard;
  /**
   * How the log's columns become the contract's fields (a mapping file, docs/audit.md "Mappings"):
   * validated with parseMapping (MappingSchema); CSV, JSON Lines and Parquet/SQL rows alike. Without
   * it, CSV columns are the contract's dotted paths and JSON lines are attempts.
   */
  readonly mapping?: Mapping | undefined;
  /** The mapping's name in messages and in the report (a file name; default `mapping`). */
  readonly mappingName?: string | undefined;
  /** The clock for `generatedAt` (default: the system clock): the only time read in an audit. */
  readonly now?: () => Date;
}

/** How the log was read through a mapping (the summary's `mapping`). */
export interface AuditMappingSummary {
  readonly name: string;
  readonly definition: Mapping;
  readonly fields: readonly FieldSource[];
  /** Fields the mapping sets with `value`: the auditor's statements about every record of the log. */
  readonly statedByAuditor: ReadonlyArray<{ readonly field: string; readonly value: unknown }>;
  /** Columns of the log that no field or dimension reads (listed once; at most 200). */
  readonly columnsNotUsed: readonly string[];
  /** JSON Lines: columns the mapping names that no record had. */
  readonly columnsNeverSeen?: readonly string[];
}

/** One judged record that has findings (violations or warnings): the check's decision, and where it was. */
export interface AuditRecord {
  /** 1-based line of the record in the log (in CSV, the line where the record starts). */
  readonly line: number;
  readonly debtorId: string;
  readonly creditorId: string | null;
  readonly country: Country;
  readonly channel: Channel;
  readonly recipientRole: RecipientRole;
  /** The `at` of the record, as written in the log. */
  readonly at: string;
  /**
   * The record's status in the audit, by its proven violations alone: `blocked`, `delayed`, or
   * `unverified` when every violation rests on what the log does not say; `allowed` (with warnings).
   */
  readonly status: RecordStatus;
  /** The rule ids of its findings that are not proven (a default read, or a zone assumed), when any. */
  readonly unverified?: readonly string[];
  /** The decision `check` gives for this attempt with the log's earlier records as history; `ruleset` is in the summary. */
  readonly decision: Omit<Decision, 'ruleset'>;
  /** The record's dimensions (the mapping's `dimensions`: agent, campaign…), null where the cell was empty; only with a mapping that names some. */
  readonly dimensions?: Readonly<Record<string, string | null>>;
}

/**
 * A finding of a record as the JSON report writes it (formatVersion 2): its rule (whose category,
 * severity, citation and message template are the report's `findingTypes[ruleId]`), the facts it read,
 * the earlier contact it counted; `message` only when it is not the template filled with the facts;
 * anything else a finding carries (`missingFacts`, `timeZones`, …) as in the decision.
 */
export interface AuditFindingCompact {
  readonly ruleId: string;
  readonly facts: Evidence['facts'];
  readonly earlierContact?: Evidence['earlierContact'];
  readonly message?: string;
  readonly missingFacts?: readonly string[];
  readonly timeZones?: readonly string[];
  /** Evidence beyond `facts` and `earlierContact`, when a finding has any. */
  readonly evidence?: Readonly<Record<string, unknown>>;
}

/** A record with findings as the JSON report writes it (formatVersion 2; `expandAuditRecord` gives the whole decision). */
export interface AuditRecordCompact {
  readonly line: number;
  readonly debtorId: string;
  readonly creditorId: string | null;
  readonly country: Country;
  readonly channel: Channel;
  readonly recipientRole: RecipientRole;
  readonly at: string;
  readonly status: RecordStatus;
  readonly unverified?: readonly string[];
  readonly attemptId: string | null;
  readonly verdict: Decision['verdict'];
  readonly nextAllowedAt: string | null;
  /** The debtor's local time (`context.localTime`); the weekday follows from it. */
  readonly localTime: string;
  readonly daysPastDue: number;
  /** The holiday of the local date, when there is one (`context.holiday`; null otherwise). */
  readonly holiday?: string;
  /** The key of the rest of the decision's context in the report's `contexts`. */
  readonly context: string;
  /** Absent when none. */
  readonly violations?: readonly AuditFindingCompact[];
  readonly warnings?: readonly AuditFindingCompact[];
  /** As in `AuditRecord`. */
  readonly dimensions?: Readonly<Record<string, string | null>>;
}

/** What every finding of a rule repeats, written once in the JSON report (`findingTypes`). */
export interface AuditFindingType {
  readonly category: Category;
  readonly severity: Finding['severity'];
  readonly statutory: boolean;
  readonly citation: Finding['citation'];
  readonly reference?: string;
  /** The message, with `{fact}` placeholders filled from the finding's facts (and the record's channel and local date). */
  readonly message: string;
}

/** The part of a decision's context that records share (`contexts` in the JSON report). */
export type AuditContextEntry = Pick<
  Decision['context'],
  'timeZone' | 'timeZoneSource' | 'candidateTimeZones' | 'timeZoneEvidence' | 'holidaysCovered' | 'assumptions'
> &
  Readonly<Record<string, unknown>>;

/** A line (or CSV record) that could not be judged, and why: every bad field with its path. */
export interface AuditRejection {
  readonly line: number;
  readonly issues: readonly InputIssue[];
  /** The start of the line as read (at most 120 characters), to find it by eye. */
  readonly excerpt: string;
}

/**
 * Counts of one slice of the records (a country, a channel, a day), by the records' status in the
 * audit: `records = allowed + delayed + blocked + unverified`.
 */
export interface VerdictCounts {
  readonly records: number;
  readonly allowed: number;
  /** Records whose proven violations are all about time (hours, holiday, frequency). */
  readonly delayed: number;
  /** Records with a proven violation that waiting cannot cure. */
  readonly blocked: number;
  /** Records with violations none of which is proven: not counted as delayed or blocked. */
  readonly unverified: number;
  /** Proven blocking findings (one record may have several). */
  readonly violations: number;
  /** Blocking findings that are not proven (they rest on a default, or on a zone assumed). */
  readonly unverifiedViolations: number;
  readonly warnings: number;
}

export interface RuleTally {
  readonly ruleId: string;
  readonly country: Country;
  readonly category: Category;
  readonly severity: Finding['severity'];
  readonly statutory: boolean;
  readonly citation: Finding['citation'];
  /** Records on which the rule fired: `proven + unverified`. */
  readonly records: number;
  /** Of those, the records where it rests on what the log says. */
  readonly proven: number;
  /** Of those, the records where it rests on a default or on a zone assumed. */
  readonly unverified: number;
  /** Of those, the records by channel. */
  readonly byChannel: Readonly<Partial<Record<Channel, number>>>;
  readonly firstLine: number;
  /** A message of the rule as rendered for one record (the first in the log). */
  readonly example: string;
}

/** One reason findings could not be proven, and how many records it touched. */
export type UnverifiedReason = (
  | { readonly kind: 'defaulted'; readonly fact: string }
  | { readonly kind: 'assumption'; readonly assumption: 'time_zone' }
) & { readonly records: number; readonly rules: readonly string[] };

export interface AuditSummary {
  readonly report: 'cobranza-compliance/audit';
  /** 2: records compact, referring to `findingTypes` and `contexts` (docs/audit.md). */
  readonly formatVersion: 2;
  readonly generatedAt: string;
  readonly source: {
    readonly name: string;
    readonly format: LogFormat | 'sql';
    readonly bytes: number | null;
    /** The text encoding a CSV or JSON Lines log was decoded with, when it was not UTF-8 without a byte-order mark. */
    readonly encoding?: string;
    /** The query the rows came from (`--sql`, or the one built for `--input-format parquet`). */
    readonly sql?: string;
  };
  /**
   * The rules the log was judged with. As in a decision's `ruleset`, and only when there is something
   * to list: `customRules` (the rule files are not the shipped ones), `deviations` (acknowledged
   * loosenings of shipped statutory rules), `overrides` (rule overrides in force).
   */
  readonly ruleset: {
    readonly version: string;
    readonly countries: readonly Country[];
    readonly customRules?: true;
    readonly deviations?: readonly RulesetDeviation[];
    readonly overrides?: readonly RulesetOverride[];
  };
  readonly options: { readonly recordHistory: 'ignore' | 'merge'; readonly historyLookbackDays: number };
  /**
   * How the report was produced: every option of the checker (direct contact, week, language,
   * horizon, countries), every override (`statutory` marks a rule of law), the custom rule files and
   * acknowledged deviations, and the versions of the library, the ruleset, the holiday data and the
   * runtime's time-zone database (`checker.provenance`). `provenance`, `localPeriod` and `holidays`
   * are always in the summary `auditLog` returns.
   */
  readonly provenance?: Provenance;
  /**
   * Every line is accounted for: `lines = headerLines + blankLines + recordLines` and
   * `records = evaluated + rejected`. In JSON Lines a record is one line (`recordLines = records`); in
   * CSV a quoted field may span lines (`recordLines >= records`).
   */
  readonly accounting: {
    readonly lines: number;
    readonly headerLines: number;
    readonly blankLines: number;
    readonly recordLines: number;
    readonly records: number;
    readonly evaluated: number;
    readonly rejected: number;
    readonly balanced: boolean;
    /** Records that carried a `history` field of their own, and what was done with it. */
    readonly recordsWithHistoryField: number;
  };
  /** The earliest and latest `at` among evaluated records (UTC). */
  readonly period: { readonly from: string | null; readonly to: string | null };
  /**
   * The same, per country, as local times of the country's reference zone (`timeZone`: Bogotá,
   * Mexico City, Madrid); each record itself is judged on its debtor's own clock.
   */
  readonly localPeriod?: ReadonlyArray<{
    readonly country: Country;
    readonly timeZone: string;
    readonly from: string;
    readonly to: string;
  }>;
  /** The national public holidays of each country between the first and last local dates of the log (what the checker read). */
  readonly holidays?: ReadonlyArray<{ readonly date: string; readonly country: Country; readonly name: string }>;
  readonly totals: VerdictCounts & {
    readonly debtors: number;
    /** Records with at least one blocking finding (delayed + blocked). */
    readonly notAllowed: number;
    /** Allowed records that carry a warning. */
    readonly allowedWithWarnings: number;
  };
  /** Rules that fired, most proven records first. */
  readonly byRule: readonly RuleTally[];
  /**
   * Why findings are unverified, most records first: each fact a finding read from a default
   * (`kind: defaulted`, the fact's name) and each conservative assumption (`kind: assumption`,
   * `time_zone`: it fired in some of the debtor's candidate zones only), with the records whose
   * violations rest on it and the rules that read it. A record may rest on several.
   */
  readonly unverifiedBy: readonly UnverifiedReason[];
  readonly byCategory: ReadonlyArray<{
    readonly category: Category;
    /** Proven violations. */
    readonly violations: number;
    readonly unverified: number;
    readonly warnings: number;
  }>;
  readonly byCountry: ReadonlyArray<VerdictCounts & { readonly country: Country; readonly debtors: number }>;
  readonly byChannel: ReadonlyArray<VerdictCounts & { readonly channel: Channel }>;
  /** By the debtor's local date. */
  readonly byDate: ReadonlyArray<VerdictCounts & { readonly date: string }>;
  /**
   * Records by the debtor's local weekday (rows, 1 = Monday … 7 = Sunday) and hour (columns, 0–23):
   * all records, and those not allowed.
   */
  readonly heatmap: { readonly records: readonly number[][]; readonly notAllowed: readonly number[][] };
  /** The debtors with most records not allowed (at most 20). */
  readonly topDebtors: ReadonlyArray<{
    readonly debtorId: string;
    readonly countries: readonly Country[];
    readonly records: number;
    readonly notAllowed: number;
    readonly violations: number;
    readonly topRules: readonly string[];
  }>;
  /**
   * Records by creditor (`creditorId`; null: none given), most violations first. At most 10,000
   * creditors one by one (the smallest ids, in code-unit order); the others are not listed.
   */
  readonly byCreditor: ReadonlyArray<VerdictCounts & { readonly creditorId: string | null }>;
  /**
   * With a mapping that names `dimensions`: for each (in the mapping's order), the records by its
   * value (null: empty cell), most violations first. A dimension with more than 10,000 values counts
   * the smallest 10,000 (code-unit order) one by one and the rest together in `other`.
   */
  readonly byDimension?: ReadonlyArray<{
    readonly name: string;
    readonly column: string;
    readonly values: ReadonlyArray<VerdictCounts & { readonly value: string | null }>;
    readonly other?: VerdictCounts;
  }>;
  /**
   * With a mapping: the mapping as given, where each field came from, the fields the auditor stated
   * for the whole log (`value`: stated, not defaulted — and not the record's own), and the columns of
   * the log that nothing read.
   */
  readonly mapping?: AuditMappingSummary;
  /** Rejections by field and code, most frequent first. */
  readonly rejectedBy: ReadonlyArray<{
    readonly path: string;
    readonly code: string;
    readonly count: number;
    readonly firstLine: number;
  }>;
  /** Records with findings (violations or warnings), the number the JSON `records` array holds. */
  readonly recordsWithFindings: number;
  readonly notes: readonly string[];
  /**
   * What every finding of a rule repeats, by rule id, for the rules that fired (category, severity,
   * statutory, citation, reference, message template): the JSON report's records name the rule only.
   */
  readonly findingTypes?: Readonly<Record<string, AuditFindingType>>;
  /** The shared part of the records' decision contexts (zones, evidence of place, holidays covered, assumptions), by key. */
  readonly contexts?: Readonly<Record<string, AuditContextEntry>>;
}

/** What identifies the log a shard read: the merge refuses shards of different logs. */
export interface AuditLogIdentity {
  readonly name: string;
  readonly format: LogFormat;
  readonly bytes: number | null;
  /** SHA-256 (hex) of the log's bytes as read. */
  readonly sha256: string;
}

/** What a shard's partial result holds beyond its records and rejections (see `AuditOptions.shard`). */
export interface AuditPartialState {
  readonly shard: AuditShard;
  readonly log: AuditLogIdentity;
  /** The log's line counts: shard 1 reports them, the others null. */
  readonly read: LogReadStats | null;
  /** Records of this shard's debtors (and, in shard 1, of no debtor): judged or rejected. */
  readonly records: number;
  /** Records read and left to other shards. */
  readonly elsewhere: number;
  readonly recordsWithHistoryField: number;
  /** The options the checker was built from: the merge builds the same checker (its version must agree). */
  readonly checkerOptions: CheckerOptions | undefined;
  /** What the summary takes from reading the whole log (the same in every shard): its source, a mapping's parts, notes. */
  readonly extras: {
    readonly source: AuditSummary['source'];
    readonly logNotes: readonly string[];
    readonly dimensions?: ReadonlyArray<{ readonly name: string; readonly column: string }>;
    readonly mapping?: AuditSummary['mapping'];
  };
  /** The contexts this shard's records refer to, by key. */
  readonly contexts: ReadonlyArray<readonly [string, AuditContextEntry]>;
  /** The mergeable counters of this shard's records (not its rejections: the merge adds them in log order). */
  readonly tally: TallySnapshot;
}

export interface AuditResult {
  readonly summary: AuditSummary;
  /** With `shard`: what a partial result holds beyond the reports' content (`writeAuditPartial`). */
  readonly partial?: AuditPartialState;
  /** The records with findings, in log order (read back from disk: memory stays bounded). */
  records(): AsyncIterable<AuditRecord>;
  /** The same records as JSON text, one per item: what the JSON report writes without re-encoding. */
  recordsJson(): AsyncIterable<string>;
  /** The rejected lines, in log order. */
  rejections(): AsyncIterable<AuditRejection>;
  /** Remove the temporary files. The iterators above are unusable afterwards. */
  dispose(): Promise<void>;
}

export { createChecker, type Checker, type CheckerOptions, type WindowsRange } from './check/createChecker.js';
export type { LawfulWindow, WindowsResult } from './check/lawfulWindows.js';
export { check } from './check/check.js';
export { parseAttempt, safeParseAttempt, type SafeParseResult } from './check/parseAttempt.js';
export { loadRulePacks, type RulePack, type RuleSource } from './rules/loadRulePacks.js';
export { loadRuleSourcesFromDir } from './rules/loadRuleSourcesFromDir.js';
export { defaultRuleSources } from './rules/defaultRuleSources.js';
export { ruleCatalog, type CatalogEntry } from './rules/ruleCatalog.js';
export type { RuleOverride } from './engine/compileRulePack.js';
export type { FrequencyOptions } from './facts/frequencyFacts.js';
export { FACTS } from './facts/factCatalog.js';
export { AttemptSchema, type Attempt, type AttemptInput, type HistoryEntry } from './schema/attempt.js';
export {
  DecisionSchema,
  DeviationKinds,
  FindingSchema,
  RulesetDeviationSchema,
  RulesetOverrideSchema,
  type Decision,
  type Finding,
  type RulesetDeviation,
  type RulesetOverride,
  type Verdict,
} from './schema/decision.js';
export { RuleFileSchema, type Rule, type RuleFile } from './schema/rule.js';
export * from './schema/enums.js';
export { ComplianceError, InputError, RuleConfigError, RuntimeDataError, type InputIssue } from './errors.js';
export { VERSION } from './version.js';
export { auditLog } from './audit/auditLog.js';
export type {
  AuditInput,
  AuditOptions,
  AuditProgress,
  AuditRecord,
  AuditRejection,
  AuditResult,
  AuditSummary,
  LogFormat,
  RecordStatus,
  RuleTally,
  UnverifiedReason,
  VerdictCounts,
} from './audit/auditTypes.js';
export { writeAuditReport, AuditReportFormats, type AuditReportFormat } from './audit/writeAuditReport.js';
export { auditProvenance, csvCompanionPaths, writeAuditRejectedCsv } from './audit/writeAuditCsv.js';
export type { HumanReportOptions } from './audit/renderAuditMarkdown.js';
export { createFileSink, type TextSink } from './audit/createFileSink.js';
export { csvColumns, type CsvColumn, type CsvColumnKind } from './audit/csvColumns.js';

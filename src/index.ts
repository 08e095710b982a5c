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
export {
  ComplianceError,
  InputError,
  MappingError,
  RuleConfigError,
  RuntimeDataError,
  type InputIssue,
} from './errors.js';
export { VERSION } from './version.js';
export { auditLog } from './audit/auditLog.js';
export type {
  AuditContextEntry,
  AuditFindingCompact,
  AuditFindingType,
  AuditInput,
  AuditLogIdentity,
  AuditRecordCompact,
  AuditMappingSummary,
  AuditOptions,
  AuditPartialState,
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
export { shardOf, parseShard, type AuditShard } from './audit/shardOf.js';
export { expandAuditRecord, type RecordTables } from './audit/compactRecord.js';
export { mergeAuditPartials, type MergeOptions } from './audit/mergeAuditPartials.js';
export type { HumanReportOptions } from './audit/renderAuditMarkdown.js';
export { createFileSink, type TextSink } from './audit/createFileSink.js';
export { csvColumns, type CsvColumn, type CsvColumnKind } from './audit/csvColumns.js';
export { openDecisionLog, openDecisionLogSync } from './decisionLog/openDecisionLog.js';
export type { DecisionLog, RecordedDecision } from './decisionLog/decisionLog.js';
export type { DecisionLogOptions } from './decisionLog/decisionLogOptions.js';
export type { DecisionRecord } from './decisionLog/decisionChain.js';
export { verifyDecisionLog, type LogVerification, type VerifyOptions } from './decisionLog/verifyDecisionLog.js';
export type { ChainVerification, CheckpointSeen, LogProblem } from './decisionLog/logVerifier.js';
export {
  proveDecision,
  verifyInclusionProof,
  type ProofVerification,
  type ProveOptions,
} from './decisionLog/proveDecision.js';
export { generateNoteKey } from './decisionLog/noteKey.js';
export { canonicalJson } from './decisionLog/canonicalJson.js';
export {
  DecisionEntrySchema,
  DecisionLogLineSchema,
  InclusionProofSchema,
  type DecisionEntry,
  type DecisionKeys,
  type Durability,
  type InclusionProof,
} from './schema/decisionLogLine.js';
export { MappingSchema, MappingEncodings, type Mapping, type FieldSpec } from './audit/mapping/MappingSchema.js';
export { parseMapping } from './audit/mapping/parseMapping.js';
export type { FieldSource } from './audit/mapping/compileMapping.js';
export { dryRunMapping, type MappingDryRun } from './audit/mapping/dryRunMapping.js';

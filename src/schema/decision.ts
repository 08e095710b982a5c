import { z } from 'zod';
import { CategorySchema, ChannelSchema, OutcomeSchema } from './enums.js';
import { CitationSchema } from './rule.js';

/** What a rule read when it fired: the facts, and for a frequency rule the earlier contact that counted. */
export const EvidenceSchema = z.strictObject({
  /** The facts the rule requires, as read in the first zone where it fired (`localTime` is HH:mm; null: missing). */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** Frequency rules: the latest earlier contact the count included (in an audit, with its log line). */
  earlierContact: z.strictObject({
    at: z.string(),
    channel: ChannelSchema,
    outcome: OutcomeSchema.optional(),
    line: z.number().int().optional(),
  }).optional(),
});

export const FindingSchema = z.strictObject({
  ruleId: z.string(),
  category: CategorySchema,
  severity: z.enum(['block', 'warn']),
  statutory: z.boolean(),
  message: z.string(),
  citation: CitationSchema,
  /** For policy rules: what the default mirrors (never law for this case). */
  reference: z.string().optional(),
  /** Facts the rule needed and could not get: the finding is the fail-closed answer. */
  missingFacts: z.array(z.string()).optional(),
  /** The candidate zones in which the rule fired, when the debtor's zone is one of several. */
  timeZones: z.array(z.string()).optional(),
  evidence: EvidenceSchema.optional(),
});

export const DecisionSchema = z.strictObject({
  attemptId: z.string().nullable(),
  verdict: z.enum(['allow', 'delay', 'block']),
  allowed: z.boolean(),
  nextAllowedAt: z.string().nullable(),
  violations: z.array(FindingSchema),
  warnings: z.array(FindingSchema),
  context: z.looseObject({
    timeZone: z.string(),
    timeZoneSource: z.enum(['explicit', 'region', 'phone', 'country']),
    candidateTimeZones: z.array(z.string()),
    localTime: z.string(),
    weekday: z.number().int().min(1).max(7),
    holiday: z.string().nullable(),
    holidaysCovered: z.string(),
    daysPastDue: z.number().int(),
    /** What the check assumed because a fact was missing (the conservative reading it took). */
    assumptions: z.array(z.string()),
  }),
  ruleset: z.strictObject({ version: z.string(), evaluatedRules: z.array(z.string()) }),
});

export type Finding = z.infer<typeof FindingSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Decision = z.infer<typeof DecisionSchema>;
export type Verdict = Decision['verdict'];

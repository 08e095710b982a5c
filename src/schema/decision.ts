import { z } from 'zod';
import { CategorySchema, ChannelSchema, OutcomeSchema } from './enums.js';
import { CitationSchema } from './rule.js';

/** What a rule read when it fired: the facts, and for a frequency rule the earlier contact that counted. */
export const EvidenceSchema = z.strictObject({
  /** The facts the rule requires, as read in the first zone where it fired (`localTime` is HH:mm; null: missing). */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** Frequency rules: the latest earlier contact the count included (in an audit, with its log line). */
  earlierContact: z
    .strictObject({
      at: z.string(),
      channel: ChannelSchema,
      outcome: OutcomeSchema.optional(),
      line: z.number().int().optional(),
    })
    .optional(),
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

/** How a rule set departs from the shipped statutory floor (src/rules/checkStatutoryFloor.ts). */
export const DeviationKinds = [
  'removed',
  'disabled',
  'downgraded',
  'redated',
  'conditions_changed',
  'relabelled',
  'calendar_changed',
] as const;

/** A loosening of a shipped statutory rule (or of the calendar one reads) that the caller acknowledged. */
export const RulesetDeviationSchema = z.strictObject({
  /** The rule's id, or `<cc>.calendar` for a country's holiday calendar. */
  ruleId: z.string(),
  kind: z.enum(DeviationKinds),
  /** `rules`: the rule files differ from the shipped ones; `override`: `ruleOverrides` / `--override`. */
  source: z.enum(['rules', 'override']),
  /** What changed, e.g. `severity block → warn (custom/co/hours.json)`. */
  detail: z.string(),
  /** Always true: an unacknowledged deviation is refused when the checker is built. */
  acknowledged: z.literal(true),
});

/** A rule override in force (`ruleOverrides` / `--override`). */
export const RulesetOverrideSchema = z.strictObject({
  ruleId: z.string(),
  change: z.enum(['off', 'on', 'block', 'warn']),
  /** The rule is law (statutory), not a policy default. */
  statutory: z.boolean(),
});

/**
 * Which rules decided. The optional fields appear only when the rules are not the shipped defaults:
 * `customRules` when the rule files differ from the shipped ones, `deviations` when a shipped statutory
 * rule was loosened (acknowledged), `overrides` when rule overrides are in force.
 */
export const RulesetSchema = z.strictObject({
  version: z.string(),
  evaluatedRules: z.array(z.string()),
  customRules: z.literal(true).optional(),
  deviations: z.array(RulesetDeviationSchema).optional(),
  overrides: z.array(RulesetOverrideSchema).optional(),
});

export const DecisionSchema = z.strictObject({
  attemptId: z.string().nullable(),
  /** The decision's entry in the decision log (`decisionLog` / `--decision-log`); absent when none is kept. */
  decisionId: z.string().optional(),
  verdict: z.enum(['allow', 'delay', 'block']),
  allowed: z.boolean(),
  nextAllowedAt: z.string().nullable(),
  violations: z.array(FindingSchema),
  warnings: z.array(FindingSchema),
  context: z.looseObject({
    timeZone: z.string(),
    timeZoneSource: z.enum(['explicit', 'region', 'phone', 'country']),
    candidateTimeZones: z.array(z.string()),
    /**
     * Each source of evidence of place (explicit zone, region, phone; country when there is none) and
     * the zones it allowed. `candidateTimeZones` is their union: the window must hold in all of them.
     */
    timeZoneEvidence: z
      .array(
        z.strictObject({
          source: z.enum(['explicit', 'region', 'phone', 'country']),
          zones: z.array(z.string()),
        }),
      )
      .optional(),
    localTime: z.string(),
    weekday: z.number().int().min(1).max(7),
    holiday: z.string().nullable(),
    holidaysCovered: z.string(),
    daysPastDue: z.number().int(),
    /** What the check assumed because a fact was missing (the conservative reading it took). */
    assumptions: z.array(z.string()),
  }),
  ruleset: RulesetSchema,
});

export type Finding = z.infer<typeof FindingSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Decision = z.infer<typeof DecisionSchema>;
export type Verdict = Decision['verdict'];
export type RulesetDeviation = z.infer<typeof RulesetDeviationSchema>;
export type RulesetOverride = z.infer<typeof RulesetOverrideSchema>;

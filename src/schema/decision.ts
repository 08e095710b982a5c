import { z } from 'zod';
import { CategorySchema } from './enums.js';
import { CitationSchema } from './rule.js';

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
    /**
     * Each source of evidence of place (explicit zone, region, phone; country when there is none) and
     * the zones it allowed. `candidateTimeZones` is their union: the window must hold in all of them.
     */
    timeZoneEvidence: z.array(z.strictObject({
      source: z.enum(['explicit', 'region', 'phone', 'country']),
      zones: z.array(z.string()),
    })).optional(),
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
export type Decision = z.infer<typeof DecisionSchema>;
export type Verdict = Decision['verdict'];

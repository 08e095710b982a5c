import { z } from 'zod';
import { DecisionSchema, FindingSchema, RulesetSchema } from './decision.js';

/** A lawful window: the half-open interval `[from, to)`, as instants in the debtor's primary offset. */
export const LawfulWindowSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
});

/** What `checker.windows` and `windows` return for one attempt (docs/contract.md). */
export const WindowsResultSchema = z.strictObject({
  attemptId: z.string().nullable(),
  /** The maximal intervals between `at` and `until` in which the same attempt would be allowed, in order. */
  windows: z.array(LawfulWindowSchema),
  /** When there is no window: the violations at `at` that waiting cannot cure (third party, mora, channel, holds…). */
  blockedBy: z.array(FindingSchema),
  /** The decision's context at `at`, and the range searched (`from` is `at`). */
  context: DecisionSchema.shape.context.extend({ from: z.string(), until: z.string() }),
  ruleset: RulesetSchema,
});

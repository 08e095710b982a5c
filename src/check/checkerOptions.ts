import { z } from 'zod';
import { ComplianceError } from '../errors.js';
import { CountrySchema } from '../schema/enums.js';
import { didYouMean } from '../_lib/didYouMean.js';
import { isDecisionLog } from '../decisionLog/decisionLog.js';

/**
 * The options of `createChecker`, checked when the checker is built: a misspelt key (`langauge`), a
 * language we do not ship (`fr`), a negative horizon — each is an error naming the option, never a
 * silent default nor a crash at the first check.
 */
export const CheckerOptionsSchema = z.strictObject({
  countries: z.array(CountrySchema).min(1).optional(),
  language: z.enum(['es', 'en']).optional(),
  ruleOverrides: z
    .record(
      z.string(),
      z.strictObject({
        enabled: z.boolean().optional(),
        severity: z.enum(['block', 'warn']).optional(),
      }),
    )
    .optional(),
  frequency: z
    .strictObject({
      directContact: z.enum(['attempt', 'two_way']).optional(),
      week: z.enum(['rolling', 'calendar']).optional(),
    })
    .optional(),
  rules: z.array(z.strictObject({ path: z.string(), data: z.unknown() })).optional(),
  acknowledgeDeviations: z.array(z.string()).optional(),
  /** Days ahead searched for nextAllowedAt: at least one (a delay must be able to end), at most a year and a day. */
  horizonDays: z.number().int().min(1).max(366).optional(),
  evaluator: z.enum(['compiled', 'reference']).optional(),
  decisionLog: z
    .custom((v) => isDecisionLog(v), 'expected a decision log opened by openDecisionLog or openDecisionLogSync')
    .optional(),
});

/** Throws a ComplianceError (`invalid_option`) naming every bad option. */
export function assertCheckerOptions(options: unknown): void {
  const r = CheckerOptionsSchema.safeParse(options ?? {});
  if (r.success) return;
  const lines = r.error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys') {
      return i.keys
        .map((k) => {
          const known = Object.keys(shapeAt(i.path));
          const hint = didYouMean(k, known);
          return `${path ? `${path}.` : ''}${k}: unknown option${hint ? ` (did you mean ${hint}?)` : ''}`;
        })
        .join('\n');
    }
    return `${path || '(options)'}: ${i.message}`;
  });
  throw new ComplianceError('invalid_option', `createChecker: ${lines.join('\n')}`);
}

/** The keys the options accept at a path (top level, or `frequency`, or a rule override). */
function shapeAt(path: ReadonlyArray<PropertyKey>): Record<string, unknown> {
  if (path.length === 0) return CheckerOptionsSchema.shape;
  if (path[0] === 'frequency') return { directContact: 1, week: 1 };
  if (path[0] === 'ruleOverrides') return { enabled: 1, severity: 1 };
  return {};
}

import type { AttemptInput } from '../src/index.js';
import { describe, expect, it } from 'vitest';
import { createChecker, DecisionSchema, InputError, type Checker, type CheckerOptions } from '../src/index.js';
import { loadCases } from './_lib/caseTables.js';

/** One harness runs every case table under test/cases/<cc>/<topic>.json. */
const cases = loadCases();
const checkers = new Map<string, Checker>();

function checkerFor(options: Record<string, unknown> | undefined): Checker {
  const key = JSON.stringify(options ?? {});
  let c = checkers.get(key);
  if (!c) {
    c = createChecker(options as CheckerOptions);
    checkers.set(key, c);
  }
  return c;
}

describe.each([...new Set(cases.map((c) => c.file))])('%s', (file) => {
  it.each(cases.filter((c) => c.file === file).map((c) => [c.description, c] as const))('%s', async (_d, c) => {
    const checker = checkerFor({ ...c.tableOptions, ...c.options });
    if (c.expected.verdict === 'refused') {
      const error = await checker.check(c.attemptInput as AttemptInput).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, 'refused: no decision').toBeInstanceOf(InputError);
      expect((error as InputError).issues.map((i) => ({ path: i.path, code: i.code }))).toContainEqual(
        c.expected.refusal,
      );
      return;
    }
    const decision = await checker.check(c.attemptInput as AttemptInput);
    expect(DecisionSchema.safeParse(decision).success).toBe(true);
    const got = {
      verdict: decision.verdict,
      violations: decision.violations.map((v) => v.ruleId).sort(),
      ...(c.expected.warnings ? { warnings: decision.warnings.map((w) => w.ruleId).sort() } : {}),
      ...(c.expected.nextAllowedAt !== undefined ? { nextAllowedAt: decision.nextAllowedAt } : {}),
    };
    const want = {
      verdict: c.expected.verdict,
      violations: [...c.expected.violations].sort(),
      ...(c.expected.warnings ? { warnings: [...c.expected.warnings].sort() } : {}),
      ...(c.expected.nextAllowedAt !== undefined ? { nextAllowedAt: c.expected.nextAllowedAt } : {}),
    };
    expect(got).toEqual(want);
    if (c.expected.context) expect(decision.context).toMatchObject(c.expected.context);
    const notEvaluated = c.expected.notEvaluated ?? [];
    for (const id of notEvaluated) expect(decision.ruleset.evaluatedRules, `${id} is not in force`).not.toContain(id);
    for (const id of c.about.filter((a) => !notEvaluated.includes(a)))
      expect(decision.ruleset.evaluatedRules, `${id} must be evaluated`).toContain(id);
  });
});

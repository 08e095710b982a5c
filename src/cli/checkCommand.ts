import type { Checker } from '../check/createChecker.js';
import { safeParseAttempt } from '../check/parseAttempt.js';
import { InputError, type InputIssue } from '../errors.js';
import { inertJson } from '../_lib/inertJson.js';
import type { Attempt } from '../schema/attempt.js';
import type { Decision } from '../schema/decision.js';
import { readAttempts } from './readAttempts.js';

/**
 * `check FILE|-`: every attempt is validated before any is judged, so bad input prints no decision.
 * Returns the text for stdout and the exit code (0 all allowed, 1 some not allowed).
 */
export async function checkCommand(text: string, checker: Checker): Promise<{ stdout: string; exitCode: 0 | 1 }> {
  const { shape, items } = readAttempts(text);
  const attempts: Attempt[] = [];
  const issues: InputIssue[] = [];
  items.forEach((item, i) => {
    const r = safeParseAttempt(item);
    const where = shape === 'object' ? '' : shape === 'array' ? `[${i}].` : `attempt ${i + 1}: `;
    if (r.success) attempts.push(r.data);
    else issues.push(...r.error.issues.map((x) => ({ ...x, path: `${where}${x.path}` })));
  });
  if (issues.length > 0) throw new InputError(issues);
  if (attempts.length === 0) throw new InputError([{ path: '(input)', code: 'empty', message: 'no attempt given, nothing to judge' }]);
  for (const a of attempts) {
    if (!checker.packs.has(a.jurisdiction.country)) {
      throw new InputError([{ path: 'jurisdiction.country', code: 'not_loaded', message: `${a.jurisdiction.country} has no rules loaded` }]);
    }
  }
  const decisions: Decision[] = [];
  for (const a of attempts) decisions.push(await checker.checkAttempt(a));
  // Bidi and invisible characters echoed from the input (an attempt's id) as \u escapes: same JSON, inert text.
  const stdout = inertJson(shape === 'object'
    ? `${JSON.stringify(decisions[0], null, 2)}\n`
    : shape === 'array'
      ? `${JSON.stringify(decisions, null, 2)}\n`
      : decisions.map((d) => `${JSON.stringify(d)}\n`).join(''));
  return { stdout, exitCode: decisions.every((d) => d.allowed) ? 0 : 1 };
}

import type { Checker } from '../check/createChecker.js';
import { safeParseAttempt } from '../check/parseAttempt.js';
import { InputError, type InputIssue } from '../errors.js';
import { inertJson } from '../_lib/inertJson.js';
import { showInvisible } from '../_lib/showInvisible.js';
import type { Attempt } from '../schema/attempt.js';
import type { Decision } from '../schema/decision.js';
import { readAttempts, type InputShape } from './readAttempts.js';

export interface CheckCommandOptions {
  /** `json` (default): decisions in the shape of the input; `text`: one line per attempt and a summary. */
  readonly format?: 'json' | 'text';
  /** The file's name in parse errors (`NAME:LINE:COLUMN`). */
  readonly name?: string;
}

/**
 * `check FILE|-`: every attempt is validated before any is judged, so bad input prints no decision.
 * Returns the text for stdout and the exit code (0 all allowed, 1 some not allowed).
 */
export async function checkCommand(
  text: string,
  checker: Checker,
  options: CheckCommandOptions = {},
): Promise<{ stdout: string; exitCode: 0 | 1 }> {
  const { shape, attempts } = readValidAttempts(text, checker, options.name);
  const decisions: Decision[] = [];
  for (const a of attempts) decisions.push(await checker.checkAttempt(a));
  const stdout = options.format === 'text' ? decisionsText(decisions) : decisionsJson(shape, decisions);
  return { stdout, exitCode: decisions.every((d) => d.allowed) ? 0 : 1 };
}

/** The attempts of the input, all valid and of a loaded country, or an InputError naming every bad field. */
export function readValidAttempts(
  text: string,
  checker: Checker,
  name?: string,
): { shape: InputShape; attempts: Attempt[] } {
  const { shape, items } = readAttempts(text, name);
  const attempts: Attempt[] = [];
  const issues: InputIssue[] = [];
  items.forEach((item, i) => {
    const r = safeParseAttempt(item);
    const where = shape === 'object' ? '' : shape === 'array' ? `[${i}].` : `attempt ${i + 1}: `;
    if (r.success) attempts.push(r.data);
    else issues.push(...r.error.issues.map((x) => ({ ...x, path: `${where}${x.path}` })));
  });
  if (issues.length > 0) throw new InputError(issues);
  if (attempts.length === 0)
    throw new InputError([{ path: '(input)', code: 'empty', message: 'no attempt given, nothing to judge' }]);
  for (const a of attempts) {
    if (!checker.packs.has(a.jurisdiction.country)) {
      throw new InputError([
        { path: 'jurisdiction.country', code: 'not_loaded', message: `${a.jurisdiction.country} has no rules loaded` },
      ]);
    }
  }
  return { shape, attempts };
}

/** Results in the shape of the input (object, array, JSON Lines); bidi and invisible characters echoed from the input as \u escapes. */
export function decisionsJson(shape: InputShape, results: readonly unknown[]): string {
  return inertJson(
    shape === 'object'
      ? `${JSON.stringify(results[0], null, 2)}\n`
      : shape === 'array'
        ? `${JSON.stringify(results, null, 2)}\n`
        : results.map((d) => `${JSON.stringify(d)}\n`).join(''),
  );
}

/** An id from the input, for a terminal: control, bidi and invisible characters shown as ⟨U+XXXX⟩; `#N` when there is none. */
export function idText(id: string | null | undefined, index: number): string {
  return id === null || id === undefined ? `#${index + 1}` : showInvisible(id);
}

/** "2026-03-02T07:00:00-05:00" → "2026-03-02 07:00": an instant already in the debtor's offset, as local time. */
export function localText(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * `--format text`: one line per attempt — id, verdict, the debtor's local time and zone, the next
 * lawful instant (local) for a delay, and the ids of the rules broken — then a summary: how many were
 * not allowed, by category of what broke ("12 of 40 not allowed: 9 hours, 3 frequency").
 */
export function decisionsText(decisions: readonly Decision[]): string {
  const rows = decisions.map((d, i) => [
    idText(d.attemptId, i),
    d.verdict,
    `${d.context.localTime.replace('T', ' ')} ${d.context.timeZone}`,
    d.nextAllowedAt ? `next ${localText(d.nextAllowedAt)}` : '',
    [...d.violations.map((v) => v.ruleId), ...d.warnings.map((w) => `(warn ${w.ruleId})`)].join(' '),
  ]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => (c < 4 ? cell.padEnd(widths[c]! + cell.length - [...cell].length) : cell))
      .join('  ')
      .trimEnd(),
  );
  const notAllowed = decisions.filter((d) => !d.allowed);
  const byCategory = new Map<string, number>();
  for (const d of notAllowed)
    for (const c of new Set(d.violations.map((v) => v.category))) byCategory.set(c, (byCategory.get(c) ?? 0) + 1);
  const categories = [...byCategory]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c, n]) => `${n} ${c}`)
    .join(', ');
  const summary =
    notAllowed.length === 0
      ? `all ${decisions.length} allowed`
      : `${notAllowed.length} of ${decisions.length} not allowed: ${categories}`;
  return `${lines.join('\n')}\n${summary}\n`;
}

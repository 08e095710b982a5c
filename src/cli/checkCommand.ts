import type { Checker } from '../check/createChecker.js';
import { inertJson } from '../_lib/inertJson.js';
import { showInvisible } from '../_lib/showInvisible.js';
import type { Decision } from '../schema/decision.js';
import { BadItems, errorEntry, judgeItems, placeText, type Judged } from './judgeItems.js';
import { readAttemptInput, type InputShape } from './readAttemptInput.js';

export interface CheckCommandOptions {
  /**
   * `json` (default): decisions in the shape of the input (JSON Lines in, JSON Lines out); `jsonl`:
   * one line per attempt whatever the input; `text`: one line per attempt and a summary.
   */
  readonly format?: 'json' | 'jsonl' | 'text';
  /** The file's name in errors (`NAME:LINE`). */
  readonly name?: string;
  /** Standard output: each decision line is written as soon as it is decided. */
  readonly out: (s: string) => void;
  /** Standard error: bad input, bounded. */
  readonly err: (s: string) => void;
  /** Exit 0 instead of 1 when some attempt is not allowed (bad input is still 2). */
  readonly exitZero?: boolean;
}

/** Exit status: 0 every attempt allowed, 1 some not allowed, 2 some input was bad (after every item was judged). */
export type BatchExit = 0 | 1 | 2;

/**
 * `check FILE|-`: JSON Lines are judged line by line as they arrive, each decision line written at
 * once; a bad line gets an error line in its place and the others are still judged. A document (an
 * object or an array) is read whole. Input that cannot be read as attempts at all (not JSON, empty)
 * throws an InputError before anything is written.
 */
export async function checkCommand(
  source: AsyncIterable<string | Uint8Array>,
  checker: Checker,
  options: CheckCommandOptions,
): Promise<BatchExit> {
  const name = options.name ?? '<stdin>';
  const { shape, items } = await readAttemptInput(source, name);
  let notAllowed = false;
  const judged = judgeItems(items, checker, async (a) => {
    const d = await checker.checkAttempt(a);
    if (!d.allowed) notAllowed = true;
    return d;
  });
  const { kept, bad, total } = await emitBatch(judged, shape, options, name);
  if (options.format === 'text') options.out(decisionsText(kept, name));
  if (bad.count > 0) {
    options.err(bad.report(total, shape === 'jsonl' ? 'lines' : 'items', errorsInOutput(shape, options.format)));
    return 2;
  }
  return notAllowed && !options.exitZero ? 1 : 0;
}

/** Whether bad items have their entry in standard output (a single object's error goes to standard error only). */
function errorsInOutput(shape: InputShape, format: string | undefined): boolean {
  return format === 'jsonl' || format === 'text' || shape !== 'object';
}

/**
 * Writes a batch's results as they come: a line per item for JSON Lines (or `--format jsonl`), the
 * whole array or object at the end for a document; `text` and `ics` are left to the caller, with the
 * items kept for them. JSON Lines output keeps no item: a process kept open for days holds one line.
 */
export async function emitBatch<R>(
  judged: AsyncIterable<Judged<R>>,
  shape: InputShape,
  options: { readonly format?: string; readonly out: (s: string) => void },
  name: string,
  toJson: (result: R) => unknown = (r) => r,
): Promise<{ kept: Judged<R>[]; bad: BadItems; total: number }> {
  const bad = new BadItems(name);
  const kept: Judged<R>[] = [];
  let total = 0;
  const lines =
    options.format === 'jsonl' || (shape === 'jsonl' && options.format !== 'text' && options.format !== 'ics');
  const document = !lines && options.format !== 'text' && options.format !== 'ics';
  const entries: unknown[] = [];
  for await (const j of judged) {
    total++;
    if (!j.ok) bad.add(j);
    if (!lines && !document) kept.push(j);
    const entry = j.ok ? toJson(j.result) : errorEntry(j);
    if (lines) options.out(inertJson(`${JSON.stringify(entry)}\n`));
    else if (document && (j.ok || shape !== 'object')) entries.push(entry);
  }
  if (document && entries.length > 0)
    options.out(inertJson(`${JSON.stringify(shape === 'object' ? entries[0] : entries, null, 2)}\n`));
  return { kept, bad, total };
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
 * not allowed, by category of what broke ("12 of 40 not allowed: 9 hours, 3 frequency"). A bad item
 * has its line too (`error` and its first issue).
 */
export function decisionsText(items: readonly Judged<Decision>[], name = '<stdin>'): string {
  const rows = items.map((j, i) => {
    if (!j.ok) {
      const first = j.error.issues[0];
      const where = placeText(j.place, name).replace(/: $/, '');
      return [
        j.id === null ? where || `#${i + 1}` : idText(j.id, i),
        'error',
        '',
        '',
        showInvisible(
          `${first?.path ?? ''}: ${first?.message ?? ''}${j.error.issues.length > 1 ? ` (+${j.error.issues.length - 1} more)` : ''}`,
        ),
      ];
    }
    const d = j.result;
    return [
      idText(d.attemptId, i),
      d.verdict,
      `${d.context.localTime.replace('T', ' ')} ${d.context.timeZone}`,
      d.nextAllowedAt ? `next ${localText(d.nextAllowedAt)}` : '',
      [...d.violations.map((v) => v.ruleId), ...d.warnings.map((w) => `(warn ${w.ruleId})`)].join(' '),
    ];
  });
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => (c < 4 ? cell.padEnd(widths[c]! + cell.length - [...cell].length) : cell))
      .join('  ')
      .trimEnd(),
  );
  const decisions = items.flatMap((j) => (j.ok ? [j.result] : []));
  const badCount = items.length - decisions.length;
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
  const badText = badCount > 0 ? `; ${badCount} bad input, not judged` : '';
  return `${lines.join('\n')}\n${summary}${badText}\n`;
}

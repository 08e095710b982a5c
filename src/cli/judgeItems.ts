import type { Checker } from '../check/createChecker.js';
import { safeParseAttempt } from '../check/parseAttempt.js';
import { InputError, type InputIssue } from '../errors.js';
import type { Attempt } from '../schema/attempt.js';
import type { InputItem, ItemError, ItemPlace } from './readAttemptInput.js';

/** One item of a batch after judging: its result, or why it could not be judged. */
export type Judged<R> =
  | { readonly ok: true; readonly place: ItemPlace; readonly attempt: Attempt; readonly result: R }
  | { readonly ok: false; readonly place: ItemPlace; readonly id: string | null; readonly error: ItemError };

/**
 * Validates and judges each item as it arrives. A bad item — not JSON, not an attempt, a country not
 * loaded, no law in force at its date — is reported in its place and the others are still judged.
 */
export async function* judgeItems<R>(
  items: AsyncIterable<InputItem>,
  checker: Checker,
  judge: (attempt: Attempt) => Promise<R>,
): AsyncGenerator<Judged<R>> {
  for await (const item of items) {
    if (item.kind === 'bad') yield { ok: false, place: item.place, id: null, error: item.error };
    else yield await judgeValue(item.value, item.place, checker, judge);
  }
}

/** Validate and judge one value: its result, or its error (an InputError of the checker included). */
export async function judgeValue<R>(
  value: unknown,
  place: ItemPlace,
  checker: Checker,
  judge: (attempt: Attempt) => Promise<R>,
): Promise<Judged<R>> {
  const bad = (issues: readonly InputIssue[]): Judged<R> => ({
    ok: false,
    place,
    id: idOf(value),
    error: { code: 'invalid_input', issues },
  });
  const parsed = safeParseAttempt(value);
  if (!parsed.success) return bad(parsed.error.issues);
  const attempt = parsed.data;
  if (!checker.packs.has(attempt.jurisdiction.country))
    return bad([
      {
        path: 'jurisdiction.country',
        code: 'not_loaded',
        message: `${attempt.jurisdiction.country} has no rules loaded`,
      },
    ]);
  try {
    return { ok: true, place, attempt, result: await judge(attempt) };
  } catch (e) {
    // An attempt the rules cannot judge (no law in force at its date, a range before `at`): its own error.
    if (e instanceof InputError) return bad(e.issues);
    throw e;
  }
}

/** The id of a bad item, when it has a usable one (a string the contract would accept as an id). */
function idOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const d = Object.getOwnPropertyDescriptor(value, 'id');
  const id: unknown = d && 'value' in d ? d.value : undefined;
  return typeof id === 'string' && id.length >= 1 && id.length <= 200 ? id : null;
}

/** The JSON entry of a bad item in the output: `{ line | index, id, error: { code, issues } }`. */
export function errorEntry(j: Extract<Judged<unknown>, { ok: false }>): object {
  const { code, column, issues } = j.error;
  return { ...j.place, id: j.id, error: { code, ...(column !== undefined ? { column } : {}), issues } };
}

/** Where a bad item is, for a person: `NAME:LINE`, `[INDEX]`, or nothing for a single object. */
export function placeText(place: ItemPlace, name: string): string {
  if ('line' in place) return `${name}:${place.line}: `;
  if ('index' in place) return `[${place.index}]`;
  return '';
}

/** How many issue lines a batch writes on standard error: the error lines in the output have them all. */
const MAX_ERROR_LINES = 20;

/**
 * Collects the issues of bad items for standard error: bounded, so that a long-lived process whose
 * caller does not read standard error never blocks on it; every bad item also has its entry in the output.
 */
export class BadItems {
  private readonly lines: string[] = [];
  private readonly places: string[] = [];
  count = 0;

  constructor(private readonly name: string) {}

  add(j: Extract<Judged<unknown>, { ok: false }>): void {
    this.count++;
    const where = placeText(j.place, this.name);
    if (this.places.length < 10) this.places.push('line' in j.place ? String(j.place.line) : where);
    for (const i of j.error.issues) {
      if (this.lines.length >= MAX_ERROR_LINES) return;
      if (j.error.column !== undefined) {
        this.lines.push(`${where.slice(0, -2)}:${j.error.column}: ${i.message}`);
        continue;
      }
      const path = i.path || '(root)';
      const sep = 'index' in j.place ? (path.startsWith('(') ? ' ' : path.startsWith('[') ? '' : '.') : '';
      this.lines.push(`${where}${sep}${path}: ${i.message}`);
    }
  }

  /** The text for standard error, or '' when every item was good. */
  report(total: number, shape: 'lines' | 'items', inOutput: boolean): string {
    if (this.count === 0) return '';
    const more = this.count > this.places.length ? `, … ${this.count - this.places.length} more` : '';
    const which = shape === 'lines' ? `line${this.count > 1 ? 's' : ''} ${this.places.join(', ')}${more}` : '';
    const head = `cobranza-compliance: ${this.count} of ${total} ${shape === 'lines' ? 'lines' : 'attempts'} not judged: bad input${which ? ` (${which})` : ''}${inOutput ? '; each has its error entry in the output' : ''}`;
    return [head, ...this.lines].join('\n').concat('\n');
  }
}

import { InputError } from '../errors.js';

export type InputShape = 'object' | 'array' | 'jsonl';

/**
 * One attempt (a JSON object), a JSON array of attempts, or JSON Lines (one object per line; blank
 * lines ignored). Answers come back in the same shape. No attempt at all (an empty input, only blank
 * lines, `[]`) is an input error: judging nothing must never read as "all allowed".
 */
export function readAttempts(text: string): { shape: InputShape; items: unknown[] } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InputError([{ path: '(input)', code: 'empty', message: 'no attempt given' }]);
  let whole: unknown;
  let oneDocument = true;
  try {
    whole = JSON.parse(body);
  } catch {
    oneDocument = false; // Not one JSON document: read it as JSON Lines.
  }
  if (oneDocument) {
    // An empty array judges nothing: exit 0 would say "all allowed" about no attempt at all.
    if (Array.isArray(whole) && whole.length === 0) throw new InputError([{ path: '(input)', code: 'empty', message: 'an empty array: no attempt given, nothing to judge' }]);
    return Array.isArray(whole) ? { shape: 'array', items: whole } : { shape: 'object', items: [whole] };
  }
  const items: unknown[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line));
    } catch (e) {
      throw new InputError([{ path: `line ${i + 1}`, code: 'invalid_json', message: `not JSON (${(e as Error).message})` }]);
    }
  }
  return { shape: 'jsonl', items };
}

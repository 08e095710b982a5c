import { InputError } from '../errors.js';
import { jsonSyntaxError } from '../_lib/jsonSyntaxError.js';

export type InputShape = 'object' | 'array' | 'jsonl';

/**
 * One attempt (a JSON object, on one line or pretty-printed), a JSON array of attempts, or JSON Lines
 * (one object per line; blank lines ignored). Answers come back in the same shape. No attempt at all
 * (an empty input, only blank lines, `[]`) is an input error: judging nothing must never read as "all
 * allowed". Text that is not JSON is reported at the file's own line and column (`NAME:LINE:COLUMN`):
 * a document whose first line is not JSON by itself is read as one document, so a comma missing on
 * line 5 of a pretty-printed file is reported on line 5.
 */
export function readAttempts(text: string, name = '<stdin>'): { shape: InputShape; items: unknown[] } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InputError([{ path: '(input)', code: 'empty', message: 'no attempt given' }]);
  let whole: unknown;
  let oneDocument = true;
  try {
    whole = JSON.parse(body);
  } catch {
    oneDocument = false;
  }
  if (oneDocument) {
    // An empty array judges nothing: exit 0 would say "all allowed" about no attempt at all.
    if (Array.isArray(whole) && whole.length === 0)
      throw new InputError([
        { path: '(input)', code: 'empty', message: 'an empty array: no attempt given, nothing to judge' },
      ]);
    return Array.isArray(whole) ? { shape: 'array', items: whole } : { shape: 'object', items: [whole] };
  }
  const lines = body.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (!isJson(lines[first]!)) throw notJson(name, jsonSyntaxError(body)!);
  const items: unknown[] = [];
  let offset = 0;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') {
      try {
        items.push(JSON.parse(line));
      } catch {
        throw notJson(name, jsonSyntaxError(line, offset, body)!);
      }
    }
    offset += raw.length + 1;
  }
  return { shape: 'jsonl', items };
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function notJson(name: string, e: { line: number; column: number; message: string }): InputError {
  return new InputError([
    { path: `${name}:${e.line}:${e.column}`, code: 'invalid_json', message: `not JSON: ${e.message}` },
  ]);
}

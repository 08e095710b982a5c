import { InputError } from '../errors.js';

export type InputShape = 'object' | 'array' | 'jsonl';

/**
 * One attempt (a JSON object), a JSON array of attempts, or JSON Lines (one object per line; blank
 * lines ignored). Answers come back in the same shape.
 */
export function readAttempts(text: string): { shape: InputShape; items: unknown[] } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InputError([{ path: '(input)', code: 'empty', message: 'no attempt given' }]);
  try {
    const whole: unknown = JSON.parse(body);
    if (Array.isArray(whole)) return { shape: 'array', items: whole };
    return { shape: 'object', items: [whole] };
  } catch {
    // Not one JSON document: read it as JSON Lines.
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

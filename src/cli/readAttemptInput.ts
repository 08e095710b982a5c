import { StringDecoder } from 'node:string_decoder';
import { InputError, type InputIssue } from '../errors.js';
import { jsonSyntaxError } from '../_lib/jsonSyntaxError.js';

/** How the input was written: one JSON document (an object, or an array of them), or JSON Lines. */
export type InputShape = 'object' | 'array' | 'jsonl';

/** Where an item stands in the input: its file line (JSON Lines) or its index (an array; 0-based). */
export type ItemPlace = { readonly line: number } | { readonly index: number } | Record<string, never>;

/** One item of the input: a JSON value to validate, or a line that is not JSON at all. */
export type InputItem =
  | { readonly kind: 'value'; readonly place: ItemPlace; readonly value: unknown }
  | { readonly kind: 'bad'; readonly place: ItemPlace; readonly error: ItemError };

/** Why an item could not be judged: `invalid_json` (with the column on its line), or `invalid_input` with the attempt's issues. */
export interface ItemError {
  readonly code: 'invalid_json' | 'invalid_input';
  readonly column?: number;
  readonly issues: readonly InputIssue[];
}

export interface AttemptInputStream {
  readonly shape: InputShape;
  /** Each item as soon as it is read: in JSON Lines, a line as soon as its line break (or the end) arrives. */
  readonly items: AsyncIterable<InputItem>;
}

/**
 * Reads attempts as they arrive. When the first non-blank line is a JSON value by itself (and not an
 * array), the input is JSON Lines: each line is handed over as soon as it is complete — so a caller
 * in another language can keep one process open and gate contacts one at a time — and a line that
 * is not JSON is an item of its own (`bad`), not the end of the input. Otherwise the input is read
 * to its end as one document: an object (one line or pretty-printed) or an array; text that is not
 * JSON is then an InputError at the file's own line and column (`NAME:LINE:COLUMN`), as is no attempt
 * at all (an empty input, only blank lines, `[]`: judging nothing must never read as "all allowed").
 *
 * The source is read asynchronously, chunk by chunk: a process waiting for standard input still
 * handles SIGTERM, SIGINT and SIGHUP (a blocking read would hold them until input arrived).
 */
export async function readAttemptInput(
  source: AsyncIterable<string | Uint8Array>,
  name = '<stdin>',
): Promise<AttemptInputStream> {
  const reader = new LineReader(source);
  // Blank lines before the first attempt, and the first non-blank line.
  let first: string | undefined;
  let firstLine = 0;
  for (;;) {
    const line = await reader.nextLine();
    if (line === undefined) break;
    if (line.trim() !== '') {
      first = line;
      firstLine = reader.lineNumber;
      break;
    }
  }
  if (first === undefined) throw new InputError([{ path: '(input)', code: 'empty', message: 'no attempt given' }]);
  const head = parseLine(first);
  if (head.ok && !Array.isArray(head.value)) {
    reader.stopKeeping();
    return { shape: 'jsonl', items: jsonLines(reader, { line: firstLine, text: first }) };
  }
  // A document: the whole input, parsed at once.
  const body = await reader.rest();
  let whole: unknown;
  try {
    whole = JSON.parse(body);
  } catch {
    if (!head.ok) throw notJson(name, jsonSyntaxError(body)!);
    // The first line is JSON (an array) but more follows: JSON Lines after all, each line on its own.
    return { shape: 'jsonl', items: jsonLines(LineReader.of(body), undefined) };
  }
  if (Array.isArray(whole)) {
    if (whole.length === 0)
      throw new InputError([
        { path: '(input)', code: 'empty', message: 'an empty array: no attempt given, nothing to judge' },
      ]);
    return { shape: 'array', items: valuesOf(whole) };
  }
  return { shape: 'object', items: valuesOf([whole], true) };
}

/** The items of a whole document: its values, with their index in an array. */
async function* valuesOf(values: readonly unknown[], single = false): AsyncGenerator<InputItem> {
  for (let i = 0; i < values.length; i++) yield { kind: 'value', place: single ? {} : { index: i }, value: values[i] };
}

/** JSON Lines: every non-blank line an item (blank lines are skipped), a line that is not JSON a `bad` one. */
async function* jsonLines(
  reader: LineReader,
  first: { line: number; text: string } | undefined,
): AsyncGenerator<InputItem> {
  if (first) yield lineItem(first.text, first.line);
  for (;;) {
    const text = await reader.nextLine();
    if (text === undefined) return;
    if (text.trim() !== '') yield lineItem(text, reader.lineNumber);
  }
}

function lineItem(text: string, line: number): InputItem {
  const parsed = parseLine(text);
  if (parsed.ok) return { kind: 'value', place: { line }, value: parsed.value };
  const e = jsonSyntaxError(text)!;
  return {
    kind: 'bad',
    place: { line },
    error: {
      code: 'invalid_json',
      column: e.column,
      issues: [{ path: '', code: 'invalid_json', message: `not JSON: ${e.message}` }],
    },
  };
}

function parseLine(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function notJson(name: string, e: { line: number; column: number; message: string }): InputError {
  return new InputError([
    { path: `${name}:${e.line}:${e.column}`, code: 'invalid_json', message: `not JSON: ${e.message}` },
  ]);
}

/**
 * Lines of a stream of chunks, decoded as UTF-8 across chunk boundaries, a leading byte-order mark
 * dropped, CRLF read as LF. `rest()` gives everything not yet handed out as lines (the lines already
 * read included), for a document read whole.
 */
class LineReader {
  private readonly decoder = new StringDecoder('utf8');
  private readonly chunks: AsyncIterator<string | Uint8Array> | undefined;
  private buffer = '';
  /** Everything read so far, while the input may still turn out to be one document. */
  private consumed = '';
  private keepConsumed = true;
  private ended = false;
  private started = false;
  /** The 1-based number of the line last returned. */
  lineNumber = 0;

  constructor(source: AsyncIterable<string | Uint8Array> | undefined) {
    this.chunks = source?.[Symbol.asyncIterator]();
    if (!source) this.ended = true;
  }

  static of(text: string): LineReader {
    const r = new LineReader(undefined);
    r.buffer = text;
    r.started = true;
    return r;
  }

  /** The next line without its line break, or undefined at the end of the input. */
  async nextLine(): Promise<string | undefined> {
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl !== -1) {
        const raw = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        return this.emit(raw, true);
      }
      if (this.ended) {
        if (this.buffer === '') return undefined;
        const raw = this.buffer;
        this.buffer = '';
        return this.emit(raw, false);
      }
      await this.read();
    }
  }

  /** The whole input: the lines already returned, then everything until the end. */
  async rest(): Promise<string> {
    while (!this.ended) await this.read();
    const text = this.consumed + this.buffer;
    this.buffer = '';
    this.consumed = '';
    return text;
  }

  private emit(raw: string, withBreak: boolean): string {
    this.lineNumber++;
    if (this.keepConsumed) this.consumed += withBreak ? `${raw}\n` : raw;
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  }

  /** The input is JSON Lines: lines handed out are not kept for `rest()` (memory stays one line). */
  stopKeeping(): void {
    this.keepConsumed = false;
    this.consumed = '';
  }

  private async read(): Promise<void> {
    const next = this.chunks ? await this.chunks.next() : { done: true as const, value: undefined };
    if (next.done) {
      this.buffer += this.decoder.end();
      this.ended = true;
    } else {
      this.buffer += typeof next.value === 'string' ? next.value : this.decoder.write(next.value as Buffer);
    }
    if (!this.started && this.buffer.length > 0) {
      this.started = true;
      if (this.buffer.charCodeAt(0) === 0xfeff) this.buffer = this.buffer.slice(1);
    }
  }
}

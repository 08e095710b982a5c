import { Readable } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';
import type { InputIssue } from '../errors.js';
import { csvHeader, csvRowToInput, type CsvColumn } from './csvColumns.js';
import type { CompiledMapping, MappedRow } from './mapping/compileMapping.js';
import type { OpenedLog } from './openLogInput.js';
import { readTableEntries } from './table/readTableEntries.js';

/**
 * One record of the log as read: a JSON line's text (parsed later, where it is judged), a CSV record's
 * value to validate, or why it could not even be read.
 */
export type LogEntry =
  | { readonly kind: 'line'; readonly line: number; readonly text: string }
  /** JSON lines read as bytes, undecoded: `spans` holds line number, start and end in `buf` for each. */
  | { readonly kind: 'lines'; readonly buf: Buffer; readonly spans: readonly number[] }
  | {
      readonly kind: 'record';
      readonly line: number;
      readonly input: unknown;
      /** What a mapping could not read in the row (the row is rejected with these, and the contract's own issues). */
      readonly issues?: readonly InputIssue[] | undefined;
      /** The row's dimensions, with a mapping that names some. */
      readonly dimensions?: MappedRow['dimensions'];
      excerpt(): string;
    }
  | { readonly kind: 'rejected'; readonly line: number; readonly issues: InputIssue[]; readonly excerpt: string };

/** Line counts kept while reading: the accounting of what was not a record. */
export interface LogReadStats {
  lines: number;
  headerLines: number;
  blankLines: number;
  /** Lines that belong to records (JSON Lines: counted one by one; CSV: the lines left once header and blank lines are taken out). */
  recordLines: number;
  /** A table read without a mapping: its columns that are not fields of the contract (not read). */
  columnsNotUsed?: string[];
}

/** A JSON line longer than this is rejected unread (a file with no newlines must not fill memory). */
export const MAX_LINE_CHARS = 8_000_000;
export const EXCERPT = 120;
/** CSV records per batch. */
const CSV_BATCH = 1024;

export interface ReadOptions {
  /** The columns of the log as contract fields (a mapping file): CSV rows and JSON lines become `record` entries. */
  readonly mapping?: CompiledMapping | undefined;
  /** The CSV field separator (default `,`). */
  readonly delimiter?: string | undefined;
}

/**
 * The records of a log, in file order, in batches (a JSON Lines batch is the lines of one chunk read:
 * handled without an await per line). Blank lines are counted in `stats`, never yielded.
 */
export function readLogEntries(
  log: OpenedLog,
  stats: LogReadStats,
  options: ReadOptions = {},
): AsyncGenerator<LogEntry[]> {
  if (log.table) return readTableEntries(log.table, stats, options.mapping);
  if (log.format === 'csv') return readCsv(log.chunks, stats, options);
  if (options.mapping) return mappedJsonLines(readJsonLines(log.chunks, stats), options.mapping);
  return log.byteChunks ? readJsonLineBytes(log.byteChunks, stats) : readJsonLines(log.chunks, stats);
}

/** JSON lines read through a mapping: each line parsed here, its fields found by the mapping's names. */
async function* mappedJsonLines(
  batches: AsyncGenerator<LogEntry[]>,
  mapping: CompiledMapping,
): AsyncGenerator<LogEntry[]> {
  const map = mapping.forObjects();
  for await (const batch of batches) {
    yield batch.map((e): LogEntry => {
      if (e.kind !== 'line') return e;
      const excerpt = e.text.slice(0, EXCERPT);
      let o: unknown;
      try {
        o = JSON.parse(e.text);
      } catch (err) {
        return {
          kind: 'rejected',
          line: e.line,
          issues: [{ path: '(line)', code: 'invalid_json', message: `not JSON (${(err as Error).message})` }],
          excerpt,
        };
      }
      if (o === null || typeof o !== 'object' || Array.isArray(o))
        return {
          kind: 'rejected',
          line: e.line,
          issues: [{ path: '(line)', code: 'not_object', message: 'is not a JSON object (one record per line)' }],
          excerpt,
        };
      const r = map(o as Record<string, unknown>);
      return {
        kind: 'record',
        line: e.line,
        input: r.input,
        issues: r.issues,
        dimensions: r.dimensions,
        excerpt: () => excerpt,
      };
    });
  }
}

const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * JSON Lines from bytes, as `readJsonLines` reads the same bytes decoded — the BOM taken off as the
 * decoder does (and one more at the start of the first line, as readJsonLines does), the same lines,
 * blank lines and rejections — without decoding them: the lines are routed as bytes, and decoded where
 * they are judged. UTF-8 never uses the byte of LF, CR, a quote or a brace inside a character, so the
 * lines and the JSON structure are the same in bytes as in text.
 */
async function* readJsonLineBytes(chunks: AsyncIterable<Uint8Array>, stats: LogReadStats): AsyncGenerator<LogEntry[]> {
  let rest: Buffer[] = [];
  let restBytes = 0;
  let line = 0;
  let skipping = false;
  let first = true;
  const text = new TextDecoder('utf-8', { ignoreBOM: true });
  let batch: LogEntry[] = [];
  let spans: number[] = [];
  const entry = (buf: Buffer, start: number, end: number): void => {
    line++;
    let s = start;
    let e = end;
    if (e > s && buf[e - 1] === 13) e--;
    if (first) {
      first = false;
      if (startsWithBom(buf, s, e)) s += 3;
    }
    if (e === s || (buf[s] !== 123 && text.decode(buf.subarray(s, e)).trim() === '')) {
      stats.blankLines++;
      return;
    }
    stats.recordLines++;
    spans.push(line, s, e);
  };
  const endSpans = (buf: Buffer): void => {
    if (spans.length > 0) {
      batch.push({ kind: 'lines', buf, spans });
      spans = [];
    }
  };
  for await (const chunk of withoutBom(chunks)) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      if (skipping) {
        skipping = false;
      } else if (restBytes > 0) {
        const joined = Buffer.concat([...rest, chunk.subarray(start, nl)]);
        entry(joined, 0, joined.length);
        endSpans(joined);
      } else {
        entry(chunk, start, nl);
      }
      rest = [];
      restBytes = 0;
      start = nl + 1;
    }
    endSpans(chunk);
    if (!skipping && start < chunk.length) {
      rest.push(Buffer.from(chunk.subarray(start))); // a copy: the chunk's buffer is read into again
      restBytes += chunk.length - start;
      // Characters, as readJsonLines counts them (a character cut by the chunk's end not yet counted).
      if (restBytes > MAX_LINE_CHARS) {
        const partial = Buffer.concat(rest);
        const chars = new TextDecoder('utf-8', { ignoreBOM: true }).decode(partial, { stream: true });
        if (chars.length > MAX_LINE_CHARS) {
          line++;
          stats.recordLines++;
          batch.push({
            kind: 'rejected',
            line,
            issues: [
              { path: '(line)', code: 'line_too_long', message: `longer than ${MAX_LINE_CHARS} characters; not read` },
            ],
            excerpt: chars.slice(0, EXCERPT),
          });
          rest = [];
          restBytes = 0;
          skipping = true;
          first = false;
        }
      }
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (!skipping && restBytes > 0) {
    const joined = Buffer.concat(rest);
    entry(joined, 0, joined.length);
    endSpans(joined);
  }
  if (batch.length > 0) yield batch;
  stats.lines = line;
}

/** The chunks as Buffers, without the BOM at the start of the stream (as the text decoder takes it off). */
async function* withoutBom(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const bytes of chunks) {
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (head === undefined) {
      yield chunk;
      continue;
    }
    // Bytes kept aside until the BOM is settled are copied (Buffer.concat) before the next read.
    head = Buffer.concat([head, chunk]);
    if (head.length < 3 && BOM.slice(0, head.length).every((b, k) => head![k] === b)) continue;
    const start = startsWithBom(head, 0, head.length) ? 3 : 0;
    const first = head.subarray(start);
    head = undefined;
    if (first.length > 0) yield first;
  }
  // A stream that ends inside what might have been a BOM: those bytes are content (U+FFFD once decoded).
  if (head !== undefined && head.length > 0) yield head;
}

function startsWithBom(buf: Buffer, start: number, end: number): boolean {
  return end - start >= 3 && buf[start] === BOM[0] && buf[start + 1] === BOM[1] && buf[start + 2] === BOM[2];
}

/**
 * JSON Lines: each line's text with its number — a BOM at the start of the file and a CR before the
 * LF taken off; lines of white space only counted as blank; a line over MAX_LINE_CHARS rejected
 * unread (the rest of it skipped up to the next LF).
 */
async function* readJsonLines(chunks: AsyncIterable<string>, stats: LogReadStats): AsyncGenerator<LogEntry[]> {
  let rest = '';
  let line = 0;
  let skipping = false;
  let first = true;
  let batch: LogEntry[] = [];
  const entry = (text: string): void => {
    line++;
    let t = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
    if (first) {
      first = false;
      if (t.startsWith('\uFEFF')) t = t.slice(1);
    }
    if (isBlank(t)) {
      stats.blankLines++;
      return;
    }
    stats.recordLines++;
    batch.push({ kind: 'line', line, text: t });
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      if (skipping) {
        skipping = false;
      } else if (rest !== '') {
        entry(rest + chunk.slice(start, nl));
      } else {
        entry(chunk.slice(start, nl));
      }
      rest = '';
      start = nl + 1;
    }
    if (!skipping) {
      rest += chunk.slice(start);
      if (rest.length > MAX_LINE_CHARS) {
        line++;
        stats.recordLines++;
        batch.push({
          kind: 'rejected',
          line,
          issues: [
            { path: '(line)', code: 'line_too_long', message: `longer than ${MAX_LINE_CHARS} characters; not read` },
          ],
          excerpt: rest.slice(0, EXCERPT),
        });
        rest = '';
        skipping = true;
        first = false;
      }
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (!skipping && rest !== '') entry(rest);
  if (batch.length > 0) yield batch;
  stats.lines = line;
}

/** Only white space (what `trim` takes away); a record's line starts with `{`, which settles it at once. */
function isBlank(t: string): boolean {
  return t.charCodeAt(0) !== 123 && t.trim() === '';
}

/**
 * CSV with csv-parse: quotes relaxed (a stray quote inside a field is kept, not a reason to lose the
 * records after it), column counts checked here so that a short row is one rejected record. A record
 * csv-parse cannot read (an unclosed quote, a record over 1 MB) is rejected at the line it starts.
 */
async function* readCsv(
  chunks: AsyncIterable<string>,
  stats: LogReadStats,
  options: ReadOptions,
): AsyncGenerator<LogEntry[]> {
  const delimiter = options.delimiter ?? ',';
  let newlines = 0;
  let lastChar = '';
  // Line ends become LF before csv-parse sees them: it counts a CRLF inside a quoted field as two
  // lines, and the line of every later record would drift. The file's first line end says what a
  // line end is, as csv-parse decides it: LF or CRLF (a lone CR is then data), or a lone CR (old Mac
  // files: every lone CR is a line end, or the accounting would count the whole file as one line).
  async function* counted(): AsyncGenerator<string> {
    let cr = false;
    let crOnly: boolean | undefined;
    for await (const chunk of chunks) {
      let c: string = cr ? `\r${chunk}` : chunk;
      cr = c.endsWith('\r');
      if (cr) c = c.slice(0, -1);
      if (crOnly === undefined) {
        const m = /\r\n|\r(?!\n)|\n/.exec(c);
        if (m) crOnly = m[0] === '\r';
      }
      c = crOnly ? c.replace(/\r\n?/g, '\n') : c.replace(/\r\n/g, '\n');
      for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) newlines++;
      lastChar = c[c.length - 1] ?? lastChar;
      if (c !== '') yield c;
    }
    if (cr) {
      if (crOnly !== false) {
        newlines++;
        lastChar = '\n';
        yield '\n';
      } else {
        lastChar = '\r';
        yield '\r';
      }
    }
  }
  // Where each record starts and ends is computed inside csv-parse's callbacks, which run in file
  // order (the records themselves reach the loop below later, through the stream's buffer).
  type Parsed = { seq: number; record: string[]; start: number; end: number };
  const skipped: Array<{ seq: number; entry: LogEntry }> = [];
  let seq = 0;
  let prevEnd = 0;
  let prevEmpty = 0;
  let gaps = 0;
  let swallowed = false;
  const place = (end: number, emptyLines: number): { start: number } => {
    const start = prevEnd + 1 + (emptyLines - prevEmpty);
    gaps += start - prevEnd - 1;
    prevEnd = Math.max(start, end);
    prevEmpty = emptyLines;
    return { start };
  };
  const parser = Readable.from(counted()).pipe(
    parse({
      bom: true,
      delimiter,
      // Records are taken from the parser a buffer-full at a time (drained), not one await each.
      readableHighWaterMark: CSV_BATCH,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: 1_000_000,
      on_record: (record: string[], ctx: { lines: number; empty_lines: number }): Parsed => {
        const { start } = place(ctx.lines, ctx.empty_lines);
        return { seq: seq++, record, start, end: ctx.lines };
      },
      on_skip: (err: CsvError | undefined, raw: string | undefined) => {
        const info = parser.info;
        // An unclosed quote runs to the end of the file: the rest of it is this one record.
        if (err?.code === 'CSV_QUOTE_NOT_CLOSED') swallowed = true;
        const { start } = place(
          typeof err?.['lines'] === 'number' ? (err['lines'] as number) : info.lines,
          info.empty_lines,
        );
        skipped.push({
          seq: seq++,
          entry: {
            kind: 'rejected',
            line: start,
            issues: [
              {
                path: '(row)',
                code: `csv_${(err?.code ?? 'error').replace(/^CSV_/, '').toLowerCase()}`,
                message: err?.message ?? 'unreadable CSV record',
              },
            ],
            excerpt: (raw ?? '').slice(0, EXCERPT),
          },
        });
        return undefined;
      },
    } as unknown as Options),
  );
  let columns: CsvColumn[] | undefined;
  let mapRow: ((cells: readonly unknown[]) => MappedRow) | undefined;
  let width = 0;
  let whitespaceRows = 0;
  for await (const items of drained<Parsed>(parser)) {
    const out: LogEntry[] = [];
    for (const item of items) {
      while (skipped.length > 0 && skipped[0]!.seq < item.seq) out.push(skipped.shift()!.entry);
      const { record, start, end } = item;
      if (record.every((c) => c.trim() === '')) {
        whitespaceRows += end - start + 1;
        continue;
      }
      if (!columns && !mapRow) {
        // With a mapping the header names the export's own columns; without, the contract's dotted paths.
        if (options.mapping) mapRow = options.mapping.forColumns(record);
        else columns = csvHeader(record);
        width = record.length;
        stats.headerLines = end - start + 1;
        continue;
      }
      const excerpt = (): string => record.join(delimiter).slice(0, EXCERPT);
      if (mapRow) {
        if (record.length !== width) {
          const issues = [
            { path: '(row)', code: 'column_count', message: `has ${record.length} fields, the header has ${width}` },
          ];
          out.push({ kind: 'rejected', line: start, issues, excerpt: excerpt() });
          continue;
        }
        const r = mapRow(record);
        out.push({ kind: 'record', line: start, input: r.input, issues: r.issues, dimensions: r.dimensions, excerpt });
        continue;
      }
      const { input, issues } = csvRowToInput(columns!, record);
      if (issues.length > 0) out.push({ kind: 'rejected', line: start, issues, excerpt: excerpt() });
      else out.push({ kind: 'record', line: start, input, excerpt });
    }
    if (out.length > 0) yield out;
  }
  const tail = skipped.splice(0).map((x) => x.entry);
  if (tail.length > 0) yield tail;
  stats.lines = newlines + (lastChar !== '\n' && lastChar !== '' ? 1 : 0);
  const trailing = swallowed ? 0 : Math.max(0, stats.lines - prevEnd);
  stats.blankLines = gaps + trailing + whitespaceRows;
  stats.recordLines = stats.lines - stats.headerLines - stats.blankLines;
}

/**
 * The items of an object-mode stream in batches: all it has buffered, read synchronously, then a wait
 * for more — one await per batch rather than one per item (as `for await` over the stream would).
 */
async function* drained<T>(stream: Readable): AsyncGenerator<T[]> {
  const state: { failure?: { error: unknown } } = {};
  stream.on('error', (error: unknown) => {
    state.failure ??= { error };
  });
  for (;;) {
    const batch: T[] = [];
    for (let item = stream.read() as T | null; item !== null; item = stream.read() as T | null) batch.push(item);
    if (state.failure) throw state.failure.error;
    if (batch.length > 0) yield batch;
    if (stream.readableEnded || stream.destroyed) {
      // (Set by the error handler during the yield above: not narrowed away.)
      const late = state.failure as { error: unknown } | undefined;
      if (late) throw late.error;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('readable', done);
        stream.off('end', done);
        stream.off('error', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('readable', done);
      stream.on('end', done);
      stream.on('error', done);
      stream.on('close', done);
    });
  }
}

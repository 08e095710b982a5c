import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ComplianceError } from '../errors.js';
import type { AuditInput, LogFormat } from './auditTypes.js';

export interface OpenedLog {
  readonly name: string;
  readonly format: LogFormat;
  /** Size in bytes when known (a regular file, a string); undefined for a pipe or a stream. */
  readonly bytes: number | undefined;
  /** The log as text chunks (UTF-8 decoded across chunk boundaries). */
  readonly chunks: AsyncIterable<string>;
  /** Bytes consumed so far: the progress of the read phase. */
  bytesRead(): number;
}

const BY_EXTENSION: Record<string, LogFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl' };

/**
 * Open a log for streaming. The format is the one given, else the file's extension (`.csv`; `.jsonl`,
 * `.ndjson`, `.json`), else sniffed: a log whose first non-blank character is `{` is JSON Lines, CSV
 * otherwise (a CSV log starts with its header).
 */
export async function openLogInput(input: AuditInput): Promise<OpenedLog> {
  let source: AsyncIterable<string | Uint8Array> | Iterable<string>;
  let name: string;
  let bytes: number | undefined;
  let format = input.format;
  if ('path' in input) {
    const st = await stat(input.path);
    if (st.isDirectory()) throw Object.assign(new Error(`${input.path} is a directory`), { code: 'EISDIR', path: input.path });
    source = createReadStream(input.path, { highWaterMark: 1 << 20 });
    name = basename(input.path);
    // A FIFO, a device or /dev/stdin has no size (stat says 0): unknown, not an empty log.
    bytes = st.isFile() ? st.size : undefined;
    format ??= BY_EXTENSION[extname(input.path).toLowerCase()];
  } else if ('text' in input) {
    source = [input.text];
    name = input.name ?? '(text)';
    bytes = Buffer.byteLength(input.text);
  } else {
    source = input.stream;
    name = input.name ?? '(stream)';
    bytes = input.bytes;
  }
  if (format !== undefined && format !== 'csv' && format !== 'jsonl') throw new ComplianceError('bad_format', `log format must be jsonl or csv, not ${String(format)}`);
  let read = 0;
  const decoder = new TextDecoder('utf-8');
  async function* decoded(): AsyncGenerator<string> {
    for await (const chunk of source) {
      if (typeof chunk === 'string') {
        read += Buffer.byteLength(chunk);
        if (chunk !== '') yield chunk;
      } else {
        read += chunk.byteLength;
        const s = decoder.decode(chunk, { stream: true });
        if (s !== '') yield s;
      }
    }
    const tail = decoder.decode();
    if (tail !== '') yield tail;
  }
  const it = decoded()[Symbol.asyncIterator]();
  const head: string[] = [];
  if (format === undefined) {
    // Sniff: buffer chunks until a non-blank character shows the format.
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      head.push(r.value);
      const m = /[^\s\uFEFF]/.exec(r.value);
      if (m) {
        format = m[0] === '{' ? 'jsonl' : 'csv';
        break;
      }
    }
    format ??= 'jsonl';
  }
  const chunks: AsyncIterable<string> = {
    async* [Symbol.asyncIterator]() {
      yield* head;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    },
  };
  return { name, format, bytes, chunks, bytesRead: () => read };
}

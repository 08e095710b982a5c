import { createHash, type Hash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ComplianceError } from '../errors.js';
import type { AuditInput, LogFormat } from './auditTypes.js';
import { openTableInput, type TableLog } from './table/openTableInput.js';

export interface OpenedLog {
  readonly name: string;
  readonly format: LogFormat | 'sql';
  /** A Parquet or SQL log: its rows (then `chunks` is empty). */
  readonly table?: TableLog | undefined;
  /** Size in bytes when known (a regular file, a string); undefined for a pipe or a stream. */
  readonly bytes: number | undefined;
  /**
   * The log as text chunks, decoded across chunk boundaries: UTF-8 unless `encoding` says otherwise —
   * and whatever it says, a byte-order mark at the start decides (UTF-8, UTF-16LE or UTF-16BE).
   */
  readonly chunks: AsyncIterable<string>;
  /** The encoding the text was decoded with (known once the first chunk is read; `utf-8` for text given as such). */
  encoding(): string;
  /**
   * The log as bytes, undecoded (a file, a stream of bytes; a string chunk of a stream is encoded), or
   * undefined when it is text (`{ text }`, a stream whose first chunk is a string): its lines are then
   * read from `chunks`. Only one of `chunks` and `byteChunks` is read. A chunk is valid until the one
   * after the next is asked for (a file is read into two buffers in turn): keep a copy of what must last.
   */
  readonly byteChunks: AsyncIterable<Uint8Array> | undefined;
  /** Bytes consumed so far: the progress of the read phase. */
  bytesRead(): number;
  /** Close the file (once the log is read it is closed already; this is for a read abandoned). */
  close(): Promise<void>;
  /**
   * With `digest`: the SHA-256 (hex) of every byte read (a string given as text: its UTF-8), once the
   * log is read to its end — the log's identity in a shard's partial result. Undefined otherwise.
   */
  sha256(): string | undefined;
}

/** Bytes read from a file at a time. */
const CHUNK_BYTES = 1 << 20;

const BY_EXTENSION: Record<string, LogFormat> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
};

/**
 * Open a log for streaming. The format is the one given, else the file's extension (`.csv`; `.jsonl`,
 * `.ndjson`, `.json`), else sniffed: a log whose first non-blank character is `{` is JSON Lines, CSV
 * otherwise (a CSV log starts with its header).
 */
export async function openLogInput(
  input: AuditInput,
  options: {
    readonly encoding?: string;
    readonly digest?: boolean;
    readonly importModule?: () => Promise<unknown>;
  } = {},
): Promise<OpenedLog> {
  if ('sql' in input || ('path' in input && input.format === 'parquet')) {
    const table = await openTableInput(
      'sql' in input ? { sql: input.sql, name: input.name } : { path: input.path, format: 'parquet' },
      options.importModule ? { importModule: options.importModule } : {},
    );
    return {
      name: table.name,
      format: table.format,
      table,
      bytes: table.bytes,
      chunks: (async function* () {})(),
      encoding: () => 'utf-8',
      byteChunks: undefined,
      bytesRead: () => 0,
      close: table.close,
      // A table is rows of a query, not bytes: it has no digest (a shard's partial cannot name it).
      sha256: () => undefined,
    };
  }
  const hash: Hash | undefined = options.digest ? createHash('sha256') : undefined;
  let digest: string | undefined;
  let source: AsyncIterable<string | Uint8Array> | Iterable<string>;
  let closeFile = async (): Promise<void> => undefined;
  let name: string;
  let bytes: number | undefined;
  let format = input.format;
  if (format !== undefined && format !== 'csv' && format !== 'jsonl')
    throw new ComplianceError('bad_format', `log format must be jsonl, csv or parquet, not ${String(format)}`);
  if (format === undefined && 'path' in input && /\.parquet$/i.test(input.path))
    return openLogInput({ ...input, format: 'parquet' }, options);
  if ('path' in input) {
    const st = await stat(input.path);
    if (st.isDirectory())
      throw Object.assign(new Error(`${input.path} is a directory`), { code: 'EISDIR', path: input.path });
    const handle = await open(input.path, 'r');
    closeFile = () => handle.close().catch(() => undefined);
    source = fileChunks(handle);
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
  let read = 0;
  const it = (Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]()) as
    | Iterator<string | Uint8Array>
    | AsyncIterator<string | Uint8Array>;
  // Chunks taken to sniff the format or to see whether the log is bytes, put back in front.
  const head: Array<string | Uint8Array> = [];
  const next = async (): Promise<string | Uint8Array | undefined> => {
    const r = await it.next();
    if (r.done) {
      if (hash && digest === undefined) digest = hash.digest('hex');
      return undefined;
    }
    read += typeof r.value === 'string' ? Buffer.byteLength(r.value) : r.value.byteLength;
    hash?.update(r.value);
    return r.value;
  };
  async function* raw(): AsyncGenerator<string | Uint8Array> {
    while (head.length > 0) yield head.shift()!;
    for (let c = await next(); c !== undefined; c = await next()) yield c;
  }
  let used = 'utf-8';
  async function* decoded(): AsyncGenerator<string> {
    let decoder: InstanceType<typeof TextDecoder> | undefined;
    for await (const chunk of raw()) {
      if (typeof chunk === 'string') {
        if (chunk !== '') yield chunk;
        continue;
      }
      if (decoder === undefined) {
        used = byBom(chunk) ?? options.encoding ?? 'utf-8';
        decoder = new TextDecoder(used);
      }
      const s = decoder.decode(chunk, { stream: true });
      if (s !== '') yield s;
    }
    const tail = decoder?.decode() ?? '';
    if (tail !== '') yield tail;
  }
  // Chunks kept aside are copies: a file's chunks are read into the same two buffers in turn.
  const keep = (c: string | Uint8Array): string | Uint8Array => (typeof c === 'string' ? c : Buffer.from(c));
  const first = await next();
  if (first !== undefined) head.push(keep(first));
  if (format === undefined) {
    // Sniff: look at chunks until a non-blank character shows the format.
    const sniff = new TextDecoder('utf-8');
    for (let k = 0; ; k++) {
      const chunk = k < head.length ? head[k]! : await next();
      if (chunk === undefined) break;
      if (k >= head.length) head.push(keep(chunk));
      const m = /[^\s\uFEFF]/.exec(typeof chunk === 'string' ? chunk : sniff.decode(chunk, { stream: true }));
      if (m) {
        format = m[0] === '{' ? 'jsonl' : 'csv';
        break;
      }
    }
    format ??= 'jsonl';
  }
  async function* encoded(): AsyncGenerator<Uint8Array> {
    for await (const chunk of raw()) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
  // Bytes are handed on undecoded only when they are UTF-8 (JSON Lines read as bytes).
  const utf8 =
    first !== undefined && typeof first !== 'string' && (byBom(first) ?? options.encoding ?? 'utf-8') === 'utf-8';
  const byteChunks = utf8 ? encoded() : undefined;
  return {
    name,
    format,
    bytes,
    chunks: decoded(),
    encoding: () => used,
    byteChunks,
    bytesRead: () => read,
    close: closeFile,
    sha256: () => digest,
  };
}

/** The encoding a byte-order mark at the start names, if any: it wins over the encoding given (as Excel and browsers read it). */
function byBom(b: Uint8Array): string | undefined {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** A file's bytes, read into two buffers in turn (no buffer allocated per chunk); the file closed at the end. */
async function* fileChunks(handle: FileHandle): AsyncGenerator<Uint8Array> {
  const buffers = [Buffer.allocUnsafeSlow(CHUNK_BYTES), Buffer.allocUnsafeSlow(CHUNK_BYTES)];
  try {
    for (let k = 0; ; k ^= 1) {
      const { bytesRead } = await handle.read(buffers[k]!, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffers[k]!.subarray(0, bytesRead);
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

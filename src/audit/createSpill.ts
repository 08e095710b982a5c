import { open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Numbered temporary files that lines are appended to, buffered: the audit's way of keeping memory
 * bounded whatever the log's size. Debtor buckets (by hash) and line ranges (for log order) are both
 * spills. Lines are appended synchronously into a byte buffer per file (text encoded as UTF-8, or
 * bytes copied as read); a full buffer is written in the background (writes to one file in order),
 * `settle` waits when too much is being written, `flush` until everything is.
 */
export interface Spill {
  /** Append `line` and a line end. */
  append(index: number, line: string): void;
  /**
   * Room for `need` more bytes at the end of file `index`: write them into `buf` from `len` on, then
   * `commit` what was written (a line routed as read is put together there, bytes copied undecoded).
   */
  reserve(index: number, need: number): { readonly buf: Buffer; readonly len: number };
  commit(index: number, bytes: number): void;
  /** Wait for the writes in flight if they hold more than the spill's share of memory (cheap otherwise). */
  settle(): Promise<void> | undefined;
  /** Write every buffer out; call before reading. */
  flush(): Promise<void>;
  /** Bytes appended to one file so far: what reading it whole costs in memory. */
  size(index: number): number;
  /** The indices that hold lines, ascending. */
  indices(): number[];
  /** Delete one file (its disk space is no longer needed). */
  discard(index: number): Promise<void>;
  /** The file of one index (flushed files only may be read by another thread). */
  path(index: number): string;
  /** The files written so far, for a reader elsewhere (another thread's spill, read back in line order). */
  files(): SpillFiles;
  /** Flush, and close the files kept open for appending (the spill may still be appended to: they open again). */
  close(): Promise<void>;
}

/** The files of a spill: `<dir>/<prefix>-<index>` for each index. */
export interface SpillFiles {
  readonly dir: string;
  readonly prefix: string;
  readonly indices: readonly number[];
}

export function spillPath(dir: string, prefix: string, index: number): string {
  return join(dir, `${prefix}-${index}`);
}

/** The lines of one spill file (none when it was never written). */
export async function readSpillFile(files: SpillFiles, index: number): Promise<string[]> {
  if (!files.indices.includes(index)) return [];
  return linesOf(await readFile(spillPath(files.dir, files.prefix, index), 'utf8'));
}

/** The lines of a spill file's text (each ends with a line end). */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  lines.pop();
  return lines;
}

/** A file's buffer: bytes `buf[0..len)` not yet written. */
interface Pending {
  buf: Buffer;
  len: number;
}

const FIRST_BUFFER = 4_096;
const MAX_OPEN = 64;

/**
 * `dir` must exist (and be private: the lines hold personal data); files are `<prefix>-<index>`,
 * created 0600. Buffers total at most about `maxBuffered` bytes, and as much again may be in flight
 * to the disk.
 */
export function createSpill(dir: string, prefix: string, maxBuffered = 16_000_000): Spill {
  const buffers = new Map<number, Pending>();
  /** Bytes appended, by index. */
  const appended: number[] = [];
  const used = new Set<number>();
  /** The last write of each file: the next one starts after it (appends to one file stay in order). */
  const writes = new Map<number, Promise<void>>();
  let total = 0;
  let inFlight = 0;
  /** Full-size buffers whose write is done, for the next files to fill (fewer allocations outside the heap). */
  const spare: Buffer[] = [];
  let failure: { error: unknown } | undefined;
  const perFile = Math.max(8_192, Math.min(262_144, maxBuffered >> 6));
  /**
   * Files kept open for appending, the least recently written first: a write costs no open and close,
   * and no more than MAX_OPEN descriptors are held (a process may have as few as 256).
   */
  const handles = new Map<number, Promise<FileHandle>>();
  /** Files whose closing is on its way (still in `handles` until it happens). */
  const closing = new Set<number>();
  /** As many spare buffers as can be in flight: about as much memory again as the buffers themselves. */
  const maxSpare = Math.ceil(maxBuffered / perFile);
  const path = (i: number): string => spillPath(dir, prefix, i);

  function write(i: number): void {
    const p = buffers.get(i);
    if (!p || p.len === 0) return;
    const whole = p.buf;
    const bytes = whole.subarray(0, p.len);
    total -= p.len;
    buffers.delete(i);
    inFlight += bytes.length;
    const done = (): void => {
      inFlight -= bytes.length;
      if (whole.length === perFile && spare.length < maxSpare) spare.push(whole);
    };
    const w = (writes.get(i) ?? Promise.resolve())
      .then(async () => (await handleOf(i)).appendFile(bytes))
      .then(done, (error: unknown) => {
        done();
        failure ??= { error };
      });
    writes.set(i, w);
  }

  /** The open file `i` (its writes are chained: called when the previous one is done). */
  function handleOf(i: number): Promise<FileHandle> {
    let h = handles.get(i);
    if (h) {
      handles.delete(i);
      handles.set(i, h);
      return h;
    }
    h = open(path(i), 'a', 0o600);
    handles.set(i, h);
    if (handles.size - closing.size > MAX_OPEN) {
      for (const j of handles.keys()) {
        if (j === i || closing.has(j)) continue;
        closing.add(j);
        void closeFile(j).then(() => closing.delete(j));
        break;
      }
    }
    return h;
  }

  /** Close file `j` once its writes so far are done (a later write opens it again, after). */
  function closeFile(j: number): Promise<void> {
    const closed = (writes.get(j) ?? Promise.resolve())
      .then(async () => {
        const h = handles.get(j);
        if (h === undefined) return;
        handles.delete(j);
        await (await h).close();
      })
      .catch((error: unknown) => {
        failure ??= { error };
      });
    writes.set(j, closed);
    return closed;
  }

  /** The buffer of file `i`, with room for `need` more bytes (the file's earlier bytes written out if it is full). */
  function room(i: number, need: number): Pending {
    const p = buffers.get(i);
    if (p && p.buf.length - p.len >= need) return p;
    if (p && p.len + need > perFile) {
      // Full: written out, and a buffer as large again for what comes next (the file is being filled).
      const capacity = p.buf.length;
      write(i);
      const next: Pending = {
        buf:
          capacity === perFile && need <= perFile
            ? (spare.pop() ?? Buffer.allocUnsafe(perFile))
            : Buffer.allocUnsafe(Math.max(need, capacity)),
        len: 0,
      };
      buffers.set(i, next);
      return next;
    }
    const size = Math.max(need + (p?.len ?? 0), Math.min(perFile, Math.max(FIRST_BUFFER, 2 * (p?.buf.length ?? 0))));
    const buf = size === perFile ? (spare.pop() ?? Buffer.allocUnsafe(size)) : Buffer.allocUnsafe(size);
    if (p) p.buf.copy(buf, 0, 0, p.len);
    const fresh: Pending = { buf, len: p?.len ?? 0 };
    buffers.set(i, fresh);
    used.add(i);
    return fresh;
  }

  function added(i: number, p: Pending, bytes: number): void {
    appended[i] = (appended[i] ?? 0) + bytes;
    total += bytes;
    if (p.len >= perFile) write(i);
    else if (total >= maxBuffered) for (const j of [...buffers.keys()]) write(j);
  }

  async function settled(): Promise<void> {
    await Promise.all([...writes.values()]);
    if (failure) throw failure.error;
  }

  async function flush(): Promise<void> {
    for (const i of [...buffers.keys()]) write(i);
    await settled();
    spare.length = 0; // written out: the memory goes back (what comes next, if anything, allocates again)
  }

  return {
    append(i, line) {
      const p = room(i, 3 * line.length + 1);
      const n = p.buf.write(line, p.len) + 1;
      p.buf[p.len + n - 1] = 10;
      p.len += n;
      added(i, p, n);
    },
    reserve: room,
    commit(i, n) {
      const p = buffers.get(i)!;
      p.len += n;
      added(i, p, n);
    },
    settle() {
      if (failure) return Promise.reject(failure.error);
      return inFlight > maxBuffered ? settled() : undefined;
    },
    flush,
    size: (i) => appended[i] ?? 0,
    indices: () => [...used].sort((a, b) => a - b),
    async discard(i) {
      await closeFile(i);
      used.delete(i);
      const p = buffers.get(i);
      if (p) total -= p.len;
      buffers.delete(i);
      appended[i] = 0;
      writes.delete(i);
      await rm(path(i), { force: true });
    },
    path,
    files: () => ({ dir, prefix, indices: [...used].sort((a, b) => a - b) }),
    async close() {
      await flush();
      await Promise.all([...handles.keys()].map(closeFile));
      await settled();
    },
  };
}

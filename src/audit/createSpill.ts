import { createReadStream } from 'node:fs';
import { appendFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Numbered temporary files that text lines are appended to, buffered: the audit's way of keeping
 * memory bounded whatever the log's size. Debtor buckets (by hash) and line ranges (for log order)
 * are both spills. `append` is synchronous: a full buffer is written in the background (writes to one
 * file in order); `settle` waits when too much is being written, `flush` until everything is.
 */
export interface Spill {
  append(index: number, line: string): void;
  /** Wait for the writes in flight if they hold more than the spill's share of memory (cheap otherwise). */
  settle(): Promise<void> | undefined;
  /** Write every buffer out; call before reading. */
  flush(): Promise<void>;
  /** The lines of one file (empty when nothing was appended to it). */
  read(index: number): Promise<string[]>;
  /** Characters appended to one file so far: what reading it whole costs in memory. */
  size(index: number): number;
  /** The lines of one file, streamed in batches (a chunk's worth each): for a file too large to read at once. */
  lineBatches(index: number): AsyncGenerator<string[]>;
  /** The indices that hold lines, ascending. */
  indices(): number[];
  /** Delete one file (its disk space is no longer needed). */
  discard(index: number): Promise<void>;
  /** The file of one index (flushed files only may be read by another thread). */
  path(index: number): string;
  /** The files written so far, for a reader elsewhere (another thread's spill, read back in line order). */
  files(): SpillFiles;
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
  const text = await readFile(spillPath(files.dir, files.prefix, index), 'utf8');
  const lines = text.split('\n');
  lines.pop();
  return lines;
}

/**
 * `dir` must exist (and be private: the lines hold personal data); files are `<prefix>-<index>`,
 * created 0600. Buffers total at most about `maxBuffered` characters, and as much again may be
 * in flight to the disk.
 */
export function createSpill(dir: string, prefix: string, maxBuffered = 16_000_000): Spill {
  const buffers = new Map<number, string[]>();
  const sizes = new Map<number, number>();
  const appended = new Map<number, number>();
  const used = new Set<number>();
  /** The last write of each file: the next one starts after it (appends to one file stay in order). */
  const writes = new Map<number, Promise<void>>();
  let total = 0;
  let inFlight = 0;
  let failure: { error: unknown } | undefined;
  const perFile = Math.max(8_192, Math.min(262_144, maxBuffered >> 6));
  const path = (i: number): string => spillPath(dir, prefix, i);

  function write(i: number): void {
    const buf = buffers.get(i);
    if (!buf || buf.length === 0) return;
    const text = buf.join('');
    total -= sizes.get(i) ?? 0;
    buffers.set(i, []);
    sizes.set(i, 0);
    inFlight += text.length;
    const done = (): void => {
      inFlight -= text.length;
    };
    const p = (writes.get(i) ?? Promise.resolve())
      .then(() => appendFile(path(i), text, { mode: 0o600 }))
      .then(done, (error: unknown) => {
        done();
        failure ??= { error };
      });
    writes.set(i, p);
  }

  async function settled(): Promise<void> {
    await Promise.all([...writes.values()]);
    if (failure) throw failure.error;
  }

  async function flush(): Promise<void> {
    for (const i of [...buffers.keys()]) write(i);
    await settled();
  }

  return {
    append(i, line) {
      let buf = buffers.get(i);
      if (!buf) {
        buf = [];
        buffers.set(i, buf);
        used.add(i);
      }
      buf.push(line, '\n');
      appended.set(i, (appended.get(i) ?? 0) + line.length + 1);
      const size = (sizes.get(i) ?? 0) + line.length + 1;
      sizes.set(i, size);
      total += line.length + 1;
      if (size >= perFile) write(i);
      else if (total >= maxBuffered) for (const j of [...buffers.keys()]) write(j);
    },
    settle() {
      if (failure) return Promise.reject(failure.error);
      return inFlight > maxBuffered ? settled() : undefined;
    },
    flush,
    async read(i) {
      if (!used.has(i)) return [];
      await flush();
      return readSpillFile({ dir, prefix, indices: [i] }, i);
    },
    size: (i) => appended.get(i) ?? 0,
    async* lineBatches(i) {
      if (!used.has(i)) return;
      await flush();
      let rest = '';
      for await (const chunk of createReadStream(path(i), { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop()!;
        if (parts.length > 0) yield parts;
      }
    },
    indices: () => [...used].sort((a, b) => a - b),
    async discard(i) {
      await writes.get(i);
      used.delete(i);
      buffers.delete(i);
      total -= sizes.get(i) ?? 0;
      sizes.delete(i);
      appended.delete(i);
      writes.delete(i);
      await rm(path(i), { force: true });
    },
    path,
    files: () => ({ dir, prefix, indices: [...used].sort((a, b) => a - b) }),
  };
}

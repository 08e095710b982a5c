import { createReadStream } from 'node:fs';
import { appendFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Numbered temporary files that text lines are appended to, buffered: the audit's way of keeping
 * memory bounded whatever the log's size. Debtor buckets (by hash) and line ranges (for log order)
 * are both spills. `append` returns a promise only when it flushes, so the common case costs no await.
 */
export interface Spill {
  append(index: number, line: string): Promise<void> | undefined;
  /** Write every buffer out; call before reading. */
  flush(): Promise<void>;
  /** The lines of one file (empty when nothing was appended to it). */
  read(index: number): Promise<string[]>;
  /** Characters appended to one file so far: what reading it whole costs in memory. */
  size(index: number): number;
  /** The lines of one file, streamed: for a file too large to read at once. */
  lines(index: number): AsyncGenerator<string>;
  /** The indices that hold lines, ascending. */
  indices(): number[];
  /** Delete one file (its disk space is no longer needed). */
  discard(index: number): Promise<void>;
}

/**
 * `dir` must exist (and be private: the lines hold personal data); files are `<prefix>-<index>`,
 * created 0600. Buffers total at most about `maxBuffered` characters.
 */
export function createSpill(dir: string, prefix: string, maxBuffered = 16_000_000): Spill {
  const buffers = new Map<number, string[]>();
  const sizes = new Map<number, number>();
  const appended = new Map<number, number>();
  const used = new Set<number>();
  let total = 0;
  const perFile = Math.max(8_192, Math.min(262_144, maxBuffered >> 6));
  const path = (i: number): string => join(dir, `${prefix}-${i}`);

  async function write(i: number): Promise<void> {
    const buf = buffers.get(i);
    if (!buf || buf.length === 0) return;
    const text = buf.join('');
    total -= sizes.get(i) ?? 0;
    buffers.set(i, []);
    sizes.set(i, 0);
    await appendFile(path(i), text, { mode: 0o600 });
  }

  async function flush(): Promise<void> {
    for (const i of [...buffers.keys()]) await write(i);
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
      if (size >= perFile) return write(i);
      if (total >= maxBuffered) return flush();
      return undefined;
    },
    flush,
    async read(i) {
      if (!used.has(i)) return [];
      await write(i);
      const text = await readFile(path(i), 'utf8');
      const lines = text.split('\n');
      lines.pop();
      return lines;
    },
    size: (i) => appended.get(i) ?? 0,
    async* lines(i) {
      if (!used.has(i)) return;
      await write(i);
      let rest = '';
      for await (const chunk of createReadStream(path(i), { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop()!;
        yield* parts;
      }
    },
    indices: () => [...used].sort((a, b) => a - b),
    async discard(i) {
      used.delete(i);
      buffers.delete(i);
      total -= sizes.get(i) ?? 0;
      sizes.delete(i);
      appended.delete(i);
      await rm(path(i), { force: true });
    },
  };
}

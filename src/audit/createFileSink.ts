import { createWriteStream } from 'node:fs';

/** Where a report is written, chunk by chunk. `write` may return a promise: await it (back-pressure). */
export interface TextSink {
  write(text: string): void | Promise<void>;
}

/**
 * A sink writing to a file, buffered (about 1 MB per write) and respecting back-pressure, so a report
 * of any size streams to disk. `close()` flushes and waits until the file is complete.
 */
export function createFileSink(path: string): TextSink & {
  writeBytes(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
} {
  const stream = createWriteStream(path);
  let failed: Error | undefined;
  stream.on('error', (e) => {
    failed = e;
  });
  let buf: string[] = [];
  let size = 0;
  const drain = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const onDrain = (): void => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (e: Error): void => {
        stream.off('drain', onDrain);
        reject(e);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
  const flush = async (): Promise<void> => {
    if (failed) throw failed;
    if (size === 0) return;
    const text = buf.join('');
    buf = [];
    size = 0;
    if (!stream.write(text)) await drain();
  };
  return {
    write(text) {
      buf.push(text);
      size += text.length;
      return size >= 1 << 20 ? flush() : undefined;
    },
    async writeBytes(bytes) {
      await flush();
      if (!stream.write(bytes)) await drain();
    },
    async close() {
      await flush();
      await new Promise<void>((resolve, reject) => {
        if (failed) {
          reject(failed);
          return;
        }
        stream.once('error', reject);
        stream.end(() => resolve());
      });
    },
  };
}

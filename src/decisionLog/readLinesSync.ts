import { readSync } from 'node:fs';

export interface LogLine {
  /** 1-based line number in the file. */
  readonly number: number;
  /** Byte offset of the line's first byte. */
  readonly offset: number;
  /** The line without its newline, decoded as UTF-8. */
  readonly text: string;
  /** Whether a newline ends it (the last line of a cut or interrupted file does not). */
  readonly complete: boolean;
}

/**
 * Every line of the file open at `fd`, from byte 0 to `size`, read in 1 MB chunks (a log of any size
 * in bounded memory, apart from a single line).
 */
export function readLinesSync(fd: number, size: number, onLine: (line: LogLine) => void): void {
  const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(1 << 20, size)));
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let lineStart = 0;
  let number = 0;
  let position = 0;
  while (position < size) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - position), position);
    if (n === 0) break;
    let start = 0;
    for (let i = chunk.indexOf(10, 0); i >= 0 && i < n; i = chunk.indexOf(10, i + 1)) {
      const piece = chunk.subarray(start, i);
      const bytes = carryBytes > 0 ? Buffer.concat([...carry, piece]) : piece;
      onLine({ number: ++number, offset: lineStart, text: bytes.toString('utf8'), complete: true });
      lineStart = position + i + 1;
      carry = [];
      carryBytes = 0;
      start = i + 1;
    }
    if (start < n) {
      carry.push(Buffer.from(chunk.subarray(start, n)));
      carryBytes += n - start;
    }
    position += n;
  }
  if (carryBytes > 0)
    onLine({ number: ++number, offset: lineStart, text: Buffer.concat(carry).toString('utf8'), complete: false });
}

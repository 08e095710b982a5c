import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replace the checkpoint file (`--checkpoints PATH`) with the latest note: written beside it, flushed,
 * renamed over it, the directory flushed — whoever copies it gets a whole note, the last or the one before.
 */
export function writeCheckpointFile(path: string, note: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    const bytes = Buffer.from(note, 'utf8');
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDirectory(path);
}

/** Make a new directory entry durable (a created or renamed file survives a power cut). */
export function fsyncDirectory(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(path), 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a directory; the file's own data is flushed either way.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

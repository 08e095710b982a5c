import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  lstatSync,
  openSync,
  closeSync,
  fsyncSync,
  renameSync,
  rmSync,
  statSync,
  type Stats,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { TextSink } from '../audit/createFileSink.js';
import { onExitCleanup } from './exitCleanup.js';
import { FileError, isErrnoError } from './fileError.js';

/** A report being written to a temporary file beside its target: nothing is replaced until `commit`. */
export interface ReportFile extends TextSink {
  /** Bytes (a Parquet report), after the text written so far. */
  writeBytes(bytes: Uint8Array): Promise<void>;
  /** Flush, give the file its mode, fsync, and rename it over the target: the report appears whole or not at all. */
  commit(): Promise<void>;
  /** Remove the temporary file (a no-op after `commit`). */
  discard(): Promise<void>;
}

/**
 * Prepare `--out PATH` before any work is done, so that a path that cannot be written is found in a
 * second, not after the whole audit. Refused: the input log itself (same device and inode, however
 * it is named), anything that exists and is not a regular file (a directory, a FIFO, a device, a
 * socket), a symbolic link (not followed, even to a regular file: name the file itself), and a file
 * that is not writable. The report is written to a new file in the same directory (created 0600 and
 * exclusively, so nothing else is opened through a planted name), registered for removal on every
 * exit path. `commit` gives it the mode of the file it replaces (a new report stays 0600: it holds
 * personal data), fsyncs it and renames it over the target, atomically.
 */
export async function openReportFile(out: string, input: string | undefined): Promise<ReportFile> {
  let existing: Stats | undefined;
  try {
    existing = lstatSync(out);
  } catch (e) {
    if (!(isErrnoError(e) && e.code === 'ENOENT')) throw new FileError('write', out, e);
  }
  let mode = 0o600;
  if (existing) {
    if (existing.isSymbolicLink())
      throw new FileError('write', out, 'is a symbolic link, which is not followed: give the path of the file itself');
    if (!existing.isFile())
      throw new FileError('write', out, `is ${kindOf(existing)}, not a regular file: refusing to replace it`);
    const source = input === undefined ? undefined : statOrUndefined(input);
    if (source && source.dev === existing.dev && source.ino === existing.ino)
      throw new FileError('write', out, 'is the input log: refusing to overwrite it');
    try {
      accessSync(out, constants.W_OK);
    } catch (e) {
      throw new FileError('write', out, e);
    }
    mode = existing.mode & 0o7777;
  }
  const dir = dirname(resolve(out));
  const temp = join(dir, `.${basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  let handle: FileHandle;
  try {
    handle = await open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
      0o600,
    );
  } catch (e) {
    throw new FileError('write', out, e);
  }
  const unregister = onExitCleanup(() => rmSync(temp, { force: true }));
  let isOpen = true;
  let committed = false;
  let buf: string[] = [];
  let size = 0;

  const flush = async (): Promise<void> => {
    if (size === 0) return;
    const bytes = Buffer.from(buf.join(''), 'utf8');
    buf = [];
    size = 0;
    try {
      for (let at = 0; at < bytes.length; ) at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten;
    } catch (e) {
      throw new FileError('write', out, e);
    }
  };

  return {
    async writeBytes(bytes: Uint8Array) {
      await flush();
      try {
        for (let at = 0; at < bytes.length; ) at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten;
      } catch (e) {
        throw new FileError('write', out, e);
      }
    },
    write(text) {
      buf.push(text);
      size += text.length;
      return size >= 1 << 20 ? flush() : undefined;
    },
    async commit() {
      await flush();
      try {
        await handle.chmod(mode);
        await handle.sync();
        await handle.close();
        isOpen = false;
        renameSync(temp, out);
      } catch (e) {
        throw new FileError('write', out, e);
      }
      committed = true;
      unregister();
      syncDirectory(dir);
    },
    async discard() {
      if (isOpen) {
        isOpen = false;
        await handle.close().catch(() => undefined);
      }
      if (!committed) rmSync(temp, { force: true });
      unregister();
    },
  };
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The rename is durable once the directory is synced (best effort: not every file system allows it). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported here (some platforms and file systems): the rename itself is still atomic.
  }
}

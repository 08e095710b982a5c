import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { ComplianceError } from '../errors.js';

/**
 * One writer per log file. Node has no flock, so the lock is a file beside the log, `<log>.lock`,
 * created with O_CREAT|O_EXCL (only one process can create it) holding `pid host` of its owner, and
 * removed when the writer closes. A second writer — another process, or a second open in this one —
 * finds it and is refused, naming the owner.
 *
 * The stale-lock rule: a lock whose owner is on this host and no longer runs (a crash, a kill -9) is
 * stale and is taken over. Taking over goes through a second O_EXCL file, `<log>.lock.break`, so that
 * two processes finding the same stale lock cannot both take it: the one that creates the break file
 * reads the lock again, removes it only if it is still the stale one, and removes the break file; the
 * other is refused (and may retry). A lock of another host, or of a process that still runs (even one
 * that reused the pid), is never taken: the error says to remove it by hand once sure no writer runs.
 * A break file left by a crash inside those few microseconds is named in the error the same way.
 */
export interface FileLock {
  readonly path: string;
  release(): void;
}

export function acquireFileLock(logPath: string): FileLock {
  const path = `${logPath}.lock`;
  const me = `${process.pid} ${hostname()}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    const fd = tryCreate(path, me);
    if (fd !== undefined) {
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          try {
            if (readFileSync(path, 'utf8') === me) unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    }
    const owner = readOwner(path);
    if (owner === undefined) continue; // removed meanwhile: try again
    if (!isStale(owner)) throw locked(logPath, path, owner, 'it is held');
    breakStaleLock(logPath, path, owner);
  }
  throw locked(logPath, path, readOwner(path) ?? { pid: 0, host: '?', text: '' }, 'another process took it first');
}

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly text: string;
}

function tryCreate(path: string, content: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw new ComplianceError(
      'decision_log_unwritable',
      `cannot create the lock ${path}: ${(e as Error).message} — no decision can be recorded there`,
    );
  }
  writeSync(fd, content);
  return fd;
}

function readOwner(path: string): Owner | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const m = /^(\d+) (\S+)\n$/.exec(text);
  return m ? { pid: Number(m[1]), host: m[2]!, text } : { pid: 0, host: '?', text };
}

function isStale(owner: Owner): boolean {
  if (owner.host !== hostname() || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
    return false; // it runs
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function breakStaleLock(logPath: string, path: string, owner: Owner): void {
  const breaker = `${path}.break`;
  const fd = tryCreate(breaker, `${process.pid} ${hostname()}\n`);
  if (fd === undefined)
    throw new ComplianceError(
      'decision_log_locked',
      `${logPath}: another process is taking over its stale lock (${breaker} exists); if no writer runs, remove ${breaker} and ${path} by hand`,
    );
  closeSync(fd);
  try {
    const again = readOwner(path);
    if (again?.text === owner.text) unlinkSync(path);
  } finally {
    unlinkSync(breaker);
  }
}

function locked(logPath: string, path: string, owner: Owner, why: string): ComplianceError {
  const who =
    owner.pid > 0 ? `process ${owner.pid} on ${owner.host}` : `an unreadable lock (${JSON.stringify(owner.text)})`;
  return new ComplianceError(
    'decision_log_locked',
    `${logPath} has a writer already: ${who} holds ${path} (${why}). One writer per log file: give each process its own file; if no writer runs, remove ${path} by hand`,
  );
}

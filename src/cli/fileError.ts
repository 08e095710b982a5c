/**
 * A file the command could not read or write: printed as `cannot read PATH: reason` or
 * `cannot write PATH: reason` (exit 2), never with a stack.
 */
export class FileError extends Error {
  constructor(
    readonly action: 'read' | 'write',
    readonly path: string,
    reason: unknown,
  ) {
    super(`cannot ${action} ${path}: ${reasonText(reason)}`);
    this.name = 'FileError';
  }
}

/** An errno error's reason without the call and path Node appends ("EACCES: permission denied"). */
function reasonText(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error) {
    const code = (reason as NodeJS.ErrnoException).code;
    // Node's wording names the system call, not the problem: "EISDIR: illegal operation on a directory, read".
    if (code === 'EISDIR') return 'EISDIR: is a directory, not a file';
    return reason.message
      .replace(/, \w+ '.*'$/s, '')
      .replace(/^(E[A-Z]+: .*), (read|open|scandir|write|stat|lstat)$/s, '$1');
  }
  return String(reason);
}

/** An error from the file system (it has an errno `code` such as ENOENT, EACCES, ENOSPC). */
export function isErrnoError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return (
    e instanceof Error &&
    typeof (e as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z0-9]+$/.test((e as NodeJS.ErrnoException).code!)
  );
}

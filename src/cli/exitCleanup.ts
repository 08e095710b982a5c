import { constants } from 'node:os';

/**
 * The process-wide list of what must not outlive the command: the temporary directory of an audit
 * (its spill files hold personal data) and a report being written. Each task is synchronous, so it
 * can run from the `exit` event. The library never touches process-wide state; the command line's
 * entry point installs the handlers (`installExitHandlers`), and a command in progress registers its
 * tasks and removes them once it has cleaned up itself.
 */
const tasks = new Set<() => void>();

/** Run `task` when the process ends, however it ends (short of SIGKILL); returns a function that unregisters it. */
export function onExitCleanup(task: () => void): () => void {
  tasks.add(task);
  return () => {
    tasks.delete(task);
  };
}

/** Run and forget every registered task now (errors are ignored: the others still run). */
export function runExitCleanups(): void {
  for (const task of [...tasks]) {
    tasks.delete(task);
    try {
      task();
    } catch {
      // Best effort: nothing can be reported at this point, and the other tasks must still run.
    }
  }
}

let stopHandler: ((signal: (typeof STOP_SIGNALS)[number]) => void) | undefined;

/**
 * The next SIGHUP, SIGINT or SIGTERM calls `handler` instead of ending the process: for a command
 * that ends on its own terms (`serve` finishes the requests in flight, then exits 0). A second signal
 * ends the process as usual.
 */
export function onStopSignal(handler: (signal: (typeof STOP_SIGNALS)[number]) => void): void {
  stopHandler = handler;
}

/** The signals a terminal, a supervisor or a closed session sends to stop a command. */
export const STOP_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;

/**
 * For the command line's entry point only: clean up on normal exit, on an error that ends the process,
 * and on SIGHUP, SIGINT and SIGTERM — after which the signal is raised again with its default action,
 * so the parent sees the command killed by it (a shell reports 128 + the signal's number; that code is
 * also the fallback exit status).
 */
export function installExitHandlers(): void {
  process.on('exit', runExitCleanups);
  for (const signal of STOP_SIGNALS) {
    const onSignal = (): void => {
      // A command that stops in its own way (the service drains its requests) has the first signal.
      const own = stopHandler;
      if (own) {
        stopHandler = undefined;
        own(signal);
        return;
      }
      runExitCleanups();
      process.off(signal, onSignal);
      try {
        process.kill(process.pid, signal);
      } catch {
        // Fall through to the exit code a shell would give.
      }
      process.exit(128 + constants.signals[signal]);
    };
    process.on(signal, onSignal);
  }
}

import { ComplianceError } from '../errors.js';
import type { DecisionLog } from './decisionLog.js';
import type { DecisionLogOptions } from './decisionLogOptions.js';
import { openFileDecisionLog } from './openFileDecisionLog.js';

/** A PostgreSQL connection string (`postgres://…` or `postgresql://…`) rather than a file path. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Open a decision log: a file path (created if absent; one writer at a time), or a PostgreSQL
 * connection string (`postgres://user:password@host/db`; the tables are created if absent; one origin
 * per writer). Pass it to `createChecker({ decisionLog })`; `close()` it when done (a last checkpoint).
 */
export async function openDecisionLog(target: string, options: DecisionLogOptions = {}): Promise<DecisionLog> {
  if (typeof target !== 'string' || target === '')
    throw new ComplianceError('invalid_option', 'decision log: give a file path or a postgres:// connection string');
  if (isPostgresUrl(target)) {
    const { openPostgresDecisionLog } = await import('./openPostgresDecisionLog.js');
    return openPostgresDecisionLog(target, options);
  }
  return openFileDecisionLog(target, options);
}

/** `openDecisionLog` for a file, synchronously (a PostgreSQL log can only be opened asynchronously). */
export function openDecisionLogSync(path: string, options: DecisionLogOptions = {}): DecisionLog {
  if (typeof path !== 'string' || path === '')
    throw new ComplianceError('invalid_option', 'decision log: give a file path');
  if (isPostgresUrl(path))
    throw new ComplianceError(
      'decision_log_async_only',
      'a PostgreSQL decision log is opened with openDecisionLog (asynchronous) and records through check / checkAttempt',
    );
  return openFileDecisionLog(path, options);
}

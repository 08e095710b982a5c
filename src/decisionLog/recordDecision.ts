import { ComplianceError } from '../errors.js';
import type { Attempt } from '../schema/attempt.js';
import type { Decision } from '../schema/decision.js';
import type { DecisionLog } from './decisionLog.js';
import type { CheckerProvenance } from './decisionChain.js';

/**
 * The checker's side of the decision log: append the decision's entry, then hand the decision back
 * with its `decisionId` — never before, and never when the entry could not be written (the error is
 * thrown instead: no `allow` leaves the checker unrecorded).
 */
export function recordDecisionSync(
  log: DecisionLog,
  attempt: Attempt,
  decision: Decision,
  provenance: CheckerProvenance,
): Decision {
  if (!log.synchronous)
    throw new ComplianceError(
      'decision_log_async_only',
      `the decision log ${log.location} records through the asynchronous API: use check / checkAttempt (checkSync cannot wait for the database)`,
    );
  let decisionId: string;
  try {
    decisionId = log.appendSync({ attempt, decision, provenance }).decisionId;
  } catch (e) {
    throw asWriteFailure(log, e);
  }
  return withDecisionId(decision, decisionId);
}

export async function recordDecision(
  log: DecisionLog,
  attempt: Attempt,
  decision: Decision,
  provenance: CheckerProvenance,
): Promise<Decision> {
  let decisionId: string;
  try {
    decisionId = (await log.append({ attempt, decision, provenance })).decisionId;
  } catch (e) {
    throw asWriteFailure(log, e);
  }
  return withDecisionId(decision, decisionId);
}

function withDecisionId(decision: Decision, decisionId: string): Decision {
  const { attemptId, ...rest } = decision;
  return { attemptId, decisionId, ...rest };
}

function asWriteFailure(log: DecisionLog, e: unknown): ComplianceError {
  if (e instanceof ComplianceError) return e;
  return new ComplianceError(
    'decision_log_write_failed',
    `cannot write the decision log ${log.location}: ${e instanceof Error ? e.message : String(e)}. The decision is not returned without its entry`,
  );
}

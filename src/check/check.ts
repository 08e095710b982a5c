import type { AttemptInput } from '../schema/attempt.js';
import type { Decision } from '../schema/decision.js';
import { createChecker, type Checker } from './createChecker.js';

let shared: Checker | undefined;

/**
 * Validate and judge one attempt with the shipped rules and default options: `createChecker().check`
 * with a checker built on first use and reused. For options, build your own with `createChecker`.
 * Throws InputError (naming every bad field) on input that breaks the contract.
 */
export function check(input: AttemptInput): Promise<Decision> {
  shared ??= createChecker();
  return shared.check(input);
}

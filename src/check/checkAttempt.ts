import type { Decision } from '../schema/decision.js';
import { createChecker, type Checker } from './createChecker.js';

let shared: Checker | undefined;

/**
 * Judge one attempt with the shipped rules and default options. The checker (rules validated, engines
 * compiled) is built on first use and reused. For options, build your own with `createChecker`.
 */
export function checkAttempt(input: unknown): Promise<Decision> {
  shared ??= createChecker();
  return shared.check(input);
}

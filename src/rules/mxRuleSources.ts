import type { RuleSource } from './loadRulePacks.js';

/** MX's shipped rule files (a test keeps this list equal to rules/mx/). */
export const mxRuleSources: readonly RuleSource[] = [];

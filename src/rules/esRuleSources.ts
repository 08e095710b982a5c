import type { RuleSource } from './loadRulePacks.js';

/** ES's shipped rule files (a test keeps this list equal to rules/es/). */
export const esRuleSources: readonly RuleSource[] = [];

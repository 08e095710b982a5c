import { coRuleSources } from './coRuleSources.js';
import { esRuleSources } from './esRuleSources.js';
import type { RuleSource } from './loadRulePacks.js';
import { mxRuleSources } from './mxRuleSources.js';

/** Every shipped rule file, bundled into the build so no file system is needed at run time. */
export const defaultRuleSources: readonly RuleSource[] = [...coRuleSources, ...mxRuleSources, ...esRuleSources];

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RuleConfigError } from '../errors.js';
import type { RuleSource } from './loadRulePacks.js';

/** Read every `<cc>/<topic>.json` under a directory laid out like the shipped `rules/`. */
export function loadRuleSourcesFromDir(dir: string): RuleSource[] {
  const out: RuleSource[] = [];
  for (const cc of readdirSync(dir).sort()) {
    const sub = join(dir, cc);
    if (!statSync(sub).isDirectory()) continue;
    for (const name of readdirSync(sub).sort()) {
      if (!name.endsWith('.json')) continue;
      const path = join(sub, name);
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new RuleConfigError([`${relative(process.cwd(), path)}#: invalid_json ${(e as Error).message}`]);
      }
      out.push({ path: relative(process.cwd(), path), data });
    }
  }
  return out;
}

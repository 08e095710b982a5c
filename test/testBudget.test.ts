import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNS } from './_lib/arbitraries.js';

/**
 * `npm test` fits in about two minutes on the project's 2-core machines (issue 11, item 5): property
 * runs are configurable, 1,000 by default; CI runs them at full strength, 10,000 each. The README says
 * what each command costs.
 */
const root = join(import.meta.dirname, '..');

describe('test budget', () => {
  it('property runs follow FC_RUNS (1,000 when unset)', () => {
    expect(RUNS).toBe(process.env['FC_RUNS'] === undefined ? 1_000 : Number(process.env['FC_RUNS']));
  });

  it('.ci/run runs every property at least 10,000 times (FC_RUNS and DIFF_RUNS)', () => {
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    const line = ci.split('\n').find((l) => /^\s*[^#]*npm test\b/.test(l));
    expect(line).toBeDefined();
    expect(Number(/\bFC_RUNS=(\d+)/.exec(line!)?.[1])).toBeGreaterThanOrEqual(10_000);
    expect(Number(/\bDIFF_RUNS=(\d+)/.exec(line!)?.[1])).toBeGreaterThanOrEqual(10_000);
  });

  it('the README says what npm ci, npm run demo, npm test and .ci/run cost', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const costs = readme.slice(0, readme.indexOf('## Use it from code'));
    for (const c of [
      '`npm ci` about',
      '`npm run demo` about',
      '`npm test` about',
      '`.ci/run` runs 10,000 and takes about',
    ])
      expect(costs).toContain(c);
  });
});

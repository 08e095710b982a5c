import type { AttemptInput } from '../src/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChecker } from '../src/index.js';

/** The README's library example runs, and says what it gives. */
const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

describe('README example', () => {
  it('is at most 15 lines', () => {
    expect(snippet.trim().split('\n').length).toBeLessThanOrEqual(15);
  });

  it('gives the verdict and nextAllowedAt its comments state', async () => {
    const literal = /checker\.check\((\{[\s\S]*?\})\);/.exec(snippet)?.[1];
    expect(literal).toBeDefined();
    // The literal is plain data (an object of strings and arrays, with comments): evaluate it as such.
    const attempt = new Function(`return (${literal!.replace(/\/\/.*$/gm, '')});`)() as unknown;
    const decision = await createChecker().check((attempt as AttemptInput));
    const verdict = /decision\.verdict;\s*\/\/ '(\w+)'/.exec(snippet)?.[1];
    const next = /decision\.nextAllowedAt;\s*\/\/ '([^']+)'/.exec(snippet)?.[1];
    expect(decision.verdict).toBe(verdict);
    expect(decision.nextAllowedAt).toBe(next);
  });
});

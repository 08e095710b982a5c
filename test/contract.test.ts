import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** docs/contract.md is the shipped copy of the shared contract; it must not drift from it. */
const shared = join(import.meta.dirname, '..', '..', 'shared', 'CONTRACT.md');

describe('docs/contract.md', () => {
  it('equals ../shared/CONTRACT.md when the shared folder is beside the repo', () => {
    const copy = readFileSync(join(import.meta.dirname, '..', 'docs', 'contract.md'), 'utf8');
    expect(copy).toMatch(/^# The contract of cobranza-compliance/);
    if (existsSync(shared)) expect(copy).toBe(readFileSync(shared, 'utf8'));
  });
});

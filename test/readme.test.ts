import type { AttemptInput } from '../src/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChecker } from '../src/index.js';
import { main } from '../src/cli/main.js';

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
    const decision = await createChecker().check(attempt as AttemptInput);
    const verdict = /decision\.verdict;\s*\/\/ '(\w+)'/.exec(snippet)?.[1];
    const next = /decision\.nextAllowedAt;\s*\/\/ '([^']+)'/.exec(snippet)?.[1];
    expect(decision.verdict).toBe(verdict);
    expect(decision.nextAllowedAt).toBe(next);
  });
});

/** Runs the CLI in-process, as `cobranza-compliance ARGS`, with `stdin` as standard input. */
async function cli(args: string[], stdin: string): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(args, {
    stdin: () => stdin,
    out: (s) => {
      stdout += s;
    },
    err: () => undefined,
  });
  return { code, stdout };
}

/** The fenced block of `lang` that follows the first occurrence of `marker` in the README. */
function blockAfter(marker: string, lang: string): string {
  const at = readme.indexOf(marker);
  expect(at, marker).toBeGreaterThan(-1);
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme.slice(at));
  expect(m, `${lang} block after ${marker}`).not.toBeNull();
  return m![1]!;
}

describe('README: the windows command on a Colombian week with a festivo (issue 12, item 3)', () => {
  it('the command shown prints the output shown, and exits 0', async () => {
    const sh = blockAfter('### Lawful windows', 'sh');
    const json = /echo '([^']+)'/.exec(sh)?.[1];
    const args = /npx cobranza-compliance (windows - [^\n]+)/.exec(sh)?.[1]?.trim().split(/\s+/);
    expect(json && args).toBeTruthy();
    expect(JSON.parse(json!).at).toBe('2026-03-20T19:30:00-05:00');
    const expected = blockAfter('### Lawful windows', 'text');
    const r = await cli(args!, json!);
    expect(r.stdout).toBe(expected);
    expect(r.code).toBe(0);
    // The week holds a festivo Monday: San José, 23 March 2026.
    expect(expected).not.toMatch(/2026-03-23/);
    expect(
      createChecker()
        .checkSync({ ...JSON.parse(json!), at: '2026-03-23T10:00:00-05:00' })
        .violations.map((v) => v.ruleId),
    ).toContain('co.ley2300.art3.festivo');
  });

  it('the check --format text example is what check prints', async () => {
    const base = {
      channel: 'call',
      jurisdiction: { country: 'CO' },
      debt: { dueDate: '2026-01-15' },
      debtor: { authorizedChannels: ['call'] },
    };
    const attempts = [
      { ...base, id: 'a1', at: '2026-03-02T10:00:00-05:00', recipient: { role: 'debtor', identityVerified: true } },
      { ...base, id: 'a2', at: '2026-03-02T06:59:00-05:00', recipient: { role: 'debtor', identityVerified: true } },
      {
        ...base,
        id: 'a3',
        at: '2026-03-02T10:00:00-05:00',
        recipient: { role: 'reference' },
        content: { disclosesDebt: false },
      },
    ];
    const r = await cli(['check', '-', '--format', 'text'], JSON.stringify(attempts));
    expect(r.stdout).toBe(blockAfter('`check --format text` is for a person', 'text'));
    expect(r.code).toBe(1);
  });
});

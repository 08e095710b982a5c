import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

/** Runs the CLI in-process, as `cobranza-compliance ARGS`, with `stdin` as standard input. */
async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: () => stdin,
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

const ok = {
  id: 'a1',
  at: '2026-03-02T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
};
const early = { ...ok, id: 'a2', at: '2026-03-02T06:59:00-05:00' };

describe('check', () => {
  it('one object in, one decision out; exit 0 when allowed', async () => {
    const r = await run(['check', '-'], JSON.stringify(ok));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ attemptId: 'a1', verdict: 'allow', allowed: true });
  });

  it('an array in, an array out; exit 1 when some are not allowed', async () => {
    const r = await run(['check', '-'], JSON.stringify([ok, early]));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Array<{ attemptId: string; verdict: string; nextAllowedAt: string | null }>;
    expect(out.map((d) => [d.attemptId, d.verdict, d.nextAllowedAt])).toEqual([
      ['a1', 'allow', null],
      ['a2', 'delay', '2026-03-02T07:00:00-05:00'],
    ]);
  });

  it('JSON Lines in, JSON Lines out', async () => {
    const r = await run(['check', '-'], `${JSON.stringify(ok)}\n\n${JSON.stringify(early)}\n`);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { attemptId: string });
    expect(lines.map((d) => d.attemptId)).toEqual(['a1', 'a2']);
  });

  it('a batch of one in JSON Lines is one line out; --format jsonl forces lines for an array', async () => {
    const one = await run(['check', '-'], `${JSON.stringify(ok)}\n`);
    expect(one.stdout.split('\n')).toHaveLength(2);
    expect(JSON.parse(one.stdout)).toMatchObject({ attemptId: 'a1' });
    const forced = await run(['check', '-', '--format', 'jsonl'], JSON.stringify([ok, early], null, 2));
    expect(forced.code).toBe(1);
    expect(
      forced.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { attemptId: string }).attemptId),
    ).toEqual(['a1', 'a2']);
    // A pretty-printed object is still one document, and its decision is pretty-printed.
    const pretty = await run(['check', '-'], JSON.stringify(ok, null, 2));
    expect(pretty.stdout.split('\n').length).toBeGreaterThan(10);
    expect(JSON.parse(pretty.stdout)).toMatchObject({ attemptId: 'a1' });
  });

  it('--exit-zero: not allowed exits 0; bad input still exits 2; --format text lists a bad line', async () => {
    expect((await run(['check', '-', '--exit-zero'], JSON.stringify(early))).code).toBe(0);
    const text = await run(['check', '-', '--format', 'text', '--exit-zero'], `${JSON.stringify(early)}\n{"id":"x"}\n`);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/^x\s+error\s+at: is required \(expected string\) \(\+\d+ more\)$/m);
    expect(text.stdout).toMatch(/1 of 1 not allowed: 1 hours; 1 bad input, not judged\n$/);
  });

  it('reads a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-'));
    const file = join(dir, 'a.json');
    writeFileSync(file, JSON.stringify(ok));
    expect((await run(['check', file])).code).toBe(0);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['no offset in at', { ...ok, at: '2026-03-02T10:00:00' }, /^at: .*offset/m],
    ['an unknown field', { ...ok, chanel: 'sms' }, /^chanel: unknown field/m],
    ['an unknown role', { ...ok, recipient: { role: 'boss' } }, /^recipient\.role: .*expected one of/m],
    ['an impossible date', { ...ok, debt: { dueDate: '2026-02-30' } }, /^debt\.dueDate: .*no day 30/m],
    ['an impossible instant', { ...ok, at: '2026-02-29T10:00:00-05:00' }, /^at: .*no day 29/m],
    [
      'an unsupported country',
      { ...ok, jurisdiction: { country: 'PE' } },
      /^jurisdiction\.country: .*expected one of "MX"\|"CO"\|"ES"/m,
    ],
    [
      'a region of another country',
      { ...ok, jurisdiction: { country: 'CO', region: 'MX-SON' } },
      /^jurisdiction\.region: /m,
    ],
    [
      'an unknown time zone',
      { ...ok, jurisdiction: { country: 'CO', timeZone: 'Mars/Olympus' } },
      /^jurisdiction\.timeZone: /m,
    ],
    ['an offset beyond +14:00', { ...ok, at: '2026-03-02T10:00:00+15:00' }, /^at: offset/m],
    ['a missing required field', { ...ok, channel: undefined }, /^channel: is required/m],
    ['an impossible phone', { ...ok, recipient: { role: 'debtor', phone: '12' } }, /^recipient\.phone: /m],
    [
      'an unknown history field',
      { ...ok, history: [{ at: '2026-03-01T10:00:00Z', channel: 'call', note: 'x' }] },
      /^history\[0\]\.note: unknown field/m,
    ],
  ];
  it.each(bad)(
    '%s → exit 2: pretty-printed, the field named on stderr and nothing on stdout; one line, its error line',
    async (_name, input, message) => {
      const pretty = await run(['check', '-'], JSON.stringify(input, null, 2));
      expect(pretty.code).toBe(2);
      expect(pretty.stdout).toBe('');
      expect(pretty.stderr).toMatch(message);
      // One line is JSON Lines: its place in the output holds its error line.
      const line = await run(['check', '-'], JSON.stringify(input));
      expect(line.code).toBe(2);
      const entry = JSON.parse(line.stdout) as {
        line: number;
        id: string;
        error: { code: string; issues: Array<{ path: string }> };
      };
      expect(entry).toMatchObject({ line: 1, id: 'a1', error: { code: 'invalid_input' } });
      const path = /\^\\?(.*?): /.exec(message.source)![1]!.replace(/\\/g, '');
      expect(entry.error.issues.map((i) => i.path)).toContain(path);
      expect(line.stderr).toMatch(new RegExp(`^<stdin>:1: ${message.source.slice(1)}`, 'm'));
    },
  );

  it('one bad attempt in an array: its error object in its place, the good ones judged, exit 2', async () => {
    const r = await run(['check', '-'], JSON.stringify([ok, { ...ok, id: 'fax', channel: 'fax' }, early]));
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({ attemptId: 'a1', verdict: 'allow' });
    expect(out[1]).toMatchObject({
      index: 1,
      id: 'fax',
      error: { code: 'invalid_input', issues: [{ path: 'channel' }] },
    });
    expect(out[2]).toMatchObject({ attemptId: 'a2', verdict: 'delay' });
    expect(r.stderr).toMatch(/^\[1\]\.channel: /m);
  });

  it('a line that is not JSON in JSON Lines: its error line in its place, the others judged, exit 2', async () => {
    const r = await run(['check', '-'], `${JSON.stringify(ok)}\n{oops\n${JSON.stringify(early)}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:2:2: not JSON: expected a property name/m);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['attemptId'] ?? l['line'])).toEqual(['a1', 2, 'a2']);
  });

  it('usage errors exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['check'])).code).toBe(2);
    expect((await run(['check', '/nonexistent/file.json'])).code).toBe(2);
    expect((await run(['check', '-', '--lang', 'fr'], JSON.stringify(ok))).code).toBe(2);
    expect((await run(['check', '-', '--override', 'no.such.rule=off'], JSON.stringify(ok))).code).toBe(2);
  });

  it('options: --lang es, --override, --direct-contact', async () => {
    const es = await run(['check', '-', '--lang', 'es'], JSON.stringify(early));
    expect(JSON.parse(es.stdout).violations[0].message).toMatch(/fuera del horario/);
    const off = await run(
      [
        'check',
        '-',
        '--override',
        'co.ley2300.art3.hours.weekday=off',
        '--allow-deviation',
        'co.ley2300.art3.hours.weekday',
      ],
      JSON.stringify(early),
    );
    expect(off.code).toBe(0);
    const withCall = { ...ok, history: [{ at: '2026-03-02T08:00:00-05:00', channel: 'call', outcome: 'no_answer' }] };
    expect((await run(['check', '-'], JSON.stringify(withCall))).code).toBe(1);
    expect((await run(['check', '-', '--direct-contact', 'two_way'], JSON.stringify(withCall))).code).toBe(0);
  });
});

describe('rules', () => {
  it('prints the catalog as Markdown and JSON, filtered by country', async () => {
    const md = await run(['rules', '--country', 'CO']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('`co.ley2300.art3.hours.saturday`');
    const json = JSON.parse((await run(['rules', '--format', 'json', '--country', 'co'])).stdout) as Array<{
      id: string;
      kind: string;
      country: string;
    }>;
    expect(json.every((e) => e.country === 'CO')).toBe(true);
    expect(json.find((e) => e.id === 'co.policy.disputed')?.kind).toBe('policy');
    expect(json.find((e) => e.id === 'co.ley2300.art4.no_references')?.kind).toBe('law');
    expect((await run(['rules', '--country', 'PE'])).code).toBe(2);
  });
});

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { fold } from '../src/cli/windowsCommand.js';
import { createChecker, VERSION } from '../src/index.js';

/**
 * The command line of a well-kept tool (issue 11, item 2) and the `windows` command (issue 12,
 * item 2): --version, help per command, did-you-mean, `-` for standard input everywhere, parse errors
 * at the file's own line and column, errors naming the path, the report format from --out, and
 * `check --format text`.
 */
async function run(
  args: string[],
  stdin = '',
  stream = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: () => stdin,
    ...(stream ? { stdinStream: () => Readable.from([stdin]) } : {}),
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'cc-ux-'));
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
const secondCall = {
  ...ok,
  id: 'a3',
  at: '2026-03-02T16:00:00-05:00',
  history: [{ at: '2026-03-02T09:00:00-05:00', channel: 'call' }],
};
const reference = { ...ok, id: 'a4', recipient: { role: 'reference' } };

describe('--version and help', () => {
  it('--version prints the tool, ruleset, holiday data and tz database versions, exit 0', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^cobranza-compliance ${VERSION.replace(/\./g, '\\.')}\n`));
    expect(r.stdout).toContain(`ruleset ${createChecker().version}`);
    expect(r.stdout).toMatch(/holiday data: date-holidays \d+\.\d+\.\d+; official tables ES 2025 \(BOE-A-/);
    expect(r.stdout).toContain(`tzdata ${process.versions.tz}`);
    expect((await run(['-v'])).stdout).toBe(r.stdout);
  });

  it('each command has its own help (COMMAND --help, help COMMAND); --help alone lists the commands', async () => {
    const global = await run(['--help']);
    expect(global.stdout).toMatch(/commands:\n {2}check FILE\|-/);
    for (const c of ['check', 'windows', 'audit', 'rules']) {
      const h = await run([c, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^usage: cobranza-compliance ${c}`));
      expect((await run(['help', c])).stdout).toBe(h.stdout);
    }
    expect((await run(['check', '--help'])).stdout).toMatch(/--format text/);
    expect((await run(['audit', '--help'])).stdout).toMatch(/--out FILE/);
    expect((await run(['check', '--help'])).stdout).not.toMatch(/--out FILE/);
  });
});

describe('did you mean', () => {
  it('an unknown command names the closest one', async () => {
    const r = await run(['chek', 'x.json']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^cobranza-compliance: unknown command chek \(did you mean check\?\)/);
    expect((await run(['help', 'audti'])).stderr).toMatch(/no command audti \(did you mean audit\?\)/);
  });

  it('an unknown option names the closest option of the command, or the command it belongs to', async () => {
    expect((await run(['check', '-', '--langg', 'es'])).stderr).toMatch(
      /check has no option --langg \(did you mean --lang\?\)/,
    );
    expect((await run(['audit', 'x', '--ouput', 'r.html'])).stderr).toMatch(
      /audit has no option --ouput \(did you mean --out\?\)/,
    );
    const out = await run(['check', '-', '--out', 'r.html']);
    expect(out).toMatchObject({ code: 2, stdout: '' });
    expect(out.stderr).toMatch(
      /check has no option --out \(it is an option of audit, keygen\)\nRun 'cobranza-compliance check --help'/,
    );
    expect((await run(['check', '-', '--format', 'txt'], JSON.stringify(ok))).stderr).toMatch(
      /--format for check is json, jsonl or text \(did you mean text\?\)/,
    );
    expect((await run(['check', '-', '--lang'])).stderr).toMatch(/--lang needs a value/);
  });
});

describe('- for standard input, and errors that name the file', () => {
  it('audit - reads the log from standard input (a stream, or text)', async () => {
    const log = readFileSync(join(root, 'examples', 'contact-log.jsonl'), 'utf8')
      .split('\n')
      .slice(0, 200)
      .join('\n');
    const streamed = await run(['audit', '-', '--format', 'json'], log, true);
    expect(streamed.stderr).toBe('');
    const report = JSON.parse(streamed.stdout) as { source: { name: string }; accounting: { records: number } };
    expect(report.source.name).toBe('<stdin>');
    expect(report.accounting.records).toBeGreaterThan(150);
    expect(JSON.parse((await run(['audit', '-', '--format', 'json'], log)).stdout).accounting).toEqual(
      report.accounting,
    );
  });

  it('a comma missing on line 5 of a pretty-printed file is reported at FILE:5:COLUMN', async () => {
    const file = join(dir, 'pretty.json');
    writeFileSync(file, JSON.stringify(ok, null, 2).replace('"channel": "call",', '"channel": "call"'));
    const line =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"jurisdiction"')) + 1;
    const r = await run(['check', file]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(`${file}:${line}:3: not JSON: expected ',' or '}' after a property value, found '"'`);
    // JSON Lines: the line of the file, and the column in it.
    const column = JSON.stringify(ok).indexOf('"call"') + 1;
    expect(
      (await run(['check', '-'], `${JSON.stringify(ok)}\n${JSON.stringify(ok).replace('"call"', 'call')}\n`)).stderr,
    ).toContain(`\n<stdin>:2:${column}: not JSON: expected a value, found 'c'\n`);
    // …and the line has its error line in the output, the other line its decision.
    const lines = (
      await run(['check', '-'], `${JSON.stringify(ok)}\n${JSON.stringify(ok).replace('"call"', 'call')}\n`)
    ).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ attemptId: ok.id });
    expect(lines[1]).toEqual({
      line: 2,
      id: null,
      error: {
        code: 'invalid_json',
        column,
        issues: [{ path: '', code: 'invalid_json', message: "not JSON: expected a value, found 'c'" }],
      },
    });
  });

  it('a directory, a missing file: "cannot read PATH: …" naming the path', async () => {
    const r = await run(['check', dir]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`cobranza-compliance: cannot read ${dir}: EISDIR: is a directory, not a file\n`);
    expect((await run(['audit', dir])).stderr).toBe(
      `cobranza-compliance: cannot read ${dir}: EISDIR: is a directory, not a file\n`,
    );
    expect((await run(['windows', join(dir, 'nope.json'), '--days', '1'])).stderr).toMatch(
      /^cobranza-compliance: cannot read .*nope\.json: ENOENT: no such file or directory\n$/,
    );
  });
});

describe('audit --out: the format from the extension, or refused', () => {
  const log = join(root, 'examples', 'contact-log.jsonl');
  it('an unknown extension without --format is refused, nothing written', async () => {
    const out = join(dir, 'report.pdf');
    const r = await run(['audit', log, '--out', out]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(
      /--out .*report\.pdf: the extension \.pdf is not a report format \(\.json \.csv \.md \.html \.parquet \.partial\)/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('--format and an --out named as another format disagree: refused; --format with an unknown extension: written', async () => {
    expect((await run(['audit', log, '--format', 'md', '--out', join(dir, 'r.html')])).stderr).toMatch(
      /--format md but --out .*r\.html is named as html/,
    );
    const txt = join(dir, 'report.txt');
    expect((await run(['audit', log, '--format', 'md', '--out', txt])).code).toBe(1);
    expect(readFileSync(txt, 'utf8')).toMatch(/^# Contact-log audit/);
  });
});

describe('check --format text', () => {
  it('one line per attempt (id, verdict, local time, next allowed, rule ids) and a closing summary', async () => {
    const r = await run(
      ['check', '-', '--format', 'text'],
      JSON.stringify([ok, early, secondCall, reference, { ...ok, id: undefined }]),
    );
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^a1 +allow +2026-03-02 10:00 America\/Bogota$/);
    expect(lines[1]).toMatch(
      /^a2 +delay +2026-03-02 06:59 America\/Bogota +next 2026-03-02 07:00 +co\.ley2300\.art3\.hours\.weekday$/,
    );
    expect(lines[2]).toMatch(
      /^a3 +delay +2026-03-02 16:00 America\/Bogota +next 2026-03-03 07:00 +co\.ley2300\.art3\.once_per_day$/,
    );
    expect(lines[3]).toMatch(/^a4 +block +2026-03-02 10:00 America\/Bogota +co\.ley2300\.art4\.no_references/);
    expect(lines[4]).toMatch(/^#5 +allow /);
    expect(lines[5]).toBe('3 of 5 not allowed: 1 frequency, 1 hours, 1 third_party');
    expect((await run(['check', '-', '--format', 'text'], JSON.stringify(ok))).stdout).toMatch(/\nall 1 allowed\n$/);
  });

  it('an id from the input cannot write to the terminal: control and bidi characters shown', async () => {
    const r = await run(['check', '-', '--format', 'text'], JSON.stringify({ ...ok, id: 'x\u001b[2J\u202eevil' }));
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(r.stdout).toMatch(/^x⟨U\+001B⟩\[2J⟨U\+202E⟩evil +allow/);
  });
});

describe('windows FILE|- (issue 12, item 2)', () => {
  // A Colombian week with a festivo Monday (San José, 23 March 2026), as in test/windows.test.ts.
  const co = { ...ok, id: 'co-week', at: '2026-03-20T19:30:00-05:00' };
  const until = ['--until', '2026-03-27T00:00:00-05:00'];

  it('JSON by default: what checker.windows returns, in the shape of the input; exit 0 when there is a window', async () => {
    const r = await run(['windows', '-', ...until], JSON.stringify(co));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(
      JSON.parse(JSON.stringify(await createChecker().windows(co as never, { until: until[1]! }))),
    );
    const arr = JSON.parse((await run(['windows', '-', '--days', '2'], JSON.stringify([co, ok]))).stdout) as unknown[];
    expect(arr).toHaveLength(2);
  });

  it("--format text: the windows in the debtor's local time, Saturday 08–15, no Sunday, no festivo Monday", async () => {
    const r = await run(['windows', '-', ...until, '--format', 'text'], JSON.stringify(co));
    expect(r.stdout).toBe(
      [
        'co-week: call to debtor (CO), America/Bogota local time; 2026-03-20 19:30 → 2026-03-27 00:00',
        '  Sat 2026-03-21 08:00–15:00',
        '  Tue 2026-03-24 07:00–19:00',
        '  Wed 2026-03-25 07:00–19:00',
        '  Thu 2026-03-26 07:00–19:00',
        'every attempt has a lawful window (4 windows)',
        '',
      ].join('\n'),
    );
  });

  it('no window: exit 1, and what waiting cannot cure is named', async () => {
    const r = await run(
      ['windows', '-', '--days', '3', '--format', 'text'],
      JSON.stringify({ ...co, recipient: { role: 'reference' } }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no lawful window: waiting does not cure\n {4}co\.ley2300\.art4\.no_references/);
    expect(r.stdout).toMatch(/1 of 1 attempts have no lawful window\n$/);
  });

  it('--format ics: RFC 5545 — CRLF, one VEVENT per window with UID and DTSTAMP from the attempt (deterministic), escaped text, folded lines', async () => {
    const hostile = { ...co, id: 'a;b,c\\d\u202e\nBEGIN:VEVENT' };
    const r = await run(['windows', '-', ...until, '--format', 'ics'], JSON.stringify(hostile));
    expect(r.code).toBe(0);
    const ics = r.stdout;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cobranza-compliance//windows ')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // every line ends CRLF
    const lines = ics.split('\r\n').slice(0, -1);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '').split('\r\n');
    expect(unfolded.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(4); // the id's line break did not open an event
    expect(unfolded.filter((l) => l.startsWith('DTSTART:'))).toEqual([
      'DTSTART:20260321T130000Z',
      'DTSTART:20260324T120000Z',
      'DTSTART:20260325T120000Z',
      'DTSTART:20260326T120000Z',
    ]);
    expect(unfolded.filter((l) => l.startsWith('DTEND:'))[0]).toBe('DTEND:20260321T200000Z');
    expect(new Set(unfolded.filter((l) => l.startsWith('DTSTAMP:')))).toEqual(new Set(['DTSTAMP:20260321T003000Z']));
    const uids = unfolded.filter((l) => l.startsWith('UID:'));
    expect(new Set(uids).size).toBe(4);
    expect(uids[0]).toBe('UID:a%3Bb%2Cc%5Cd%E2%80%AE%0ABEGIN%3AVEVENT-20260321T130000Z@cobranza-compliance');
    const summary = unfolded.find((l) => l.startsWith('SUMMARY:'))!;
    expect(summary).toBe(
      'SUMMARY:Lawful window: call to debtor (CO)\\, attempt a\\;b\\,c\\\\d⟨U+202E⟩⟨U+000A⟩BEGIN:VEVENT',
    );
    // The same input gives the same file (no clock).
    expect((await run(['windows', '-', ...until, '--format', 'ics'], JSON.stringify(hostile))).stdout).toBe(ics);
  });

  it('folding never splits a character', () => {
    const line = `SUMMARY:${'ñ'.repeat(100)}`;
    const parts = fold(line).split('\r\n');
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('usage: --until or --days (one), a range of 1 to 31 days, a bad instant → exit 2', async () => {
    expect((await run(['windows', '-'], JSON.stringify(co))).stderr).toMatch(
      /windows needs --until ISO .* or --days N/,
    );
    expect((await run(['windows', '-', '--days', '2', ...until], JSON.stringify(co))).code).toBe(2);
    expect((await run(['windows', '-', '--days', '40'], JSON.stringify(co))).stderr).toMatch(
      /--days is a number of days from 1 to 31/,
    );
    const bad = await run(['windows', '-', '--until', '2026-03-27'], JSON.stringify(co));
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/until: /);
    expect((await run(['windows', '-', '--days', '2', '--format', 'ical'], JSON.stringify(co))).stderr).toMatch(
      /did you mean ics\?/,
    );
  });
});

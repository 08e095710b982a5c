import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { createProgressBar } from '../src/cli/progressBar.js';

/** `cobranza-compliance audit` and `rules` as a user runs them: exit codes, files, stdout, stderr. */
async function run(args: string[], errIsTTY = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: () => '',
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
    errIsTTY,
    errColumns: 100,
  });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'cc-audit-cli-'));
const base = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
  outcome: 'connected',
};
const good = [
  { ...base, id: 'a', debtorId: 'd1', at: '2026-03-02T09:00:00-05:00' },
  { ...base, id: 'b', debtorId: 'd2', at: '2026-03-02T09:00:00-05:00' },
];
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const clean = file('clean.jsonl', good.map((g) => JSON.stringify(g)).join('\n'));
const dirty = file(
  'dirty.jsonl',
  [...good, { ...base, id: 'c', debtorId: 'd1', at: '2026-03-02T15:00:00-05:00' }, 'oops']
    .map((g) => (typeof g === 'string' ? g : JSON.stringify(g)))
    .join('\n'),
);

describe('audit command', () => {
  it('exit 0 when every record is judged and allowed; the report (md by default) on stdout', async () => {
    const r = await run(['audit', clean]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Contact-log audit/);
    expect(r.stderr).toBe('');
  });

  it('exit 1 with a violation or a rejected line; --out writes the file and prints a summary', async () => {
    const out = join(dir, 'report.json');
    const r = await run(['audit', dirty, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(''); // stderr is not a terminal: no progress bar
    expect(r.stdout).toMatch(/audited dirty\.jsonl: 4 records \(3 judged, 1 rejected\) from 2 debtors/);
    expect(r.stdout).toMatch(/1 {2}co\.ley2300\.art3\.once_per_day/);
    expect(r.stdout).toMatch(/JSON report: .*report\.json/);
    const j = JSON.parse(readFileSync(out, 'utf8')) as {
      records: Array<{ line: number }>;
      rejected: Array<{ line: number }>;
    };
    expect(j.records.map((x) => x.line)).toEqual([3]);
    expect(j.rejected.map((x) => x.line)).toEqual([4]);
    expect(readdirSync(dir).some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it("the format follows --out's extension, or --format", async () => {
    const html = join(dir, 'r.html');
    expect((await run(['audit', dirty, '--out', html])).code).toBe(1);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
    const csv = await run(['audit', dirty, '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^line,attemptId,/);
    // On standard output the CSV is the findings alone, and stderr says what is not in it.
    expect(csv.stderr).toMatch(/the CSV on standard output holds the findings alone: 1 rejected lines/);
  });

  it('--out FILE.csv: the rejected lines and the provenance beside it, the three written together', async () => {
    const out = join(dir, 'month.csv');
    const r = await run(['audit', dirty, '--out', out]);
    expect(r.code).toBe(1);
    const rejected = readFileSync(join(dir, 'month.rejected.csv'), 'utf8').split('\r\n');
    expect(rejected[0]).toBe('line,field,code,message,excerpt');
    expect(rejected.filter((l) => /^\d+,/.test(l)).length).toBeGreaterThan(0);
    const provenance = JSON.parse(readFileSync(join(dir, 'month.provenance.json'), 'utf8'));
    expect(provenance).toMatchObject({ report: 'cobranza-compliance/audit-provenance', formatVersion: 2 });
    expect(provenance.accounting.rejected).toBe(rejected.filter((l) => /^\d+,/.test(l)).length);
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toMatch(/^line,attemptId,/);
    expect(r.stdout).toContain(`beside it: ${join(dir, 'month.rejected.csv')}, ${join(dir, 'month.provenance.json')}`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    // A companion that may not be replaced refuses the whole report before the audit: nothing written.
    const blocked = join(dir, 'blocked.csv');
    mkdirSync(join(dir, 'blocked.rejected.csv'));
    const refused = await run(['audit', dirty, '--out', blocked]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/blocked\.rejected\.csv.*is a directory/);
    expect(existsSync(blocked)).toBe(false);
    expect(existsSync(join(dir, 'blocked.provenance.json'))).toBe(false);
  });

  it('reads CSV logs (by extension or --input-format)', async () => {
    const csv = file(
      'log.txt',
      'id,at,channel,debtorId,jurisdiction.country,recipient.role,recipient.identityVerified,debt.dueDate,debtor.authorizedChannels\n' +
        'a,2026-03-02T09:00:00-05:00,call,d1,CO,debtor,true,2026-01-15,call|sms\n' +
        'b,2026-03-02T20:00:00-05:00,sms,d2,CO,debtor,false,2026-01-15,call|sms\n',
    );
    const r = await run(['audit', csv, '--input-format', 'csv', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      source: { format: 'csv' },
      accounting: { headerLines: 1, records: 2, evaluated: 2 },
    });
  });

  it('exit 2, nothing written: a missing file, a bad option, a CSV header it cannot read', async () => {
    expect((await run(['audit', join(dir, 'nope.jsonl')])).code).toBe(2);
    expect((await run(['audit'])).code).toBe(2);
    expect((await run(['audit', clean, '--format', 'pdf'])).code).toBe(2);
    expect((await run(['audit', clean, '--record-history', 'maybe'])).code).toBe(2);
    const out = join(dir, 'never.json');
    const r = await run(['audit', file('bad.csv', 'at,chanel\n2026-03-02T10:00:00Z,call\n'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CSV header column 2: "chanel" is not a field of the contract/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('draws a progress bar on stderr only when stderr is a terminal, and erases it', async () => {
    const r = await run(['audit', dirty, '--format', 'json'], true);
    expect(r.stderr).toMatch(/\rjudging .*100%/);
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(JSON.parse(r.stdout)).toBeTruthy(); // stdout untouched by the bar
  });
});

describe('progress bar', () => {
  it('redraws in place at most every 100 ms, shows percent, rate and what is left, and erases itself', () => {
    let out = '';
    let now = 0;
    const bar = createProgressBar(
      (s) => {
        out += s;
      },
      100,
      () => now,
    );
    bar.update({ phase: 'judge', done: 0, total: 1000, unit: 'records' });
    now = 50;
    bar.update({ phase: 'judge', done: 100, total: 1000, unit: 'records' }); // too soon: skipped
    now = 2000;
    bar.update({ phase: 'judge', done: 500, total: 1000, unit: 'records' });
    const frames = out.split('\r').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatch(/^judging █+░+ {2}50% {2}500 \/ 1,000 records · 250\/s · 2s left\x1b\[K$/);
    bar.done();
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });
});

describe('rules command', () => {
  it('prints id, category, law or policy, summary, citation with link and dates in force; says when a country has no rules', async () => {
    const md = await run(['rules', '--country', 'CO']);
    expect(md.stdout).toMatch(
      /^### Colombia \(CO\)\n\n\| rule \| category \| kind \| severity \| summary \| citation \| in force \|/,
    );
    expect(md.stdout).toMatch(
      /\| `co\.ley2300\.art3\.once_per_day` \| frequency \| \*\*law\*\* \| block \| .* \| \[Ley 2300 de 2023, art\. 3, inciso 1\]\(http[^)]+\) — Diario Oficial de Colombia, promulgated 10 July 2023 \(issue number not confirmed\) \| 2023-10-10 – \|/,
    );
    // A link to a secondary copy is marked (Circular Externa 048, on studylib.es).
    expect(md.stdout).toMatch(/\(http:\/\/studylib\.es\/doc\/520846\/\) _\(link: secondary copy\)_/);
    const none = await run(['rules', '--country', 'MX', '--rules', join(import.meta.dirname, '..', 'rules', 'co')]);
    expect(none).toMatchObject({ code: 0, stdout: 'No rules are loaded for MX.\n' });
  });
});

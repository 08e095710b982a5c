import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  createChecker,
  createFileSink,
  defaultRuleSources,
  loadRulePacks,
  RuleConfigError,
  writeAuditReport,
  type AuditReportFormat,
  type AuditResult,
  type RuleSource,
} from '../src/index.js';
import { main } from '../src/cli/main.js';
import { csvCell } from '../src/_lib/csvCell.js';
import { escapeMarkdown } from '../src/_lib/escapeMarkdown.js';

/**
 * Issue 10, items 4 and 5: reports are inert. Every value from a log or a rule file is escaped for its
 * format; only http(s) URLs become links; control and bidi characters are shown as ⟨U+XXXX⟩, never
 * passed through (JSON writes them as \u escapes: the same values, inert text).
 */

/** Characters that must never reach a report as they are (tab and LF excepted: the formats' own white space). */
const RAW_INVISIBLE = /[\0-\x08\x0B-\x1F\x7F-\x9F\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029\uFEFF]/u;
/** A Markdown cell is inert when, once its backslash escapes are taken out, no character with an inline meaning is left. */
const inertMd = (cell: string): boolean => !/[`*_[\]<>!|~&@]/.test(cell.replace(/\\./g, ''));
/** The cells of a Markdown table row, split on the pipes that are not escaped. */
const cells = (row: string): string[] =>
  row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
  });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'cc-inert-'));

// A rule file as an attacker would write it: markup, a link and bidi overrides in every text.
const EVIL_TEXT =
  'Ley <img src=x onerror=alert(1)> [click](javascript:alert(1)) `x` | **b** \u202Eevil\u202C\r\n# forged';
function evilSources(url = 'https://example.org/ley?a=(1)|b'): RuleSource[] {
  return defaultRuleSources.map((s) => {
    if (!s.path.endsWith('co/hours.json')) return s;
    const data = structuredClone(s.data) as { rules: Array<Record<string, unknown>> };
    const rule = data.rules[0]!;
    rule['citation'] = { instrument: EVIL_TEXT, article: 'art. [3](javascript:alert(2))', url };
    rule['summary'] = { es: EVIL_TEXT, en: EVIL_TEXT };
    rule['message'] = { es: `${EVIL_TEXT} {localTime}`, en: `${EVIL_TEXT} {localTime}` };
    return { path: s.path, data };
  });
}

describe('item 4: a citation URL is http(s) or the rule file is refused', () => {
  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://example.org/x',
    'JavaScript://example.org/%0aalert(1)',
  ])('%s → RuleConfigError naming the file and the pointer', (url) => {
    let error: unknown;
    try {
      loadRulePacks(evilSources(url));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleConfigError);
    expect((error as Error).message).toMatch(
      /co\/hours\.json#\/rules\/0\/citation\/url: \S+ must be an http: or https: URL/,
    );
  });

  it('http and https URLs load', () => {
    expect(() => loadRulePacks(evilSources('http://example.org/a'))).not.toThrow();
  });

  it('`rules` refuses such a file (exit 2, the pointer on stderr, nothing on stdout)', async () => {
    const rulesDir = join(dir, 'rules-js');
    mkdirSync(join(rulesDir, 'co'), { recursive: true });
    const hours = evilSources('javascript:alert(1)').find((s) => s.path.endsWith('co/hours.json'))!;
    writeFileSync(join(rulesDir, 'co', 'hours.json'), JSON.stringify(hours.data));
    const r = await run(['rules', '--rules', rulesDir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/hours\.json#\/rules\/0\/citation\/url: .*http: or https:/);
  });

  it('`rules` escapes summaries and citations (Markdown) and writes bidi characters as \\u escapes (JSON)', async () => {
    // Every shipped file, with hostile text in Colombia's hours (the law itself unchanged: the statutory floor lets it load).
    const rulesDir = join(dir, 'rules-evil');
    for (const s of evilSources()) {
      const target = join(rulesDir, s.path.replace(/^rules\//, ''));
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, JSON.stringify(s.data));
    }
    const md = await run(['rules', '--rules', rulesDir]);
    expect(md.code).toBe(0);
    expect(md.stdout).not.toMatch(RAW_INVISIBLE);
    expect(md.stdout).not.toMatch(/^# forged/m);
    const row = md.stdout.split('\n').find((l) => l.includes('co.ley2300.art3.hours.weekday'))!;
    const [, , , , summary, cite] = cells(row);
    expect(cells(row)).toHaveLength(7); // nothing in the texts ends a cell
    expect(inertMd(summary!)).toBe(true);
    expect(summary).toContain('⟨U+202E⟩');
    // The link is the citation's own (http(s), percent-encoded so that it cannot end the cell); its text is inert.
    expect(cite).toMatch(/^\[.*\]\(https:\/\/example\.org\/ley\?a=%281%29%7Cb\)$/);
    expect(inertMd(cite!.replace(/\]\(https:[^)]*\)$/, '').slice(1))).toBe(true);
    expect(md.stdout).not.toMatch(/(?<!\\)\](?:\(|\\\()javascript/i);
    const json = await run(['rules', '--rules', rulesDir, '--format', 'json']);
    expect(json.stdout).not.toMatch(RAW_INVISIBLE);
    const entry = (JSON.parse(json.stdout) as Array<{ id: string; summary: string }>).find(
      (e) => e.id === 'co.ley2300.art3.hours.weekday',
    );
    expect(entry?.summary).toBe(EVIL_TEXT); // the same value, read back
  });
});

// Item 5: a log whose ids, debtors and field names try to break out of every format.
const base = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
  outcome: 'connected',
};
const EARLY = '2026-03-02T06:00:00-05:00'; // before 07:00: every record below is delayed, so it is listed
const evilRecords = [
  { id: '[x](javascript:alert(1))', debtorId: 'd-link' },
  { id: 'code', debtorId: 'd`![img](https://evil.example/p.png)`<img src=x>' },
  { id: 'cr\r## All records were allowed', debtorId: 'd-cr\r| 1 | forged |' },
  { id: 'lf\n# Forged heading', debtorId: 'd-lf' },
  { id: 'bidi', debtorId: 'd\u202Eevil\u202C-\u2066x\u2069-\u200F' },
  { id: 'nul\u0000bel\u0007esc\u001b[31m', debtorId: 'd-ctl\u0085\u2028' },
  { id: 'f1', debtorId: "\n=cmd|' /C calc'!A0" },
  { id: 'f2', debtorId: ' =1+1' },
  { id: 'f3', debtorId: '\u00A0=1+1' },
  { id: 'f4', debtorId: '＝1+1' },
  { id: 'f5', debtorId: '\t=1+1' },
  { id: 'f6', debtorId: '\r+1' },
  { id: 'f7', debtorId: '\u3000@SUM(A1)' },
  { id: 'f8', debtorId: '－1' },
];
const lines = [
  ...evilRecords.map((r) => JSON.stringify({ ...base, ...r, at: EARLY })),
  // Unknown field names are quoted in the rejected-lines tables.
  JSON.stringify({ ...base, id: 'k1', debtorId: 'dk', at: EARLY, '[k](javascript:alert(1))': 1 }),
  JSON.stringify({ ...base, id: 'k2', debtorId: 'dk', at: EARLY, 'k`\r## All records were allowed': 1 }),
  JSON.stringify({ ...base, id: 'k3', debtorId: 'dk', at: EARLY, 'k\u202Eevil': 1 }),
];

let result: AuditResult;
const reports: Partial<Record<AuditReportFormat, string>> = {};
beforeAll(async () => {
  result = await auditLog(
    { text: lines.join('\n'), name: 'log **b** <i>\u202E.jsonl' },
    { checker: createChecker({ rules: evilSources() }), now: () => new Date('2026-04-01T09:00:00Z') },
  );
  for (const f of ['json', 'csv', 'md', 'html'] as const) {
    const path = join(dir, `r.${f}`);
    const sink = createFileSink(path);
    await writeAuditReport(result, f, sink);
    await sink.close();
    reports[f] = readFileSync(path, 'utf8');
  }
});
afterAll(async () => {
  await result.dispose();
});

describe('item 5: the Markdown report cannot be injected from log fields or rule text', () => {
  it('holds every record and rejection it should (the test log is what it means to be)', () => {
    expect(result.summary.accounting).toMatchObject({ records: 17, evaluated: 14, rejected: 3, balanced: true });
    expect(result.summary.totals.notAllowed).toBe(14);
  });

  it("forges no heading and no table row: the only headings are the report's own", () => {
    const md = reports.md!;
    expect(md).not.toMatch(RAW_INVISIBLE);
    expect(md).not.toMatch(/\r/);
    const headings = md.split('\n').filter((l) => /^\s{0,3}#/.test(l));
    expect(headings.every((h) => /^#{1,3} [A-Z]/.test(h) && !/forged|All records were allowed|Forged/i.test(h))).toBe(
      true,
    );
    // Every row of the listing has its 7 cells, and each id and debtor cell is inert.
    const section = md.slice(md.indexOf('## Records not allowed'), md.indexOf('## How this report was produced'));
    const rows = section.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toHaveLength(14);
    for (const row of rows) {
      const c = cells(row);
      expect(c, row).toHaveLength(7);
      expect(inertMd(c[1]!), c[1]).toBe(true);
      expect(inertMd(c[2]!), c[2]).toBe(true);
    }
    expect(md).toContain('⟨U+000D⟩\\#\\# All records were allowed');
    expect(md).toContain('⟨U+202E⟩');
    expect(md).toContain('⟨U+0000⟩');
  });

  it("makes no link, image or code span of an id, a debtor or a field name (only the citation's http(s) link)", () => {
    const md = reports.md!;
    const links = [...md.matchAll(/(?<!\\)\[(?:\\.|[^\\\]])*\]\(([^)\s]*)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    // Citations (http(s)) and the report's own anchors to its table of rules, nothing else.
    expect(links.every((u) => /^https?:\/\//.test(u) || /^#rule-[a-z0-9_.]+$/.test(u))).toBe(true);
    expect(md).not.toMatch(/(?<!\\)!(?<!\\)\[/);
    expect(md).not.toMatch(/(?<!\\)\]\(javascript/i);
    // The rejected-lines tables: the unknown field names are inert text.
    const rejected = md.slice(md.indexOf('## Rejected lines'), md.indexOf('## Records not allowed'));
    const fieldCells = rejected
      .split('\n')
      .filter((l) => /^\| /.test(l) && !/^\| (field|line) /.test(l))
      .map((l) => cells(l)[l.startsWith('| ') && /^\| \d+ \|/.test(l) ? 1 : 0]!);
    expect(fieldCells.length).toBeGreaterThanOrEqual(6);
    for (const c of fieldCells) expect(inertMd(c.replace(/^`[A-Za-z0-9._\-()[\]]+`$/, '')), c).toBe(true);
    // Rule text (a citation with markup) is escaped too.
    const ruleRow = md.split('\n').find((l) => l.includes('co.ley2300.art3.hours.weekday'))!;
    expect(ruleRow).not.toMatch(/(?<!\\)<img|(?<!\\)\]\(javascript/);
  });

  it('escapeMarkdown: every metacharacter, CR and LF, and GFM autolinks', () => {
    expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
    expect(escapeMarkdown('a`b`|c')).toBe('a\\`b\\`\\|c');
    expect(escapeMarkdown('x\r# h\ny')).toBe('x⟨U+000D⟩\\# h⟨U+000A⟩y');
    expect(escapeMarkdown('see www.evil.example or https://evil.example, a@b.example')).toBe(
      'see www\\.evil.example or https\\://evil.example, a\\@b.example',
    );
    expect(escapeMarkdown('<b>&amp; *e* _i_ ~~s~~ ![i](u) $x$ ^f =m= +i+ {a}')).toBe(
      '\\<b\\>\\&amp; \\*e\\* \\_i\\_ \\~\\~s\\~\\~ \\!\\[i\\](u) \\$x\\$ \\^f \\=m\\= \\+i\\+ \\{a\\}',
    );
    expect(escapeMarkdown('invalid_json _x a_ __b__')).toBe('invalid_json \\_x a\\_ \\_\\_b\\_\\_'); // intraword _ is inert in CommonMark
  });
});

describe('item 5: the HTML report shows control and bidi characters and links only http(s)', () => {
  it('no raw control, bidi or invisible character; no markup or link from the log or the rule file', () => {
    const html = reports.html!;
    expect(html).not.toMatch(RAW_INVISIBLE);
    expect(html).toContain('⟨U+202E⟩');
    expect(html).toContain('nul⟨U+0000⟩bel⟨U+0007⟩esc⟨U+001B⟩[31m');
    expect(html).not.toMatch(/<img|onerror=alert\(1\)>/);
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((u) => /^https?:\/\//.test(u) || /^#rule-[a-z0-9_.]+$/.test(u))).toBe(true);
  });

  it('a citation URL that is not http(s) is never linked, even if it reaches the renderer (defence in depth)', async () => {
    const s = result.summary;
    const forged = {
      ...s,
      byRule: s.byRule.map((r) => ({ ...r, citation: { ...r.citation, url: 'javascript:alert(document.cookie)' } })),
    };
    const fake: AuditResult = {
      ...result,
      summary: forged,
      records: () => result.records(),
      rejections: () => result.rejections(),
      recordsJson: () => result.recordsJson(),
    };
    let html = '';
    await writeAuditReport(fake, 'html', {
      write: (t) => {
        html += t;
      },
    });
    let md = '';
    await writeAuditReport(fake, 'md', {
      write: (t) => {
        md += t;
      },
    });
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('javascript:alert(document.cookie), not linked');
    expect(md).not.toMatch(/(?<!\\)\]\(javascript/i);
    expect(md).toMatch(/\(javascript\\?:alert\(document.cookie\)\)/);
  });
});

describe('item 5: the CSV report neutralizes formulas and shows control and bidi characters', () => {
  it("every debtor cell that a spreadsheet would run as a formula starts with '", () => {
    const rows = parse(reports.csv!, { columns: true }) as Array<Record<string, string>>;
    const debtorOf = (id: string): string => rows.find((r) => r.attemptId === id)!.debtorId!;
    for (const id of ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8']) expect(debtorOf(id), id).toMatch(/^'/);
    expect(debtorOf('f1')).toBe("'⟨U+000A⟩=cmd|' /C calc'!A0");
    expect(debtorOf('f4')).toBe("'＝1+1");
    expect(debtorOf('bidi')).toBe('d⟨U+202E⟩evil⟨U+202C⟩-⟨U+2066⟩x⟨U+2069⟩-⟨U+200F⟩');
    expect(rows.find((r) => r.debtorId === 'd-ctl⟨U+0085⟩⟨U+2028⟩')?.attemptId).toBe(
      'nul⟨U+0000⟩bel⟨U+0007⟩esc⟨U+001B⟩[31m',
    );
    for (const r of rows) for (const v of Object.values(r)) expect(v, v).not.toMatch(RAW_INVISIBLE);
    // Rule text in the CSV too.
    expect(rows.find((r) => r.ruleId === 'co.ley2300.art3.hours.weekday')?.instrument).toContain('⟨U+202E⟩');
  });

  it('csvCell: OWASP leading characters after any white space, fullwidth forms, tab and CR', () => {
    for (const s of [
      '=1',
      '+1',
      '-1',
      '@1',
      '\t1',
      '\r1',
      ' =1',
      '\n=1',
      '\r\n=1',
      '\u00A0=1',
      '\u2003+1',
      '\u3000@1',
      '\uFEFF=1',
      '＝1',
      '＋1',
      '－1',
      '＠1',
    ]) {
      expect(csvCell(s).replace(/^"/, ''), JSON.stringify(s)).toMatch(/^'/);
    }
    for (const s of ['a=1', 'd-1', '2026-03-02', 'x@y']) expect(csvCell(s)).toBe(s);
    expect(csvCell(-1)).toBe('-1'); // a number is data, not a formula
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
  });
});

describe('JSON reports keep the values and write invisible characters as \\u escapes', () => {
  it('no raw bidi or C1 character in the text; the values read back unchanged', () => {
    const text = reports.json!;
    expect(text).not.toMatch(RAW_INVISIBLE);
    expect(text).toContain('d\\u202eevil\\u202c');
    const j = JSON.parse(text) as {
      source: { name: string };
      records: Array<{ debtorId: string; decision: { attemptId: string } }>;
    };
    expect(j.source.name).toBe('log **b** <i>\u202E.jsonl');
    expect(j.records.map((r) => r.debtorId)).toEqual(
      expect.arrayContaining(['d\u202Eevil\u202C-\u2066x\u2069-\u200F', 'd-ctl\u0085\u2028']),
    );
  });

  it('check echoes an id with bidi characters as \\u escapes', async () => {
    const attempt = { ...base, id: 'a\u202Eb', at: '2026-03-02T10:00:00-05:00' };
    delete (attempt as Record<string, unknown>)['outcome'];
    let stdout = '';
    const code = await main(['check', '-'], {
      stdin: () => JSON.stringify(attempt),
      out: (s) => {
        stdout += s;
      },
      err: () => undefined,
    });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(RAW_INVISIBLE);
    expect(JSON.parse(stdout).attemptId).toBe('a\u202Eb');
  });
});

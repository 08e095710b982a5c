import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  auditProvenance,
  createChecker,
  writeAuditReport,
  type AuditReportFormat,
  type CheckerOptions,
} from '../src/index.js';
import { DEFAULT_FREQUENCY } from '../src/facts/frequencyFacts.js';
import { rulesetVersion } from '../src/rules/rulesetVersion.js';

/**
 * Reports that state how they were produced (issue 11, item 1), and the HTML report as an auditor
 * reads it (item 3). The log: the first 600 lines of examples/contact-log.jsonl.
 */
const root = join(import.meta.dirname, '..');
const text = readFileSync(join(root, 'examples', 'contact-log.jsonl'), 'utf8')
  .split('\n')
  .slice(0, 600)
  .join('\n');

async function report(format: AuditReportFormat, options: CheckerOptions = {}): Promise<string> {
  const result = await auditLog(
    { text, name: 'contact-log.jsonl' },
    { checker: createChecker(options), now: () => new Date('2026-04-01T09:00:00Z') },
  );
  let out = '';
  try {
    await writeAuditReport(result, format, {
      write: (t) => {
        out += t;
      },
    });
  } finally {
    await result.dispose();
  }
  return out;
}

const dateHolidays = (
  JSON.parse(readFileSync(join(root, 'node_modules', 'date-holidays', 'package.json'), 'utf8')) as { version: string }
).version;

describe('every report states how it was produced', () => {
  it('JSON: provenance with every option, override, rule files, deviations and the versions of library, ruleset, holiday data and tzdata', async () => {
    const s = JSON.parse(
      await report('json', {
        frequency: { directContact: 'two_way' },
        ruleOverrides: {
          'co.ley2300.art3.sunday': { enabled: false },
          'co.policy.ai_disclosure': { severity: 'block' },
        },
        acknowledgeDeviations: ['co.ley2300.art3.sunday'],
        language: 'es',
        horizonDays: 30,
      }),
    );
    expect(Object.keys(s).slice(0, 8)).toEqual([
      'report',
      'formatVersion',
      'generatedAt',
      'source',
      'ruleset',
      'options',
      'provenance',
      'accounting',
    ]);
    expect(s.provenance).toMatchObject({
      library: { name: 'cobranza-compliance', version: '0.1.0' },
      rulesetVersion: s.ruleset.version,
      options: {
        language: 'es',
        directContact: 'two_way',
        week: 'rolling',
        horizonDays: 30,
        countries: ['MX', 'CO', 'ES'],
      },
      overrides: [
        { ruleId: 'co.ley2300.art3.sunday', change: 'off', statutory: true },
        { ruleId: 'co.policy.ai_disclosure', change: 'block', statutory: false },
      ],
      ruleFiles: null,
      customRules: false,
      deviations: [expect.objectContaining({ ruleId: 'co.ley2300.art3.sunday', kind: 'disabled' })],
      data: { holidays: { dateHolidays }, tzdata: process.versions.tz, runtime: `node ${process.version}` },
    });
    expect(
      s.provenance.data.holidays.tables.map(
        (t: { country: string; year: number; reference: string }) => `${t.country} ${t.year} ${t.reference}`,
      ),
    ).toEqual(['ES 2025 BOE-A-2024-21316', 'ES 2026 BOE-A-2025-21667']);
  });

  it('Markdown and HTML: --direct-contact two_way and an --override are stated, not only a different hash', async () => {
    for (const format of ['md', 'html'] as const) {
      const plain = await report(format);
      const twoWay = await report(format, { frequency: { directContact: 'two_way' } });
      const off = await report(format, { ruleOverrides: { 'co.policy.ai_disclosure': { enabled: false } } });
      expect(plain, format).toMatch(/attempt — every attempt counts \(default, strict\)/);
      expect(twoWay, format).toMatch(/two_way — only connected two-way conversations count \(not the default\)/);
      expect(off, format).toMatch(/co\\?\.policy\\?\.ai\\?_?disclosure off \(policy\)/);
      for (const r of [plain, twoWay, off]) {
        expect(r, format).toContain(`date-holidays ${dateHolidays}`);
        expect(r, format).toContain('ES 2026 BOE-A-2025-21667');
        expect(r, format).toContain(`tzdata ${process.versions.tz}`);
        expect(r, format).toContain('cobranza-compliance 0.1.0');
      }
    }
  });

  it('CSV: the provenance written beside the report states the same (the CSV itself is findings only)', async () => {
    const provenanceOf = async (options: CheckerOptions): Promise<unknown> => {
      const result = await auditLog(
        { text, name: 'contact-log.jsonl' },
        { checker: createChecker(options), now: () => new Date('2026-04-01T09:00:00Z') },
      );
      try {
        return JSON.parse(auditProvenance(result.summary));
      } finally {
        await result.dispose();
      }
    };
    const p = await provenanceOf({
      frequency: { directContact: 'two_way' },
      ruleOverrides: { 'co.policy.ai_disclosure': { enabled: false } },
    });
    expect(p).toMatchObject({
      report: 'cobranza-compliance/audit-provenance',
      formatVersion: 2,
      source: { name: 'contact-log.jsonl' },
      provenance: {
        options: { directContact: 'two_way' },
        overrides: [{ ruleId: 'co.policy.ai_disclosure', change: 'off', statutory: false }],
        data: { holidays: { dateHolidays }, tzdata: process.versions.tz },
      },
      ruleset: { overrides: [{ ruleId: 'co.policy.ai_disclosure', change: 'off', statutory: false }] },
      accounting: { balanced: true },
    });
    const csv = (await report('csv')).split('\r\n');
    expect(csv[0]).toMatch(/^line,attemptId,/);
    expect(csv.filter((l) => /^provenance,|^rejected,/.test(l))).toEqual([]);
  });

  it('custom rule files are named with their paths', async () => {
    const { loadRuleSourcesFromDir } = await import('../src/index.js');
    const rules = loadRuleSourcesFromDir(join(root, 'rules'));
    const s = JSON.parse(await report('json', { rules }));
    expect(s.provenance.ruleFiles.length).toBeGreaterThan(10);
    expect(s.provenance.ruleFiles).toEqual(rules.map((r) => r.path));
    expect(s.provenance.customRules).toBe(false); // the shipped files, read from a directory
    expect(await report('md', { rules })).toMatch(
      /Rule files \(--rules\) \| the same as the shipped rules: .*hours\.json/,
    );
  });

  it('the ruleset version changes with what changes decisions (the holiday data too), not with the language', () => {
    expect(createChecker({ language: 'es' }).version).toBe(createChecker().version);
    const packs = [...createChecker().packs.values()];
    const v = (dh: string) =>
      rulesetVersion({ packs, frequency: DEFAULT_FREQUENCY, horizonDays: 90, dateHolidays: dh });
    expect(v('3.37.0')).not.toBe(v('3.38.0'));
    expect(createChecker().version).toBe(v(dateHolidays));
  });
});

describe('the HTML report as an auditor reads it', () => {
  it('shares are drawn against 100 %, violations and warnings apart, the period in local time, holidays marked', async () => {
    const html = await report('html');
    const judged = Number(/Records judged<\/div><div class="value">([\d,]+)/.exec(html)![1]!.replace(/,/g, ''));
    // Each bar's width is its share of the records judged (not of the largest rule).
    // Each bar's width is the rule's proven records as a share of the records judged.
    const bars = [
      ...html.matchAll(
        /<td class="n">([\d,]+)<\/td>\s*<td class="n">[\d,]+<\/td>\s*<td class="bar-col"><div class="hbar"[^>]*><span style="width:([\d.]+)%/g,
      ),
    ];
    expect(bars.length).toBeGreaterThan(3);
    for (const [, n, w] of bars) {
      const proven = Number(n!.replace(/,/g, ''));
      expect(Number(w)).toBeCloseTo(proven === 0 ? 0 : Math.max(0.5, (proven / judged) * 100), 1);
    }
    expect(Number(bars[0]![2])).toBeLessThan(10);
    // Two charts: a violations panel and a warnings panel, never a stacked bar.
    expect(html).toMatch(/proven violations<\/text><text [^>]*>warnings \(allowed\)<\/text>/);
    // Period per country, in the debtors' local time; the generation time said to be UTC.
    expect(html).toMatch(
      /Period, in the debtors(&#39;|') local time: .*Colombia <b>2026-03-0\d \d\d:\d\d<\/b> → <b>2026-03-\d\d \d\d:\d\d<\/b> <small>\(America\/Bogota\)<\/small>/,
    );
    expect(html).not.toMatch(/\(UTC\)/);
    expect(html).toMatch(/generated 2026-04-01 09:00 UTC/);
  });

  it('holidays are marked on the daily chart (a whole month: San José in Colombia, Benito Juárez in Mexico)', async () => {
    const result = await auditLog({ path: join(root, 'examples', 'contact-log.jsonl') }, { checker: createChecker() });
    let html = '';
    try {
      await writeAuditReport(result, 'html', {
        write: (t) => {
          html += t;
        },
      });
      expect(result.summary.holidays).toEqual([
        { date: '2026-03-16', country: 'MX', name: 'Natalicio de Benito Juárez' },
        { date: '2026-03-23', country: 'CO', name: 'San José' },
      ]);
    } finally {
      await result.dispose();
    }
    expect(html.match(/class="holband"/g)).toHaveLength(2);
    expect(html).toMatch(/class="axis hol">CO ◆ 03-23 Mon<\/text>/);
    expect(html).toMatch(/<b>CO<\/b> 2026-03-23 Mon San José/);
  });

  it("each record not allowed: its message, local time, next allowed in local time, and a frequency finding's earlier contact", async () => {
    const html = await report('html');
    const listing = html.slice(html.indexOf('<h2>Records not allowed, and unverified</h2>'));
    expect(listing).toMatch(
      /<a class="rule" href="#rule-co\.ley2300\.art3\.once_per_day"[^>]*><code>co\.ley2300\.art3\.once_per_day<\/code><\/a> <a class="law" href="http:\/\/www\.secretariasenado\.gov\.co\/[^"]*"[^>]*>law<\/a> 1 contact\(s\) with this person already on 2026-03-\d\d/,
    );
    expect(listing).toMatch(
      /<div class="earlier">earlier contact(: line \d+)?, 2026-03-\d\d \d\d:\d\d, call( \(\w+\))?<\/div>/,
    );
    // Times in the listing are local "YYYY-MM-DD HH:mm", never a raw ISO string with an offset.
    expect(listing).not.toMatch(/\d\d:\d\d:\d\d[-+]\d\d:\d\d/);
    // A contact made at a time not allowed: when it was made, and from when it would have been lawful.
    expect(listing).toMatch(/made on \w+day <span class="nowrap">2026-03-\d\d \d\d:\d\d<\/span>/);
    expect(listing).toMatch(/<div class="from">lawful from \w+day 2026-03-\d\d 07:00<\/div>/);
    // An audit speaks of contacts made: no "delayed" in what the listing shows (its text, tags aside).
    const shown = listing.slice(0, listing.indexOf('id="provenance"')).replace(/<[^>]*>/g, ' ');
    expect(shown).not.toMatch(/\bdelay(ed)?\b/i);
    const md = await report('md');
    expect(md).toMatch(
      /\| \[`co\.ley2300\.art3\.once_per_day`\]\(#rule-co\.ley2300\.art3\.once_per_day\) \(\[law\]\(http:\/\/www\.secretariasenado\.gov\.co\/[^)]*\)\) 1 contact\(s\) with this person already .*\(earlier contact: (line \d+, )?2026-03-\d\d \d\d:\d\d, call/,
    );
  });

  it('print: page numbers, the category chart sized for A4, nothing that needs a hover', async () => {
    const html = await report('html');
    expect(html).toMatch(
      /@page\{size:A4 landscape;[^}]*@bottom-right\{content:"page " counter\(page\) " of " counter\(pages\)/,
    );
    expect(html).toMatch(/@media print\{[\s\S]*\.chart\.cat\{max-width:115mm\}/);
    expect(html).not.toMatch(/hover/i);
    // The heat map's totals are written, not in a tooltip.
    expect(html).toMatch(/Σ not allowed<\/th><th class="n sum">Σ all records/);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRuleSources, loadRulePacks, type Rule } from '../src/index.js';

/**
 * Every citation opens to a public source, and every rule's dates follow what it cites.
 *  - No rule, message, doc or generated catalog points to the project's internal research files.
 *  - A rule's `effective.from` is the entry into force of the instrument its citation names first; a
 *    policy with no instrument of its own (`effective.basis: adopted`) applies from the date the
 *    library adopted it. A rule citing an instrument not listed here fails: register its date, with
 *    the source, before shipping it.
 */
const root = join(import.meta.dirname, '..');
const INTERNAL = /\b(colombia|mexico|spain)\.md\b|brief\s*§|shared\/legal|legal brief/i;
/** The date the library adopted its own policies (first commit of the rule files). */
const ADOPTED_ON = '2026-11-23';
/** DateSchema accepts years from 1900: an older instrument's rules start on its first day. */
const FLOOR = '1900-01-01';

const INSTRUMENTS: ReadonlyArray<{ match: RegExp; from: string; source: string }> = [
  // Colombia
  {
    match: /^Ley 2300 de 2023$/,
    from: '2023-10-10',
    source: 'art. 10: in force three months after promulgation (10 July 2023)',
  },
  { match: /^Ley 1581 de 2012$/, from: '2012-10-18', source: 'Diario Oficial 48.587 of 18 October 2012' },
  { match: /^Ley 1266 de 2008$/, from: '2008-12-31', source: 'Diario Oficial 47.219 of 31 December 2008' },
  {
    match: /Circular Externa 048 de 2008/,
    from: '2008-09-25',
    source: 'SFC, ABC of 25-09-2008: the circular "rige a partir de hoy"',
  },
  {
    match: /^Ley 1564 de 2012 \(Código General del Proceso\)$/,
    from: '2012-10-01',
    source: 'art. 627 num. 2: arts. 531–576 (insolvency of natural persons) from 1 October 2012',
  },
  // Spain
  {
    match: /^Reglamento \(UE\) 2024\/1689/,
    from: '2026-08-02',
    source: 'AI Act art. 113: art. 50 applies from 2 August 2026',
  },
  { match: /^Reglamento \(UE\) 2016\/679/, from: '2018-05-25', source: 'GDPR art. 99(2)' },
  { match: /^Ley Orgánica 3\/2018/, from: '2018-12-07', source: 'BOE 06-12-2018; in force the next day' },
  {
    match: /^Ley 3\/1991 de Competencia Desleal/,
    from: '2010-01-01',
    source: 'arts. 5, 7 and 8 as worded by Ley 29/2009, in force 1 January 2010',
  },
  {
    match: /^Real Decreto Legislativo 1\/2007 \(TRLGDCU\), as amended by Ley 3\/2014$/,
    from: '2014-03-29',
    source: 'Ley 3/2014, BOE 28-03-2014; in force the next day',
  },
  {
    match: /^Código Civil$/,
    from: FLOOR,
    source: 'Real Decreto de 24 de julio de 1889 (Gaceta 25-07-1889, BOE-A-1889-4763), before the floor',
  },
  {
    match: /^Código Civil, as amended by Ley 15\/2015/,
    from: '2015-07-23',
    source: 'Ley 15/2015 de la Jurisdicción Voluntaria, in force 23 July 2015 (art. 1005 wording)',
  },
  {
    match: /^Ley 22\/2003, Concursal/,
    from: '2004-09-01',
    source: 'Ley 22/2003 in force 1 September 2004 (then the TRLC from 1 September 2020)',
  },
  // Mexico
  {
    match: /^CONDUSEF, Disposiciones .* Despachos de Cobranza \(DOF 7 Oct 2014\)$/,
    from: '2014-10-08',
    source: 'DOF 7 Oct 2014; applied from 8 Oct 2014 (idconline, 7 Oct 2014)',
  },
  {
    match: /^PROFECO, Disposiciones .* despachos de cobranza/,
    from: '2015-08-05',
    source:
      'DOF date not confirmed: the earliest report of the text (El Financiero, 5 Aug 2015, draft under COFEMER review), the conservative reading',
  },
  {
    match: /^Ley Federal del Trabajo \(DOF 1 Apr 1970, in force 1 May 1970\)$/,
    from: '1970-05-01',
    source: 'LFT transitorio: in force 1 May 1970',
  },
  {
    match: /^Ley para la Transparencia y Ordenamiento de los Servicios Financieros \(DOF 15 Jun 2007\)$/,
    from: '2007-06-16',
    source: 'DOF 15 Jun 2007; in force the next day',
  },
  {
    match: /^Ley de Concursos Mercantiles \(DOF 12 May 2000\)$/,
    from: '2000-05-13',
    source: 'DOF 12 May 2000; in force the next day',
  },
];

const packs = [...loadRulePacks(defaultRuleSources).values()];
const rules: Rule[] = packs.flatMap((p) => [...p.rules]);

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path, ext) : e.name.endsWith(ext) ? [path] : [];
  });
}

describe('no internal file is cited anywhere a user reads', () => {
  const userFacing = [
    ...filesUnder(join(root, 'rules'), '.json'),
    ...filesUnder(join(root, 'docs'), '.md'),
    ...filesUnder(join(root, 'schemas'), '.json'),
    join(root, 'README.md'),
  ];
  it.each(userFacing.map((f) => [f.slice(root.length + 1)]))('%s', (file) => {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    const hits = lines
      .map((l, i) => [i + 1, l] as const)
      .filter(([, l]) => INTERNAL.test(l))
      .map(([n, l]) => `${n}: ${l.trim().slice(0, 120)}`);
    expect(hits).toEqual([]);
  });
  it('the test notices one (a reference to an internal file is caught)', () => {
    expect(INTERNAL.test('relatives are third parties (colombia.md §5)')).toBe(true);
    expect(INTERNAL.test('the brief §2.1 asks for it')).toBe(true);
  });
});

describe('every citation opens to a public source', () => {
  it.each(rules.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    expect(r.citation.url).toMatch(/^https?:\/\/[^/]+\.[a-z]{2,}\//);
    // The SFC bulletin 10114281 is about Ley 2300, not Circular Externa 048 de 2008.
    if (/Circular Externa 048/.test(r.citation.instrument))
      expect(r.citation.url).not.toContain('superfinanciera.gov.co/publicaciones/10114281');
  });
});

describe('effective dates follow the instrument cited', () => {
  it.each(rules.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    if (r.effective.basis === 'adopted') {
      expect(r.statutory, 'only a policy can have no instrument of its own').toBe(false);
      expect(r.effective.from).toBe(ADOPTED_ON);
      expect(r.reference ?? '').toMatch(/adopted it \(2026-11-23\)/);
      return;
    }
    const found = INSTRUMENTS.filter((i) => i.match.test(r.citation.instrument));
    expect(found.length, `register the entry into force of "${r.citation.instrument}"`).toBeGreaterThan(0);
    expect(r.effective.from, `${found[0]!.source}`).toBe(found[0]!.from);
  });

  it('the check fails on a policy dated apart from its instrument (the old co.policy.deceased: 2008-09-25, citing the Código Civil)', () => {
    const bad = { ...rules.find((r) => r.id === 'co.policy.insolvency')!, effective: { from: '2014-01-01' } };
    const found = INSTRUMENTS.find((i) => i.match.test(bad.citation.instrument))!;
    expect(bad.effective.from).not.toBe(found.from);
  });

  it("a statutory rule cannot claim the library's adoption date", () => {
    const hours = defaultRuleSources.find((s) => s.path === 'rules/co/hours.json')!;
    const data = JSON.parse(JSON.stringify(hours.data)) as { rules: Array<{ effective: Record<string, string> }> };
    data.rules[0]!.effective = { from: ADOPTED_ON, basis: 'adopted' };
    expect(() => loadRulePacks([{ path: hours.path, data }])).toThrow(/effective\/basis: adopted_law/);
  });
});

/**
 * Citations name the official publication, and a link that opens a secondary copy says so (issue 18,
 * item 5). The host of every shipped citation URL is checked: an official gazette or government text,
 * or a citation marked `secondary: true` — never an unmarked news or upload site.
 */
const OFFICIAL_HOSTS = [
  'www.boe.es', // Boletín Oficial del Estado (Spain)
  'eur-lex.europa.eu', // the Official Journal of the European Union
  'www.secretariasenado.gov.co', // Secretaría General del Senado de Colombia: the laws as in force
  'www.diputados.gob.mx', // Cámara de Diputados: the federal laws as in force
  'www.dof.gob.mx', // Diario Oficial de la Federación
];

describe('citations: the official publication, and secondary links marked', () => {
  it.each(rules.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    const host = new URL(r.citation.url).host;
    if (OFFICIAL_HOSTS.includes(host)) expect(r.citation.secondary, `${host} is official`).toBeUndefined();
    else expect(r.citation.secondary, `${host} is not an official source: mark the link secondary`).toBe(true);
    expect(r.citation.publication, 'name the official publication (or what of it is not confirmed)').toMatch(
      /Diario Oficial|DOF|BOE|Official Journal|Gaceta de Madrid|Superintendencia Financiera/,
    );
  });

  it('the secondary links are the news and upload sites (and only they)', () => {
    const hosts = [...new Set(rules.filter((r) => r.citation.secondary).map((r) => new URL(r.citation.url).host))];
    expect(hosts.sort()).toEqual(['expansion.mx', 'idconline.mx', 'informe24.net', 'sintesis.com.mx', 'studylib.es']);
  });

  it('every report marks a secondary link: JSON, CSV, Markdown and HTML', async () => {
    const { auditLog, createChecker, writeAuditReport } = await import('../src/index.js');
    // A call that discloses the debt before the identity is verified: Circular Externa 048 (a copy on studylib.es).
    const line = JSON.stringify({
      id: 'sec',
      debtorId: 'd',
      at: '2026-03-03T10:00:00-05:00',
      channel: 'call',
      jurisdiction: { country: 'CO' },
      recipient: { role: 'debtor', identityVerified: false },
      content: { disclosesDebt: true },
      debt: { dueDate: '2026-01-15' },
      debtor: { authorizedChannels: ['call'] },
    });
    const result = await auditLog({ text: line }, { checker: createChecker() });
    const out: Record<string, string> = {};
    try {
      for (const f of ['json', 'csv', 'md', 'html'] as const) {
        out[f] = '';
        await writeAuditReport(result, f, {
          write: (t) => {
            out[f] += t;
          },
        });
      }
    } finally {
      await result.dispose();
    }
    const json = JSON.parse(out['json']!);
    // The JSON report writes what every finding of a rule repeats once, in findingTypes.
    expect(json.findingTypes['co.sfc.ce048.identity_before_disclosure'].citation).toMatchObject({
      url: 'http://studylib.es/doc/520846/',
      secondary: true,
    });
    expect(out['csv']!.split('\r\n')[0]).toContain(',url,urlSecondary,');
    expect(out['csv']).toMatch(
      /co\.sfc\.ce048\.identity_before_disclosure,.*,http:\/\/studylib\.es\/doc\/520846\/,true,/,
    );
    expect(out['md']).toMatch(/\]\(http:\/\/studylib\.es\/doc\/520846\/\) \(_secondary copy_\)/);
    expect(out['html']).toMatch(
      /href="http:\/\/studylib\.es\/doc\/520846\/"[^>]*>[^<]*<\/a> <span class="badge sec"[^>]*>secondary copy<\/span>/,
    );
    expect(out['html']).toContain('its publication in the Diario Oficial not confirmed');
  });
});

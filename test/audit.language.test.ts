import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { REPORT_TEXT, type ReportText } from '../src/audit/_lib/reportText.js';

/**
 * `--lang es` translates the whole report (issue 18, item 5): one table of strings per language, the
 * same keys in both, and every heading, label and the command's summary in the language asked for.
 */

/** The shape of a table: every key path with the kind of its value (a function's arity, an array's length). */
function shape(v: unknown, path = ''): string[] {
  if (typeof v === 'function') return [`${path} function/${v.length}`];
  if (Array.isArray(v)) return [`${path} array/${v.length}`];
  if (v !== null && typeof v === 'object')
    return Object.keys(v)
      .sort()
      .flatMap((k) => shape((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  return [`${path} ${typeof v}`];
}

/** Every string of a table, functions called with sample arguments: what a report can show. */
function strings(t: unknown): string[] {
  if (typeof t === 'string') return [t];
  if (typeof t === 'function') {
    const out = (t as (...a: unknown[]) => unknown)(...Array.from({ length: t.length }, () => 2));
    return strings(out);
  }
  if (Array.isArray(t)) return t.flatMap(strings);
  if (t !== null && typeof t === 'object') return Object.values(t).flatMap(strings);
  return [];
}

describe('one table of strings per language', () => {
  it('English and Spanish have the same keys, each of the same kind (and functions the same arity)', () => {
    expect(shape(REPORT_TEXT.es)).toEqual(shape(REPORT_TEXT.en));
  });

  it('the test notices a missing key', () => {
    const { title: _t, ...partial } = REPORT_TEXT.es;
    expect(shape(partial)).not.toEqual(shape(REPORT_TEXT.en));
  });

  it('no Spanish string is left in English (each differs from its English one, but names and codes)', () => {
    const same = (a: ReportText, b: ReportText): string[] => {
      const ea = strings(a);
      const eb = strings(b);
      return ea.filter((s, i) => s === eb[i] && /[a-z]{4,} [a-z]{4,}/.test(s));
    };
    expect(same(REPORT_TEXT.en, REPORT_TEXT.es)).toEqual([]);
  });

  it('numbers as each language writes them', () => {
    expect(REPORT_TEXT.en.int(1234567)).toBe('1,234,567');
    expect(REPORT_TEXT.es.int(1234567)).toBe('1.234.567');
    expect(REPORT_TEXT.es.int(1234)).toBe('1234');
    expect(REPORT_TEXT.en.pct(1, 8)).toBe('12.5 %');
    expect(REPORT_TEXT.es.pct(1, 8)).toBe('12,5 %');
  });
});

const dir = mkdtempSync(join(tmpdir(), 'cc-lang-'));
const base = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
  outcome: 'no_answer',
};
const log = join(dir, 'log.jsonl');
writeFileSync(
  log,
  [
    { ...base, id: 'a', debtorId: 'd1', at: '2026-03-02T09:00:00-05:00' },
    { ...base, id: 'b', debtorId: 'd1', at: '2026-03-02T14:00:00-05:00' }, // once a day
    { ...base, id: 'c', debtorId: 'd2', at: '2026-03-08T10:00:00-05:00' }, // a Sunday
    { ...base, id: 'r', debtorId: 'd3', at: '2026-03-03T10:00:00-05:00', recipient: { role: 'reference' } },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n')
    .concat('\n{"broken\n'),
);

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

describe('--lang es: the whole report in Spanish', () => {
  it('Markdown: every heading from the Spanish table, none from the English one; contacts spoken of as made', async () => {
    const out = join(dir, 'es.md');
    const r = await run(['audit', log, '--lang', 'es', '--out', out]);
    expect(r.code).toBe(1);
    const md = readFileSync(out, 'utf8');
    const headings = md
      .split('\n')
      .filter((l) => /^#{1,3} /.test(l))
      .map((l) => l.replace(/^#+ /, '').replace(/\\/g, ''));
    const es = new Set(strings(REPORT_TEXT.es));
    const en = new Set(strings(REPORT_TEXT.en));
    expect(headings.length).toBeGreaterThan(10);
    for (const h of headings) {
      expect(es.has(h), h).toBe(true);
      expect(en.has(h), h).toBe(false);
    }
    expect(md).toContain('## La respuesta');
    expect(md).toContain('| Registros juzgados | Permitidos | En momento no permitido | No permitidos |');
    expect(md).toMatch(/realizado el domingo 2026-03-08 10:00/);
    expect(md).toMatch(/lícito desde el martes 2026-03-03 07:00/);
    expect(md).toContain('contacto anterior: línea 1, 2026-03-02 09:00, llamada, sin respuesta');
    expect(md).toContain('## Cómo se elaboró este informe');
    // The finding messages are in Spanish too (from the rule files).
    expect(md).toMatch(/Ya hubo 1 contacto\(s\) con esta persona/);
    expect(md).not.toMatch(/\b(records|allowed|delayed|blocked|violations)\b/);
  });

  it('HTML: lang="es", and the labels of charts and tables in Spanish', async () => {
    const out = join(dir, 'es.html');
    expect((await run(['audit', log, '--lang', 'es', '--out', out])).code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="es">/);
    const text = html
      .slice(html.indexOf('<body>'))
      .replace(/<(style|svg)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]*>/g, ' ');
    expect(text).toContain('La respuesta');
    expect(text).toContain('Qué cuenta como contacto');
    expect(text).not.toMatch(/\b(Records judged|Rejected lines|How this report was produced|Method)\b/);
  });

  it("the command's summary is in Spanish too", async () => {
    const r = await run(['audit', log, '--lang', 'es', '--out', join(dir, 'es.json')]);
    expect(r.stdout).toMatch(/^auditado log\.jsonl: 5 registros \(4 juzgados, 1 rechazados\) de 3 deudores\n/);
    expect(r.stdout).toMatch(/en momento no permitido 2 · no permitidos 1 · sin verificar 0/);
    expect(r.stdout).toMatch(/informe JSON: /);
    const csv = await run(['audit', log, '--lang', 'es', '--format', 'csv']);
    expect(csv.stderr).toMatch(/^el CSV de la salida estándar lleva solo los hallazgos: 1 líneas rechazadas/);
  });

  it('English stays the default', async () => {
    const r = await run(['audit', log, '--out', join(dir, 'en.md')]);
    expect(r.stdout).toMatch(/^audited log\.jsonl: 5 records/);
    expect(readFileSync(join(dir, 'en.md'), 'utf8')).toContain('## The answer');
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { exampleMapping, exportText, row, windows1252 } from './_lib/dialerExport.js';

/**
 * Issue 18, must show: a Spanish agency's dialer export as Excel writes it — Windows-1252, `;`, CRLF,
 * `Fecha` dd/mm/yyyy and `Hora` in Madrid time across Semana Santa 2026 (Jueves Santo, a holiday in
 * Madrid; Viernes Santo, national) and a weekend, agent and campaign columns, a few bad rows, no
 * identity or consent column — audited from the command line with the issue's example mapping adapted
 * to Spain (the auditor states the debtor's community for the whole log).
 */
const dir = mkdtempSync(join(tmpdir(), 'cc-es-export-'));
const es = (o: Partial<Parameters<typeof row>[0]>) =>
  row({ cedula: '12345678Z', telefono: '612 345 678', vence: '15/01/2026', saldo: '2.345,60', ...o });
const rows = [
  es({ id: 'E-01', fecha: '01/04/2026', hora: '10:15:00' }), // Wednesday, within hours
  es({ id: 'E-02', cedula: '87654321X', fecha: '01/04/2026', hora: '21:30:00', agente: 'Luis Gómez' }), // after 21:00
  es({ id: 'E-03', cedula: '11223344B', fecha: '02/04/2026', hora: '11:00:00', campana: 'Mora 60' }), // Jueves Santo (Madrid)
  es({ id: 'E-04', cedula: '55667788C', fecha: '03/04/2026', hora: '12:00:00', agente: 'Luis Gómez' }), // Viernes Santo
  es({
    id: 'E-05',
    cedula: '99887766D',
    fecha: '04/04/2026',
    hora: '10:00:00',
    canal: 'WhatsApp',
    resultado: 'Entregado',
  }), // Saturday
  es({ id: 'E-06', cedula: '44332211E', fecha: '05/04/2026', hora: '10:30:00', agente: 'Luis Gómez' }), // Sunday
  es({ id: 'E-07', fecha: '06/04/2026', hora: '09:30:00', resultado: 'No contesta' }), // Monday, within hours
  es({ id: 'E-08', fecha: '06/04/2026', hora: '10:00:00', canal: 'Fax' }), // bad: a channel the mapping does not know
  es({ id: 'E-09', fecha: '31/02/2026', hora: '10:00:00' }), // bad: no such date
  es({ id: 'E-10', cedula: '', fecha: '07/04/2026', hora: '10:00:00' }), // bad: no debtor
];
const mapping = JSON.parse(JSON.stringify(exampleMapping)) as {
  timeZone: string;
  fields: Record<string, unknown>;
};
mapping.timeZone = 'Europe/Madrid';
mapping.fields['recipient.phone'] = { column: 'Teléfono', defaultCountry: 'ES' };
mapping.fields['jurisdiction.country'] = { value: 'ES' };
mapping.fields['jurisdiction.region'] = { value: 'ES-MD' };
const exportPath = join(dir, 'export.csv');
writeFileSync(exportPath, windows1252(exportText(rows)));
const mappingPath = join(dir, 'mapping.json');
writeFileSync(mappingPath, JSON.stringify(mapping, null, 2));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

interface Report {
  accounting: Record<string, number | boolean>;
  totals: Record<string, number>;
  byRule: Array<{ ruleId: string; proven: number; unverified: number }>;
  byDimension: Array<{ name: string; values: Array<{ value: string; delayed: number; blocked: number }> }>;
  rejected: Array<{ line: number; issues: Array<{ path: string; code: string; message: string }> }>;
  mapping: { statedByAuditor: Array<{ field: string; value: unknown }> };
  source: Record<string, unknown>;
}

describe('a Spanish Excel export, audited from the command line with the example mapping', () => {
  it('bad rows rejected with their row and column; hours and holiday violations proven; the breakdown by agent', async () => {
    const out = join(dir, 'audit.json');
    const r = await cli(['audit', exportPath, '--map', mappingPath, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const j = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(j.source).toMatchObject({ format: 'csv', encoding: 'windows-1252' });
    expect(j.accounting).toMatchObject({ headerLines: 1, records: 10, evaluated: 7, rejected: 3, balanced: true });
    // Each bad row: its line in the file (the header is line 1), the contract field and the export's column.
    expect(j.rejected.map((x) => [x.line, x.issues.map((i) => i.path)])).toEqual([
      [9, ['channel']],
      [10, ['at']],
      [11, ['debtorId']],
    ]);
    expect(j.rejected[0]!.issues[0]!.message).toMatch(/"Fax" \(column "Canal"\)/);
    expect(j.rejected[1]!.issues[0]!.message).toMatch(/columns "Fecha" \+ "Hora"/);
    expect(j.rejected[2]!.issues[0]!.message).toMatch(/column "Cédula" is empty/);
    // Hours (after 21:00, Saturday, Sunday) and holidays (Jueves Santo in Madrid, Viernes Santo): proven.
    const rule = (id: string) => j.byRule.find((x) => x.ruleId === id) ?? { ruleId: id, proven: 0, unverified: 0 };
    expect(rule('es.policy.hours.window')).toMatchObject({ proven: 1, unverified: 0 });
    expect(rule('es.policy.hours.saturday')).toMatchObject({ proven: 1, unverified: 0 });
    expect(rule('es.policy.hours.sunday')).toMatchObject({ proven: 1, unverified: 0 });
    expect(rule('es.policy.holiday.national_regional')).toMatchObject({ proven: 2, unverified: 0 });
    // The region the auditor states counts as stated by each record (a holiday of Madrid is proven).
    expect(j.mapping.statedByAuditor).toContainEqual({ field: 'jurisdiction.region', value: 'ES-MD' });
    // totals.unverified and the breakdown by agent are there.
    expect(typeof j.totals['unverified']).toBe('number');
    const agents = j.byDimension.find((d) => d.name === 'agent')!;
    expect(agents.values.map((v) => v.value).sort()).toEqual(['Ana Pérez', 'Luis Gómez']);
    expect(agents.values.find((v) => v.value === 'Luis Gómez')).toMatchObject({ records: 3 });
  });

  it('--lang es, HTML: the answer in Spanish on the first screen, the agents, the stated region; CSV with its companions', async () => {
    const html = join(dir, 'auditoria.html');
    const r = await cli(['audit', exportPath, '--map', mappingPath, '--lang', 'es', '--out', html]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^auditado export\.csv: 10 registros \(7 juzgados, 3 rechazados\)/);
    const text = readFileSync(html, 'utf8');
    const first = text.slice(text.indexOf('id="answer"'), text.indexOf('id="rules"'));
    expect(first).toContain('<h2>La respuesta</h2>');
    expect(first).toContain('<h3>Dónde están los incumplimientos probados</h3>');
    expect(first).toMatch(/<td class="value">Luis Gómez<\/td>/);
    expect(first).toContain('jurisdiction.region = ES-MD');
    expect(text).toMatch(
      /realizado el viernes <span class="nowrap">2026-04-03 12:00<\/span><br><span class="hol">festivo: Viernes Santo<\/span>/,
    );
    expect(text).toMatch(/realizado el sábado <span class="nowrap">2026-04-04 10:00<\/span>/);
    expect(text).toMatch(/<div class="from">permitido desde el lunes 2026-04-06 09:00<\/div>/);
    // The provenance says how the mapping read the export: clock, CSV, dimensions, each field.
    const prov = text.slice(text.indexOf('id="provenance"'), text.indexOf('id="method"'));
    expect(prov).toContain('<dt>Reloj de las fechas y horas locales del archivo (timeZone)</dt><dd>Europe/Madrid</dd>');
    expect(prov).toContain(
      '<dt>Cómo está escrito el CSV (csv)</dt><dd>separador &quot;;&quot;; codificación windows-1252; coma decimal (1.234,56)</dd>',
    );
    expect(prov).toContain('<dd>agent ← &quot;Agente&quot;; campaign ← &quot;Campaña&quot;</dd>');
    expect(prov).toContain('<h3>Cómo leyó la correspondencia cada campo</h3>');
    expect(prov).toContain(
      '<tr><td><code>at</code></td><td>columnas &quot;Fecha&quot; + &quot;Hora&quot;, unidas por un espacio</td><td>escrito como dd/MM/yyyy HH:mm:ss (símbolos de luxon)</td></tr>',
    );
    expect(prov).toContain(
      '<tr class="auditor"><td><code>jurisdiction.region</code></td><td>afirmado por el auditor para todos los registros: ES-MD</td>',
    );
    expect(prov).toContain('&quot;Llamada&quot; → call, &quot;WhatsApp&quot; → whatsapp');
    const md = await cli(['audit', exportPath, '--map', mappingPath, '--format', 'md']);
    expect(md.stdout).toContain(
      '| `recipient.phone` | column "Teléfono" | national numbers read as ES numbers (E.164) |',
    );
    expect(md.stdout).toContain('| `debt.amount` | column "Saldo" | decimal comma (1.234,56) |');

    const csv = join(dir, 'hallazgos.csv');
    expect((await cli(['audit', exportPath, '--map', mappingPath, '--out', csv])).code).toBe(1);
    const findings = parse(readFileSync(csv, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(findings[0]!).slice(-2)).toEqual(['dimension.agent', 'dimension.campaign']);
    expect(findings.find((f) => f.ruleId === 'es.policy.hours.window')).toMatchObject({
      attemptId: 'E-02',
      proven: 'true',
      'dimension.agent': 'Luis Gómez',
      'dimension.campaign': 'Mora 30',
    });
    const rejected = parse(readFileSync(join(dir, 'hallazgos.rejected.csv'), 'utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rejected.map((x) => [x.line, x.field])).toEqual([
      ['9', 'channel'],
      ['10', 'at'],
      ['11', 'debtorId'],
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'hallazgos.provenance.json'), 'utf8')).mapping.name).toBe(mappingPath);
  });

  // The report as a person sees it: drawn by Debian's chromium when it is installed (apt-get install
  // chromium); without it vitest lists this test as skipped.
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  it.skipIf(chromium === undefined)(
    'the HTML report renders in headless Chromium (skipped: chromium is not installed)',
    () => {
      const html = join(dir, 'auditoria.html');
      if (!existsSync(html)) writeFileSync(html, '');
      const png = join(dir, 'first-screen.png');
      const r = spawnSync(
        chromium!,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          `--user-data-dir=${mkdtempSync(join(tmpdir(), 'cc-chromium-'))}`,
          '--window-size=1280,900',
          `--screenshot=${png}`,
          `file://${html}`,
        ],
        { timeout: 60_000 },
      );
      expect(r.status).toBe(0);
      // A first screen with content (a blank page compresses to a few kilobytes).
      expect(statSync(png).size).toBeGreaterThan(40_000);
    },
  );
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AuditInput,
  type AuditRecord,
  type AuditRejection,
  type AuditSummary,
  auditLog,
  createChecker,
  type Mapping,
  MappingError,
  parseMapping,
} from '../src/index.js';
import { compileMapping } from '../src/audit/mapping/compileMapping.js';
import { localInstant } from '../src/audit/mapping/localInstant.js';
import { readDateFormat } from '../src/audit/mapping/readDateFormat.js';
import { main } from '../src/cli/main.js';
import { type ExportRow, exampleMapping, exportHeader, exportText, row, windows1252 } from './_lib/dialerExport.js';

/** Issue 18 items 1–2: a mapping file turns an export's columns into the contract's fields; dimensions travel. */
const checker = createChecker();
const dir = mkdtempSync(join(tmpdir(), 'cc-mapping-'));
const mapping = exampleMapping as unknown as Mapping;
afterAll(() => undefined);

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function audit(
  input: AuditInput,
  m: unknown = mapping,
): Promise<{ summary: AuditSummary; records: AuditRecord[]; rejections: AuditRejection[] }> {
  const result = await auditLog(input, { checker, mapping: m as Mapping, mappingName: 'mapping.json' });
  const records: AuditRecord[] = [];
  for await (const r of result.records()) records.push(r);
  const rejections: AuditRejection[] = [];
  for await (const r of result.rejections()) rejections.push(r);
  await result.dispose();
  return { summary: result.summary, records, rejections };
}

const rows: ExportRow[] = [
  row({ id: 'G-1' }), // Wednesday 4 March 2026, 10:15 in Bogotá
  row({ id: 'G-2', cedula: '52987654', fecha: '08/03/2026', hora: '10:00:00', agente: 'Luis Gómez' }), // a Sunday
  row({
    id: 'G-3',
    cedula: '1020304050',
    hora: '20:30:00',
    canal: 'WhatsApp',
    resultado: 'Entregado',
    campana: 'Mora 60',
  }), // after hours
  row({
    id: 'G-4',
    cedula: '79123456',
    fecha: '05/03/2026',
    hora: '09:00:00',
    canal: 'SMS',
    resultado: 'Entregado',
    saldo: '350,5',
  }),
];

describe('the example mapping of issue 18, exactly as written', () => {
  it('reads a Windows-1252, ;-separated, CRLF export: local times on the export clock, values, E.164 phones, 1.234,56 amounts, dimensions', async () => {
    const path = file('export.csv', windows1252(exportText(rows)));
    const { summary, records, rejections } = await audit({ path });
    expect(rejections).toEqual([]);
    expect(summary.accounting).toMatchObject({ records: 4, evaluated: 4, rejected: 0, headerLines: 1, balanced: true });
    expect(summary.source).toMatchObject({ format: 'csv', encoding: 'windows-1252' });
    const byId = new Map(records.map((r) => [r.decision.attemptId, r]));
    const sunday = byId.get('G-2')!;
    expect(sunday.at).toBe('2026-03-08T10:00:00-05:00');
    expect(sunday.line).toBe(3);
    expect(sunday.dimensions).toEqual({ agent: 'Luis Gómez', campaign: 'Mora 30' });
    expect(sunday.decision.violations.map((f) => f.category)).toContain('hours');
    expect(byId.get('G-3')!.at).toBe('2026-03-04T20:30:00-05:00');
    expect(byId.get('G-3')!.decision.violations.map((f) => f.category)).toContain('hours');
    expect(byId.get('G-1')!.decision.violations.map((f) => f.category)).not.toContain('hours');
    // The mapping as provenance: the auditor's statements, the column nothing read, where each field came from.
    expect(summary.mapping?.name).toBe('mapping.json');
    expect(summary.mapping?.statedByAuditor).toEqual([
      { field: 'recipient.role', value: 'debtor' },
      { field: 'jurisdiction.country', value: 'CO' },
    ]);
    expect(summary.mapping?.columnsNotUsed).toEqual(['Observaciones']);
    expect(summary.mapping?.fields.find((f) => f.field === 'at')).toEqual({
      field: 'at',
      columns: ['Fecha', 'Hora'],
      format: 'dd/MM/yyyy HH:mm:ss',
    });
    // Breakdowns by dimension (the mapping's order) and by creditor.
    expect(summary.byDimension?.map((d) => [d.name, d.column])).toEqual([
      ['agent', 'Agente'],
      ['campaign', 'Campaña'],
    ]);
    const agents = summary.byDimension![0]!.values;
    expect(agents.map((v) => v.value).sort()).toEqual(['Ana Pérez', 'Luis Gómez']);
    expect(agents.find((v) => v.value === 'Ana Pérez')!.records).toBe(3);
    expect(agents.reduce((n, v) => n + v.violations, 0)).toBe(summary.totals.violations);
    expect(summary.byCreditor).toEqual([{ creditorId: null, ...pickCounts(summary.totals) }]);
  });

  it('each mapped row is the attempt the export states: no default passes for a column', async () => {
    const m = compileMapping(parseMapping(mapping, 'mapping.json'));
    const map = m.forColumns(exportHeader);
    const r = map(Object.values({ ...row(), nota: 'x' }));
    expect(r.issues).toEqual([]);
    expect(r.input).toEqual({
      id: 'G-1',
      debtorId: '79123456',
      at: '2026-03-04T10:15:00-05:00',
      channel: 'call',
      outcome: 'connected',
      recipient: { phone: '+573001234567', role: 'debtor' },
      jurisdiction: { country: 'CO' },
      debt: { dueDate: '2026-01-15', amount: 1234567.89 },
    });
    expect(r.dimensions).toEqual({ agent: 'Ana Pérez', campaign: 'Mora 30' });
    // An empty cell is absent (never an empty string or zero); a dimension left empty is null.
    const empty = map(Object.values({ ...row(), saldo: ' ', agente: '' }));
    expect((empty.input['debt'] as Record<string, unknown>)['amount']).toBeUndefined();
    expect(empty.dimensions).toEqual({ agent: null, campaign: 'Mora 30' });
  });

  it('bad rows are rejected with their line, the field, the column, the value and the closest known value', async () => {
    const bad = [
      row({ id: 'ok' }),
      row({ id: 'typo', canal: 'Llamda' }),
      row({ id: 'date', fecha: '31/02/2026' }),
      row({ id: 'format', hora: '10h15' }),
      row({ id: 'amount', saldo: '12,34,5' }),
      row({ id: 'phone', telefono: '12' }),
      row({ id: 'empty', cedula: '' }),
    ];
    const path = file('bad.csv', windows1252(exportText(bad)));
    const { summary, rejections } = await audit({ path });
    expect(summary.accounting).toMatchObject({ records: 7, evaluated: 1, rejected: 6, balanced: true });
    const by = new Map(rejections.map((r) => [r.line, r.issues]));
    expect(by.get(3)).toEqual([
      {
        path: 'channel',
        code: 'unmapped_value',
        message: `"Llamda" (column "Canal") is not among the mapping's values for channel (closest: "Llamada")`,
      },
    ]);
    expect(by.get(4)![0]).toMatchObject({ path: 'at', code: 'invalid_date' });
    expect(by.get(4)![0]!.message).toContain('2026-02 has no day 31');
    expect(by.get(5)![0]).toMatchObject({ path: 'at', code: 'invalid_date_format' });
    expect(by.get(5)![0]!.message).toContain('"Fecha" + "Hora"');
    expect(by.get(6)![0]).toMatchObject({ path: 'debt.amount', code: 'invalid_number' });
    expect(by.get(7)![0]).toMatchObject({ path: 'recipient.phone', code: 'invalid_phone' });
    expect(by.get(8)![0]).toMatchObject({ path: 'debtorId', code: 'required' });
    expect(by.get(8)![0]!.message).toContain('"Cédula" is empty');
    // The excerpt is the row as written (with its own delimiter), to find it by eye.
    expect(rejections.find((r) => r.line === 3)!.excerpt).toMatch(/^typo;79123456;04\/03\/2026;/);
  });

  it('a local time the export clock skips or repeats is rejected with the reason, never guessed', async () => {
    const madrid = {
      ...mapping,
      timeZone: 'Europe/Madrid',
      fields: { ...mapping.fields, 'jurisdiction.country': { value: 'ES' } },
    };
    const path = file(
      'dst.csv',
      windows1252(
        exportText([
          row({ id: 'gap', fecha: '29/03/2026', hora: '02:30:00', telefono: '+34 612 345 678' }),
          row({ id: 'overlap', fecha: '25/10/2026', hora: '02:30:00', telefono: '+34 612 345 678' }),
          row({ id: 'after', fecha: '29/03/2026', hora: '03:30:00', telefono: '+34 612 345 678' }),
        ]),
      ),
    );
    const { records, rejections } = await audit({ path }, madrid);
    expect(rejections.map((r) => [r.line, r.issues[0]!.code])).toEqual([
      [2, 'nonexistent_local_time'],
      [3, 'ambiguous_local_time'],
    ]);
    expect(rejections[0]!.issues[0]!.message).toContain('does not exist in Europe/Madrid');
    expect(rejections[1]!.issues[0]!.message).toContain('+02:00 and +01:00');
    // 03:30 that night exists once (summer time): judged, at night on a Sunday.
    expect(records.find((r) => r.decision.attemptId === 'after')!.at).toBe('2026-03-29T03:30:00+02:00');
    // The round trip, directly: every hour of both transition days.
    for (let h = 0; h < 24; h++) {
      const w = { year: 2026, month: 3, day: 29, hour: h, minute: 30, second: 0, millisecond: 0, offset: undefined };
      const r = localInstant(w, 'Europe/Madrid');
      expect(r.ok).toBe(h !== 2);
      if (r.ok) expect(new Date(r.at).getTime()).toBe(Date.UTC(2026, 2, 29, h, 30) - (h < 2 ? 60 : 120) * 60_000);
      const o = localInstant({ ...w, month: 10, day: 25 }, 'Europe/Madrid');
      expect(o.ok).toBe(h !== 2);
    }
  });

  it('a byte-order mark wins over the encoding given; ISO-8859-1 reads as Excel writes it', async () => {
    const text = exportText(rows);
    const bom = await audit({
      path: file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
    });
    expect(bom.rejections).toEqual([]);
    expect(bom.summary.source.encoding).toBe('utf-8');
    expect(bom.summary.byDimension![0]!.values.map((v) => v.value).sort()).toEqual(['Ana Pérez', 'Luis Gómez']);
    const latin1 = await audit(
      { path: file('latin1.csv', windows1252(text)) },
      { ...mapping, csv: { ...mapping.csv, encoding: 'iso-8859-1' } },
    );
    expect(latin1.rejections).toEqual([]);
    expect(latin1.summary.accounting.evaluated).toBe(4);
    // Read as UTF-8 the Windows-1252 bytes are not the header the mapping names: the whole file is refused.
    await expect(
      audit(
        { path: file('wrong.csv', windows1252(text)) },
        { ...mapping, csv: { delimiter: ';', decimalComma: true } },
      ),
    ).rejects.toThrow(/column "ID Gestión" is not in the header \(closest: "ID Gesti\uFFFDn"\)/);
  });

  it('the same mapping reads JSON Lines with other field names, to the same report', async () => {
    const csv = await audit({ path: file('same.csv', windows1252(exportText(rows))) });
    const jsonl = rows
      .map((r) =>
        JSON.stringify(
          Object.fromEntries(
            exportHeader.map((h, k) => [h, Object.values({ ...r, nota: r.nota ?? '' })[k]]).filter(([, v]) => v !== ''),
          ),
        ),
      )
      .join('\n');
    const json = await audit({ text: jsonl, format: 'jsonl' });
    expect(json.rejections).toEqual([]);
    const comparable = (s: AuditSummary) => ({
      totals: s.totals,
      byRule: s.byRule.map(({ firstLine: _f, ...r }) => r),
      byDimension: s.byDimension,
      byCreditor: s.byCreditor,
      statedByAuditor: s.mapping?.statedByAuditor,
      columnsNotUsed: s.mapping?.columnsNotUsed,
    });
    expect(comparable(json.summary)).toEqual(comparable(csv.summary));
    expect(json.records.map((r) => [r.line, r.at, r.dimensions])).toEqual(
      csv.records.map((r) => [r.line - 1, r.at, r.dimensions]),
    );
    expect(json.summary.mapping?.columnsNeverSeen).toEqual([]);
  });

  it('reads the same wall times whatever the process TZ', () => {
    const before = process.env['TZ'];
    const out: string[] = [];
    try {
      for (const tz of ['UTC', 'Asia/Tokyo', 'America/Bogota', 'Europe/Madrid', 'Pacific/Chatham']) {
        process.env['TZ'] = tz;
        const map = compileMapping(parseMapping(mapping)).forColumns(exportHeader);
        out.push(JSON.stringify(rows.map((r) => map(Object.values({ ...r, nota: '' })).input)));
      }
    } finally {
      if (before === undefined) delete process.env['TZ'];
      else process.env['TZ'] = before;
    }
    expect(new Set(out).size).toBe(1);
  });
});

describe('a mapping that is wrong is refused before any work, each problem named by its JSON pointer', () => {
  const problems = (m: unknown): readonly string[] => {
    try {
      parseMapping(m, 'm.json');
    } catch (e) {
      if (e instanceof MappingError) return e.problems;
      throw e;
    }
    return [];
  };

  it('fields that are not the contract’s, required fields left out, values the contract refuses, a local format with no zone', () => {
    const { timeZone: _tz, ...noZone } = mapping;
    const { 'debt.dueDate': _d, ...fields } = mapping.fields;
    const p = problems({
      ...noZone,
      fields: {
        ...fields,
        chanel: 'Canal',
        channel: { column: 'Canal', values: { Llamada: 'calll' } },
        'debt.amount': { column: 'Saldo', format: 'dd/MM/yyyy' },
      },
    });
    expect(p).toContain(
      'm.json#/fields/chanel: "chanel" is not a field of the contract (did you mean channel?); fields are dotted paths, e.g. recipient.phone (docs/audit.md)',
    );
    expect(
      p.find((x) => x.startsWith('m.json#/fields/channel/values/Llamada: "calll" is not a valid channel')),
    ).toBeDefined();
    expect(
      p.find((x) => x.startsWith('m.json#/fields/at/format: reads a local time without an offset: set timeZone')),
    ).toBeDefined();
    expect(p).toContain(
      'm.json#/fields/debt.amount/format: debt.amount is not a date: only dates and date-times have a format',
    );
    expect(p.find((x) => x.startsWith('m.json#/fields: the contract requires debt.dueDate'))).toBeDefined();
  });

  it('the schema’s own problems, with their pointers', () => {
    expect(problems({ ...mapping, csv: { delimiter: ';;' } })[0]).toMatch(/^m\.json#\/csv\/delimiter: /);
    expect(problems({ ...mapping, csv: { encoding: 'utf-16' } })[0]).toMatch(/^m\.json#\/csv\/encoding: /);
    expect(problems({ ...mapping, timeZone: 'America/Bogata' })[0]).toMatch(/^m\.json#\/timeZone: /);
    expect(problems({ ...mapping, fields: { ...mapping.fields, at: { date: 'Fecha', value: 'x' } } })).toContain(
      'm.json#/fields/at: gives date and value: give only one of column, date or value',
    );
    expect(problems({ ...mapping, dimension: {} })[0]).toMatch(/^m\.json#: .*dimension/);
    expect(problems({ ...mapping, fields: { ...mapping.fields, 'recipient.role': { value: 'deudor' } } })[0]).toMatch(
      /^m\.json#\/fields\/recipient\.role\/value: "deudor" is not a valid recipient\.role/,
    );
  });

  it('a column the mapping names that the header lacks: the whole file is refused, with the closest column', async () => {
    const text = exportText(rows).replace('Canal;', 'Canal de contacto;');
    await expect(audit({ path: file('nocol.csv', windows1252(text)) })).rejects.toThrow(
      'mapping.json#/fields/channel/column: column "Canal" is not in the header (closest: "Canal de contacto")',
    );
  });
});

describe('audit --map and --dry-run from the command line', () => {
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
  const mapPath = file('mapping.json', JSON.stringify(exampleMapping, null, 2));

  it('--dry-run shows what becomes of every column and the first rows as attempts; no audit', async () => {
    const log = file('dry.csv', windows1252(exportText([...rows, row({ id: 'typo', canal: 'Llamda' })])));
    const { code, stdout } = await run(['audit', log, '--map', mapPath, '--dry-run']);
    expect(code).toBe(1); // the fifth row shown is rejected
    expect(stdout).toMatch(/line 6: REJECTED[\s\S]*channel: "Llamda" \(column "Canal"\)/);
    expect(stdout).toContain('"Observaciones"');
    expect(stdout).toMatch(/"Observaciones"\s+→ not used/);
    expect(stdout).toMatch(/"Agente"\s+→ dimension agent/);
    expect(stdout).toMatch(/"Fecha"\s+→ at \(as dd\/MM\/yyyy HH:mm:ss\): the date/);
    expect(stdout).toContain('recipient.role = "debtor"');
    expect(stdout).toContain('recipient.identityVerified = false');
    expect(stdout).toContain('"at":"2026-03-08T10:00:00-05:00"');
    const json = await run(['audit', log, '--map', mapPath, '--dry-run', '--format', 'json']);
    expect(JSON.parse(json.stdout).rows).toHaveLength(5);
    expect(json.code).toBe(1);
    const clean = await run([
      'audit',
      file('dry-ok.csv', windows1252(exportText(rows))),
      '--map',
      mapPath,
      '--dry-run',
    ]);
    expect(clean.code).toBe(0);
  });

  it('--map audits the export; a bad mapping exits 2 naming the file and the pointer', async () => {
    const log = file('cli.csv', windows1252(exportText(rows)));
    const out = join(dir, 'cli-report.json');
    const ok = await run(['audit', log, '--map', mapPath, '--out', out]);
    expect(ok.code).toBe(1);
    expect(ok.stdout).toContain('audited cli.csv: 4 records (4 judged, 0 rejected)');
    const badMap = file(
      'bad-map.json',
      JSON.stringify({ ...exampleMapping, fields: { ...exampleMapping.fields, chanel: 'Canal' } }),
    );
    const bad = await run(['audit', log, '--map', badMap]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `${badMap}#/fields/chanel: "chanel" is not a field of the contract (did you mean channel?)`,
    );
    const notJson = await run(['audit', log, '--map', file('nojson.json', '{ "fields": { ')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/nojson\.json: not JSON \(line 1, column \d+/);
    const noMap = await run(['audit', log, '--dry-run']);
    expect(noMap.code).toBe(2);
    expect(noMap.stderr).toContain('give --map FILE');
  });
});

describe('luxon formats', () => {
  it('read what luxon reads (fields, not a DateTime shifted by a zone)', () => {
    const read = readDateFormat('dd/MM/yyyy hh:mm a');
    expect(read('04/03/2026 08:05 PM')).toMatchObject({ year: 2026, month: 3, day: 4, hour: 20, minute: 5 });
    expect(read('4/3/2026 08:05 PM')).toBeUndefined();
    expect(readDateFormat('yyyy-MM-dd HH:mm:ssZZ')('2026-03-04 10:00:00-05:00')).toMatchObject({
      hour: 10,
      offset: -300,
    });
  });
});

function pickCounts(t: AuditSummary['totals']) {
  return {
    records: t.records,
    allowed: t.allowed,
    delayed: t.delayed,
    blocked: t.blocked,
    unverified: t.unverified,
    violations: t.violations,
    unverifiedViolations: t.unverifiedViolations,
    warnings: t.warnings,
  };
}

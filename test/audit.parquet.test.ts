import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import {
  type AuditInput,
  type AuditRecord,
  type AuditRejection,
  type AuditSummary,
  auditLog,
  ComplianceError,
  createChecker,
  type Mapping,
} from '../src/index.js';
import { openLogInput } from '../src/audit/openLogInput.js';
import { main } from '../src/cli/main.js';

/**
 * Issue 18 item 4: Parquet (and SQL) input through DuckDB. NULL is an absent field; DATE and TIMESTAMP
 * convert exactly, whatever the machine's zone; a row number is its line; the accounting balances.
 */
const checker = createChecker();
const dir = mkdtempSync(join(tmpdir(), 'cc-parquet-'));
const root = join(import.meta.dirname, '..');

async function sql(statement: string): Promise<void> {
  const c = await (await DuckDBInstance.create(':memory:')).connect();
  await c.run(statement);
  c.closeSync();
}

async function audit(
  input: AuditInput,
  mapping?: unknown,
): Promise<{ summary: AuditSummary; records: AuditRecord[]; rejections: AuditRejection[] }> {
  const result = await auditLog(input, {
    checker,
    now: () => new Date('2026-04-01T00:00:00Z'),
    ...(mapping ? { mapping: mapping as Mapping } : {}),
  });
  const records: AuditRecord[] = [];
  for await (const r of result.records()) records.push(r);
  const rejections: AuditRejection[] = [];
  for await (const r of result.rejections()) rejections.push(r);
  await result.dispose();
  return { summary: result.summary, records, rejections };
}

const base = {
  channel: 'call',
  jurisdiction: { country: 'CO', region: 'CO-DC' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15', amount: 1500.5 },
  debtor: { authorizedChannels: ['call', 'sms'] },
};
/** Records some of whose fields are missing (NULL in the Parquet twin), one after hours, one rejected. */
const records = [
  { ...base, id: 'a', debtorId: 'd1', at: '2026-03-02T09:00:00-05:00', outcome: 'connected', creditorId: 'bank' },
  { ...base, id: 'b', debtorId: 'd1', at: '2026-03-02T10:00:00-05:00', outcome: 'no_answer' },
  { ...base, id: 'c', debtorId: 'd2', at: '2026-03-02T20:30:00-05:00', debtor: {} },
  { ...base, id: 'd', debtorId: 'd3', at: '2026-03-03T09:00:00-05:00', channel: 'fax' },
  {
    id: 'e',
    debtorId: 'd4',
    at: '2026-03-03T09:30:00-05:00',
    channel: 'sms',
    jurisdiction: { country: 'CO' },
    recipient: { role: 'debtor' },
    debt: { dueDate: '2026-01-15' },
  },
];

describe('a Parquet log', () => {
  it('with NULLs gives the report of its JSON Lines twin (NULL is absent, never a value)', async () => {
    const jsonl = join(dir, 'twin.jsonl');
    writeFileSync(jsonl, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const parquet = join(dir, 'twin.parquet');
    await sql(
      `COPY (SELECT * FROM read_json('${jsonl}', format = 'newline_delimited', timestampformat = 'DISABLED')) TO '${parquet}' (FORMAT parquet)`,
    );
    const a = await audit({ path: jsonl });
    const b = await audit({ path: parquet });
    expect(b.summary.source).toMatchObject({ name: 'twin.parquet', format: 'parquet' });
    expect(b.summary.source.sql).toContain('read_parquet(');
    const { source: _s1, generatedAt: _g1, ...sa } = a.summary;
    const { source: _s2, generatedAt: _g2, ...sb } = b.summary;
    expect(sb).toEqual(sa);
    expect(b.records).toEqual(a.records);
    expect(b.rejections.map((r) => [r.line, r.issues])).toEqual(a.rejections.map((r) => [r.line, r.issues]));
    expect(b.summary.accounting).toMatchObject({ lines: 5, records: 5, evaluated: 4, rejected: 1, balanced: true });
  });

  it('DATE and TIMESTAMP convert exactly whatever the machine zone: DuckDB integers, never a JavaScript Date in local time', async () => {
    const path = join(dir, 'times.parquet');
    await sql(
      `COPY (SELECT DATE '2026-01-15' AS d, DATE '1969-12-31' AS old, TIMESTAMP '2026-03-08 00:30:00.25' AS naive,
        TIMESTAMPTZ '2026-03-08 00:30:00-05:00' AS instant, TIMESTAMP_MS '2026-10-25 02:30:00' AS ms, NULL::DATE AS nothing)
        TO '${path}' (FORMAT parquet)`,
    );
    const script = `import { openLogInput } from ${JSON.stringify(join(root, 'src/audit/openLogInput.ts'))};
      const log = await openLogInput({ path: ${JSON.stringify(path)} });
      for await (const rows of log.table.rows) process.stdout.write(JSON.stringify({ columns: log.table.columns, rows }));`;
    const outputs = ['UTC', 'America/Bogota', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'].map((tz) =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      }),
    );
    expect(new Set(outputs).size).toBe(1);
    const { columns, rows } = JSON.parse(outputs[0]!) as { columns: string[]; rows: unknown[][] };
    expect(columns).toEqual(['d', 'old', 'naive', 'instant', 'ms', 'nothing']);
    expect(rows).toEqual([
      ['2026-01-15', '1969-12-31', '2026-03-08T00:30:00.25', '2026-03-08T05:30:00Z', '2026-10-25T02:30:00', null],
    ]);
  }, 60_000);

  it('a naive TIMESTAMP is read on the mapping clock; a STRUCT column by its dotted fields; --sql rows', async () => {
    const path = join(dir, 'warehouse.parquet');
    await sql(
      `COPY (SELECT * FROM (VALUES
        ('w1', 79123456::BIGINT, TIMESTAMP '2026-03-04 10:15:00', 'Llamada', {'pais': 'CO', 'vence': DATE '2026-01-15'}, 'Ana'),
        ('w2', 79123456::BIGINT, TIMESTAMP '2026-03-08 10:00:00', 'Llamada', {'pais': 'CO', 'vence': DATE '2026-01-15'}, NULL),
        ('w3', NULL, TIMESTAMP '2026-03-05 10:00:00', 'Llamada', {'pais': 'CO', 'vence': DATE '2026-01-15'}, 'Luis')
      ) AS t(gestion, cedula, momento, canal, cuenta, agente)) TO '${path}' (FORMAT parquet)`,
    );
    const mapping = {
      timeZone: 'America/Bogota',
      fields: {
        id: 'gestion',
        debtorId: 'cedula',
        at: 'momento',
        channel: { column: 'canal', values: { Llamada: 'call' } },
        'jurisdiction.country': 'cuenta.pais',
        'debt.dueDate': 'cuenta.vence',
        'recipient.role': { value: 'debtor' },
      },
      dimensions: { agent: 'agente' },
    };
    const { summary, records, rejections } = await audit(
      { sql: `SELECT * FROM read_parquet('${path}') ORDER BY gestion` },
      mapping,
    );
    expect(summary.source).toMatchObject({ name: '(sql)', format: 'sql' });
    expect(summary.accounting).toMatchObject({ records: 3, evaluated: 2, rejected: 1, balanced: true });
    expect(rejections).toEqual([
      expect.objectContaining({ line: 3, issues: [expect.objectContaining({ path: 'debtorId', code: 'required' })] }),
    ]);
    const sunday = records.find((r) => r.decision.attemptId === 'w2')!;
    expect(sunday.at).toBe('2026-03-08T10:00:00-05:00');
    expect(sunday.debtorId).toBe('79123456');
    expect(sunday.dimensions).toEqual({ agent: null });
    expect(summary.mapping?.columnsNotUsed).toEqual([]);
  });

  it('--sql is one SELECT: a statement that writes, or two, is refused before anything runs', async () => {
    const refused = async (q: string): Promise<string> => {
      try {
        await audit({ sql: q });
      } catch (e) {
        return (e as ComplianceError).code;
      }
      return 'accepted';
    };
    expect(await refused(`COPY (SELECT 1) TO '${join(dir, 'written.csv')}'`)).toBe('bad_sql');
    expect(await refused('SELECT 1; SELECT 2')).toBe('bad_sql');
    expect(await refused("SELECT * FROM read_parquet('/nonexistent/x.parquet')")).toBe('bad_table');
  });

  it('without @duckdb/node-api: an error naming the package and how to install it', async () => {
    const missing = Object.assign(new Error("Cannot find package '@duckdb/node-api'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const e = await openLogInput({ sql: 'SELECT 1' }, { importModule: () => Promise.reject(missing) }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ComplianceError);
    expect((e as ComplianceError).code).toBe('missing_dependency');
    expect((e as ComplianceError).message).toBe(
      'Parquet and SQL input, and the Parquet report, need the optional package @duckdb/node-api, which could not be loaded (not installed). Install it beside cobranza-compliance: npm install @duckdb/node-api',
    );
  });

  it('from the command line: --input-format parquet on a directory, --sql, and --sql with a file refused', async () => {
    const sub = join(dir, 'tables');
    execFileSync('mkdir', ['-p', join(sub, 'part')]);
    const jsonl = join(dir, 'cli.jsonl');
    writeFileSync(
      jsonl,
      `${records
        .slice(0, 3)
        .map((r) => JSON.stringify(r))
        .join('\n')}\n`,
    );
    await sql(
      `COPY (SELECT * FROM read_json('${jsonl}', timestampformat = 'DISABLED')) TO '${join(sub, 'part', 'a.parquet')}' (FORMAT parquet)`,
    );
    const run = async (args: string[]) => {
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
    };
    const d = await run(['audit', sub, '--input-format', 'parquet', '--format', 'json']);
    expect(d.code).toBe(1);
    expect(JSON.parse(d.stdout).accounting).toMatchObject({ records: 3, evaluated: 3, balanced: true });
    const q = await run([
      'audit',
      '--sql',
      `SELECT * FROM read_parquet('${sub}/**/*.parquet') WHERE id = 'a'`,
      '--format',
      'json',
    ]);
    expect(JSON.parse(q.stdout).accounting.records).toBe(1);
    // The Markdown and HTML provenance name the query, its lines kept, every character inert.
    const multiLine = `SELECT *\nFROM read_parquet('${sub}/**/*.parquet')\nWHERE id <> '<b>|x'`;
    const md = await run(['audit', '--sql', multiLine, '--format', 'md']);
    expect(md.stdout).toContain(
      `| Query the rows came from | SELECT \\*<br>FROM read_parquet('${sub}/\\*\\*/\\*.parquet')<br>WHERE id \\<\\> '\\<b\\>\\|x' |`,
    );
    const html = await run(['audit', '--sql', multiLine, '--format', 'html']);
    expect(html.stdout).toContain(
      `<div class="wide"><dt>Query the rows came from</dt><dd><code>SELECT *<br>FROM read_parquet(&#39;${sub}/**/*.parquet&#39;)<br>WHERE id &lt;&gt; &#39;&lt;b&gt;|x&#39;</code></dd></div>`,
    );
    const built = await run(['audit', sub, '--input-format', 'parquet', '--format', 'md']);
    expect(built.stdout).toContain('| Query built for --input-format parquet | SELECT \\* FROM read_parquet(');
    const both = await run(['audit', jsonl, '--sql', 'SELECT 1']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give no LOG file');
  });
});

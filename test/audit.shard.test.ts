import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFindingHeavyLog } from '../scripts/contactLogGenerator.js';
import { parseShard, shardOf } from '../src/audit/shardOf.js';
import { main } from '../src/cli/main.js';

/**
 * Issue 20, item 4: an audit split by debtor over shards run as separate processes, and merged into
 * the report of the whole log — byte for byte the single-machine report (generation time aside) in
 * every format; partials that do not belong together refused.
 *
 * The command runs as a real process, bundled from the current source as tsup bundles dist/cli.js
 * (the logs here are small: judged in the audit's own thread, no worker file needed).
 */
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'cc-shard-'));
const bundleDir = join(root, 'node_modules', '.cache', `cc-shard-test-${process.pid}`);
const cli = join(bundleDir, 'cli.mjs');

function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The same command in this process (the single-machine references, the merges, the refusals). */
async function here(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...args], {
    stdin: () => '',
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

/** The report without its generation time (the one thing a merge does not reproduce). */
const timeless = (text: string): string => text.replace(/"generatedAt": "[^"]*"/, '"generatedAt": "…"');

const jsonl = join(work, 'log.jsonl');
const csv = join(work, 'log.csv');
const other = join(work, 'other.jsonl');

beforeAll(async () => {
  mkdirSync(bundleDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'src', 'cli', 'bin.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: cli,
    logLevel: 'error',
  });
  // A finding-heavy month (frequency findings with earlier contacts, every zone), and lines that
  // name no debtor, are not JSON, or are blank: those belong to shard 1.
  const lines = [...generateFindingHeavyLog({ debtors: { CO: 12, MX: 12, ES: 12 }, days: 10 })].map((l) => l.text);
  lines.splice(3, 0, '', 'not json', JSON.stringify({ id: 'no-debtor', at: '2026-03-02T10:00:00-05:00' }), '  ');
  lines.splice(40, 0, JSON.stringify({ id: 'bad-at', debtorId: 'H-CO-000001', at: 'yesterday' }));
  writeFileSync(jsonl, `${lines.join('\n')}\n`);
  writeFileSync(other, `${lines.slice(0, -1).join('\n')}\n`);
  writeFileSync(
    csv,
    [
      'id,at,channel,debtorId,jurisdiction.country,recipient.role,debt.dueDate,outcome',
      ...Array.from(
        { length: 60 },
        (_, i) =>
          `c${i},2026-03-0${2 + (i % 5)}T${String(5 + (i % 17)).padStart(2, '0')}:15:00-05:00,call,D-${i % 9},CO,debtor,2026-01-10,no_answer`,
      ),
      'c-bad,2026-03-02T10:00:00-05:00,fax,D-1,CO,debtor,2026-01-10,no_answer',
      'c-nodebtor,2026-03-02T10:00:00-05:00,call,,CO,debtor,2026-01-10,no_answer',
      '',
    ].join('\r\n'),
  );
}, 120_000);
afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('the shard of a debtor', () => {
  it('is the first 8 bytes of SHA-256 of its UTF-8, big-endian unsigned, mod N, plus 1 (values from Python hashlib)', () => {
    // int.from_bytes(hashlib.sha256(d.encode()).digest()[:8], 'big') % n + 1
    const vectors: Array<[string, number, number]> = [
      ['D-CO-000001', 3, 3],
      ['D-CO-000001', 1000, 68],
      ['D-CO-000001', 100000, 99068],
      ['', 3, 2],
      ['', 1000, 653],
      ['ñandú', 7, 7],
      ['ñandú', 100000, 6087],
      ['😀 deudor', 7, 5],
      ['😀 deudor', 1000, 412],
      // 0xffa1…: the top bit set, read unsigned.
      ['H-MX-000042', 7, 6],
      ['H-MX-000042', 100000, 83767],
    ];
    for (const [d, n, k] of vectors) expect(shardOf(d, n), `${d} of ${n}`).toBe(k);
    for (const [d] of vectors) expect(shardOf(d, 1)).toBe(1);
  });

  it('--shard K/N is read strictly', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1.5/3', '-1/3', 'a/b', '3', '1/100001'])
      expect(() => parseShard(bad), bad).toThrow(/--shard is K\/N/);
  });
});

describe('three shards as separate processes, merged', () => {
  it('give the report of the whole log, byte for byte, in every format (JSON Lines)', async () => {
    const shards = await Promise.all(
      [1, 2, 3].map((k) => run(['audit', jsonl, '--shard', `${k}/3`, '--out', join(work, `j${k}.partial`)])),
    );
    for (const s of shards) {
      expect(s.stderr).toBe('');
      expect(s.code).toBe(0); // a partial claims no verdict
    }
    expect(shards.map((s) => s.stdout).join('')).toMatch(
      /shard 2\/3 of log\.jsonl: \d+ records .* left to the other shards/,
    );
    const partials = [3, 1, 2].map((k) => join(work, `j${k}.partial`)); // any order
    // Lines that name no debtor, and the log's blank and header lines, are shard 1's alone.
    const heads = [1, 2, 3].map((k) => JSON.parse(readFileSync(join(work, `j${k}.partial`), 'utf8').split('\n')[0]!));
    expect(heads[0].read).toMatchObject({ blankLines: 2 });
    expect(heads[1].read).toBeNull();
    expect(heads[2].read).toBeNull();
    const rejectedIn = (k: number): number[] =>
      readFileSync(join(work, `j${k}.partial`), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"rejected":{'))
        .map((l) => (JSON.parse(l) as { line: number }).line);
    expect(rejectedIn(1)).toEqual(expect.arrayContaining([5, 6])); // not JSON; no debtorId
    expect([...rejectedIn(2), ...rejectedIn(3)]).not.toContain(5);
    // Each shard judged only its debtors; together, every record once.
    const total = heads.reduce((n, h) => n + h.records, 0);
    for (const h of heads) expect(h.records + h.elsewhere).toBe(total);

    const formats = ['json', 'csv', 'md', 'html'];
    const runs: Array<{ code: number; stderr: string }> = [];
    for (const format of formats) {
      runs.push(await here(['audit', jsonl, '--out', join(work, `single.${format}`)]));
      runs.push(await here(['audit', 'merge', ...partials, '--out', join(work, `merged.${format}`)]));
    }
    formats.forEach((format, i) => {
      const [a, b] = [runs[2 * i]!, runs[2 * i + 1]!];
      expect(b.stderr).toBe('');
      expect(b.code).toBe(a.code);
      expect(a.code).toBe(1);
      expect(timeless(readFileSync(join(work, `merged.${format}`), 'utf8')), format).toBe(
        timeless(readFileSync(join(work, `single.${format}`), 'utf8')),
      );
    });
    const report = JSON.parse(readFileSync(join(work, 'merged.json'), 'utf8'));
    expect(report.accounting.balanced).toBe(true);
    expect(
      report.records.some((r: { violations?: Array<{ earlierContact?: unknown }> }) =>
        (r.violations ?? []).some((v) => v.earlierContact !== undefined),
      ),
    ).toBe(true);
  }, 180_000);

  it('give the report of the whole log from a CSV log (a header, a blank line, a row rejected as read)', async () => {
    await Promise.all(
      [1, 2, 3].map((k) => run(['audit', csv, '--shard', `${k}/3`, '--out', join(work, `c${k}.partial`)])),
    );
    const single = join(work, 'single-csv.json');
    const merged = join(work, 'merged-csv.json');
    await here(['audit', csv, '--out', single]);
    const b = await here(['audit', 'merge', ...[1, 2, 3].map((k) => join(work, `c${k}.partial`)), '--out', merged]);
    expect(b.stderr).toBe('');
    const s = JSON.parse(readFileSync(single, 'utf8'));
    expect(s.accounting).toMatchObject({ headerLines: 1, rejected: 2, balanced: true });
    expect(timeless(readFileSync(merged, 'utf8'))).toBe(timeless(readFileSync(single, 'utf8')));
  }, 120_000);

  it('refuses a missing shard, a duplicated one, another log, other rules or options, a partial cut short', async () => {
    const p = (k: number): string => join(work, `j${k}.partial`); // the first test's
    const refused = async (args: string[], message: RegExp): Promise<void> => {
      const r = await here(['audit', 'merge', ...args, '--out', join(work, 'refused.json')]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    };
    await refused([p(1), p(3)], /shard 2 of 3 is missing/);
    await refused([p(1), p(2), p(3), p(2)], /shard 2 of 3 is given twice/);
    for (const args of [
      ['audit', other, '--shard', '2/3', '--out', join(work, 'other2.partial')],
      ['audit', jsonl, '--shard', '2/3', '--override', 'mx.policy.weekend=off', '--out', join(work, 'rules2.partial')],
      ['audit', jsonl, '--shard', '2/3', '--record-history', 'merge', '--out', join(work, 'opt2.partial')],
      ['audit', jsonl, '--shard', '2/4', '--out', join(work, 'four.partial')],
    ])
      await here(args);
    await refused(
      [p(1), join(work, 'other2.partial'), p(3)],
      /not shards of one audit: their logs \(size and SHA-256\) differ/,
    );
    await refused([p(1), join(work, 'rules2.partial'), p(3)], /their rulesets differ/);
    await refused([p(1), join(work, 'opt2.partial'), p(3)], /their audit options differ/);
    await refused([p(1), join(work, 'four.partial'), p(3)], /their shard counts differ/);
    const text = readFileSync(p(2), 'utf8');
    writeFileSync(join(work, 'cut.partial'), text.slice(0, Math.floor(text.length * 0.6)));
    await refused([p(1), join(work, 'cut.partial'), p(3)], /cut short/);
    writeFileSync(join(work, 'notone.partial'), '{"hello":1}\n');
    await refused([p(1), join(work, 'notone.partial'), p(3)], /is not a partial result/);
    // Nothing was written by a refused merge.
    expect(() => readFileSync(join(work, 'refused.json'))).toThrow();
  }, 180_000);

  it('--shard writes only a partial; merge takes its rules from the partials', async () => {
    const a = await here(['audit', jsonl, '--shard', '1/3', '--format', 'json']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--shard 1\/3 judges part of the log: it writes a partial result/);
    const b = await here(['audit', 'merge', join(work, 'j1.partial'), '--rules', 'rules']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--rules is not an option of merge/);
    const c = await here(['audit', 'merge', join(work, 'j1.partial'), '--format', 'partial']);
    expect(c.code).toBe(2);
  }, 60_000);
});

/** What this test uses of `@duckdb/node-api` (typed here: the package is optional, maybe not installed). */
interface Duck {
  DuckDBInstance: {
    create(path: string, options?: Record<string, string>): Promise<{ connect(): Promise<DuckConnection> }>;
  };
  DuckDBListValue: new (items: readonly unknown[]) => unknown;
}
interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string, values?: Record<string, unknown>): Promise<{ getRows(): unknown[][] }>;
  closeSync(): void;
}

/** The optional DuckDB package, when installed. */
async function duckdb(): Promise<Duck | undefined> {
  const name: string = '@duckdb/node-api';
  try {
    return (await import(name)) as Duck;
  } catch {
    return undefined;
  }
}
const duck = await duckdb();

describe('the shard in DuckDB SQL (docs/audit.md)', () => {
  it.skipIf(duck === undefined)(
    'gives shardOf for any debtorId, and COPY … PARTITION_BY puts each debtor in its shard (runs when @duckdb/node-api, an optional dependency, is installed)',
    async () => {
      const db = await duck!.DuckDBInstance.create(':memory:', { threads: '1' });
      const c = await db.connect();
      const ids = ['', 'D-CO-000001', 'H-MX-000042', 'ñandú', '😀 deudor', 'a\u0000b', 'x'.repeat(300)];
      for (let i = 0; i < 300; i++) ids.push(`D-${i}-${String.fromCodePoint(0x41 + (i % 3000))}`);
      for (const n of [1, 2, 3, 7, 1000, 100_000]) {
        const r = await c.runAndReadAll(
          `SELECT d, ('0x' || left(sha256(d), 16))::UBIGINT % ${n} + 1 AS k FROM unnest($ids::VARCHAR[]) AS t(d)`,
          { ids: new duck!.DuckDBListValue(ids) },
        );
        for (const [d, k] of r.getRows()) expect(Number(k), `${String(d)} of ${n}`).toBe(shardOf(String(d), n));
      }
      const out = join(work, 'by-shard');
      const clean = join(work, 'clean.jsonl');
      writeFileSync(
        clean,
        `${[...generateFindingHeavyLog({ debtors: { CO: 10, MX: 10, ES: 10 }, days: 2 })].map((l) => l.text).join('\n')}\n`,
      );
      await c.run(
        `COPY (SELECT debtorId, id, ('0x' || left(sha256(debtorId), 16))::UBIGINT % 3 + 1 AS shard FROM read_json_auto('${clean}')) TO '${out}' (FORMAT parquet, PARTITION_BY (shard))`,
      );
      for (const k of [1, 2, 3]) {
        const r = await c.runAndReadAll(`SELECT DISTINCT debtorId FROM read_parquet('${out}/shard=${k}/*.parquet')`);
        const debtors = r.getRows().map(([d]) => String(d));
        expect(debtors.length).toBeGreaterThan(0);
        for (const d of debtors) expect(shardOf(d, 3)).toBe(k);
      }
      c.closeSync();
    },
    60_000,
  );
});

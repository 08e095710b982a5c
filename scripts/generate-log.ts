/**
 * `npx tsx scripts/generate-log.ts`: writes the example contact log (deterministic, seeded):
 *   examples/contact-log.jsonl           a month of contacts in CO, MX and ES (JSON Lines)
 *   examples/contact-log.csv             a few of the same records in the CSV mapping (docs/audit.md)
 *   examples/contact-log.expected.json   what the audit must find: the planted violations and bad lines
 * A test regenerates them in memory and compares: edit the generator, then run this script.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvColumns } from '../src/audit/csvColumns.js';
import { generateContactLog, type LogLine } from './contactLogGenerator.js';

export interface ExampleFiles {
  readonly 'examples/contact-log.jsonl': string;
  readonly 'examples/contact-log.csv': string;
  readonly 'examples/contact-log.expected.json': string;
}

export function exampleFiles(): ExampleFiles {
  const { lines, expectations } = generateContactLog();
  const all: LogLine[] = [...lines];
  const jsonl = `${all.map((l) => l.text).join('\n')}\n`;
  const malformed = all.flatMap((l, i) => (l.malformed ? [{ line: i + 1, why: l.malformed }] : []));
  const blank = all.flatMap((l, i) => (l.text === '' ? [i + 1] : []));
  const expected = {
    description:
      'What an audit of examples/contact-log.jsonl must find. Colombia: the exact violations and warnings of every record listed (every other CO record is clean). Mexico and Spain: a finding of the planted category. Written by scripts/generate-log.ts.',
    records: all.filter((l) => l.record).length,
    malformedLines: malformed,
    blankLines: blank,
    expectations: expectations.filter(
      (e) => e.scenario !== 'baseline' && e.scenario !== 'planted debtor: clean contact',
    ),
  };
  // The CSV example: the first records of each country and a planted pair, in the CSV mapping.
  const records = all.flatMap((l) => (l.record ? [l.record] : []));
  const chosen = new Set<Record<string, unknown>>();
  for (const cc of ['CO', 'MX', 'ES'])
    records
      .filter((r) => (r['jurisdiction'] as { country: string }).country === cc)
      .slice(0, 6)
      .forEach((r) => {
        chosen.add(r);
      });
  const pairIds = new Set(
    expectations
      .filter((e) => e.scenario.startsWith('frequency: second call') || e.scenario.startsWith('frequency: first call'))
      .map((e) => e.id),
  );
  for (const r of records) if (pairIds.has(r['id'] as string)) chosen.add(r);
  const rows = records.filter((r) => chosen.has(r));
  const cols = csvColumns.filter((c) => rows.some((r) => valueAt(r, c.path) !== undefined));
  const csv = [
    cols.map((c) => c.name).join(','),
    ...rows.map((r) => cols.map((c) => csvCell(valueAt(r, c.path), c.kind)).join(',')),
  ].join('\r\n');
  return {
    'examples/contact-log.jsonl': jsonl,
    'examples/contact-log.csv': `${csv}\r\n`,
    // One expectation per line: a diff shows which planted record changed.
    'examples/contact-log.expected.json': `${JSON.stringify({ ...expected, expectations: [] }, null, 2).replace('"expectations": []', `"expectations": [\n${expected.expectations.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]`)}\n`,
  };
}

function valueAt(o: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = o;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function csvCell(v: unknown, kind: string): string {
  if (v === undefined) return '';
  const s = kind === 'list' ? (v as string[]).join('|') : kind === 'json' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const isMain = process.argv[1] !== undefined && /generate-log\.ts$/.test(process.argv[1]);
if (isMain) {
  const root = join(import.meta.dirname, '..');
  for (const [path, text] of Object.entries(exampleFiles())) {
    writeFileSync(join(root, path), text);
    console.log(`wrote ${path} (${text.length.toLocaleString('en')} bytes)`);
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Case tables: `test/cases/<cc>/<topic>.json`, each `{ defaults, cases }`. A case's attempt is merged
 * into the table's defaults (objects merged, arrays and scalars replaced; `null` deletes a field).
 * Every case names the rules it is about, so the parity test can see each rule fire and not fire.
 */
const Expected = z.strictObject({
  /** `refused`: no decision at all — the check throws an InputError with `refusal`'s path and code. */
  verdict: z.enum(['allow', 'delay', 'block', 'refused']),
  refusal: z.strictObject({ path: z.string(), code: z.string() }).optional(),
  violations: z.array(z.string()).default([]),
  warnings: z.array(z.string()).optional(),
  nextAllowedAt: z.string().nullable().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  /** Rules not in force at the attempt's date (their `effective` range excludes it). */
  notEvaluated: z.array(z.string()).optional(),
});

const Case = z.strictObject({
  description: z.string().min(1),
  about: z.array(z.string()).min(1),
  options: z.record(z.string(), z.unknown()).optional(),
  attempt: z.record(z.string(), z.unknown()),
  expected: Expected,
});

const Table = z.strictObject({
  description: z.string().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  defaults: z.record(z.string(), z.unknown()),
  cases: z.array(Case).min(1),
});

export type CaseTable = z.infer<typeof Table>;
export type TableCase = z.infer<typeof Case> & {
  file: string;
  attemptInput: Record<string, unknown>;
  tableOptions: Record<string, unknown> | undefined;
};

const ROOT = join(import.meta.dirname, '..', 'cases');

export function loadCases(country?: string): TableCase[] {
  const out: TableCase[] = [];
  for (const cc of readdirSync(ROOT).sort()) {
    if (country && cc !== country) continue;
    for (const name of readdirSync(join(ROOT, cc)).sort()) {
      if (!name.endsWith('.json')) continue;
      const file = `${cc}/${name}`;
      const table = Table.parse(JSON.parse(readFileSync(join(ROOT, cc, name), 'utf8')));
      for (const c of table.cases) {
        out.push({ ...c, file, attemptInput: merge(table.defaults, c.attempt), tableOptions: table.options });
      }
    }
  }
  return out;
}

export function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isPlain(v) && isPlain(out[k])) out[k] = merge(out[k] as Record<string, unknown>, v);
    else out[k] = v;
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

import type { AttemptInput } from '../src/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  Categories,
  createChecker,
  type AuditRecord,
  type AuditRejection,
  type AuditSummary,
} from '../src/index.js';
import { exampleFiles } from '../scripts/generate-log.js';

/**
 * The committed example log is what scripts/generate-log.ts writes, and its audit finds what was
 * planted: for Colombia exactly (every CO record's violations and warnings), for Mexico and Spain the
 * planted category on each planted record, in every country whose rules are loaded.
 */
const root = join(import.meta.dirname, '..');
const expected = JSON.parse(readFileSync(join(root, 'examples', 'contact-log.expected.json'), 'utf8')) as {
  records: number;
  malformedLines: Array<{ line: number; why: string }>;
  blankLines: number[];
  expectations: Array<{
    id: string;
    country: string;
    scenario: string;
    violations?: string[];
    warnings?: string[];
    category?: string;
  }>;
};

describe('examples/', () => {
  it('the example files are what scripts/generate-log.ts writes (run it after changing the generator)', () => {
    for (const [path, text] of Object.entries(exampleFiles()))
      expect(readFileSync(join(root, path), 'utf8'), path).toBe(text);
  });

  it('examples/attempts.json holds valid attempts for the three countries', async () => {
    const checker = createChecker();
    const attempts = JSON.parse(readFileSync(join(root, 'examples', 'attempts.json'), 'utf8')) as Array<{
      jurisdiction: { country: string };
    }>;
    expect(new Set(attempts.map((a) => a.jurisdiction.country))).toEqual(new Set(['CO', 'MX', 'ES']));
    for (const a of attempts.filter((x) => checker.packs.has(x.jurisdiction.country as 'CO')))
      await expect(checker.check(a as AttemptInput)).resolves.toBeDefined();
  });
});

describe('audit of examples/contact-log.jsonl', () => {
  const checker = createChecker();
  const loaded = new Set<string>(checker.packs.keys());
  const records: AuditRecord[] = [];
  const rejections: AuditRejection[] = [];
  let s: AuditSummary;
  let byId: Map<string, AuditRecord>;
  beforeAll(async () => {
    const result = await auditLog({ path: join(root, 'examples', 'contact-log.jsonl') }, { checker });
    for await (const r of result.records()) records.push(r);
    for await (const r of result.rejections()) rejections.push(r);
    await result.dispose();
    s = result.summary;
    byId = new Map(records.map((r) => [r.decision.attemptId!, r]));
  });

  it('accounts for every line: the malformed ones rejected at their line, the blank ones skipped', () => {
    expect(rejections.map((r) => r.line)).toEqual(expected.malformedLines.map((m) => m.line));
    expect(s.accounting).toMatchObject({
      blankLines: expected.blankLines.length,
      records: expected.records + expected.malformedLines.length,
      balanced: true,
    });
    expect(s.accounting.evaluated + s.accounting.rejected).toBe(s.accounting.records);
  });

  it('Colombia: every record breaks exactly the rules planted (noise included), no more', () => {
    const want = new Map(expected.expectations.filter((e) => e.country === 'CO').map((e) => [e.id, e]));
    const got = new Map(records.filter((r) => r.country === 'CO').map((r) => [r.decision.attemptId!, r]));
    for (const id of new Set([...want.keys(), ...got.keys()])) {
      const e = want.get(id);
      const r = got.get(id);
      expect(
        {
          id,
          violations: (r?.decision.violations ?? []).map((v) => v.ruleId).sort(),
          warnings: (r?.decision.warnings ?? []).map((v) => v.ruleId).sort(),
        },
        e?.scenario ?? 'a CO record planted as clean',
      ).toEqual({ id, violations: [...(e?.violations ?? [])].sort(), warnings: [...(e?.warnings ?? [])].sort() });
    }
    // The planted scenarios cover every category.
    const cats = new Set(
      records
        .filter((r) => r.country === 'CO')
        .flatMap((r) => [...r.decision.violations, ...r.decision.warnings].map((f) => f.category)),
    );
    expect([...cats].sort()).toEqual([...Categories].sort());
  });

  it('the second call of a day is found although the log has it before the first', () => {
    const second = expected.expectations.find((e) => e.scenario.startsWith('frequency: second call'))!;
    const first = expected.expectations.find((e) => e.scenario.startsWith('frequency: first call'))!;
    const lines = readFileSync(join(root, 'examples', 'contact-log.jsonl'), 'utf8').split('\n');
    const lineOf = (id: string): number => lines.findIndex((l) => l.includes(`"id":"${id}"`)) + 1;
    expect(lineOf(second.id)).toBeLessThan(lineOf(first.id));
    expect(byId.get(second.id)?.decision.violations.map((v) => v.ruleId)).toEqual(['co.ley2300.art3.once_per_day']);
    expect(byId.has(first.id)).toBe(false);
  });

  it.each(['MX', 'ES'])('%s: each planted record has a finding of its category (when the rules are loaded)', (cc) => {
    const planted = expected.expectations.filter((e) => e.country === cc);
    expect(planted.length).toBeGreaterThan(8);
    expect(new Set(planted.map((e) => e.category)).size).toBe(Categories.length);
    if (!loaded.has(cc)) {
      expect(s.rejectedBy.find((r) => r.code === 'not_loaded')?.count).toBeGreaterThan(0);
      return;
    }
    for (const e of planted) {
      const cats = [...(byId.get(e.id)?.decision.violations ?? []), ...(byId.get(e.id)?.decision.warnings ?? [])].map(
        (f) => f.category,
      );
      expect(cats, `${e.id}: ${e.scenario}`).toContain(e.category);
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { shippedRulePacks } from '../src/rules/shippedRulePacks.js';
import { AttemptSchema } from '../src/schema/attempt.js';
import { DecisionSchema } from '../src/schema/decision.js';
import { WindowsResultSchema } from '../src/schema/windowsResult.js';

/**
 * docs/contract.md is the project's own (issue 17, item 8): these tests hold it to the code, where a
 * hand-kept list could drift — the attempt's fields, the decision's context, the windows result, and
 * the rule ids it names.
 */
const contract = readFileSync(join(import.meta.dirname, '..', 'docs', 'contract.md'), 'utf8');

/** The text under a heading, up to the next heading. */
function section(heading: string): string {
  const at = contract.indexOf(`\n${heading}\n`);
  expect(at, heading).toBeGreaterThan(-1);
  const rest = contract.slice(at + heading.length + 2);
  const end = rest.search(/^#+ /m);
  return end === -1 ? rest : rest.slice(0, end);
}

/** The schema under defaults, optionals and pipes. */
function bare(s: z.ZodType): z.ZodType {
  let t = s;
  while (t instanceof z.ZodDefault || t instanceof z.ZodOptional || t instanceof z.ZodPipe)
    t = t instanceof z.ZodPipe ? (t.def.in as z.ZodType) : (t.def.innerType as z.ZodType);
  return t;
}

/** Dotted paths of an object schema's fields, nested objects flattened (arrays are leaves). */
function fieldPaths(s: z.ZodType, prefix = ''): string[] {
  const t = bare(s);
  if (!(t instanceof z.ZodObject)) return [prefix];
  return Object.entries(t.shape).flatMap(([k, v]) => fieldPaths(v as z.ZodType, prefix ? `${prefix}.${k}` : k));
}

describe('docs/contract.md holds to the code', () => {
  it('§1 lists every field of an attempt, and no other', () => {
    const table = section('## 1. A contact attempt (input)')
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    const documented = table.flatMap((l) => [...l.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    expect(documented.sort()).toEqual(fieldPaths(AttemptSchema).sort());
  });

  it("§2's context names every field a decision's context has", () => {
    const block = /"context": \{([\s\S]*?)\},\n/.exec(section('## 2. A decision (output)'))?.[1] ?? '';
    const documented = [...block.matchAll(/"(\w+)":/g)].map((m) => m[1]!);
    // The nested evidence entries' keys are not context fields.
    const fields = documented.filter((k) => k !== 'source' && k !== 'zones');
    expect(fields.sort()).toEqual(Object.keys(DecisionSchema.shape.context.shape).sort());
  });

  it('§2.1 shows every field of a windows result', () => {
    const block = /```\n(\{[\s\S]*?\n\})\n```/.exec(section('### 2.1 Lawful windows (output)'))?.[1] ?? '';
    const top = [...block.matchAll(/^ {2}"(\w+)":/gm)].map((m) => m[1]!);
    expect(top.sort()).toEqual(Object.keys(WindowsResultSchema.shape).sort());
    for (const k of ['from', 'until']) expect(block).toContain(`"${k}":`);
  });

  it('every rule id it names is a shipped rule', () => {
    const shipped = new Set([...shippedRulePacks().values()].flatMap((p) => p.rules.map((r) => r.id)));
    const named = [...contract.matchAll(/[`"]((?:co|mx|es)\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)[`"]/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(3);
    for (const id of named) expect(shipped.has(id), `${id} is not a shipped rule id`).toBe(true);
  });
});

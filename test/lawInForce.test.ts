import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  createChecker,
  defaultRuleSources,
  InputError,
  type AttemptInput,
  type Country,
  type Decision,
  type RuleSource,
} from '../src/index.js';
import { main } from '../src/cli/main.js';
import { lawInForceFrom } from '../src/rules/lawInForceFrom.js';
import { attemptArb, fcParams, RUNS } from './_lib/arbitraries.js';

/**
 * Issue 16, item 4: no decision without law in force, in every country. The floor is the first day
 * the SHIPPED statutory contact rules (hours, frequency, third parties, channels) cover the country —
 * never a policy rule, never a statutory rule on something else (Spain's Código Civil art. 1125 is
 * dated 1900 in the data), and custom rules cannot lower it. Spain's is the GDPR's 2018-05-25.
 */

type Json = Record<string, unknown>;
const CONTACT_LAW = new Set(['hours', 'frequency', 'third_party', 'channel']);

/** The floor as the shipped rule files give it, read here from the data itself. */
function floorFromData(country: Country): string {
  const froms = defaultRuleSources
    .filter((s) => (s.data as Json)['country'] === country)
    .flatMap((s) => (s.data as { rules: Json[] }).rules)
    .filter((r) => r['statutory'] === true && CONTACT_LAW.has(r['category'] as string))
    .map((r) => (r['effective'] as { from: string }).from)
    .sort();
  return froms[0]!;
}

async function outcome(checker: ReturnType<typeof createChecker>, a: Json): Promise<Decision | InputError> {
  try {
    return await checker.check(a as AttemptInput);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
}

/** The README's own typo example (1926 for 2026), in Spain: everything about it is wrong, and nothing stops it but the law's dates. */
const ES_1926: Json = {
  id: 'es-1926',
  at: '1926-03-03T03:00:00+01:00',
  channel: 'visit',
  jurisdiction: { country: 'ES', region: 'ES-MD' },
  recipient: { role: 'reference' },
  debt: { dueDate: '1926-03-01', disputed: true },
  debtor: { deceased: true, insolvencyProceeding: true },
};

describe('the floor of law in force is the shipped statutory contact law of each country', () => {
  it('Spain: the GDPR (2018-05-25); Colombia: Circular Externa 048 (2008-09-25); Mexico: CONDUSEF 2014 (2014-10-08)', () => {
    expect(lawInForceFrom('ES')).toBe('2018-05-25');
    expect(lawInForceFrom('CO')).toBe('2008-09-25');
    expect(lawInForceFrom('MX')).toBe('2014-10-08');
    for (const country of ['CO', 'MX', 'ES'] as const) expect(lawInForceFrom(country)).toBe(floorFromData(country));
  });

  it('the 1926 typo in Spain is refused naming the date, in the API and on the command line (exit 2, no verdict)', async () => {
    const checker = createChecker();
    const r = await outcome(checker, ES_1926);
    expect(r).toBeInstanceOf(InputError);
    expect((r as InputError).issues).toMatchObject([{ path: 'at', code: 'no_law_in_force' }]);
    expect((r as InputError).message).toContain('2018-05-25');
    expect(() => checker.checkSync(ES_1926 as AttemptInput)).toThrow(/no_law_in_force|2018-05-25/);
    let stdout = '';
    let stderr = '';
    const code = await main(['check', '-'], {
      stdin: () => JSON.stringify(ES_1926),
      out: (s) => {
        stdout += s;
      },
      err: (s) => {
        stderr += s;
      },
    });
    expect(code).toBe(2);
    // No decision: the line's error entry (streaming check), never a verdict.
    expect(stdout).not.toMatch(/"verdict"/);
    expect(stdout).toMatch(/no_law_in_force/);
    expect(stderr).toMatch(/at: .*2018-05-25/);
  });

  it('Spain: the day before the GDPR is refused in the local date, the day itself is judged', async () => {
    const checker = createChecker();
    const base = { ...ES_1926, channel: 'call', recipient: { role: 'debtor', identityVerified: true }, debtor: {} };
    const before = await outcome(checker, {
      ...base,
      at: '2018-05-24T23:59:00+02:00',
      debt: { dueDate: '2018-01-01' },
    });
    expect(before).toBeInstanceOf(InputError);
    const first = await outcome(checker, { ...base, at: '2018-05-25T00:00:00+02:00', debt: { dueDate: '2018-01-01' } });
    expect(first).not.toBeInstanceOf(InputError);
    // Already 2018-05-25 in Madrid although still the 24th in UTC: judged.
    const utc = await outcome(checker, { ...base, at: '2018-05-24T22:30:00Z', debt: { dueDate: '2018-01-01' } });
    expect(utc).not.toBeInstanceOf(InputError);
  });

  it('a custom policy rule dated 1900, or a statutory rule moved earlier (a tightening), cannot lower the floor', async () => {
    const files = defaultRuleSources.map((s) => ({ path: s.path, data: JSON.parse(JSON.stringify(s.data)) as Json }));
    const co = files.find((f) => f.path === 'rules/co/conduct.json')!.data as { rules: Json[] };
    co.rules.push({
      id: 'co.policy.harmless',
      category: 'conduct',
      severity: 'warn',
      statutory: false,
      reference: 'a note',
      citation: { instrument: 'ours', article: 'n/a', url: 'https://example.org/' },
      effective: { from: '1900-01-01' },
      summary: { es: 'nota', en: 'note' },
      message: { es: 'nota', en: 'note' },
      requires: ['channel'],
      conditions: { all: [{ fact: 'channel', operator: 'equal', value: 'letter' }] },
    });
    const es = files.find((f) => f.path === 'rules/es/third_party.json')!.data as { rules: Json[] };
    (es.rules.find((r) => r['id'] === 'es.gdpr.art5_1f.third_party_disclosure')!['effective'] as Json)['from'] =
      '1900-01-01';
    const custom = createChecker({ rules: files as RuleSource[] });
    expect(custom.customRules).toBe(true);
    expect(custom.deviations).toEqual([]);
    const coAttempt = {
      at: '1926-03-03T03:00:00-05:00',
      channel: 'visit',
      jurisdiction: { country: 'CO' },
      recipient: { role: 'reference' },
      debt: { dueDate: '1926-01-01' },
    };
    for (const a of [coAttempt, ES_1926]) {
      const r = await outcome(custom, a);
      expect(r).toBeInstanceOf(InputError);
      expect((r as InputError).issues[0]!.code).toBe('no_law_in_force');
    }
  });

  it('in an audit, a Spanish record of 2017 is a rejected line naming the floor, not an allow', async () => {
    const record = { ...ES_1926, at: '2017-03-01T10:00:00+01:00', debtorId: 'd1', debt: { dueDate: '2017-01-01' } };
    const result = await auditLog({ text: JSON.stringify(record), name: 'log.jsonl' }, { checker: createChecker() });
    try {
      expect(result.summary.totals.records).toBe(0);
      const rejected = [];
      for await (const r of result.rejections()) rejected.push(r);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.issues).toMatchObject([{ path: 'at', code: 'no_law_in_force' }]);
      expect(rejected[0]!.issues[0]!.message).toContain('2018-05-25');
    } finally {
      await result.dispose();
    }
  });

  it('property: any attempt of any country is judged exactly when some candidate zone is on or after the floor', async () => {
    const checker = createChecker();
    await fc.assert(
      fc.asyncProperty(
        attemptArb({ history: { maxLength: 2 } }),
        fc.integer({ min: Date.UTC(1900, 0, 2), max: Date.UTC(2030, 0, 1) }),
        async (a, ms) => {
          const at = new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
          const attempt: Json = { ...a, at, history: [], debt: { ...(a['debt'] as Json), dueDate: '1900-01-01' } };
          const country = (attempt['jurisdiction'] as { country: Country }).country;
          const floor = Date.parse(`${lawInForceFrom(country)}T00:00:00Z`);
          const r = await outcome(checker, attempt);
          if (r instanceof InputError) {
            expect(r.issues.map((i) => i.code)).toEqual(['no_law_in_force']);
            // Every zone's local date is within a day of UTC's.
            expect(Date.parse(at)).toBeLessThan(floor + 86_400_000);
          } else {
            expect(Date.parse(at)).toBeGreaterThan(floor - 86_400_000);
            if (r.verdict === 'allow') expect(r.ruleset.evaluatedRules.length).toBeGreaterThan(0);
          }
        },
      ),
      // Old years cost a holiday calendar each: a quarter of the usual runs.
      fcParams(Math.max(50, Math.floor(RUNS / 4))),
    );
  });
});

import type { AttemptInput } from '../src/index.js';
import { describe, expect, it } from 'vitest';
import { createChecker, defaultRuleSources, loadRulePacks, RuleConfigError, type RuleSource } from '../src/index.js';

const hours = defaultRuleSources.find((s) => s.path === 'rules/co/hours.json')!;
const clone = (v: unknown) =>
  JSON.parse(JSON.stringify(v)) as { rules: Array<Record<string, unknown>> } & Record<string, unknown>;

function problemsOf(sources: RuleSource[]): string {
  try {
    loadRulePacks(sources);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleConfigError);
    return (e as Error).message;
  }
  throw new Error('expected the rule files to be rejected');
}

describe('a bad rule file fails loudly, naming the file and the JSON pointer', () => {
  it('a bad citation URL', () => {
    const bad = clone(hours.data);
    (bad.rules[1]!['citation'] as Record<string, string>)['url'] = 'not a url';
    expect(problemsOf([{ path: 'rules/co/hours.json', data: bad }])).toMatch(
      /^rules\/co\/hours\.json#\/rules\/1\/citation\/url: invalid_format/m,
    );
  });

  it('an unknown key (a misspelt field is not ignored)', () => {
    const bad = clone(hours.data);
    bad.rules[0]!['severty'] = 'warn';
    expect(problemsOf([{ path: 'rules/co/hours.json', data: bad }])).toMatch(
      /hours\.json#\/rules\/0: unrecognized_keys/,
    );
  });

  it('a fact that does not exist, and one used but not declared', () => {
    const bad = clone(hours.data);
    bad.rules[0]!['conditions'] = {
      all: [
        { fact: 'localMinute', operator: 'lessThan', value: 420 },
        { fact: 'deceased', operator: 'equal', value: true },
      ],
    };
    const msg = problemsOf([{ path: 'rules/co/hours.json', data: bad }]);
    expect(msg).toMatch(/#\/rules\/0\/conditions: unknown_fact localMinute/);
    expect(msg).toMatch(/#\/rules\/0\/requires: undeclared_fact deceased/);
  });

  it('duplicate ids across files, an inverted effective range, a wrong-country id, a policy rule without reference', () => {
    const a = clone(hours.data);
    const b = clone(hours.data);
    b['topic'] = 'hours';
    a.rules[0]!['effective'] = { from: '2024-01-01', to: '2023-01-01' };
    a.rules[1]!['id'] = 'mx.ley2300.art3.hours.saturday';
    a.rules[2]!['statutory'] = false;
    const msg = problemsOf([
      { path: 'rules/co/hours.json', data: a },
      { path: 'extra/co/hours.json', data: b },
    ]);
    expect(msg).toMatch(/extra\/co\/hours\.json#\/rules\/0\/id: duplicate_id co\.ley2300\.art3\.hours\.weekday/);
    expect(msg).toMatch(/rules\/co\/hours\.json#\/rules\/0\/effective: bad_range/);
    expect(msg).toMatch(/rules\/co\/hours\.json#\/rules\/1\/id: wrong_country/);
    expect(msg).toMatch(/rules\/co\/hours\.json#\/rules\/2\/reference: missing_reference/);
  });

  it('a file whose topic is not its name', () => {
    expect(problemsOf([{ path: 'rules/co/hour.json', data: clone(hours.data) }])).toMatch(
      /hour\.json#\/topic: topic_mismatch/,
    );
  });

  it('a checker refuses overrides of rules that do not exist', () => {
    expect(() => createChecker({ ruleOverrides: { 'co.nope.x': { enabled: false } } })).toThrow(/co\.nope\.x/);
  });
});

describe('rules apply only inside their effective range', () => {
  it('a custom rule set with an end date stops applying after it', async () => {
    const data = clone(hours.data);
    for (const r of data.rules) r['effective'] = { from: '2023-10-10', to: '2026-02-28' };
    const others = defaultRuleSources.filter((s) => s.path.startsWith('rules/co/') && s.path !== hours.path);
    // Ending a statutory rule is a deviation from the shipped law: it must be acknowledged, and is listed.
    const ended = data.rules.map((r) => r['id'] as string);
    const checker = createChecker({
      countries: ['CO'],
      rules: [...others, { path: hours.path, data }],
      acknowledgeDeviations: ended,
    });
    const attempt = (at: string) => ({
      at,
      channel: 'call',
      jurisdiction: { country: 'CO' },
      recipient: { role: 'debtor', identityVerified: true },
      debt: { dueDate: '2026-01-01' },
      debtor: { authorizedChannels: ['call'] },
    });
    expect((await checker.check(attempt('2026-02-27T20:00:00-05:00') as AttemptInput)).verdict).toBe('delay');
    const after = await checker.check(attempt('2026-03-02T20:00:00-05:00') as AttemptInput);
    expect(after.verdict).toBe('allow');
    expect(after.ruleset.evaluatedRules).not.toContain('co.ley2300.art3.hours.weekday');
    expect(after.ruleset.deviations?.map((d) => [d.ruleId, d.kind])).toEqual(ended.map((id) => [id, 'redated']));
  });
});

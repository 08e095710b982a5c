import type { AttemptInput } from '../src/index.js';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  auditProvenance,
  createChecker,
  DecisionSchema,
  defaultRuleSources,
  RuleConfigError,
  writeAuditReport,
  type CheckerOptions,
  type Decision,
  type RuleSource,
} from '../src/index.js';
import { main } from '../src/cli/main.js';
import { checkStatutoryFloor } from '../src/rules/checkStatutoryFloor.js';
import { loadRulePacks } from '../src/rules/loadRulePacks.js';
import { fuzzRuleMutations, ruleFuzzFailures } from '../scripts/ruleMutationFuzz.js';

/**
 * Issue 10, item 3: the shipped statutory rules are a floor. Custom rule files and overrides may add
 * and tighten; anything that could loosen a shipped statutory rule (or the calendar it reads) is refused
 * at load naming the rule, unless acknowledged by id, and then every decision and every audit report
 * lists it.
 */

type Json = Record<string, unknown>;
type RuleFileJson = { country: string; topic: string; calendar?: Json; rules: Json[] } & Json;

/** The shipped rule files as a custom directory would give them (`custom/<cc>/<topic>.json`), editable. */
function customFiles(): Map<string, RuleFileJson> {
  return new Map(
    defaultRuleSources.map((s) => [
      s.path.replace(/^rules\//, 'custom/'),
      JSON.parse(JSON.stringify(s.data)) as RuleFileJson,
    ]),
  );
}
function sourcesOf(files: Map<string, RuleFileJson>): RuleSource[] {
  return [...files].map(([path, data]) => ({ path, data }));
}
function ruleIn(files: Map<string, RuleFileJson>, id: string): Json {
  for (const f of files.values()) for (const r of f.rules) if (r['id'] === id) return r;
  throw new Error(`no rule ${id}`);
}
const statutoryIds = (cc: string): string[] =>
  defaultRuleSources
    .filter((s) => s.path.startsWith(`rules/${cc}/`))
    .flatMap((s) =>
      (s.data as RuleFileJson).rules.filter((r) => r['statutory'] === true).map((r) => r['id'] as string),
    );

const CO = {
  id: 'floor-1',
  at: '2026-03-04T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
};
const at = (iso: string): Json => ({ ...CO, at: iso });

function refusal(options: CheckerOptions): RuleConfigError {
  try {
    createChecker(options);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleConfigError);
    return e as RuleConfigError;
  }
  throw new Error('expected createChecker to refuse these rules');
}

/** The four audit reports of a one-record log judged with this checker. */
async function reportsOf(
  options: CheckerOptions,
  attempt: Json,
): Promise<Record<'json' | 'csv' | 'md' | 'html' | 'provenance', string>> {
  const checker = createChecker(options);
  const result = await auditLog(
    { text: JSON.stringify({ ...attempt, debtorId: 'd1' }), name: 'log.jsonl' },
    { checker, now: () => new Date('2026-04-01T00:00:00Z') },
  );
  try {
    const out = { provenance: auditProvenance(result.summary) } as Record<
      'json' | 'csv' | 'md' | 'html' | 'provenance',
      string
    >;
    for (const f of ['json', 'csv', 'md', 'html'] as const) {
      let text = '';
      await writeAuditReport(result, f, {
        write: (s) => {
          text += s;
        },
      });
      out[f] = text;
    }
    return out;
  } finally {
    await result.dispose();
  }
}

interface Attack {
  name: string;
  options: () => CheckerOptions;
  /** An attempt the shipped rules do not allow, and that the attack would let through. */
  attempt: Json;
  /** The ids to acknowledge, and the kind each is listed with. */
  deviations: Array<{ ruleId: string; kind: string; source: 'rules' | 'override' }>;
  /** The attack leaves Colombia with no rule at all: its attempts are then refused, not judged. */
  noRulesLeft?: boolean;
}

const attacks: Attack[] = [
  {
    name: "removes a country's hours file",
    options: () => {
      const files = customFiles();
      files.delete('custom/co/hours.json');
      return { rules: sourcesOf(files) };
    },
    attempt: at('2026-03-04T06:00:00-05:00'),
    deviations: ['co.ley2300.art3.hours.weekday', 'co.ley2300.art3.hours.saturday', 'co.ley2300.art3.sunday'].map(
      (ruleId) => ({ ruleId, kind: 'removed', source: 'rules' as const }),
    ),
  },
  {
    name: 'empties a country (its only file has no rules)',
    options: () => {
      const files = new Map([...customFiles()].filter(([p]) => !p.startsWith('custom/co/')));
      files.set('custom/co/hours.json', { country: 'CO', topic: 'hours', rules: [] });
      return { rules: sourcesOf(files) };
    },
    attempt: { ...at('2026-03-04T06:00:00-05:00'), recipient: { role: 'reference' } },
    deviations: statutoryIds('co').map((ruleId) => ({ ruleId, kind: 'removed', source: 'rules' as const })),
    noRulesLeft: true,
  },
  {
    name: 'sets a statutory rule to warn',
    options: () => {
      const files = customFiles();
      ruleIn(files, 'co.ley2300.art4.no_references')['severity'] = 'warn';
      return { rules: sourcesOf(files) };
    },
    attempt: { ...CO, recipient: { role: 'reference' }, content: { disclosesDebt: false } },
    deviations: [{ ruleId: 'co.ley2300.art4.no_references', kind: 'downgraded', source: 'rules' }],
  },
  {
    name: 'moves effective.from to 2199',
    options: () => {
      const files = customFiles();
      ruleIn(files, 'co.ley2300.art3.sunday')['effective'] = { from: '2199-01-01' };
      return { rules: sourcesOf(files) };
    },
    attempt: at('2026-03-08T10:00:00-05:00'),
    deviations: [{ ruleId: 'co.ley2300.art3.sunday', kind: 'redated', source: 'rules' }],
  },
  {
    name: 'adds an end date (effective.to)',
    options: () => {
      const files = customFiles();
      ruleIn(files, 'co.ley2300.art3.sunday')['effective'] = { from: '2023-10-10', to: '2024-12-31' };
      return { rules: sourcesOf(files) };
    },
    attempt: at('2026-03-08T10:00:00-05:00'),
    deviations: [{ ruleId: 'co.ley2300.art3.sunday', kind: 'redated', source: 'rules' }],
  },
  {
    name: 'wraps a condition in not',
    options: () => {
      const files = customFiles();
      const r = ruleIn(files, 'co.sfc.ce048.mora');
      r['conditions'] = { all: [{ not: r['conditions'] }] };
      return { rules: sourcesOf(files) };
    },
    attempt: { ...CO, debt: { dueDate: '2026-03-20' } },
    deviations: [{ ruleId: 'co.sfc.ce048.mora', kind: 'conditions_changed', source: 'rules' }],
  },
  {
    name: 'relabels a statutory rule as policy, in a category waiting cures',
    options: () => {
      const files = customFiles();
      const r = ruleIn(files, 'co.ley2300.art4.no_references');
      Object.assign(r, { statutory: false, reference: 'mine', category: 'hours' });
      return { rules: sourcesOf(files) };
    },
    attempt: { ...CO, recipient: { role: 'reference' }, content: { disclosesDebt: false } },
    // Two changes: the statutory flag and the category.
    deviations: [
      { ruleId: 'co.ley2300.art4.no_references', kind: 'relabelled', source: 'rules' },
      { ruleId: 'co.ley2300.art4.no_references', kind: 'relabelled', source: 'rules' },
    ],
  },
  {
    name: "changes the holiday calendar's types",
    options: () => {
      const files = customFiles();
      files.get('custom/co/holiday.json')!.calendar = { types: ['observance'], add: [], remove: [] };
      return { rules: sourcesOf(files) };
    },
    attempt: at('2026-03-23T10:00:00-05:00'),
    deviations: [{ ruleId: 'co.calendar', kind: 'calendar_changed', source: 'rules' }],
  },
  {
    name: 'removes a date from the holiday calendar',
    options: () => {
      const files = customFiles();
      files.get('custom/co/holiday.json')!.calendar = {
        types: ['public'],
        add: [],
        remove: [{ date: '2026-03-23', name: 'San José', source: 'mine' }],
      };
      return { rules: sourcesOf(files) };
    },
    attempt: at('2026-03-23T10:00:00-05:00'),
    deviations: [{ ruleId: 'co.calendar', kind: 'calendar_changed', source: 'rules' }],
  },
  {
    name: 'turns a statutory rule off with an override',
    options: () => ({ ruleOverrides: { 'co.ley2300.art3.hours.weekday': { enabled: false } } }),
    attempt: at('2026-03-04T06:00:00-05:00'),
    deviations: [{ ruleId: 'co.ley2300.art3.hours.weekday', kind: 'disabled', source: 'override' }],
  },
  {
    name: 'downgrades a statutory rule to warn with an override',
    options: () => ({ ruleOverrides: { 'co.ley2300.art3.hours.weekday': { severity: 'warn' } } }),
    attempt: at('2026-03-04T06:00:00-05:00'),
    deviations: [{ ruleId: 'co.ley2300.art3.hours.weekday', kind: 'downgraded', source: 'override' }],
  },
];

describe('custom rules and overrides cannot silently drop the law', () => {
  it('the attacks target attempts the shipped rules do not allow', async () => {
    const shipped = createChecker();
    for (const a of attacks) expect((await shipped.check(a.attempt as AttemptInput)).verdict, a.name).not.toBe('allow');
  });

  describe.each(attacks.map((a) => [a.name, a] as const))('%s', (_name, a) => {
    const ids = [...new Set(a.deviations.map((d) => d.ruleId))];

    it('is refused at load, with an error naming each rule and how to acknowledge it', () => {
      const e = refusal(a.options());
      for (const id of ids) {
        expect(e.message).toContain(`statutory_deviation ${id} `);
        expect(e.message).toContain(`acknowledgeDeviations: ['${id}'] / --allow-deviation ${id}`);
      }
      // Each problem names where: a file and JSON pointer, a country, or the override.
      for (const line of e.problems)
        expect(line).toMatch(/^(custom\/co\/[a-z_]+\.json|CO|ruleOverrides)#\S*: statutory_deviation /);
    });

    it('loads when acknowledged, and every decision lists the deviation', async () => {
      const checker = createChecker({ ...a.options(), acknowledgeDeviations: ids });
      // The deviation is real: the attack's attempt is judged differently than by the shipped rules.
      if (!a.noRulesLeft) {
        const [loose, shipped] = [
          await checker.check(a.attempt as AttemptInput),
          await createChecker().check(a.attempt as AttemptInput),
        ];
        expect(JSON.stringify([loose.verdict, loose.violations])).not.toBe(
          JSON.stringify([shipped.verdict, shipped.violations]),
        );
      }
      for (const attempt of [a.attempt, CO, { ...CO, jurisdiction: { country: 'MX' } }]) {
        if (a.noRulesLeft && (attempt as { jurisdiction: { country: string } }).jurisdiction.country === 'CO') {
          // A country left with no rule at all judges nothing: no decision without law in force, even acknowledged.
          await expect(checker.check(attempt as AttemptInput)).rejects.toMatchObject({
            issues: [{ path: 'at', code: 'no_law_in_force' }],
          });
          continue;
        }
        const d: Decision = await checker.check(attempt as AttemptInput);
        expect(DecisionSchema.safeParse(d).success).toBe(true);
        expect(d.ruleset.deviations).toEqual(
          expect.arrayContaining(a.deviations.map((x) => expect.objectContaining({ ...x, acknowledged: true }))),
        );
        expect(d.ruleset.deviations!.map((x) => x.ruleId).every((id) => ids.includes(id))).toBe(true);
        if (a.deviations[0]!.source === 'override')
          expect(d.ruleset.overrides).toEqual([expect.objectContaining({ ruleId: ids[0], statutory: true })]);
        else expect(d.ruleset.customRules).toBe(true);
      }
      // The version says the rules are not the shipped ones.
      expect(checker.version).not.toBe(createChecker().version);
    });

    it('every audit report lists it at the top', async () => {
      const r = await reportsOf({ ...a.options(), acknowledgeDeviations: ids }, a.attempt);
      const json = JSON.parse(r.json) as { ruleset: Decision['ruleset'] };
      expect(json.ruleset.deviations?.map((d) => d.ruleId).sort()).toEqual(a.deviations.map((d) => d.ruleId).sort());
      // On the first screen, before the totals: they change what the report means.
      const mdHead = r.md.slice(0, r.md.indexOf('## The answer'));
      const htmlHead = r.html.slice(0, r.html.indexOf('<h2>The answer</h2>'));
      expect(mdHead).toContain('Deviations from the shipped law');
      expect(htmlHead).toContain('Deviations from the shipped law');
      // Beside a CSV report (the findings alone): in its provenance.
      const provenance = JSON.parse(r.provenance) as { ruleset: Decision['ruleset'] };
      expect(provenance.ruleset.deviations?.map((d) => d.ruleId).sort()).toEqual(
        a.deviations.map((d) => d.ruleId).sort(),
      );
      for (const id of ids) {
        expect(mdHead).toContain(`\`${id}\``);
        expect(htmlHead).toContain(`<code>${id}</code>`);
      }
    });
  });

  it.each(attacks.filter((a) => new Set(a.deviations.map((d) => d.ruleId)).size > 1).map((a) => [a.name, a] as const))(
    '%s: refused when only some of its deviations are acknowledged',
    (_name, a) => {
      const ids = [...new Set(a.deviations.map((d) => d.ruleId))];
      const e = refusal({ ...a.options(), acknowledgeDeviations: ids.slice(1) });
      expect(e.problems).toHaveLength(1);
      expect(e.message).toContain(`statutory_deviation ${ids[0]} `);
    },
  );

  it('a country with no files at all is not loaded: its attempts are refused, never judged by nothing', async () => {
    const files = new Map([...customFiles()].filter(([p]) => !p.startsWith('custom/co/')));
    const checker = createChecker({ rules: sourcesOf(files) });
    expect([...checker.packs.keys()]).not.toContain('CO');
    await expect(checker.check(CO as AttemptInput)).rejects.toThrow(/CO is not loaded/);
    // Asking for it explicitly is a configuration error.
    expect(() => createChecker({ rules: sourcesOf(files), countries: ['CO'] })).toThrow(/no rule files for CO/);
  });
});

describe('tightenings, additions and policy changes load without acknowledgement, and are still visible', () => {
  const tightened = (): CheckerOptions => {
    const files = customFiles();
    ruleIn(files, 'co.ley2300.art3.sunday')['effective'] = { from: '2020-01-01' };
    // A message or citation edit changes no verdict.
    (ruleIn(files, 'co.ley2300.art3.sunday')['message'] as Json)['en'] = 'Sunday: no collection contact.';
    // Policy is the library's default, not law: the operator may change or drop it.
    ruleIn(files, 'co.policy.ai_disclosure')['severity'] = 'block';
    files.get('custom/co/debtor_status.json')!.rules = files
      .get('custom/co/debtor_status.json')!
      .rules.filter((r) => r['id'] !== 'co.policy.disputed');
    // A holiday of the company's own: one more day without contact.
    files.get('custom/co/holiday.json')!.calendar = {
      types: ['public'],
      add: [{ date: '2026-03-04', name: 'Company day', source: 'ours' }],
      remove: [],
    };
    files.set('custom/co/extra.json', {
      country: 'CO',
      topic: 'extra',
      rules: [
        {
          id: 'co.ours.no_email',
          category: 'channel',
          severity: 'block',
          statutory: false,
          reference: 'our own policy',
          citation: { instrument: 'internal', article: 'n/a', url: 'https://example.org/policy' },
          effective: { from: '2020-01-01' },
          summary: { es: 'sin correo', en: 'no email' },
          message: { es: 'sin correo', en: 'no email' },
          requires: ['channel'],
          conditions: { all: [{ fact: 'channel', operator: 'equal', value: 'email' }] },
        },
      ],
    });
    return { rules: sourcesOf(files) };
  };

  it('loads, flags the custom rules in every decision and report, and lists no deviation', async () => {
    const checker = createChecker(tightened());
    const d = await checker.check(CO as AttemptInput);
    expect(d.verdict).toBe('delay'); // the company holiday
    expect(d.ruleset.customRules).toBe(true);
    expect(d.ruleset.deviations).toBeUndefined();
    expect(d.ruleset.overrides).toBeUndefined();
    expect(
      (
        await checker.check({
          ...CO,
          channel: 'email',
          debtor: { authorizedChannels: ['email'] },
          at: '2026-03-05T10:00:00-05:00',
        } as AttemptInput)
      ).violations.map((v) => v.ruleId),
    ).toEqual(['co.ours.no_email']);
    const r = await reportsOf(tightened(), CO);
    expect(JSON.parse(r.json).ruleset.customRules).toBe(true);
    expect(r.md.slice(0, r.md.indexOf('## The answer'))).toMatch(/Custom rule files/);
    expect(r.md).not.toContain('Deviations from the shipped law');
  });

  it('a statutory warn made block, an end date removed or moved later, are tightenings; an end date moved earlier is not', () => {
    // No shipped statutory rule is a warning or has an end date today: the floor is checked against shipped files that do.
    const shippedLike = customFiles();
    Object.assign(ruleIn(shippedLike, 'co.ley2300.art3.sunday'), {
      severity: 'warn',
      effective: { from: '2023-10-10', to: '2030-01-01' },
    });
    const shipped = loadRulePacks(sourcesOf(shippedLike));
    const floorOf = (to: string | undefined) => {
      const files = customFiles();
      Object.assign(ruleIn(files, 'co.ley2300.art3.sunday'), {
        severity: 'block',
        effective: to ? { from: '2023-10-10', to } : { from: '2023-10-10' },
      });
      return checkStatutoryFloor({ loaded: loadRulePacks(sourcesOf(files)), countries: ['CO'], custom: true, shipped });
    };
    expect(floorOf(undefined)).toEqual({ customRules: true, customHolidays: [], deviations: [], overrides: [] });
    expect(floorOf('2031-01-01')).toEqual({ customRules: true, customHolidays: [], deviations: [], overrides: [] });
    expect(() => floorOf('2029-12-31')).toThrow(/statutory_deviation co\.ley2300\.art3\.sunday redated/);
  });

  it('the shipped rules read from disk are not custom: decisions are the default ones', async () => {
    const files = customFiles();
    const d = await createChecker({ rules: sourcesOf(files) }).check(CO as AttemptInput);
    expect(Object.keys(d.ruleset)).toEqual(['version', 'evaluatedRules']);
  });
});

describe('overrides are listed in every decision', () => {
  it('a policy override needs no acknowledgement; a statutory one that tightens neither', async () => {
    const checker = createChecker({
      ruleOverrides: {
        'co.policy.ai_disclosure': { severity: 'block' },
        'co.policy.disputed': { enabled: false },
        'co.ley2300.art3.sunday': { severity: 'block' },
      },
    });
    const d = await checker.check(CO as AttemptInput);
    expect(d.ruleset.overrides).toEqual([
      { ruleId: 'co.ley2300.art3.sunday', change: 'block', statutory: true },
      { ruleId: 'co.policy.ai_disclosure', change: 'block', statutory: false },
      { ruleId: 'co.policy.disputed', change: 'off', statutory: false },
    ]);
    expect(d.ruleset.deviations).toBeUndefined();
    expect(d.ruleset.customRules).toBeUndefined();
    expect(DecisionSchema.safeParse(d).success).toBe(true);
  });

  it('default decisions carry no new field', async () => {
    const d = await createChecker().check(CO as AttemptInput);
    expect(Object.keys(d.ruleset)).toEqual(['version', 'evaluatedRules']);
  });
});

describe('acknowledgements', () => {
  it('acknowledging what is not a deviation is an error (a stale acknowledgement would hide a later change)', () => {
    const e = refusal({ acknowledgeDeviations: ['co.ley2300.art3.sunday'] });
    expect(e.message).toMatch(/^acknowledgeDeviations#\/0: stale_acknowledgement co\.ley2300\.art3\.sunday /m);
    const e2 = refusal({
      ruleOverrides: { 'co.ley2300.art3.sunday': { enabled: false } },
      acknowledgeDeviations: ['co.ley2300.art3.sunday', 'co.calendar'],
    });
    expect(e2.message).toMatch(/acknowledgeDeviations#\/1: stale_acknowledgement co\.calendar /);
    expect(e2.message).not.toMatch(/statutory_deviation/);
  });

  it('a deviation in a country not loaded is nothing to acknowledge', () => {
    const files = customFiles();
    files.delete('custom/mx/hours.json');
    expect(() => createChecker({ rules: sourcesOf(files), countries: ['CO'] })).not.toThrow();
    expect(() =>
      createChecker({
        rules: sourcesOf(files),
        countries: ['CO'],
        acknowledgeDeviations: ['mx.condusef.despachos.hours'],
      }),
    ).toThrow(/stale_acknowledgement mx\.condusef\.despachos\.hours/);
    expect(() => createChecker({ rules: sourcesOf(files) })).toThrow(
      /statutory_deviation mx\.condusef\.despachos\.hours removed/,
    );
  });
});

describe('the ruleset version changes with everything that changes decisions', () => {
  it('overrides, frequency readings, the search horizon, custom rules, a calendar-only change', () => {
    const base = createChecker().version;
    const calendarOnly = customFiles();
    calendarOnly.get('custom/co/holiday.json')!.calendar = {
      types: ['public'],
      add: [{ date: '2026-03-04', name: 'Company day', source: 'ours' }],
      remove: [],
    };
    const versions = [
      base,
      createChecker({ ruleOverrides: { 'co.policy.ai_disclosure': { severity: 'block' } } }).version,
      createChecker({ frequency: { directContact: 'two_way' } }).version,
      createChecker({ frequency: { week: 'calendar' } }).version,
      createChecker({ horizonDays: 30 }).version,
      createChecker({ rules: sourcesOf(calendarOnly) }).version,
    ];
    expect(new Set(versions).size).toBe(versions.length);
    // Options equal to the defaults are the default ruleset.
    expect(createChecker({ frequency: { directContact: 'attempt', week: 'rolling' }, horizonDays: 90 }).version).toBe(
      base,
    );
  });
});

describe('the fuzz generator of custom rules (npm run fuzz -- --rule-mutations N)', () => {
  it('40 random mutations: each refused naming only touched rules, or loaded and listed; no silent loosening', {
    timeout: 120_000,
  }, async () => {
    const s = await fuzzRuleMutations({ count: 40, seed: 7 });
    expect(s.samples).toEqual([]);
    expect(ruleFuzzFailures(s)).toBe(0);
    expect(s.refused + s.acceptedWithAcknowledgement + s.acceptedAsTighteningOrPolicy + s.otherConfigErrors).toBe(40);
    // Both outcomes happen, and the oracle saw acknowledged loosenings (it can tell one when it sees it).
    expect(s.refused + s.acceptedWithAcknowledgement).toBeGreaterThan(0);
    expect(s.acceptedAsTighteningOrPolicy).toBeGreaterThan(0);
    expect(s.loosenedAndListed).toBeGreaterThan(0);
  });
});

describe('command line', () => {
  const run = async (argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      stdin: () => stdin,
      out: (s) => {
        stdout += s;
      },
      err: (s) => {
        stderr += s;
      },
    });
    return { code, stdout, stderr };
  };
  const early = JSON.stringify(at('2026-03-04T06:00:00-05:00'));

  it('--override ID=off on a statutory rule is refused without --allow-deviation ID, and listed with it', async () => {
    const refused = await run(['check', '-', '--override', 'co.ley2300.art3.hours.weekday=off'], early);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toMatch(
      /statutory_deviation co\.ley2300\.art3\.hours\.weekday disabled.*--allow-deviation co\.ley2300\.art3\.hours\.weekday/,
    );
    const ok = await run(
      [
        'check',
        '-',
        '--override',
        'co.ley2300.art3.hours.weekday=off',
        '--allow-deviation',
        'co.ley2300.art3.hours.weekday',
      ],
      early,
    );
    expect(ok.code).toBe(0);
    const d = JSON.parse(ok.stdout) as Decision;
    expect(d.ruleset.deviations).toEqual([
      expect.objectContaining({
        ruleId: 'co.ley2300.art3.hours.weekday',
        kind: 'disabled',
        source: 'override',
        acknowledged: true,
      }),
    ]);
    expect(d.ruleset.overrides).toEqual([{ ruleId: 'co.ley2300.art3.hours.weekday', change: 'off', statutory: true }]);
  });

  it('the usage text names --allow-deviation', async () => {
    expect((await run(['--help'])).stdout).toMatch(/--allow-deviation ID/);
  });
});

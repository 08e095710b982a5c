import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  createChecker,
  defaultRuleSources,
  loadRuleSourcesFromDir,
  writeAuditReport,
  type AttemptInput,
  type Checker,
  type Decision,
  type RuleSource,
} from '../src/index.js';
import { main } from '../src/cli/main.js';

/**
 * Issue 16, item 1: every data file that can change a decision — rule files, the holiday tables of any
 * country, calendars — takes part in the statutory floor and in "the same as the shipped rules". A
 * holiday table or calendar that leaves a year with fewer days than the shipped data, where a shipped
 * statutory rule reads holidays (Colombia's festivos, Ley 2300 art. 3), is a deviation `co.calendar`:
 * refused unless acknowledged, then listed. Adding days is a tightening. Options stay options.
 */

type Json = Record<string, unknown>;
const root = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'holiday-floor-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Monday 23 March 2026, San José: a festivo, so no contact in Colombia (Ley 2300 art. 3). */
const SAN_JOSE = {
  id: 'san-jose',
  at: '2026-03-23T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
  debtorId: 'd1',
};

/** A Colombian holiday table for 2026 listing `rows` (Colombia ships none). */
function coTable(rows: Array<{ date: string; name: string }>): Json {
  return {
    country: 'CO',
    topic: 'holiday_table',
    holidayTable: {
      authority: 'a table of ours',
      regions: ['DC'],
      notCovered: 'nothing said',
      years: [
        {
          year: 2026,
          source: {
            id: 'OURS-2026',
            title: 'Our festivos',
            number: 1,
            date: '2025-12-01',
            url: 'https://example.org/festivos-2026',
          },
          transcription: { from: 'secondary', note: 'typed by us' },
          rows: rows.map((r) => ({ ...r, regions: 'all' })),
        },
      ],
    },
    rules: [],
  };
}

/** A copy of the shipped rules/ on disk, changed by `edit`. */
function rulesDir(name: string, edit: (dir: string) => void): string {
  const dir = join(tmp, name);
  cpSync(join(root, 'rules'), dir, { recursive: true });
  edit(dir);
  return dir;
}

/** The festivos of 2026 the shipped rules give Colombia (date-holidays, with the shipped calendar). */
function shippedFestivos2026(): Array<{ date: string; name: string }> {
  const checker = createChecker();
  const out: Array<{ date: string; name: string }> = [];
  for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += 86_400_000) {
    const date = new Date(d).toISOString().slice(0, 10);
    const name = checkerHolidayName(checker, date);
    if (name !== undefined) out.push({ date, name });
  }
  return out;
}
function checkerHolidayName(checker: Checker, date: string): string | undefined {
  const d = checker.checkSync({ ...SAN_JOSE, at: `${date}T10:00:00-05:00` } as AttemptInput);
  return d.context.holiday ?? undefined;
}

async function run(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
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
}

async function markdownReport(checker: Checker, record: Json): Promise<string> {
  const result = await auditLog({ text: JSON.stringify(record), name: 'log.jsonl' }, { checker });
  try {
    let text = '';
    await writeAuditReport(result, 'md', {
      write: (s) => {
        text += s;
      },
    });
    return text;
  } finally {
    await result.dispose();
  }
}

describe('a custom holiday table that drops festivos is a deviation of the calendar', () => {
  const attack = rulesDir('one-day', (dir) =>
    writeFileSync(
      join(dir, 'co', 'holiday_table.json'),
      JSON.stringify(coTable([{ date: '2026-12-31', name: 'Fin de año' }])),
    ),
  );

  it('the shipped rules hold San José (delay): the attack targets a decision they do not allow', () => {
    expect(createChecker().checkSync(SAN_JOSE as AttemptInput).verdict).toBe('delay');
  });

  it('check --rules DIR refuses it at load, naming co.calendar, the table file, the year and San José (exit 2)', async () => {
    const r = await run(['check', '-', '--rules', attack], JSON.stringify(SAN_JOSE));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /co[\\/]holiday_table\.json#\/holidayTable\/years\/0: statutory_deviation co\.calendar calendar_changed: 2026 has \d+ holiday\(s\) fewer than the shipped calendar: .*2026-03-23 \(San José\)/,
    );
    expect(r.stderr).toMatch(/--allow-deviation co\.calendar/);
  });

  it('acknowledged, it is listed in the decision, in context.holidaysCovered and in every line of the audit report', async () => {
    const r = await run(
      ['check', '-', '--rules', attack, '--allow-deviation', 'co.calendar'],
      JSON.stringify(SAN_JOSE),
    );
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Decision;
    expect(d.verdict).toBe('allow');
    expect(d.ruleset.customRules).toBe(true);
    expect(d.ruleset.deviations).toEqual([
      expect.objectContaining({ ruleId: 'co.calendar', kind: 'calendar_changed', source: 'rules', acknowledged: true }),
    ]);
    expect(d.ruleset.deviations![0]!.detail).toMatch(/2026-03-23 \(San José\)/);
    expect(d.context.holidaysCovered).toMatch(
      /holiday table for 2026 \(OURS-2026\) of the custom rule file .*holiday_table\.json/,
    );
    expect(d.ruleset.version).not.toBe(createChecker().version);

    const checker = createChecker({ rules: loadRuleSourcesFromDir(attack), acknowledgeDeviations: ['co.calendar'] });
    const md = await markdownReport(checker, SAN_JOSE);
    expect(md).toContain('Deviations from the shipped law');
    expect(md).toMatch(/co\.calendar.*calendar_changed/);
    expect(md).not.toContain('the same as the shipped rules');
    expect(md).toMatch(
      /NOT the shipped holiday data: CO calendar .*holiday\.json, holiday table .*holiday_table\.json/,
    );
    expect(checker.provenance.data.holidays.sources).toContainEqual({
      country: 'CO',
      custom: true,
      calendarFile: expect.stringMatching(/co[\\/]holiday\.json$/),
      tableFile: expect.stringMatching(/co[\\/]holiday_table\.json$/),
    });
  });

  it('the API refuses it the same way (createChecker throws RuleConfigError naming co.calendar)', () => {
    expect(() => createChecker({ rules: loadRuleSourcesFromDir(attack) })).toThrow(/statutory_deviation co\.calendar/);
  });

  it('a table that lists every shipped festivo and adds one is a tightening: loaded without acknowledgement, still custom', () => {
    const festivos = shippedFestivos2026();
    expect(festivos.map((f) => f.date)).toContain('2026-03-23');
    const dir = rulesDir('superset', (d) =>
      writeFileSync(
        join(d, 'co', 'holiday_table.json'),
        JSON.stringify(coTable([...festivos, { date: '2026-03-24', name: 'Día de la empresa' }])),
      ),
    );
    const checker = createChecker({ rules: loadRuleSourcesFromDir(dir) });
    expect(checker.deviations).toEqual([]);
    expect(checker.customRules).toBe(true);
    expect(checker.checkSync(SAN_JOSE as AttemptInput).verdict).toBe('delay');
    const tuesday = checker.checkSync({ ...SAN_JOSE, at: '2026-03-24T10:00:00-05:00' } as AttemptInput);
    expect(tuesday.verdict).toBe('delay');
    expect(tuesday.violations.map((v) => v.ruleId)).toEqual(['co.ley2300.art3.festivo']);
    expect(tuesday.ruleset.customRules).toBe(true);
    // One festivo fewer than the shipped ones is a deviation again, naming that day.
    const fewer = festivos.filter((f) => f.date !== '2026-12-08');
    const dir2 = rulesDir('one-fewer', (d) =>
      writeFileSync(join(d, 'co', 'holiday_table.json'), JSON.stringify(coTable(fewer))),
    );
    expect(() => createChecker({ rules: loadRuleSourcesFromDir(dir2) })).toThrow(
      /co\.calendar calendar_changed: 2026 has 1 holiday\(s\) fewer than the shipped calendar: 2026-12-08/,
    );
  });
});

describe('"the same as the shipped rules" means the same data, holiday tables included', () => {
  it('a copy of rules/ is the shipped rules: same version, same decisions, not custom', () => {
    const copy = createChecker({ rules: loadRuleSourcesFromDir(join(root, 'rules')) });
    expect(copy.customRules).toBe(false);
    expect(copy.version).toBe(createChecker().version);
    expect(copy.checkSync(SAN_JOSE as AttemptInput)).toEqual(createChecker().checkSync(SAN_JOSE as AttemptInput));
  });

  it('deleting es/holiday_table.json is custom (not a deviation: Spain’s calendar feeds policy rules only), with another version, and says so', async () => {
    const dir = rulesDir('no-es-table', (d) => unlinkSync(join(d, 'es', 'holiday_table.json')));
    const checker = createChecker({ rules: loadRuleSourcesFromDir(dir) });
    expect(checker.customRules).toBe(true);
    expect(checker.deviations).toEqual([]);
    expect(checker.version).not.toBe(createChecker().version);
    expect(checker.provenance.data.holidays.tables).toEqual([]);
    expect(checker.provenance.data.holidays.sources.find((s) => s.country === 'ES')).toMatchObject({
      custom: true,
      tableFile: null,
    });
    const es = {
      ...SAN_JOSE,
      at: '2026-03-19T10:00:00+01:00',
      jurisdiction: { country: 'ES', region: 'ES-VC' },
    };
    const d = checker.checkSync(es as AttemptInput);
    expect(d.ruleset.customRules).toBe(true);
    expect(d.context.holidaysCovered).toMatch(
      /the custom rule files have no BOE relación de fiestas laborales for 2026/,
    );
    const md = await markdownReport(checker, es);
    expect(md).not.toContain('the same as the shipped rules');
    expect(md).toMatch(/NOT the shipped holiday data: ES calendar .*holiday\.json, holiday table none/);
  });

  it('an edited Spanish table (a day dropped) and a Mexican calendar correction added are custom, each with a version of its own', () => {
    const sources = (edit: (files: Map<string, Json>) => void): RuleSource[] => {
      const files = new Map(defaultRuleSources.map((s) => [s.path, JSON.parse(JSON.stringify(s.data)) as Json]));
      edit(files);
      return [...files].map(([path, data]) => ({ path, data }));
    };
    const table = sources((f) => {
      const years = (f.get('rules/es/holiday_table.json')!['holidayTable'] as { years: Array<{ rows: Json[] }> }).years;
      years[1]!.rows.pop();
    });
    const a = createChecker({ rules: table });
    expect(a.customRules).toBe(true);
    expect(a.version).not.toBe(createChecker().version);
    const calendar = sources((f) => {
      (f.get('rules/mx/holiday.json')!['calendar'] as Json)['add'] = [
        { date: '2026-03-04', name: 'ours', source: 'ours' },
      ];
    });
    const b = createChecker({ rules: calendar });
    expect(b.customRules).toBe(true);
    expect(new Set([a.version, b.version, createChecker().version]).size).toBe(3);
  });

  it('options stay options: listed in the provenance and the version, never deviations', () => {
    const two = createChecker({ frequency: { directContact: 'two_way', week: 'calendar' } });
    expect(two.deviations).toEqual([]);
    expect(two.customRules).toBe(false);
    expect(two.provenance.options).toMatchObject({ directContact: 'two_way', week: 'calendar' });
    expect(two.version).not.toBe(createChecker().version);
  });
});

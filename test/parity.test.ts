import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coRuleSources } from '../src/rules/coRuleSources.js';
import { esRuleSources } from '../src/rules/esRuleSources.js';
import { mxRuleSources } from '../src/rules/mxRuleSources.js';
import { createChecker, defaultRuleSources, loadRulePacks, loadRuleSourcesFromDir, VERSION } from '../src/index.js';
import { loadCases } from './_lib/caseTables.js';
import { FACTS } from '../src/facts/factCatalog.js';
import { factsAt } from '../src/facts/factsAt.js';
import { HolidayDays } from '../src/facts/holidayDays.js';
import { HolidayCalendar } from '../src/facts/holidays.js';
import { prepareAttempt } from '../src/facts/prepareAttempt.js';
import { parseAttempt } from '../src/check/parseAttempt.js';
import pkg from '../package.json';

const root = join(import.meta.dirname, '..');
const packs = loadRulePacks(defaultRuleSources);
const rules = [...packs.values()].flatMap((p) => p.rules);
const cases = loadCases();

describe('rules data', () => {
  it('the bundled rule files are exactly the files under rules/', () => {
    const bundled = [...coRuleSources, ...mxRuleSources, ...esRuleSources].map((s) => s.path).sort();
    const onDisk = readdirSync(join(root, 'rules'))
      .flatMap((cc) => readdirSync(join(root, 'rules', cc)).map((f) => `rules/${cc}/${f}`))
      .sort();
    expect(bundled).toEqual(onDisk);
  });

  it('rules/ read from disk validate like the bundled copy', () => {
    const fromDisk = loadRulePacks(loadRuleSourcesFromDir(join(root, 'rules')));
    expect([...fromDisk.values()].flatMap((p) => p.rules.map((r) => r.id)).sort()).toEqual(
      rules.map((r) => r.id).sort(),
    );
  });

  it("the version constant is package.json's", () => {
    expect(VERSION).toBe(pkg.version);
  });
});

describe('facts', () => {
  it('every fact of the catalog is a key of every facts object (a rule needing one always finds it, or fails closed)', () => {
    const env = {
      holidayDays: new HolidayDays(new HolidayCalendar({})),
      frequency: { directContact: 'attempt' as const, week: 'rolling' as const },
    };
    const p = prepareAttempt(
      parseAttempt({
        at: '2026-03-02T10:00:00-05:00',
        channel: 'call',
        jurisdiction: { country: 'CO' },
        recipient: { role: 'debtor' },
        debt: { dueDate: '2026-01-15' },
      }),
      env,
    );
    expect(Object.keys(factsAt(p, p.atMs, 'America/Bogota', env.frequency)).sort()).toEqual(Object.keys(FACTS).sort());
  });
});

describe('every rule has a case where it fires and a case where it does not', () => {
  it.each(rules.map((r) => [r.id] as const))('%s', (id) => {
    const about = cases.filter((c) => c.about.includes(id));
    const fires = about.filter((c) => c.expected.violations.includes(id) || (c.expected.warnings ?? []).includes(id));
    const quiet = about.filter((c) => !c.expected.violations.includes(id) && !(c.expected.warnings ?? []).includes(id));
    expect(fires.length, `${id}: no case where it fires`).toBeGreaterThan(0);
    expect(quiet.length, `${id}: no case where it does not fire`).toBeGreaterThan(0);
  });

  it('a case about a warning rule states the expected warnings', () => {
    const warnRules = new Set(rules.filter((r) => r.severity === 'warn').map((r) => r.id));
    for (const c of cases) {
      if (c.about.some((id) => warnRules.has(id)))
        expect(c.expected.warnings, `${c.file}: ${c.description}`).toBeDefined();
    }
  });

  it('cases name only rules that exist', () => {
    const ids = new Set(rules.map((r) => r.id));
    for (const c of cases)
      for (const id of [...c.about, ...c.expected.violations, ...(c.expected.warnings ?? [])])
        expect(ids.has(id), `${c.file}: ${id}`).toBe(true);
  });

  it('a checker builds from the shipped rules', () => {
    expect(createChecker().packs.size).toBe(packs.size);
  });
});

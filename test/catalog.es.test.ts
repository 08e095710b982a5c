import type { AttemptInput } from '../src/index.js';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { esRuleSources } from '../src/rules/esRuleSources.js';
import { createChecker, loadRulePacks, ruleCatalog, type CheckerOptions, type Finding } from '../src/index.js';
import { loadCases } from './_lib/caseTables.js';

/**
 * Spain has no statute on contact hours or frequency (spain.md §0.1): most of its pack is the
 * library's policy. These tests keep law and policy apart where users see them — the catalog, the CLI
 * and every finding — and keep every policy rule switchable.
 */
const esPack = loadRulePacks(esRuleSources).get('ES')!;
const catalog = ruleCatalog([esPack]);

/** The statutory rules, by name: a rule moving between law and policy must be a deliberate change. */
const LAW = [
  'es.ai_act.art50_1.ai_disclosure',
  'es.cc.art1125.not_yet_due',
  'es.gdpr.art5_1f.identity_before_disclosure',
  'es.gdpr.art5_1f.third_party_disclosure',
  'es.gdpr.art5_1f.unknown_recipient_disclosure',
];

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(args, {
    stdin: () => '',
    out: (s) => {
      stdout += s;
    },
    err: () => {},
  });
  return { code, stdout };
}

describe('the Spanish rule catalog shows law and policy at a glance', () => {
  it('kind is law exactly for the statutory rules, and those are the expected ones', () => {
    for (const e of catalog)
      expect(e.kind, e.id).toBe(esPack.rules.find((r) => r.id === e.id)!.statutory ? 'law' : 'policy');
    expect(
      catalog
        .filter((e) => e.kind === 'law')
        .map((e) => e.id)
        .sort(),
    ).toEqual(LAW);
    expect(catalog.filter((e) => e.kind === 'policy').length).toBeGreaterThan(0);
  });

  it('the id says it too: es.policy.* is policy, everything else is law', () => {
    for (const e of catalog) expect(e.id.startsWith('es.policy.'), e.id).toBe(e.kind === 'policy');
  });

  it('every policy entry names what it mirrors; no law entry carries a reference', () => {
    for (const e of catalog) {
      if (e.kind === 'policy') expect(e.reference, e.id).toMatch(/\S/);
      else expect(e.reference, e.id).toBeUndefined();
    }
  });

  it('every policy summary says it is not law, in both languages', () => {
    for (const r of esPack.rules.filter((x) => !x.statutory)) {
      expect(r.summary.en, r.id).toMatch(/^Policy \(not law\): /);
      expect(r.summary.es, r.id).toMatch(/^Política \(no ley\): /);
    }
  });

  it('`rules --country ES --format json` lists only Spain, with the same kinds', async () => {
    const r = await run(['rules', '--country', 'ES', '--format', 'json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as Array<{ id: string; country: string; kind: string }>;
    expect(entries.map((e) => e.country)).toEqual(entries.map(() => 'ES'));
    expect(entries.map((e) => [e.id, e.kind]).sort()).toEqual(catalog.map((e) => [e.id, e.kind]).sort());
  });

  it('`rules --country ES` (Markdown) marks each row **law** or _policy_', async () => {
    const r = await run(['rules', '--country', 'ES']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### Spain \(ES\)/);
    for (const e of catalog) {
      const row = r.stdout.split('\n').find((l) => l.startsWith(`| \`${e.id}\` |`));
      expect(row, e.id).toBeDefined();
      expect(row!.split(' | ')[2], e.id).toBe(e.kind === 'law' ? '**law**' : '_policy_');
    }
  });
});

/** Every Spanish case of the tables, judged again, with its findings (both languages). */
async function esFindings(language: 'en' | 'es'): Promise<Finding[]> {
  const out: Finding[] = [];
  const checkers = new Map<string, ReturnType<typeof createChecker>>();
  for (const c of loadCases('es')) {
    const options = { ...c.tableOptions, ...c.options, language } as CheckerOptions;
    const key = JSON.stringify(options);
    let checker = checkers.get(key);
    if (!checker) checkers.set(key, (checker = createChecker(options)));
    const d = await checker.check(c.attemptInput as AttemptInput);
    out.push(...d.violations, ...d.warnings);
  }
  return out;
}

describe('every finding of a Spanish policy rule says it is policy, not law', () => {
  it.each(['en', 'es'] as const)('language %s', async (language) => {
    const findings = await esFindings(language);
    const prefix = language === 'en' ? '[Policy, not law] ' : '[Política, no ley] ';
    const policy = findings.filter((f) => !f.statutory);
    for (const f of findings)
      expect(f.message, `${f.ruleId}: every placeholder is filled`).not.toMatch(/\{[A-Za-z][A-Za-z0-9]*\}/);
    for (const f of policy) {
      expect(f.message.startsWith(prefix), `${f.ruleId}: ${f.message}`).toBe(true);
      expect(f.reference, f.ruleId).toBe(esPack.rules.find((r) => r.id === f.ruleId)!.reference);
    }
    for (const f of findings.filter((x) => x.statutory)) {
      expect(f.message.startsWith(prefix), f.ruleId).toBe(false);
      expect(f.reference, f.ruleId).toBeUndefined();
    }
    // Not vacuous: the tables make every policy rule and every law rule produce a finding.
    expect(new Set(policy.map((f) => f.ruleId))).toEqual(
      new Set(esPack.rules.filter((r) => !r.statutory).map((r) => r.id)),
    );
    expect(new Set(findings.filter((f) => f.statutory).map((f) => f.ruleId))).toEqual(new Set(LAW));
  });
});

describe('every Spanish policy rule is on by default and can be switched off or softened', () => {
  const policies = esPack.rules.filter((r) => !r.statutory);
  const cases = loadCases('es');

  it('the default checker evaluates every Spanish rule', () => {
    const compiled = createChecker({ countries: ['ES'] }).packs.get('ES')!;
    expect([...compiled.rules.keys()].sort()).toEqual(esPack.rules.map((r) => r.id).sort());
  });

  it.each(policies.map((r) => [r.id, r] as const))('%s', async (id, rule) => {
    // A case of the tables, without options of its own, where the rule fires at its shipped severity.
    const c = cases.find(
      (x) =>
        x.options === undefined &&
        (rule.severity === 'block' ? x.expected.violations : (x.expected.warnings ?? [])).includes(id),
    );
    expect(c, `${id}: no case fires it with default options`).toBeDefined();
    const ids = (fs: Finding[]) => fs.map((f) => f.ruleId);
    const shipped = await createChecker({ countries: ['ES'] }).check(c!.attemptInput as AttemptInput);
    expect(ids(rule.severity === 'block' ? shipped.violations : shipped.warnings)).toContain(id);

    const off = await createChecker({ countries: ['ES'], ruleOverrides: { [id]: { enabled: false } } }).check(
      c!.attemptInput as AttemptInput,
    );
    expect([...ids(off.violations), ...ids(off.warnings)]).not.toContain(id);
    expect(off.ruleset.evaluatedRules).not.toContain(id);

    const flipped = rule.severity === 'block' ? 'warn' : 'block';
    const other = await createChecker({ countries: ['ES'], ruleOverrides: { [id]: { severity: flipped } } }).check(
      c!.attemptInput as AttemptInput,
    );
    expect(ids(flipped === 'warn' ? other.warnings : other.violations)).toContain(id);
    expect(ids(flipped === 'warn' ? other.violations : other.warnings)).not.toContain(id);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/** Every entry point of the package surface, as built by tsup (built here when dist/ is missing or older than src/). */
const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  bin: Record<string, string>;
};

/** The newest modification time of the files under a directory. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

beforeAll(() => {
  const built = ['index.js', 'index.cjs', 'cli.js'].map((f) => join(root, 'dist', f));
  // A stale build tests yesterday's code: rebuild when a source or rule file is newer than the build.
  if (
    !built.every(existsSync) ||
    Math.min(...built.map((f) => statSync(f).mtimeMs)) <
      Math.max(newest(join(root, 'src')), newest(join(root, 'rules')))
  ) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js')], {
      cwd: root,
      stdio: 'ignore',
    });
  }
}, 120_000);

const attempt = {
  at: '2026-03-02T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-01' },
  debtor: { authorizedChannels: ['call'] },
};

describe('package entry points', () => {
  it('ESM and CJS builds export the same API and give the same decision', async () => {
    const esm = (await import(pathToFileURL(join(root, 'dist', 'index.js')).href)) as Record<string, unknown>;
    const cjs = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs')) as Record<string, unknown>;
    expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
    for (const name of [
      'createChecker',
      'check',
      'parseAttempt',
      'safeParseAttempt',
      'AttemptSchema',
      'DecisionSchema',
      'ruleCatalog',
    ])
      expect(esm).toHaveProperty(name);
    const judge = (m: Record<string, unknown>) => (m['check'] as (a: unknown) => Promise<{ verdict: string }>)(attempt);
    expect((await judge(esm)).verdict).toBe('allow');
    expect((await judge(cjs)).verdict).toBe('allow');
  });

  it('every JSON export resolves to a file that parses', () => {
    for (const [key, target] of Object.entries(pkg.exports)) {
      if (typeof target !== 'string') continue;
      expect(() => JSON.parse(readFileSync(join(root, target), 'utf8')), key).not.toThrow();
    }
  });

  it('the bin runs through a symlink named after the command, as npm links it (node_modules/.bin, npx, global)', () => {
    // Regression: an "am I the entry point?" test on argv[1] failed through the link, so the installed
    // command printed nothing and exited 0 — a gate that passes everything.
    const dir = mkdtempSync(join(tmpdir(), 'cc-bin-'));
    const link = join(dir, 'cobranza-compliance');
    symlinkSync(join(root, pkg.bin['cobranza-compliance']!), link);
    const sunday = { ...attempt, at: '2026-03-08T10:00:00-05:00' };
    const file = join(dir, 'a.json');
    writeFileSync(file, JSON.stringify(sunday));
    const r = spawnSync(process.execPath, [link, 'check', file], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { verdict: string }).verdict).toBe('delay');
    const help = spawnSync(process.execPath, [link, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/usage/);
  });

  it('the bin runs', () => {
    const out = execFileSync(
      process.execPath,
      [join(root, pkg.bin['cobranza-compliance']!), 'rules', '--format', 'json', '--country', 'CO'],
      { encoding: 'utf8' },
    );
    expect((JSON.parse(out) as unknown[]).length).toBeGreaterThan(10);
  });
});

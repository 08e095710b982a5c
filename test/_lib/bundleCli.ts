import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');

/**
 * The command bundled from the current source exactly as tsup bundles dist/cli.js (src/cli/bin.ts,
 * dependencies external), so that a test runs the command as a process and a stale dist/ is never
 * tested. The bundle lives inside node_modules so that its imports resolve as dist/cli.js's do.
 * Returns the bundle's path and a function that removes it.
 */
export async function bundleCli(label: string): Promise<{ cli: string; remove: () => void }> {
  const dir = join(root, 'node_modules', '.cache', `cc-cli-${label}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const cli = join(dir, 'cli.mjs');
  await build({
    entryPoints: [join(root, 'src', 'cli', 'bin.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: cli,
    logLevel: 'error',
  });
  return { cli, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

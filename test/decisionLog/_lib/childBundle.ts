import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..', '..');

/**
 * The library bundled whole from the current source into a world-readable temporary directory, for
 * tests that run it in a child process — killed with SIGKILL mid-batch, held under a file-size limit,
 * or run as another user (`nobody`, for whom a directory can be read-only even when the tests run as
 * root). Every dependency is inlined, so the child needs no node_modules: `index.mjs` is the library,
 * `cli.mjs` the command line.
 */
export async function childBundle(): Promise<{ dir: string; script(name: string, code: string): string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-dl-child-'));
  chmodSync(dir, 0o755);
  for (const [entry, out] of [
    ['src/index.ts', 'index.mjs'],
    ['src/cli/bin.ts', 'cli.mjs'],
  ] as const)
    await build({
      entryPoints: [join(root, entry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['pg'],
      outfile: join(dir, out),
      logLevel: 'error',
      // Inlined CommonJS packages call require(): give the ESM bundle one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
  return {
    dir,
    script(name, code) {
      const path = join(dir, name);
      writeFileSync(path, code);
      chmodSync(path, 0o644);
      return path;
    },
  };
}

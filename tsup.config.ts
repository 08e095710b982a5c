import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    shims: true,
    // An optional dependency, loaded on first use (a PostgreSQL decision log): never bundled.
    external: ['pg'],
  },
  {
    // The audit's worker thread, started by the ESM and the CJS builds alike (dist/auditWorker.js).
    entry: { auditWorker: 'src/audit/auditWorker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
  {
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    external: ['pg'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);

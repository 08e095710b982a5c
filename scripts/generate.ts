/**
 * `npm run gen`: writes what is generated from the data and the schemas — the JSON Schemas in
 * schemas/, the rule catalog in README.md (between its markers) and docs/rules.md. A test fails when
 * a generated file is stale, so the catalog is never hand-kept.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles } from './generatedFiles.js';

const root = join(import.meta.dirname, '..');
for (const [path, text] of Object.entries(generatedFiles(root))) {
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}

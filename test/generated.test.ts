import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../scripts/generatedFiles.js';

const root = join(import.meta.dirname, '..');

describe('generated files are up to date (run `npm run gen`)', () => {
  it.each(Object.entries(generatedFiles(root)))('%s', (path, text) => {
    expect(readFileSync(join(root, path), 'utf8')).toBe(text);
  });
});

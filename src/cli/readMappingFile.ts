import { readFileSync } from 'node:fs';
import { jsonSyntaxError } from '../_lib/jsonSyntaxError.js';
import { parseMapping } from '../audit/mapping/parseMapping.js';
import type { Mapping } from '../audit/mapping/MappingSchema.js';
import { MappingError } from '../errors.js';
import { FileError } from './fileError.js';

/** `--map FILE`: the mapping file read and validated (a syntax error named by line and column, a bad field by its JSON pointer). */
export function readMappingFile(path: string): Mapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FileError('read', path, e);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const where = jsonSyntaxError(text.replace(/^\uFEFF/, ''));
    throw new MappingError([
      `${path}: not JSON (${where ? `line ${where.line}, column ${where.column}: ${where.message}` : (e as Error).message})`,
    ]);
  }
  return parseMapping(data, path);
}

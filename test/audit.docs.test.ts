import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvColumns } from '../src/index.js';
import { AUDIT_CSV_COLUMNS, AUDIT_REJECTED_CSV_COLUMNS } from '../src/audit/writeAuditCsv.js';

/** docs/audit.md documents what the code does: the CSV input columns and the CSV report columns, from the code's own lists. */
const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'audit.md'), 'utf8');

describe('docs/audit.md', () => {
  it('lists exactly the CSV input columns, with their kind and whether required', () => {
    const rows = [...doc.matchAll(/^\| `([a-zA-Z.]+)` \| (string|number|boolean|list|json) \| (yes)? \|$/gm)].map(
      (m) => [m[1], m[2], m[3] === 'yes'],
    );
    expect(rows).toEqual(csvColumns.map((c) => [c.name, c.kind, c.required]));
  });

  it('lists the CSV report columns in order, and those of the rejected lines beside it', () => {
    const listed = (cols: readonly string[]): string => `\`${cols.join(', ')}\``;
    expect(doc.replace(/\n/g, ' ')).toContain(listed(AUDIT_CSV_COLUMNS));
    expect(doc).toContain(listed(AUDIT_REJECTED_CSV_COLUMNS));
  });
});

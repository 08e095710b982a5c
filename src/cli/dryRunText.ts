import { showInvisible } from '../_lib/showInvisible.js';
import type { MappingDryRun } from '../audit/mapping/dryRunMapping.js';

/** `audit LOG --map M --dry-run`: what becomes of every column and of the first rows, for a person (values from the log shown inert). */
export function dryRunText(d: MappingDryRun): string {
  const q = (s: unknown): string =>
    showInvisible(typeof s === 'string' ? JSON.stringify(s) : (JSON.stringify(s) ?? String(s)));
  const width = Math.min(32, Math.max(8, ...d.columns.map((c) => q(c.column).length)));
  const lines = [
    `Dry run of ${showInvisible(d.mapping)} on ${showInvisible(d.source.name)} (${d.source.format}, ${d.source.encoding}): the first ${d.rows.length} row(s); no audit was run.`,
    '',
    'Columns of the log:',
    ...d.columns.map((c) => `  ${q(c.column).padEnd(width)}  → ${c.uses.length > 0 ? c.uses.join('; ') : 'not used'}`),
  ];
  if (d.statedByAuditor.length > 0)
    lines.push(
      '',
      'Stated by the mapping for every record (the auditor says so; listed in the report):',
      ...d.statedByAuditor.map((s) => `  ${s.field} = ${q(s.value)}`),
    );
  if (d.notInLog.length > 0)
    lines.push(
      '',
      "Not in the log (the contract's default applies, and the audit says it is a default):",
      ...d.notInLog.map((f) => `  ${f.field}${f.default !== undefined ? ` = ${q(f.default)}` : ' (unknown)'}`),
    );
  lines.push('', 'Rows:');
  for (const r of d.rows) {
    lines.push(`  line ${r.line}: ${r.issues ? 'REJECTED' : 'ok'}`);
    if (r.attempt !== undefined) lines.push(`    ${q(r.attempt)}`);
    if (r.dimensions)
      lines.push(
        `    dimensions: ${Object.entries(r.dimensions)
          .map(([k, v]) => `${showInvisible(k)} ${q(v)}`)
          .join(', ')}`,
      );
    for (const i of r.issues ?? []) lines.push(`    ${showInvisible(i.path)}: ${showInvisible(i.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

import type { AuditSummary } from '../auditTypes.js';

/** The log's format as a report names it. */
export function formatLabel(format: AuditSummary['source']['format']): string {
  return { csv: 'CSV', jsonl: 'JSON Lines', parquet: 'Parquet', sql: 'SQL query' }[format];
}

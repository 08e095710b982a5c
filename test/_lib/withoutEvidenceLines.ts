/**
 * A copy of a decision (or of anything holding findings) without the log line of each finding's
 * earlier contact: what an audit adds to `check`'s decision (the line of the record that counted),
 * and what differs between the same records in two logs (CSV and JSON Lines number lines apart).
 */
export function withoutEvidenceLines<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => {
    if (key === 'earlierContact' && typeof v === 'object' && v !== null) {
      const { line: _line, ...rest } = v as Record<string, unknown>;
      return rest;
    }
    return v;
  }) as T;
}

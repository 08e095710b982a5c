/**
 * JSON with object keys sorted and undefined members dropped: equal content, equal text, whatever the
 * order the keys were written in (what the statutory floor compares and the ruleset version hashes).
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i === 0 ? '' : ',') + canonicalJson(v[i]);
    return `${s}]`;
  }
  const o = v as Record<string, unknown>;
  let s = '{';
  for (const k of Object.keys(o).sort()) {
    const x = o[k];
    if (x === undefined) continue;
    s += `${s.length === 1 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(x)}`;
  }
  return `${s}}`;
}

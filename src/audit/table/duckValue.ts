import type { DuckDbModule } from './loadDuckDb.js';

const DAY_MS = 86_400_000;

/**
 * A DuckDB value as the JSON-like value a mapping reads: NULL is absent (undefined); a DATE is its
 * calendar date `YYYY-MM-DD` and a TIMESTAMP (without time zone) its wall time `YYYY-MM-DDTHH:mm:ss`
 * — both computed from DuckDB's own integers, never through a JavaScript Date in the machine's zone —
 * and a TIMESTAMP WITH TIME ZONE its instant in UTC (`…Z`); DECIMAL a number; BIGINT a number when it
 * is exact, else its digits; LIST and ARRAY arrays; STRUCT and MAP objects.
 */
export function duckValue(v: unknown, duck: DuckDbModule): unknown {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v);
    default:
      break;
  }
  if (v instanceof duck.DuckDBDateValue)
    return v.isFinite ? new Date(v.days * DAY_MS).toISOString().slice(0, 10) : v.toString();
  if (v instanceof duck.DuckDBTimestampTZValue) return v.isFinite ? `${wallTime(v.micros, 1_000_000n)}Z` : v.toString();
  if (v instanceof duck.DuckDBTimestampValue) return v.isFinite ? wallTime(v.micros, 1_000_000n) : v.toString();
  if (v instanceof duck.DuckDBTimestampSecondsValue) return v.isFinite ? wallTime(v.seconds, 1n) : v.toString();
  if (v instanceof duck.DuckDBTimestampMillisecondsValue) return v.isFinite ? wallTime(v.millis, 1_000n) : v.toString();
  if (v instanceof duck.DuckDBTimestampNanosecondsValue)
    return v.isFinite ? wallTime(v.nanos, 1_000_000_000n) : v.toString();
  if (v instanceof duck.DuckDBDecimalValue) return v.toDouble();
  if (v instanceof duck.DuckDBListValue || v instanceof duck.DuckDBArrayValue)
    return v.items.map((x) => duckValue(x, duck) ?? null);
  if (v instanceof duck.DuckDBStructValue) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v.entries)) {
      const c = duckValue(x, duck);
      if (c !== undefined) o[k] = c;
    }
    return o;
  }
  if (v instanceof duck.DuckDBMapValue) {
    const o: Record<string, unknown> = {};
    for (const { key, value } of v.entries) {
      const c = duckValue(value, duck);
      if (c !== undefined) o[String(duckValue(key, duck))] = c;
    }
    return o;
  }
  return String(v);
}

/** `units` per second since 1970-01-01T00:00 as `YYYY-MM-DDTHH:mm:ss[.fraction]`, the fraction exact (no trailing zeros). */
function wallTime(count: bigint, perSecond: bigint): string {
  let seconds = count / perSecond;
  let rest = count % perSecond;
  if (rest < 0n) {
    rest += perSecond;
    seconds -= 1n;
  }
  const head = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  if (rest === 0n) return head;
  const digits = String(perSecond).length - 1;
  return `${head}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

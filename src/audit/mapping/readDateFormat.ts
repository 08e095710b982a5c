import { DateTime } from 'luxon';

/** A date or date-time as written, before any zone is applied: the wall clock's fields. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Minutes east of UTC when the format reads an offset (ZZ), else undefined: the wall time of some zone. */
  readonly offset: number | undefined;
}

interface Explained {
  result: Record<string, number> | null;
  specificOffset?: number | undefined;
}
interface TokenParser {
  readonly isValid: boolean;
  readonly invalidReason: string | null;
  explainFromTokens?(text: string): Explained;
}

const PLAIN_FIELDS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond']);

/** Whether a luxon format reads an offset or a zone name (tokens Z, ZZ, ZZZ, z outside quotes). */
export function formatReadsOffset(format: string): boolean {
  return /[Zz]/.test(format.replace(/'[^']*'/g, ''));
}

/**
 * A reader of dates written in a luxon format (`dd/MM/yyyy HH:mm:ss`): the wall-clock fields of a text,
 * or undefined when the text is not written so. The format is compiled once (luxon's
 * `buildFormatParser`) and each text matched against it, without building a DateTime: the fields are
 * what luxon reads, the zone is applied by the caller (`localInstant`), from the runtime's tz data as
 * the checker reads it. Throws on a format luxon cannot parse with.
 */
export function readDateFormat(format: string): (text: string) => WallTime | undefined {
  const parser = DateTime.buildFormatParser(format, { locale: 'en-US' }) as unknown as TokenParser;
  if (!parser.isValid) throw new Error(parser.invalidReason ?? 'not a luxon format');
  const explain = parser.explainFromTokens?.bind(parser);
  return (text) => {
    if (explain) {
      const e = explain(text);
      const r = e.result;
      if (r === null) return undefined;
      let plain = true;
      for (const k in r) if (!PLAIN_FIELDS.has(k)) plain = false;
      if (plain && r['year'] !== undefined)
        return {
          year: r['year'],
          month: r['month'] ?? 1,
          day: r['day'] ?? 1,
          hour: r['hour'] ?? 0,
          minute: r['minute'] ?? 0,
          second: r['second'] ?? 0,
          millisecond: r['millisecond'] ?? 0,
          offset: e.specificOffset ?? undefined,
        };
    }
    // Week dates, ordinals, two-digit years…: luxon itself, in UTC (no zone shifts the wall clock).
    const dt = DateTime.fromFormatParser(text, parser as never, { zone: 'utc', setZone: true, locale: 'en-US' });
    if (!dt.isValid) return undefined;
    return {
      year: dt.year,
      month: dt.month,
      day: dt.day,
      hour: dt.hour,
      minute: dt.minute,
      second: dt.second,
      millisecond: dt.millisecond,
      offset: formatReadsOffset(format) ? dt.offset : undefined,
    };
  };
}

import { IANAZone } from 'luxon';

/**
 * UTC offsets of an IANA zone, from per-year transition tables built once from the runtime's tz data
 * (through luxon) and then read with a comparison or two: the check runs before every message, and
 * an `Intl` call per lookup would be most of its cost.
 *
 * A year's table samples the offset every six hours and finds each change to the millisecond by
 * bisection, so it is exact for any zone whose offset does not change twice within six hours (none
 * in the tz database). Years outside 1900–2200 (the range an attempt may carry) are asked of luxon
 * directly.
 */
interface YearTable {
  readonly start: number;
  readonly end: number;
  /** Offsets in minutes (fractional for local mean time): `offsets[i]` holds from `changes[i - 1]`. */
  readonly offsets: readonly number[];
  readonly changes: readonly number[];
}

const DAY = 86_400_000;
const STEP = DAY / 4;
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

class ZoneOffsets {
  private readonly years: Array<YearTable | undefined> = [];
  private last: YearTable | undefined;

  constructor(private readonly zone: IANAZone) {}

  at(ms: number): number {
    let t = this.last;
    if (t === undefined || ms < t.start || ms >= t.end) {
      const year = utcYearOf(ms);
      if (year < MIN_YEAR || year > MAX_YEAR) return this.zone.offset(ms);
      t = this.years[year - MIN_YEAR] ??= this.build(year);
      this.last = t;
    }
    const changes = t.changes;
    let i = 0;
    while (i < changes.length && ms >= changes[i]!) i++;
    return t.offsets[i]!;
  }

  /** The instants in `(from, to]` at which the offset changes, or undefined outside the years tabled. */
  changesIn(from: number, to: number): number[] | undefined {
    const first = utcYearOf(from);
    const last = utcYearOf(to);
    if (first < MIN_YEAR || last > MAX_YEAR) return undefined;
    const out: number[] = [];
    for (let year = first; year <= last; year++) {
      const t = (this.years[year - MIN_YEAR] ??= this.build(year));
      for (const c of t.changes) if (c > from && c <= to) out.push(c);
    }
    return out;
  }

  private build(year: number): YearTable {
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    const offsets = [this.zone.offset(start)];
    const changes: number[] = [];
    let prevMs = start;
    let prev = offsets[0]!;
    for (let ms = start + STEP; ; ms += STEP) {
      const at = Math.min(ms, end - 1);
      const off = this.zone.offset(at);
      if (off !== prev) {
        // The first millisecond with the new offset lies in (prevMs, at].
        let lo = prevMs;
        let hi = at;
        while (hi - lo > 1) {
          const mid = lo + Math.floor((hi - lo) / 2);
          if (this.zone.offset(mid) === prev) lo = mid;
          else hi = mid;
        }
        changes.push(hi);
        offsets.push(off);
        prev = off;
      }
      prevMs = at;
      if (at === end - 1) break;
    }
    return { start, end, offsets, changes };
  }
}

const tables = new Map<string, ZoneOffsets>();

function tableOf(zone: string): ZoneOffsets {
  let t = tables.get(zone);
  if (t === undefined) {
    // Zone names are validated as IANA zones before they get here; the bound only guards memory.
    if (tables.size >= 2_000) tables.clear();
    t = new ZoneOffsets(IANAZone.create(zone));
    tables.set(zone, t);
  }
  return t;
}

/** Offset from UTC, in minutes, of `zone` at instant `ms`. */
export function offsetAt(ms: number, zone: string): number {
  const t = tables.get(zone);
  return t === undefined ? tableOf(zone).at(ms) : t.at(ms);
}

/**
 * The instants in `(from, to]` at which the offset of `zone` changes (from the same tables as
 * `offsetAt`, so between two of them `offsetAt` gives one value), or undefined for years outside them.
 */
export function offsetChangesIn(from: number, to: number, zone: string): number[] | undefined {
  return tableOf(zone).changesIn(from, to);
}

/** Whether `zone` keeps one offset from instant `a` to instant `b` (no transition in between). */
export function offsetConstantBetween(zone: string, a: number, b: number): boolean {
  const changes = tableOf(zone).changesIn(a, b);
  return changes !== undefined && changes.length === 0;
}

/** The proleptic Gregorian year of day number `days` (days since 1970-01-01), by H. Hinnant's civil_from_days. */
export function yearOfDayNumber(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

function utcYearOf(ms: number): number {
  return yearOfDayNumber(Math.floor(ms / DAY));
}

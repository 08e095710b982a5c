import { offsetAt } from './zoneOffsets.js';

/** The debtor's wall clock at an instant: what the law's hours and days are read against. */
export interface LocalClock {
  /** `YYYY-MM-DD` in the zone. */
  readonly date: string;
  /** Minutes since local midnight, 0–1439 (seconds dropped: 06:59:59 is 06:59). */
  readonly minutes: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Days since 1970-01-01 of the local date: a day counter for "same day" and "week" arithmetic. */
  readonly dayNumber: number;
  /** Offset from UTC in minutes at that instant. */
  readonly offset: number;
}

export { offsetAt } from './zoneOffsets.js';

const DAY = 86_400_000;

/** Local date, time and weekday of an instant, from the zone's offset (no process TZ, no locale). */
export function localClock(ms: number, zone: string): LocalClock {
  const offset = offsetAt(ms, zone);
  const local = ms + offset * 60_000;
  const dayNumber = Math.floor(local / DAY);
  const minutes = Math.floor((local - dayNumber * DAY) / 60_000);
  return { date: dateOfDayNumber(dayNumber), minutes, weekday: weekdayOf(dayNumber), dayNumber, offset };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export function weekdayOf(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Days since 1970-01-01 of the local date at an instant (the cheap part of localClock). */
export function localDayNumber(ms: number, zone: string): number {
  return Math.floor((ms + offsetAt(ms, zone) * 60_000) / DAY);
}

/** Day number of a `YYYY-MM-DD` date. */
export function dayNumberOf(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

/** `YYYY-MM-DD` of a day number. */
export function dateOfDayNumber(dayNumber: number): string {
  let s = dates.get(dayNumber);
  if (s === undefined) {
    if (dates.size >= 4096) dates.clear();
    s = new Date(dayNumber * DAY).toISOString().slice(0, 10);
    dates.set(dayNumber, s);
  }
  return s;
}

/** Dates already written: the same few days are asked again and again. */
const dates = new Map<number, string>();

/**
 * The first instant at which the local wall clock of `zone` reaches `minutes` on day `dayNumber`: the
 * instant the clock shows that time, the first of the two when it shows it twice (a repeated hour),
 * and when it never shows it (a DST gap, e.g. Santiago's midnight that jumps to 01:00) the instant the
 * clock jumps past it. A change point of the day's rules is exactly that instant.
 */
export function instantAtLocal(dayNumber: number, minutes: number, zone: string): number {
  const local = dayNumber * DAY + minutes * 60_000;
  // Offsets in force around that wall time: before and after any transition near it.
  const before = offsetAt(local - 86_400_000, zone);
  const after = offsetAt(local + 86_400_000, zone);
  let best = Infinity;
  for (const o of before === after ? [before, offsetAt(local - before * 60_000, zone)] : [before, after]) {
    const t = local - o * 60_000;
    if (offsetAt(t, zone) === o && t < best) best = t;
  }
  if (best !== Infinity) return best;
  // A gap: the wall time is skipped. The clock jumps past it at the transition between the two
  // candidate instants; find it by bisection.
  let lo = Math.min(local - before * 60_000, local - after * 60_000);
  let hi = Math.max(local - before * 60_000, local - after * 60_000);
  if (wallAt(lo, zone) >= local) return lo;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (wallAt(mid, zone) >= local) hi = mid;
    else lo = mid;
  }
  return hi;
}

function wallAt(ms: number, zone: string): number {
  return ms + offsetAt(ms, zone) * 60_000;
}

/**
 * ISO 8601 with the zone's offset at that instant, to the second (`2026-03-02T07:00:00-05:00`), or to
 * the millisecond when the instant is not a whole second.
 */
export function formatInstant(ms: number, zone: string): string {
  const offset = offsetAt(ms, zone);
  const digits = ms % 1000 === 0 ? 19 : 23;
  // Local mean time (zones before they took standard time, e.g. Bogotá until 1914, −4:56:16) has an
  // offset in seconds, which an ISO 8601 offset cannot carry: the instant is then written in UTC.
  if (!Number.isInteger(offset)) return `${new Date(ms).toISOString().slice(0, digits)}Z`;
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, digits);
  return `${local}${formatOffset(offset)}`;
}

export function formatOffset(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

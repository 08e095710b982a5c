import { IANAZone } from 'luxon';

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

const zoneCache = new Map<string, IANAZone>();

function zoneOf(name: string): IANAZone {
  let zone = zoneCache.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    zoneCache.set(name, zone);
  }
  return zone;
}

/**
 * Offsets by zone and quarter hour: tz transitions fall on whole quarter hours (UTC) in every zone this
 * library serves, so the cache cannot return a stale offset. Bounded: cleared when it grows large.
 */
const QUARTER = 900_000;
const offsetCache = new Map<string, Map<number, number>>();
let offsetCacheSize = 0;

export function offsetAt(ms: number, zone: string): number {
  let byZone = offsetCache.get(zone);
  if (!byZone) {
    byZone = new Map();
    offsetCache.set(zone, byZone);
  }
  const bucket = Math.floor(ms / QUARTER);
  let offset = byZone.get(bucket);
  if (offset === undefined) {
    offset = zoneOf(zone).offset(bucket * QUARTER);
    if (offsetCacheSize > 200_000) {
      for (const m of offsetCache.values()) m.clear();
      offsetCacheSize = 0;
    }
    byZone.set(bucket, offset);
    offsetCacheSize++;
  }
  return offset;
}

const DAY = 86_400_000;

/** Local date, time and weekday of an instant, from the zone's offset (no process TZ, no locale). */
export function localClock(ms: number, zone: string): LocalClock {
  const offset = offsetAt(ms, zone);
  const local = ms + offset * 60_000;
  const dayNumber = Math.floor(local / DAY);
  const minutes = Math.floor((local - dayNumber * DAY) / 60_000);
  const d = new Date(dayNumber * DAY);
  const weekday = ((d.getUTCDay() + 6) % 7) + 1;
  return { date: d.toISOString().slice(0, 10), minutes, weekday, dayNumber, offset };
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
  return new Date(dayNumber * DAY).toISOString().slice(0, 10);
}

/**
 * The instant at which the local wall clock of `zone` shows `minutes` on day `dayNumber`. A time that
 * does not exist (the DST gap) moves forward to the first one that does, as luxon does.
 */
export function instantAtLocal(dayNumber: number, minutes: number, zone: string): number {
  const local = dayNumber * DAY + minutes * 60_000;
  // Two passes find the offset in force at that wall time; in a DST gap the result lies after the gap.
  const first = local - offsetAt(local, zone) * 60_000;
  return local - offsetAt(first, zone) * 60_000;
}

/** ISO 8601 with the zone's offset at that instant, seconds precision: `2026-03-02T07:00:00-05:00`. */
export function formatInstant(ms: number, zone: string): string {
  const offset = offsetAt(ms, zone);
  // Local mean time (zones before they took standard time, e.g. Bogotá until 1914, −4:56:16) has an
  // offset in seconds, which an ISO 8601 offset cannot carry: the instant is then written in UTC.
  if (!Number.isInteger(offset)) return `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${formatOffset(offset)}`;
}

export function formatOffset(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

import { offsetAt } from '../../_lib/zoneOffsets.js';
import { calendarProblem } from '../../schema/attempt.js';
import type { WallTime } from './readDateFormat.js';

const DAY = 86_400_000;

export type LocalInstant =
  | { readonly ok: true; readonly at: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * The instant a wall time stands for on a zone's clock, as an ISO 8601 string with that clock's offset
 * (`2026-03-02T08:30:00-05:00`: the local time as written stays readable). A wall time that the zone
 * skips (the hour lost when clocks go forward) or repeats (the hour when they go back) is refused with
 * the reason, never guessed: the round trip through the zone's offsets must give exactly one instant.
 * A wall time with its own offset (read by the format) needs no zone.
 */
export function localInstant(w: WallTime, zone: string | undefined): LocalInstant {
  const problem =
    calendarProblem(w.year, w.month, w.day) ??
    (w.hour > 23 || w.minute > 59 || w.second > 59 ? 'the time of day does not exist' : undefined);
  if (problem) return { ok: false, code: 'invalid_date', message: `is not a real date-time: ${problem}` };
  // As if it were UTC (years 1900–2200 only: Date.UTC maps 0–99 to 1900–1999).
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  if (w.offset !== undefined) return { ok: true, at: iso(wall, w.offset) };
  if (zone === undefined)
    return { ok: false, code: 'no_time_zone', message: 'is a local time and no time zone says whose clock it is on' };
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  const found: number[] = [];
  for (const o of before === after ? [before] : [before, after]) {
    const ms = wall - o * 60_000;
    if (offsetAt(ms, zone) === o) found.push(o);
  }
  const shown = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  if (found.length === 0)
    return {
      ok: false,
      code: 'nonexistent_local_time',
      message: `${shown} does not exist in ${zone}: the clocks skip it (daylight saving time begins); not guessed`,
    };
  if (found.length > 1)
    return {
      ok: false,
      code: 'ambiguous_local_time',
      message: `${shown} happens twice in ${zone} (${found.map(offsetText).join(' and ')}: daylight saving time ends); not guessed`,
    };
  return { ok: true, at: iso(wall, found[0]!) };
}

/** `wall` (the local time as if UTC) written with its offset; an offset of seconds (local mean time) as the UTC instant. */
function iso(wall: number, offset: number): string {
  if (!Number.isInteger(offset)) return new Date(wall - offset * 60_000).toISOString();
  const d = new Date(wall);
  const ms = d.getUTCMilliseconds();
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}${offsetText(offset)}`;
}

function offsetText(offset: number): string {
  if (offset === 0) return 'Z';
  const a = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

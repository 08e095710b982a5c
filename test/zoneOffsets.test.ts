import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { instantAtLocal, localClock } from '../src/_lib/localClock.js';
import { offsetAt, offsetConstantBetween } from '../src/_lib/zoneOffsets.js';
import { fcParams } from './_lib/arbitraries.js';

/**
 * The per-year offset tables give luxon's (the runtime's tz data) offset at every instant, including
 * around each transition; the first instant of a local time is exact in gaps and repeated hours.
 */
const ZONES = [
  'America/Bogota',
  'America/Tijuana',
  'America/Mexico_City',
  'America/Ciudad_Juarez',
  'Europe/Madrid',
  'Atlantic/Canary',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Africa/Casablanca',
  'Asia/Tehran',
  'Pacific/Kiritimati',
  'Europe/Dublin',
];
const FROM = Date.UTC(1900, 0, 1);
const TO = Date.UTC(2201, 0, 1);

describe('zone offset tables', () => {
  it("equal luxon's offset at random instants, 1900–2200", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: FROM, max: TO - 1 }), (zone, ms) => {
        expect(offsetAt(ms, zone)).toBe(IANAZone.create(zone).offset(ms));
      }),
      fcParams(300),
    ); // each new zone and year builds a table: a few hundred cover the range
  });

  it("equal luxon's offset on both sides of every transition, 1995–2035", () => {
    for (const zone of ZONES) {
      const z = IANAZone.create(zone);
      // Weekly samples (no zone here changes its offset twice in a week), then the transition by bisection.
      const WEEK = 7 * 86_400_000;
      for (let ms = Date.UTC(1995, 0, 1); ms < Date.UTC(2035, 0, 1); ms += WEEK) {
        const a = z.offset(ms);
        const b = z.offset(ms + WEEK);
        if (a === b) continue;
        // Find the transition and look at the millisecond on each side.
        let lo = ms;
        let hi = ms + WEEK;
        while (hi - lo > 1) {
          const mid = lo + Math.floor((hi - lo) / 2);
          if (z.offset(mid) === a) lo = mid;
          else hi = mid;
        }
        expect(offsetAt(lo, zone), `${zone} ${new Date(lo).toISOString()}`).toBe(a);
        expect(offsetAt(hi, zone), `${zone} ${new Date(hi).toISOString()}`).toBe(z.offset(hi));
        expect(offsetConstantBetween(zone, lo - 3_600_000, hi)).toBe(false);
        expect(offsetConstantBetween(zone, hi, hi + 3_600_000)).toBe(z.offset(hi + 3_600_000) === z.offset(hi));
      }
    }
  });

  it('instantAtLocal: the first instant the wall clock shows a time; in a gap, the instant it jumps past it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({
          min: Math.floor(Date.UTC(1990, 0, 1) / 86_400_000),
          max: Math.floor(Date.UTC(2040, 0, 1) / 86_400_000),
        }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, day, minutes) => {
          const t = instantAtLocal(day, minutes, zone);
          const wall = (ms: number) => {
            const c = localClock(ms, zone);
            return c.dayNumber * 1440 + c.minutes;
          };
          const want = day * 1440 + minutes;
          // At t the clock shows the time or later (a gap); a millisecond before, it had not reached it.
          expect(wall(t)).toBeGreaterThanOrEqual(want);
          expect(wall(t - 1)).toBeLessThan(want);
        },
      ),
      fcParams(5_000),
    );
  });
});

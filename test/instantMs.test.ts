import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from '../src/_lib/instantMs.js';
import { InstantSchema } from '../src/schema/attempt.js';
import { fcParams, formatAt, offsetArb } from './_lib/arbitraries.js';

/** The character reader of instants agrees with the schema (what is an instant) and with Date.parse (which instant). */
const digits = (n: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));
const nearInstant = fc
  .tuple(
    fc.oneof(digits(4), fc.constantFrom('2026', '1900', '2200', '1899', '2201', '0000')),
    fc.oneof(digits(2), fc.constantFrom('01', '02', '12', '13', '00')),
    fc.oneof(digits(2), fc.constantFrom('28', '29', '30', '31', '32', '00')),
    fc.oneof(digits(2), fc.constantFrom('00', '23', '24')),
    fc.oneof(digits(2), fc.constantFrom('00', '59', '60')),
    fc.option(
      fc.tuple(
        fc.oneof(digits(2), fc.constantFrom('59', '60')),
        fc.option(fc.integer({ min: 0, max: 11 }).chain((k) => digits(k))),
      ),
    ),
    fc.oneof(
      fc.constant('Z'),
      fc
        .tuple(
          fc.constantFrom('+', '-'),
          fc.oneof(digits(2), fc.constantFrom('12', '14', '15')),
          fc.oneof(digits(2), fc.constantFrom('00', '59', '60')),
        )
        .map(([s, h, m]) => `${s}${h}:${m}`),
      fc.constantFrom('', 'z', '+0500', '+05', ' '),
    ),
    fc.constantFrom('-', '/', 'T', 't', ' '),
  )
  .map(([y, mo, d, h, mi, sec, zone, sep]) => {
    const s = sec === null ? '' : `:${sec[0]}${sec[1] === null ? '' : `.${sec[1]}`}`;
    return `${y}-${mo}${sep === '/' ? '/' : '-'}${d}${sep === 'T' || sep === '-' || sep === '/' ? 'T' : sep}${h}:${mi}${s}${zone}`;
  });

/** Valid instants of every precision, with fractions of up to 9 digits, from 1900 to 2200. */
const validInstant = fc
  .tuple(
    fc.integer({ min: Date.UTC(1900, 0, 1, 14), max: Date.UTC(2200, 11, 31, 11) }),
    offsetArb,
    fc.constantFrom('minute' as const, 'second' as const, 'milli' as const),
    fc.boolean(),
    fc.option(digits(9)),
    fc.integer({ min: 1, max: 9 }),
  )
  .map(([ms, offset, precision, z, frac, k]) => {
    const s = formatAt(ms, offset, precision, z);
    return frac !== null && precision === 'second' ? s.replace(/(:\d\d)(Z|[+-])/, `$1.${frac.slice(0, k)}$2`) : s;
  });

describe('instantMs', () => {
  it("accepts exactly what InstantSchema accepts, with Date.parse's value", () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(fc.oneof(validInstant, nearInstant, fc.string({ maxLength: 45 })), (s) => {
        const ok = InstantSchema.safeParse(s).success;
        if (ok) valid++;
        else invalid++;
        const ms = instantMs(s);
        expect(ms !== undefined, s).toBe(ok);
        if (ok) expect(ms).toBe(Date.parse(s));
      }),
      fcParams(50_000),
    );
    // Both sides are well exercised (no vacuous pass).
    expect(valid).toBeGreaterThan(2_000);
    expect(invalid).toBeGreaterThan(2_000);
  });
});

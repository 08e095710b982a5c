import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DebtorIdScanner, DECODED, NONE, PLAIN, scanDebtorId } from '../src/audit/_lib/scanDebtorId.js';
import { fcParams, RUNS } from './_lib/arbitraries.js';

/**
 * The audit's read pass routes a JSON line to its debtor's bucket by the debtorId a scanner finds
 * without parsing the line (src/audit/_lib/scanDebtorId.ts). For every line that is JSON with an
 * object at the top, the scanner must give exactly `JSON.parse(line).debtorId` when it is a string
 * (and nothing otherwise) — in text, and in bytes as read from a file. Lines are written by hand here
 * so that they can hold what JSON.stringify never writes: duplicate keys, escapes of any character,
 * white space anywhere.
 */
const expected = (line: string): string | undefined => {
  const v = (JSON.parse(line) as Record<string, unknown>)['debtorId'];
  return typeof v === 'string' ? v : undefined;
};

/** A string as a JSON token: each character raw or escaped, at random. */
const tokenArb = (s: string): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 3 }), { minLength: s.length, maxLength: s.length }).map((how) => {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      const code = c.charCodeAt(0);
      const must = c === '"' || c === '\\' || code < 0x20 || (code >= 0xd800 && code <= 0xdfff);
      if (must || how[i] === 0) {
        out +=
          how[i] === 1 && c === '"'
            ? '\\"'
            : how[i] === 2 && c === '\\'
              ? '\\\\'
              : `\\u${code.toString(16).padStart(4, how[i] === 3 ? '0' : '0')}`;
      } else if (how[i] === 1 && c === '/') {
        out += '\\/';
      } else {
        out += c;
      }
    }
    return `${out}"`;
  });

const spaceArb = fc.stringMatching(/^[ \t\r]{0,2}$/);
const nastyStrings = [
  'debtorId',
  'debtor\u0049d',
  '"debtorId":"x"',
  '{"debtorId":"in a string"}',
  '{',
  '}',
  '[',
  ']',
  '\\',
  '"',
  ',',
  ':',
  'D-1',
  '',
  'ñandú 😀',
  '\u2028',
  '\ud800',
];
const textArb = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('debtorId') },
  { weight: 1, arbitrary: fc.constantFrom('debtorid', 'debtor', 'creditorId', 'id', 'debtorIdX') },
  { weight: 1, arbitrary: textArb },
);

/** JSON text of a value, written by hand: any key order and duplicates, escapes and spaces at random. */
const valueArb: fc.Arbitrary<string> = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, withCrossShrink: true },
    textArb.chain(tokenArb),
    fc.constantFrom('1', '-2.5e3', 'true', 'false', 'null', '0'),
    tie('object'),
    tie('array'),
  ),
  object: fc
    .array(fc.tuple(keyArb.chain(tokenArb), tie('value'), spaceArb, spaceArb), { maxLength: 5 })
    .map((entries) => `{${entries.map(([k, v, s1, s2]) => `${s1}${k}${s2}:${s1}${v}${s2}`).join(',')}}`),
  array: fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
})).value;

/** A line with an object at the top: the entries above, and a debtorId (string or not) put first, last, twice, or not at all. */
const lineArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(keyArb.chain(tokenArb), valueArb, spaceArb), { maxLength: 6 }),
    fc.array(fc.tuple(textArb.chain(tokenArb), fc.nat({ max: 6 })), { maxLength: 2 }),
    fc.option(valueArb, { nil: undefined }),
    spaceArb,
    spaceArb,
  )
  .map(([entries, debtorIds, nonString, before, after]) => {
    const all = entries.map(([k, v, s]) => `${s}${k}${s}:${v}`);
    for (const [id, at] of debtorIds) all.splice(Math.min(at, all.length), 0, `"debtorId":${id}`);
    if (nonString !== undefined) all.push(`"debtorId" : ${nonString}`);
    return `${before}{${all.join(',')}}${after}`;
  });

function bytesScan(line: string): string | undefined {
  const buf = Buffer.from(line, 'utf8');
  return new DebtorIdScanner().scan(buf, 0, buf.length);
}

describe('the debtorId scanner of the read pass', () => {
  it('gives JSON.parse(line).debtorId when it is a string, and nothing otherwise (text)', () => {
    let withId = 0;
    fc.assert(
      fc.property(lineArb, (line) => {
        const want = expected(line);
        if (want !== undefined) withId++;
        expect(scanDebtorId(line)).toBe(want);
      }),
      fcParams(),
    );
    expect(withId).toBeGreaterThan(RUNS / 4);
  });

  it('gives the same in bytes, decoded as the line would be (UTF-8, a lone surrogate as U+FFFD)', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        const decoded = new TextDecoder().decode(Buffer.from(line, 'utf8'));
        expect(bytesScan(line)).toBe(expected(decoded));
      }),
      fcParams(),
    );
  });

  it('scans the lines of one buffer in order, as the read pass does (a chunk of a file)', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 20 }), (lines) => {
        const texts = lines.map((l) => Buffer.from(l, 'utf8'));
        const buf = Buffer.concat(texts.flatMap((t) => [t, Buffer.from('\n')]));
        const scanner = new DebtorIdScanner();
        scanner.begin(buf);
        let at = 0;
        for (const t of texts) {
          const found = scanner.locate(buf, at, at + t.length);
          const got =
            found === PLAIN
              ? (JSON.parse(buf.toString('latin1', scanner.tokenStart, scanner.tokenEnd)) as string)
              : found === DECODED
                ? scanner.value
                : undefined;
          expect(got).toBe(expected(new TextDecoder().decode(t)));
          at += t.length + 1;
        }
      }),
      fcParams(Math.max(100, RUNS / 10)),
    );
  });

  it('on lines that are not JSON it never throws (the line is rejected when it is judged)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          lineArb.map((l) => l.slice(0, -1)),
          lineArb.map((l) => l.replace(/:/, '')),
          fc.string(),
          fc.string({ unit: 'binary' }),
        ),
        (line) => {
          expect(() => scanDebtorId(line)).not.toThrow();
          expect(() => bytesScan(line)).not.toThrow();
        },
      ),
      fcParams(),
    );
  });

  it('known cases', () => {
    expect(scanDebtorId('{"debtorId":"D-1"}')).toBe('D-1');
    expect(scanDebtorId('{"a":{"debtorId":"nested"},"debtorId":"top"}')).toBe('top');
    expect(scanDebtorId('{"a":{"debtorId":"nested"}}')).toBeUndefined();
    expect(scanDebtorId('{"note":"\\"debtorId\\":\\"x\\"","debtorId":"y"}')).toBe('y');
    expect(scanDebtorId('{"debtorId":"first","debtorId":"last"}')).toBe('last');
    expect(scanDebtorId('{"debtorId":"first","debtorId":7}')).toBeUndefined();
    expect(scanDebtorId('{"debtor\\u0049d":"escaped key"}')).toBe('escaped key');
    expect(scanDebtorId('{"debtorId":"D\\u002d1\\t"}')).toBe('D-1\t');
    expect(scanDebtorId(' { "debtorId" :\t"spaced" } ')).toBe('spaced');
    expect(scanDebtorId('["debtorId","D-1"]')).toBeUndefined();
    const buf = Buffer.from('{"debtorId":"Peña"}');
    const s = new DebtorIdScanner();
    s.begin(buf);
    expect(s.locate(buf, 0, buf.length)).toBe(DECODED);
    expect(s.value).toBe('Peña');
    const plain = Buffer.from('{"id":"x","debtorId":"D-9"}');
    s.begin(plain);
    expect(s.locate(plain, 0, plain.length)).toBe(PLAIN);
    expect(plain.toString('latin1', s.tokenStart, s.tokenEnd)).toBe('"D-9"');
    expect(s.locate(plain, 0, 5)).toBe(NONE);
  });
});

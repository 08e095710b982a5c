import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/decisionLog/canonicalJson.js';

/** An IEEE 754 double from its 16 hex digits (RFC 8785 Appendix B writes numbers this way). */
function double(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${bits}`));
  return view.getFloat64(0);
}

describe('canonicalJson (RFC 8785, JCS)', () => {
  it('§3.2.2: the sample of the RFC, byte for byte', () => {
    // Parsed from the RFC's input text, so the literals are read as a JSON parser reads them.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    const out = canonicalJson(input);
    expect(out).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    // §3.2.4: its UTF-8, as the RFC prints it in hexadecimal.
    expect(Buffer.from(out, 'utf8').toString('hex')).toBe(
      [
        '7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72',
        '75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a',
        '5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31',
        '65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37',
        '5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30',
        '30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d',
      ]
        .join(' ')
        .replace(/ /g, ''),
    );
  });

  it('§3.2.3: members sorted by UTF-16 code units, whatever the locale', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",' +
        ' "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    // The emoji (a surrogate pair, D83D…) sorts before U+FB33, though its code point is larger: UTF-16 order.
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // Appendix B: IEEE 754 bit patterns and the text ECMAScript's Number serialization gives them.
  const numbers: ReadonlyArray<readonly [string, string]> = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(numbers)('Appendix B: 0x%s is written %s', (bits, text) => {
    expect(canonicalJson(double(bits))).toBe(text);
    expect(canonicalJson({ n: double(bits) })).toBe(`{"n":${text}}`);
  });

  it('Appendix B: NaN and Infinity are errors, never written', () => {
    for (const bits of ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])
      expect(() => canonicalJson([double(bits)])).toThrow(/not a JSON number/);
  });

  it('refuses what is not I-JSON: a lone surrogate, in a value or a name', () => {
    expect(() => canonicalJson({ a: 'x\ud800' })).toThrow(/lone UTF-16 surrogate/);
    expect(() => canonicalJson({ '\udc00': 1 })).toThrow(/lone UTF-16 surrogate/);
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
  });

  it('refuses values that are not JSON data, and names where they are', () => {
    expect(() => canonicalJson({ a: [1, { b: new Date(0) }] })).toThrow(/\/a\/1\/b: a Date object/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined is not JSON data/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });

  it('leaves out members whose value is undefined, as JSON.stringify does', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: null })).toBe('{"b":1,"c":null}');
  });

  it('parsing its output and canonicalizing again gives the same text (what a verifier does)', () => {
    const value = { z: [1.5, -0, 1e21, 'a\u2028b\u0007'], a: { y: true, x: null }, é: 'ñ' };
    const once = canonicalJson(value);
    expect(canonicalJson(JSON.parse(once))).toBe(once);
    expect(once).toBe('{"a":{"x":null,"y":true},"z":[1.5,0,1e+21,"a\u2028b\\u0007"],"é":"ñ"}');
  });
});

import { ComplianceError } from '../errors.js';

/** A lone (unpaired) UTF-16 surrogate: not a Unicode string, so not I-JSON (RFC 7493 §2.1), refused by RFC 8785 §3.1. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * JSON text in the JSON Canonicalization Scheme (RFC 8785, "JCS"): no white space; object members
 * sorted by their names as arrays of UTF-16 code units (§3.2.3); numbers as ECMAScript writes them
 * (§3.2.2.3: `JSON.stringify`'s shortest round-trip form, `-0` as `0`, `1e+21`); strings with only `"`,
 * `\` and the C0 controls escaped (§3.2.2.2, what `JSON.stringify` does). Hash the UTF-8 of the result.
 *
 * The input is JSON data: `null`, booleans, finite numbers, strings, arrays and plain objects. A member
 * whose value is `undefined` is left out, as `JSON.stringify` leaves it out; anything else (NaN,
 * Infinity, a lone surrogate, a Date, a bigint, `undefined` in an array) is an error, never a guess.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '');
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) throw notJson(path, `${value} is not a JSON number`);
      // ECMAScript's Number::toString is the serialization RFC 8785 §3.2.2.3 prescribes; -0 prints as "0".
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += write(value[i], `${path}/${i}`);
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        throw notJson(path, `a ${proto?.constructor?.name ?? 'non-plain'} object is not JSON data`);
      const record = value as Record<string, unknown>;
      // Default sort: by UTF-16 code units, locale-independent — exactly RFC 8785 §3.2.3.
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = record[k];
        if (v === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${writeString(k, path)}:${write(v, `${path}/${escapePointer(k)}`)}`;
      }
      return `${out}}`;
    }
    default:
      throw notJson(path, `a ${typeof value} is not JSON data`);
  }
}

function writeString(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) throw notJson(path, 'a string holds a lone UTF-16 surrogate (not Unicode text)');
  return JSON.stringify(s);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function notJson(path: string, message: string): ComplianceError {
  return new ComplianceError('not_canonical_json', `${path || '(root)'}: ${message} (RFC 8785)`);
}

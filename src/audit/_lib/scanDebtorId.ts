const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/**
 * The `debtorId` of a JSON Lines record, read without parsing the line: what routes a raw line to its
 * debtor's bucket in the audit's first pass. For a line that is JSON with an object at the top, the
 * answer is exactly `JSON.parse(line).debtorId` when that is a string, and undefined otherwise: keys
 * are read at the top level only (nesting and strings tracked, so a `"debtorId"` inside a nested
 * object or inside a string is not one), the last occurrence wins as in `JSON.parse`, and a key or
 * value with escapes is decoded by `JSON.parse` of its token. A differential test holds it to
 * `JSON.parse` over adversarial lines. For a line that is not JSON the answer means nothing (the line
 * is rejected when it is judged); the scan never throws.
 */
export function scanDebtorId(line: string): string | undefined {
  const n = line.length;
  let i = 0;
  while (i < n && isSpace(line.charCodeAt(i))) i++;
  if (line.charCodeAt(i) !== OPEN_BRACE) return undefined;
  let found: string | undefined;
  let depth = 0;
  let expectKey = false;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(line, i);
      if (end < 0) return undefined;
      if (depth === 1 && expectKey) {
        expectKey = false;
        const isDebtorId = keyIs(line, i, end);
        let j = end + 1;
        while (j < n && isSpace(line.charCodeAt(j))) j++;
        if (line.charCodeAt(j) !== COLON) return undefined;
        j++;
        while (j < n && isSpace(line.charCodeAt(j))) j++;
        if (isDebtorId) {
          if (line.charCodeAt(j) === QUOTE) {
            const valueEnd = stringEnd(line, j);
            if (valueEnd < 0) return undefined;
            found = stringAt(line, j, valueEnd);
            i = valueEnd + 1;
            continue;
          }
          found = undefined; // a later non-string value wins in JSON.parse too
        }
        i = j;
        continue;
      }
      i = end + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return found;
    } else if (c === COMMA && depth === 1) {
      expectKey = true;
    }
    i++;
  }
  return found;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The position of the quote that closes the string opening at `start`, or −1. */
function stringEnd(line: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = line.indexOf('"', from);
    if (q < 0) return -1;
    let backslashes = 0;
    while (line.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return q;
    from = q + 1;
  }
}

/** Whether the key token `line[start..end]` (quotes included) decodes to `debtorId`. */
function keyIs(line: string, start: number, end: number): boolean {
  const len = end - start - 1;
  if (len === 8) return line.startsWith('debtorId', start + 1);
  if (len < 8) return false;
  return stringAt(line, start, end) === 'debtorId';
}

/** The string token `line[start..end]` (quotes included), decoded; undefined if it is not a JSON string. */
function stringAt(line: string, start: number, end: number): string | undefined {
  return decodeToken(line.slice(start, end + 1));
}

/** A JSON string token (quotes included), decoded; undefined if it is not one. */
function decodeToken(token: string): string | undefined {
  const raw = token.slice(1, -1);
  if (!raw.includes('\\')) {
    // Without escapes the token is the value, unless it holds a raw control character (not JSON).
    for (let k = 0; k < raw.length; k++) if (raw.charCodeAt(k) < 32) return undefined;
    return raw;
  }
  try {
    const v: unknown = JSON.parse(token);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const DEBTOR_ID_BYTES = Buffer.from('debtorId', 'latin1');

/**
 * `scanDebtorId` on the bytes `buf[start..end)` of a line in UTF-8, undecoded (the read pass routes a
 * file's lines as bytes): the same answer as `scanDebtorId` of the decoded line. The structure of JSON
 * is ASCII, and UTF-8 never uses an ASCII byte inside a character; the value is decoded as the line
 * would be (an invalid sequence is U+FFFD either way).
 *
 * Lines are scanned in order through a buffer (a chunk read): where its backslashes are is found once
 * per buffer (`begin`), so that once a top-level `debtorId` is read the rest of the line is dismissed at once
 * when it holds neither a backslash nor the word `debtorId` (no later key can then be `debtorId`).
 */
export class DebtorIdScanner {
  /** After `locate` found a plain value: its token (quotes included) is `buf[tokenStart..tokenEnd)`. */
  tokenStart = 0;
  tokenEnd = 0;
  /** After `locate` found a value that is not plain ASCII: the value, decoded. */
  value = '';
  private buf: Buffer | undefined;
  private slashes: number[] = [];
  private next = 0;

  /** Scan lines of `buf` (in order) next: where its backslashes are is found once. */
  begin(buf: Buffer): void {
    this.buf = buf;
    this.slashes = [];
    this.next = 0;
    for (let k = buf.indexOf(BACKSLASH); k >= 0; k = buf.indexOf(BACKSLASH, k + 1)) this.slashes.push(k);
  }

  /** The debtorId of the line `buf[start..end)`, decoded; undefined when it has none. */
  scan(buf: Buffer, start: number, end: number): string | undefined {
    this.begin(buf);
    const found = this.locate(buf, start, end);
    return found === PLAIN
      ? buf.toString('latin1', this.tokenStart + 1, this.tokenEnd - 1)
      : found === DECODED
        ? this.value
        : undefined;
  }

  /**
   * Where the debtorId of the line `buf[start..end)` is: NONE; PLAIN — a token of printable ASCII
   * without escapes, which is its own JSON (`tokenStart`, `tokenEnd`: no string is made); or DECODED —
   * `value`. Lines of one buffer are located in order, after `begin(buf)`.
   */
  locate(buf: Buffer, start: number, end: number): typeof NONE | typeof PLAIN | typeof DECODED {
    if (buf !== this.buf) throw new Error('internal error: DebtorIdScanner.locate before begin');
    let i = start;
    while (i < end && isSpace(buf[i]!)) i++;
    if (buf[i] !== OPEN_BRACE) return NONE;
    let found: typeof NONE | typeof PLAIN | typeof DECODED = NONE;
    let depth = 0;
    let expectKey = false;
    while (i < end) {
      const c = buf[i]!;
      if (c === QUOTE) {
        const close = byteStringEnd(buf, i, end);
        if (close < 0) return NONE;
        if (depth === 1 && expectKey) {
          expectKey = false;
          const isDebtorId = bytesKeyIs(buf, i, close);
          let j = close + 1;
          while (j < end && isSpace(buf[j]!)) j++;
          if (buf[j] !== COLON) return NONE;
          j++;
          while (j < end && isSpace(buf[j]!)) j++;
          if (isDebtorId) {
            if (buf[j] === QUOTE) {
              const valueEnd = byteStringEnd(buf, j, end);
              if (valueEnd < 0) return NONE;
              found = this.value_(buf, j, valueEnd);
              i = valueEnd + 1;
              if (!this.backslashIn(i, end) && !wordIn(buf, i, end)) return found;
              continue;
            }
            found = NONE; // a later non-string value wins in JSON.parse too
          }
          i = j;
          continue;
        }
        i = close + 1;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
        if (depth === 1) expectKey = true;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return found;
      } else if (c === COMMA && depth === 1) {
        expectKey = true;
      }
      i++;
    }
    return found;
  }

  /** The string token `buf[start..end]` (quotes included): PLAIN, DECODED (into `value`), or NONE if it is not a JSON string. */
  private value_(buf: Buffer, start: number, end: number): typeof NONE | typeof PLAIN | typeof DECODED {
    let plain = true;
    for (let k = start + 1; k < end; k++) {
      const b = buf[k]!;
      if (b < 32) return NONE; // a raw control character: not JSON
      if (b === BACKSLASH || b >= 128) plain = false;
    }
    if (plain) {
      this.tokenStart = start;
      this.tokenEnd = end + 1;
      return PLAIN;
    }
    const v = decodeToken(utf8.decode(buf.subarray(start, end + 1)));
    if (v === undefined) return NONE;
    this.value = v;
    return DECODED;
  }

  /** Whether `buf[from..end)` holds a backslash (positions asked in increasing order, as lines are scanned). */
  private backslashIn(from: number, end: number): boolean {
    const s = this.slashes;
    if (this.next > 0 && s[this.next - 1]! >= from) this.next = 0;
    while (this.next < s.length && s[this.next]! < from) this.next++;
    return this.next < s.length && s[this.next]! < end;
  }
}

export const NONE = 0;
export const PLAIN = 1;
export const DECODED = 2;

/** Whether the word `debtorId` occurs in `buf[from..end)` (the search stops at the next occurrence, usually on the next line). */
function wordIn(buf: Buffer, from: number, end: number): boolean {
  const k = buf.indexOf(DEBTOR_ID_BYTES, from);
  return k >= 0 && k + DEBTOR_ID_BYTES.length <= end;
}

/** The position of the quote that closes the string opening at `start`, or −1. */
function byteStringEnd(buf: Buffer, start: number, end: number): number {
  for (let j = start + 1; j < end; j++) {
    const b = buf[j];
    if (b === QUOTE) return j;
    if (b === BACKSLASH) j++;
  }
  return -1;
}

const DEBTOR_ID = [100, 101, 98, 116, 111, 114, 73, 100]; // "debtorId"

function bytesKeyIs(buf: Buffer, start: number, end: number): boolean {
  const len = end - start - 1;
  if (len === 8) {
    for (let k = 0; k < 8; k++) if (buf[start + 1 + k] !== DEBTOR_ID[k]) return false;
    return true;
  }
  if (len < 8) return false;
  // Longer: only escapes could make it `debtorId` (the bytes of another character never decode to ASCII).
  for (let k = start + 1; k < end; k++)
    if (buf[k] === BACKSLASH) return decodeToken(utf8.decode(buf.subarray(start, end + 1))) === 'debtorId';
  return false;
}

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
  const raw = line.slice(start + 1, end);
  if (!raw.includes('\\')) {
    // Without escapes the token is the value, unless it holds a raw control character (not JSON).
    for (let k = 0; k < raw.length; k++) if (raw.charCodeAt(k) < 32) return undefined;
    return raw;
  }
  try {
    const v: unknown = JSON.parse(line.slice(start, end + 1));
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

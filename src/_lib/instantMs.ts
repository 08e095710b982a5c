/**
 * The instant, in ms since the epoch, of a string in the contract's instant format (INSTANT_RE in
 * src/schema/attempt.ts: `YYYY-MM-DDTHH:mm[:ss[.fraction]]` and `Z` or `±hh:mm`, offsets −12:00 to
 * +14:00, a real date and time of day) — or undefined when it is not one. The value is Date.parse's
 * (fractions truncated to the millisecond). Read character by character: an attempt carries up to
 * 10,000 of these, and a regular expression plus Date.parse cost most of a check.
 */
export function instantMs(s: string): number | undefined {
  const n = s.length;
  if (n < 17 || n > 40) return undefined;
  const y = d4(s, 0);
  const mo = d2(s, 5);
  const d = d2(s, 8);
  const h = d2(s, 11);
  const mi = d2(s, 14);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58)
    return undefined;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    sec = d2(s, i + 1);
    if (sec < 0) return undefined;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      i++;
      const start = i;
      while (i < n && i - start < 9 && isDigit(s.charCodeAt(i))) {
        if (i - start < 3) ms += (s.charCodeAt(i) - 48) * (i - start === 0 ? 100 : i - start === 1 ? 10 : 1);
        i++;
      }
      if (i === start) return undefined;
    }
  }
  let offset = 0;
  const z = s.charCodeAt(i);
  if (z === 90) {
    if (i + 1 !== n) return undefined;
  } else if (z === 43 || z === 45) {
    if (i + 6 !== n || s.charCodeAt(i + 3) !== 58) return undefined;
    const oh = d2(s, i + 1);
    const om = d2(s, i + 4);
    if (oh < 0 || om < 0 || om > 59) return undefined;
    offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
    if (offset < -720 || offset > 840) return undefined;
  } else return undefined;
  if (h > 23 || mi > 59 || sec > 59 || y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
    return undefined;
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offset) * 60_000 + sec * 1000 + ms;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  return isDigit(a) && isDigit(b) ? (a - 48) * 10 + (b - 48) : -1;
}

function d4(s: string, i: number): number {
  const a = d2(s, i);
  const b = d2(s, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

import { showInvisible } from './showInvisible.js';

/**
 * A cell a spreadsheet could run as a formula (OWASP, "CSV Injection"): one that starts — after any
 * white space, including LF, CR, NBSP and the other Unicode spaces — with `=`, `+`, `-` or `@`, or
 * their fullwidth forms `＝ ＋ － ＠`, or with a tab or CR.
 */
const FORMULA = /^(?:[\s\p{Z}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/u;

/**
 * One CSV cell (RFC 4180), the only way the CSV report writes a value: control, bidi and invisible
 * characters shown as `⟨U+XXXX⟩` (a tab is kept, quoted), a string that a spreadsheet would read as
 * a formula prefixed with `'`, and the cell quoted when it holds `"`, `,`, a tab or leading or trailing
 * white space.
 */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  let s = showInvisible(v, true);
  if (FORMULA.test(v) || FORMULA.test(s)) s = `'${s}`;
  return /[",\t]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

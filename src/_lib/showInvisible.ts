/**
 * Characters a report must never pass through as they are: C0 and C1 controls and DEL (`\p{Cc}`:
 * NUL, BEL, ESC, a lone CR that closes a Markdown table…), format characters (`\p{Cf}`: the bidi
 * overrides and isolates U+202A–U+202E and U+2066–U+2069, U+200E/U+200F, U+061C, zero-width
 * characters, the invisible tag characters U+E0000–U+E007F), line and paragraph separators U+2028
 * and U+2029, lone surrogates, and the Hangul fillers that render as nothing. Each is shown as
 * `⟨U+XXXX⟩`, so "Trojan Source" reordering, terminal escapes and forged lines are visible as such.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/gu;
const INVISIBLE_BUT_TAB = /[\0-\x08\x0A-\x1F\x7F-\x9F\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/gu;

/** The visible stand-in of one invisible character: `⟨U+202E⟩`. */
export function invisibleMark(c: string): string {
  return `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/**
 * `s` with every control, bidi and invisible format character made visible as `⟨U+XXXX⟩`. A tab is
 * kept only when `keepTab` is set (where the format shows it as plain white space).
 */
export function showInvisible(s: string, keepTab = false): string {
  return s.replace(keepTab ? INVISIBLE_BUT_TAB : INVISIBLE, invisibleMark);
}

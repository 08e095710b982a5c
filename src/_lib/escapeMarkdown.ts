import { httpUrl } from './httpUrl.js';
import { showInvisible } from './showInvisible.js';

/**
 * Markdown (CommonMark and GitHub Flavored Markdown) for text from a log or a rule file: the only
 * escaping the Markdown report and the rule catalog use.
 *
 * `escapeMarkdown` makes text inert in running text and in a table cell: every character with an
 * inline meaning is backslash-escaped — emphasis `*`, `~` and `_` (except between two letters or
 * digits, where CommonMark gives it no meaning: `invalid_json` stays readable), code spans `` ` ``,
 * links and images `[ ] !`, raw HTML and autolinks `< >`, entities `&`, table cells `|`, footnotes and
 * extensions `^ = + $ { }`, `#`, `\` itself, `@` (e-mail, `mailto:` and `xmpp:` autolinks) and the
 * colon of `://` — and `www.` is broken, so that GFM turns nothing into a link. CR, LF and every other
 * control, bidi or invisible character is shown as `⟨U+XXXX⟩` (a tab is kept), so a value can never
 * end the table row, forge a heading or reorder what is read. Text from a log or a rule file is
 * never put in a code span (`markdownCode` takes only the library's own identifiers).
 */
export function escapeMarkdown(s: string): string {
  const escaped = s
    .replace(/[\\`*{}[\]<>#+=!|~&$@^]|:(?=\/\/)|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`)
    .replace(/(w{3})\./gi, '$1\\.');
  return showInvisible(escaped, true);
}

/**
 * A code span for text the library itself controls (a rule id, a field path of its own): only when
 * every character is a letter, digit or one of `. _ - ( ) [ ]`; anything else is escaped text.
 */
export function markdownCode(s: string): string {
  return /^[A-Za-z0-9._\-()[\]]+$/.test(s) ? `\`${s}\`` : escapeMarkdown(s);
}

/**
 * `[text](url)` when `url` is an http(s) URL; otherwise the text and the URL as escaped text, not a
 * link (`javascript:`, `data:`… are never made clickable). Characters that could end the link
 * destination or the table cell are percent-encoded.
 */
export function markdownLink(text: string, url: string): string {
  const href = httpUrl(url);
  if (href === undefined) return `${escapeMarkdown(text)} (${escapeMarkdown(url)})`;
  return `[${escapeMarkdown(text)}](${href.replace(/[()<>|\\`"'\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

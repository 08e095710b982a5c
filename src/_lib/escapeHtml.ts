import { showInvisible } from './showInvisible.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text from a log or a rule file, safe in HTML text and in a quoted attribute value: `& < > " '`
 * become entities, and control, bidi and invisible characters are shown as `⟨U+XXXX⟩` (a tab, white
 * space in HTML, is kept). The only escaping the HTML report uses.
 */
export function escapeHtml(s: string): string {
  return showInvisible(s, true).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

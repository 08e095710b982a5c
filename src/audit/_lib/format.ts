/** Small formatting helpers shared by the report renderers (deterministic: no locale, no clock). */

// The one escaper per format (src/_lib), under the names the renderers import them by.
export { escapeHtml } from '../../_lib/escapeHtml.js';
export { escapeMarkdown as mdCell, markdownCode, markdownLink } from '../../_lib/escapeMarkdown.js';

/** "2026-03-02T06:30" → "2026-03-02 06:30". */
export function fmtLocal(localTime: string): string {
  return localTime.replace('T', ' ');
}

/** "2026-03-02T07:00:00-05:00" (an instant in the debtor's offset) → "2026-03-02 07:00", the local time written there. */
export function localOf(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** "2026-04-01T09:00:00.000Z" → "2026-04-01 09:00 UTC": the auditor's clock, said to be UTC. */
export function fmtUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

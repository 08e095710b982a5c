/** Small formatting helpers shared by the report renderers (deterministic: no locale, no clock). */

/** 1234567 → "1,234,567". */
export function fmtInt(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  const out = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${out}` : out;
}

/** Share of `n` in `d` as "12.3 %" ("–" when d is 0). */
export function pct(n: number, d: number): string {
  if (d === 0) return '–';
  const p = (n / d) * 100;
  return `${p > 0 && p < 0.1 ? '<0.1' : p.toFixed(1)} %`;
}

// The one escaper per format (src/_lib), under the names the renderers import them by.
export { escapeHtml } from '../../_lib/escapeHtml.js';
export { escapeMarkdown as mdCell, markdownCode, markdownLink } from '../../_lib/escapeMarkdown.js';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export const COUNTRY_NAMES: Record<string, string> = { CO: 'Colombia', MX: 'Mexico', ES: 'Spain' };

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

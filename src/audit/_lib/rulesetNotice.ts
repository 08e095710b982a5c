import type { AuditSummary } from '../auditTypes.js';
import { escapeHtml as h, markdownCode, mdCell } from './format.js';

/**
 * The block at the top of every human report when the rules are not the shipped defaults: acknowledged
 * deviations from the shipped statutory rules first and prominent, then the overrides in force, then
 * whether the rule files are custom. Plain text here; each renderer escapes with its own helpers.
 */

type Ruleset = AuditSummary['ruleset'];

export const DEVIATIONS_TITLE = 'Deviations from the shipped law';
const DEVIATIONS_NOTE =
  'acknowledged with acknowledgeDeviations / --allow-deviation: the records were judged by rules weaker than the statutory rules as shipped.';
const CUSTOM_NOTE =
  'the rule files are not the shipped ones (rules added, policy changed, or statutory rules tightened; any loosening is listed as a deviation).';

const lawOrPolicy = (statutory: boolean): string => (statutory ? 'law' : 'policy');

/** Markdown lines (a block quote), or none. */
export function rulesetNoticeMarkdown(r: Ruleset): string[] {
  const out: string[] = [];
  const q = (line = ''): void => {
    out.push(line === '' ? '>' : `> ${line}`);
  };
  if (r.deviations?.length) {
    q(`**⚠ ${DEVIATIONS_TITLE}** — ${mdCell(DEVIATIONS_NOTE)}`);
    q();
    for (const d of r.deviations)
      q(`- ${markdownCode(d.ruleId)} **${mdCell(d.kind)}** (${mdCell(d.source)}): ${mdCell(d.detail)}`);
  }
  if (r.overrides?.length) {
    if (out.length) q();
    q(
      `**Rule overrides:** ${r.overrides.map((o) => `${markdownCode(o.ruleId)} ${mdCell(o.change)} (${lawOrPolicy(o.statutory)})`).join(' · ')}`,
    );
  }
  if (r.customRules) {
    if (out.length) q();
    q(`**Custom rule files:** ${mdCell(CUSTOM_NOTE)}`);
  }
  if (out.length) out.push('');
  return out;
}

/** An HTML section, or ''. */
export function rulesetNoticeHtml(r: Ruleset): string {
  const parts: string[] = [];
  if (r.deviations?.length) {
    parts.push(`<h2>⚠ ${h(DEVIATIONS_TITLE)}</h2>
  <p class="sub">${h(DEVIATIONS_NOTE)}</p>
  <ul>${r.deviations.map((d) => `<li><code>${h(d.ruleId)}</code> <b>${h(d.kind)}</b> (${h(d.source)}): ${h(d.detail)}</li>`).join('')}</ul>`);
  }
  if (r.overrides?.length)
    parts.push(
      `<p><b>Rule overrides:</b> ${r.overrides.map((o) => `<code>${h(o.ruleId)}</code> ${h(o.change)} (${lawOrPolicy(o.statutory)})`).join(' · ')}</p>`,
    );
  if (r.customRules) parts.push(`<p><b>Custom rule files:</b> ${h(CUSTOM_NOTE)}</p>`);
  return parts.length
    ? `<section class="card notice${r.deviations?.length ? ' bad' : ''}">\n  ${parts.join('\n  ')}\n</section>`
    : '';
}

/** CSV rows for the top of the report (kinds `deviation`, `override`, `custom_rules`), as column → value. */
export function rulesetNoticeRows(
  r: Ruleset,
): Array<Record<'kind' | 'ruleId' | 'statutory' | 'code' | 'message', string | boolean>> {
  return [
    ...(r.deviations ?? []).map((d) => ({
      kind: 'deviation',
      ruleId: d.ruleId,
      statutory: true,
      code: d.kind,
      message: `${d.source}: ${d.detail}`,
    })),
    ...(r.overrides ?? []).map((o) => ({
      kind: 'override',
      ruleId: o.ruleId,
      statutory: o.statutory,
      code: o.change,
      message: `override ${o.change}`,
    })),
    ...(r.customRules ? [{ kind: 'custom_rules', ruleId: '', statutory: '', code: '', message: CUSTOM_NOTE }] : []),
  ];
}

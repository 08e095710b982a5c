import { escapeMarkdown, markdownCode, markdownLink } from '../_lib/escapeMarkdown.js';
import { inertJson } from '../_lib/inertJson.js';
import type { Checker } from '../check/createChecker.js';
import { ruleCatalog, type CatalogEntry } from '../rules/ruleCatalog.js';
import type { Country } from '../schema/enums.js';

/** `rules [--country XX] [--format md|json]`: the rule catalog, from the data. */
export function rulesCommand(
  checker: Checker,
  opts: { country?: Country; format: 'md' | 'json'; language: 'es' | 'en' },
): string {
  const packs = [...checker.packs.values()]
    .map((c) => c.pack)
    .filter((p) => !opts.country || p.country === opts.country);
  const entries = ruleCatalog(packs, opts.language);
  if (opts.format === 'json') return `${inertJson(JSON.stringify(entries, null, 2))}\n`;
  if (entries.length === 0) return `No rules are loaded${opts.country ? ` for ${opts.country}` : ''}.\n`;
  return catalogMarkdown(entries);
}

/**
 * The catalog as Markdown tables, one per country: law and policy at a glance. Rule files are
 * untrusted (`--rules DIR`): every text is escaped, and a citation is a link only to an http(s) URL.
 */
export function catalogMarkdown(entries: readonly CatalogEntry[]): string {
  const names: Record<Country, string> = { CO: 'Colombia', MX: 'Mexico', ES: 'Spain' };
  let out = '';
  for (const country of ['CO', 'MX', 'ES'] as const) {
    const rows = entries.filter((e) => e.country === country);
    if (rows.length === 0) continue;
    out += `### ${names[country]} (${country})\n\n| rule | category | kind | severity | summary | citation | in force |\n|---|---|---|---|---|---|---|\n`;
    for (const e of rows) {
      const kind = e.kind === 'law' ? '**law**' : '_policy_';
      // The official publication named; a link to a secondary copy (a news or upload site) marked as such.
      const cite = `${markdownLink(`${e.citation.instrument}, ${e.citation.article}`, e.citation.url)}${e.citation.secondary ? ' _(link: secondary copy)_' : ''}${e.citation.publication ? ` — ${escapeMarkdown(e.citation.publication)}` : ''}`;
      const since = `${e.effective.from}${e.effective.to ? ` – ${e.effective.to}` : ' –'}${e.effective.basis === 'adopted' ? ' (adopted by the library)' : ''}`;
      out += `| ${markdownCode(e.id)} | ${e.category} | ${kind} | ${e.severity} | ${escapeMarkdown(e.summary)}${e.reference ? ` _Mirrors: ${escapeMarkdown(e.reference)}._` : ''} | ${cite} | ${since} |\n`;
    }
    out += '\n';
  }
  return out;
}

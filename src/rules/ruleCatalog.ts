import type { Country } from '../schema/enums.js';
import type { Rule } from '../schema/rule.js';
import type { RulePack } from './loadRulePacks.js';

export interface CatalogEntry {
  readonly id: string;
  readonly country: Country;
  readonly file: string;
  readonly category: Rule['category'];
  readonly severity: Rule['severity'];
  /** `law` for statutory rules, `policy` for the library's labelled defaults. */
  readonly kind: 'law' | 'policy';
  readonly summary: string;
  readonly citation: Rule['citation'];
  readonly reference?: string;
  readonly effective: Rule['effective'];
}

/** The rule catalog, from the data: what `cobranza-compliance rules` prints and the README shows. */
export function ruleCatalog(packs: Iterable<RulePack>, language: 'es' | 'en' = 'en'): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const pack of packs) {
    for (const r of pack.rules) {
      out.push({
        id: r.id,
        country: pack.country,
        file: pack.fileOf.get(r.id) ?? '',
        category: r.category,
        severity: r.severity,
        kind: r.statutory ? 'law' : 'policy',
        summary: r.summary[language],
        citation: r.citation,
        ...(r.reference !== undefined ? { reference: r.reference } : {}),
        effective: r.effective,
      });
    }
  }
  return out;
}

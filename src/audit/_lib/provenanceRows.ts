import type { AuditSummary } from '../auditTypes.js';

/**
 * "How this report was produced", as label → value rows of plain text (each renderer escapes them
 * with its own helper): the options of the checker and of the audit, every override (statutory ones
 * marked), custom rule files, acknowledged deviations, and the versions of the library, the ruleset,
 * the holiday data and the time-zone database. `key` is the stable name used in the CSV report.
 */
export interface ProvenanceRow {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  /** A value that is not the default (or a deviation from the shipped law): shown prominently. */
  readonly notDefault?: boolean;
}

export function provenanceRows(s: AuditSummary): ProvenanceRow[] {
  const p = s.provenance;
  if (p === undefined) return [];
  const o = p.options;
  // Reports written from an older summary have no sources: nothing to say beyond the tables.
  const custom = (p.data.holidays.sources ?? []).filter((c) => c.custom);
  const rows: ProvenanceRow[] = [
    { key: 'library', label: 'Library', value: `${p.library.name} ${p.library.version}` },
    {
      key: 'rulesetVersion',
      label: 'Ruleset version',
      value: `${p.rulesetVersion} — changes with anything that changes decisions`,
    },
    { key: 'countries', label: 'Countries', value: o.countries.join(', ') },
    {
      key: 'directContact',
      label: 'What counts as a contact (--direct-contact)',
      notDefault: o.directContact !== 'attempt',
      value:
        o.directContact === 'attempt'
          ? 'attempt — every attempt counts (default, strict)'
          : 'two_way — only connected two-way conversations count (not the default)',
    },
    {
      key: 'week',
      label: 'What a week is (--week)',
      notDefault: o.week !== 'rolling',
      value:
        o.week === 'rolling'
          ? 'rolling — the 7×24 h before each contact (default, strict)'
          : 'calendar — Monday to Sunday, local (not the default)',
    },
    {
      key: 'horizonDays',
      label: 'nextAllowedAt searched ahead',
      value: `${o.horizonDays} days${o.horizonDays === 90 ? ' (default)' : ' (not the default)'}`,
      notDefault: o.horizonDays !== 90,
    },
    { key: 'language', label: 'Language of messages (--lang)', value: `${o.language} (changes no decision)` },
    {
      key: 'overrides',
      label: 'Rule overrides (--override)',
      notDefault: p.overrides.length > 0,
      value:
        p.overrides.length === 0
          ? 'none'
          : p.overrides
              .map((x) => `${x.ruleId} ${x.change}${x.statutory ? ' (STATUTORY rule)' : ' (policy)'}`)
              .join('; '),
    },
    {
      key: 'ruleFiles',
      label: 'Rule files (--rules)',
      notDefault: p.customRules,
      value:
        p.ruleFiles === null
          ? 'the shipped rules'
          : `${p.customRules ? 'custom (they differ from the shipped rules)' : 'the same as the shipped rules'}: ${p.ruleFiles.join(', ')}`,
    },
    {
      key: 'deviations',
      label: 'Acknowledged deviations (--allow-deviation)',
      notDefault: p.deviations.length > 0,
      value:
        p.deviations.length === 0 ? 'none' : p.deviations.map((d) => `${d.ruleId} ${d.kind} (${d.source})`).join('; '),
    },
    {
      key: 'recordHistory',
      label: "A record's own history field (--record-history)",
      notDefault: s.options.recordHistory !== 'ignore',
      value:
        s.options.recordHistory === 'ignore'
          ? 'ignore (default): the log is the history'
          : "merge: added to the log's earlier records",
    },
    {
      key: 'historyLookbackDays',
      label: 'Earlier records handed to each check',
      value: `${s.options.historyLookbackDays} days back`,
    },
    {
      key: 'holidayData',
      label: 'Holiday data',
      notDefault: custom.length > 0,
      value: `date-holidays ${p.data.holidays.dateHolidays}${p.data.holidays.tables.length ? `; official tables: ${p.data.holidays.tables.map((t) => `${t.country} ${t.year} ${t.reference}`).join(', ')}` : ''}${custom.length ? `; NOT the shipped holiday data: ${custom.map((c) => `${c.country} calendar ${c.calendarFile ?? 'none (date-holidays uncorrected)'}, holiday table ${c.tableFile ?? 'none'}`).join('; ')}` : ''}`,
    },
    { key: 'tzdata', label: 'Time-zone database', value: `tzdata ${p.data.tzdata ?? 'unknown'} (${p.data.runtime})` },
  ];
  return rows;
}

import type { AuditSummary } from '../auditTypes.js';
import type { ReportText } from './reportText.js';

/**
 * "How this report was produced", as label → value rows of plain text (each renderer escapes them
 * with its own helper), in the report's language: the log, the options of the checker and of the
 * audit, every override (statutory ones marked), custom rule files, acknowledged deviations, and the
 * versions of the library, the ruleset, the holiday data and the time-zone database. `key` is stable.
 */
export interface ProvenanceRow {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  /** A value that is not the default (or a deviation from the shipped law): shown prominently. */
  readonly notDefault?: boolean;
}

export function provenanceRows(s: AuditSummary, t: ReportText): ProvenanceRow[] {
  const p = s.provenance;
  if (p === undefined) return [];
  const o = p.options;
  const l = t.prov;
  // Reports written from an older summary have no sources: nothing to say beyond the tables.
  const custom = (p.data.holidays.sources ?? []).filter((c) => c.custom);
  const rows: ProvenanceRow[] = [
    {
      key: 'source',
      label: l.source,
      value: `${s.source.name} (${t.formatName(s.source.format)}${s.source.bytes !== null ? `, ${t.int(s.source.bytes)} bytes` : ''})`,
    },
    { key: 'library', label: l.library, value: `${p.library.name} ${p.library.version}` },
    { key: 'rulesetVersion', label: l.rulesetVersion, value: l.rulesetVersionValue(p.rulesetVersion) },
    { key: 'countries', label: l.countries, value: o.countries.join(', ') },
    {
      key: 'directContact',
      label: l.directContact,
      notDefault: o.directContact !== 'attempt',
      value: o.directContact === 'attempt' ? l.directContactAttempt : l.directContactTwoWay,
    },
    {
      key: 'week',
      label: l.week,
      notDefault: o.week !== 'rolling',
      value: o.week === 'rolling' ? l.weekRolling : l.weekCalendar,
    },
    {
      key: 'horizonDays',
      label: l.horizon,
      value: l.horizonValue(o.horizonDays, o.horizonDays === 90),
      notDefault: o.horizonDays !== 90,
    },
    { key: 'language', label: l.language, value: l.languageValue(o.language) },
    {
      key: 'overrides',
      label: l.overrides,
      notDefault: p.overrides.length > 0,
      value:
        p.overrides.length === 0
          ? l.noneValue
          : p.overrides
              .map((x) => `${x.ruleId} ${x.change} (${x.statutory ? l.statutoryRule : l.policyRule})`)
              .join('; '),
    },
    {
      key: 'ruleFiles',
      label: l.ruleFiles,
      notDefault: p.customRules,
      value:
        p.ruleFiles === null
          ? l.shippedRules
          : `${p.customRules ? l.customRules : l.sameRules}: ${p.ruleFiles.join(', ')}`,
    },
    {
      key: 'deviations',
      label: l.deviations,
      notDefault: p.deviations.length > 0,
      value:
        p.deviations.length === 0
          ? l.noneValue
          : p.deviations.map((d) => `${d.ruleId} ${d.kind} (${d.source})`).join('; '),
    },
    {
      key: 'recordHistory',
      label: l.recordHistory,
      notDefault: s.options.recordHistory !== 'ignore',
      value: s.options.recordHistory === 'ignore' ? l.recordHistoryIgnore : l.recordHistoryMerge,
    },
    { key: 'historyLookbackDays', label: l.lookback, value: l.lookbackValue(s.options.historyLookbackDays) },
    {
      key: 'holidayData',
      label: l.holidayData,
      notDefault: custom.length > 0,
      value: `date-holidays ${p.data.holidays.dateHolidays}${p.data.holidays.tables.length ? `; ${l.officialTables}: ${p.data.holidays.tables.map((x) => `${x.country} ${x.year} ${x.reference}`).join(', ')}` : ''}${custom.map((c) => `; ${l.customHolidays(c)}`).join('')}`,
    },
    { key: 'tzdata', label: l.tzdata, value: `tzdata ${p.data.tzdata ?? l.unknown} (${p.data.runtime})` },
    { key: 'formatVersion', label: l.reportFormat, value: l.reportFormatValue(s.formatVersion) },
  ];
  if (s.source.encoding) rows.splice(1, 0, { key: 'encoding', label: l.encoding, value: s.source.encoding });
  const m = s.mapping;
  if (m) {
    rows.push({ key: 'mapping', label: l.mapping, value: m.name, notDefault: true });
    rows.push({
      key: 'statedByAuditor',
      label: l.statedByAuditor,
      notDefault: m.statedByAuditor.length > 0,
      value: m.statedByAuditor.length === 0 ? l.noneValue : statedText(m.statedByAuditor),
    });
    rows.push({
      key: 'columnsNotUsed',
      label: l.columnsNotUsed,
      value: m.columnsNotUsed.length === 0 ? l.noneValue : m.columnsNotUsed.join(', '),
    });
  }
  return rows;
}

/** "recipient.role = debtor; jurisdiction.country = CO": what the auditor states for every record. */
export function statedText(stated: ReadonlyArray<{ readonly field: string; readonly value: unknown }>): string {
  return stated
    .map((x) => `${x.field} = ${typeof x.value === 'string' ? x.value : JSON.stringify(x.value)}`)
    .join('; ');
}

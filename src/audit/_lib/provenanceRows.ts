import type { AuditSummary } from '../auditTypes.js';
import { fieldKindOf } from '../mapping/parseMapping.js';
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
  /** Verbatim text (a query): shown in a monospace face, its line breaks kept. */
  readonly verbatim?: boolean;
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
  if (s.source.sql !== undefined)
    rows.splice(1, 0, {
      key: 'sql',
      label: s.source.format === 'parquet' ? l.sqlBuilt : l.sql,
      value: s.source.sql,
      verbatim: true,
    });
  const m = s.mapping;
  if (m) {
    const d = m.definition;
    rows.push({ key: 'mapping', label: l.mapping, value: m.name, notDefault: true });
    rows.push({
      key: 'mappingClock',
      label: l.mappingClock,
      value:
        d.timeZone === undefined
          ? l.clockNone
          : typeof d.timeZone === 'string'
            ? d.timeZone
            : l.clockColumn(d.timeZone.column),
    });
    if (d.csv !== undefined || s.source.format === 'csv')
      rows.push({
        key: 'mappingCsv',
        label: l.mappingCsv,
        value: l.csvValue(
          d.csv?.delimiter ?? ',',
          s.source.encoding ?? d.csv?.encoding ?? 'utf-8',
          d.csv?.decimalComma === true,
        ),
      });
    const dims = Object.entries(d.dimensions ?? {});
    if (dims.length > 0)
      rows.push({
        key: 'dimensions',
        label: l.dimensions,
        value: dims.map(([name, column]) => `${name} ← "${column}"`).join('; '),
      });
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
    // A column named in the mapping that no record had: most often a key misspelt (JSON Lines).
    if (m.columnsNeverSeen !== undefined && m.columnsNeverSeen.length > 0)
      rows.push({
        key: 'columnsNeverSeen',
        label: l.columnsNeverSeen,
        notDefault: true,
        value: m.columnsNeverSeen.join(', '),
      });
  }
  return rows;
}

/** One row of "How the mapping read each field", plain text (each renderer escapes it). */
export interface MappingFieldRow {
  readonly field: string;
  readonly from: string;
  readonly how: string;
  readonly stated: boolean;
}

/** The words of a `values` map shown in the report; the rest are counted. */
const VALUES_SHOWN = 12;

/** Each field of the mapping: the columns it reads (or the auditor's value), and how they are read. */
export function mappingFieldRows(s: AuditSummary, t: ReportText): MappingFieldRow[] {
  const m = s.mapping;
  if (m === undefined) return [];
  const l = t.prov;
  const decimalComma = m.definition.csv?.decimalComma === true;
  return m.fields.map((f) => {
    if (f.columns.length === 0)
      return { field: f.field, from: l.fromStated(shownValue(f.value)), how: l.howStated, stated: true };
    const spec = m.definition.fields[f.field];
    const how: string[] = [];
    if (f.format !== undefined) how.push(l.howFormat(f.format));
    if (spec !== undefined && typeof spec !== 'string' && spec.values !== undefined) {
      const pairs = Object.entries(spec.values);
      how.push(
        l.howValues(
          pairs
            .slice(0, VALUES_SHOWN)
            .map(([word, v]) => `"${word}" → ${shownValue(v)}`)
            .join(', '),
          Math.max(0, pairs.length - VALUES_SHOWN),
        ),
      );
    }
    if (f.defaultCountry !== undefined) how.push(l.howCountry(f.defaultCountry));
    if (decimalComma && fieldKindOf(f.field) === 'number') how.push(l.howDecimalComma);
    return {
      field: f.field,
      from:
        f.columns.length === 1
          ? l.fromColumn(f.columns[0]!)
          : l.fromColumns(f.columns.map((c) => `"${c}"`).join(' + ')),
      how: how.length > 0 ? how.join('; ') : l.howAsWritten,
      stated: false,
    };
  });
}

function shownValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** "recipient.role = debtor; jurisdiction.country = CO": what the auditor states for every record. */
export function statedText(stated: ReadonlyArray<{ readonly field: string; readonly value: unknown }>): string {
  return stated.map((x) => `${x.field} = ${shownValue(x.value)}`).join('; ');
}

/**
 * Every word of the audit reports and of the CLI's audit summary, one table per language (`--lang`).
 * The finding messages come from the rule files in the same language; everything around them is here.
 * A test holds the tables to the same keys and kinds. Plain text: each renderer escapes what it
 * interpolates from a log or a rule file with its own helper (the numbers and dates put in here are
 * the library's own).
 */

export type ReportLanguage = 'en' | 'es';

/** Numbers as each language writes them (no locale read from the machine: deterministic). */
function intIn(sep: string): (n: number) => string {
  return (n) => {
    const s = String(Math.round(Math.abs(n)));
    const out = s.length > 4 || sep === ',' ? s.replace(/\B(?=(\d{3})+(?!\d))/g, sep) : s;
    return n < 0 ? `-${out}` : out;
  };
}

function pctIn(decimal: string): (n: number, d: number) => string {
  return (n, d) => {
    if (d === 0) return '–';
    const p = (n / d) * 100;
    return `${p > 0 && p < 0.1 ? `<0${decimal}1` : p.toFixed(1).replace('.', decimal)} %`;
  };
}

const enInt = intIn(',');
const esInt = intIn('.');
const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

const en = {
  int: enInt,
  pct: pctIn('.'),
  title: 'Contact-log audit',
  htmlLang: 'en',
  formatName: (f: string): string => ({ jsonl: 'JSON Lines', csv: 'CSV', parquet: 'Parquet', sql: 'SQL' })[f] ?? f,
  generated: (utc: string): string => `generated ${utc}`,
  rules: 'rules',
  recordsN: (n: number): string => `${enInt(n)} ${plural(n, 'record', 'records')}`,
  periodLocal: "Period, in the debtors' local time",
  period: 'Period',
  countryName: { CO: 'Colombia', MX: 'Mexico', ES: 'Spain' } as Record<string, string>,
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  weekdaysLong: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  category: {
    hours: 'hours',
    holiday: 'holiday',
    frequency: 'frequency',
    third_party: 'third parties',
    mora: 'mora',
    channel: 'channel',
    debtor_status: 'debtor status',
    conduct: 'conduct',
  } as Record<string, string>,
  channel: {
    call: 'call',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    email: 'e-mail',
    letter: 'letter',
    visit: 'visit',
  } as Record<string, string>,
  outcome: {
    connected: 'connected',
    no_answer: 'no answer',
    voicemail: 'voicemail',
    busy: 'busy',
    delivered: 'delivered',
    failed: 'failed',
  } as Record<string, string>,
  law: 'law',
  policy: 'policy',
  secondary: 'secondary copy',
  secondaryNote:
    'the link opens a secondary copy (a news or upload site), not the official publication: read the official text before relying on it',
  publishedIn: 'published in',

  // The first screen: the answer.
  answer: 'The answer',
  kpiJudged: 'Records judged',
  kpiDebtors: 'Debtors',
  kpiAllowed: 'Allowed',
  kpiDelayed: 'Made at a time not allowed',
  kpiBlocked: 'Not allowed',
  kpiUnverified: 'Unverified',
  kpiRejected: 'Rejected lines',
  answerSentence: (notAllowed: number, judged: number, violations: number, rules: number): string =>
    notAllowed === 0
      ? `No contact of the ${enInt(judged)} judged broke a rule that the log proves.`
      : `${enInt(notAllowed)} of the ${enInt(judged)} contacts judged broke a rule that the log proves (${enInt(violations)} ${plural(violations, 'violation', 'violations')} of ${enInt(rules)} ${plural(rules, 'rule', 'rules')}).`,
  unverifiedSentence: (n: number): string =>
    n === 0
      ? ''
      : `${enInt(n)} more ${plural(n, 'record', 'records')} could not be judged from what the log says (below): ${plural(n, 'it is', 'they are')} not counted as ${plural(n, 'a violation', 'violations')}.`,
  rejectedSentence: (n: number): string =>
    n === 0
      ? ''
      : `${enInt(n)} ${plural(n, 'line was', 'lines were')} rejected and not judged (their row and field are listed below).`,
  warningsSentence: (n: number): string =>
    n === 0 ? '' : `${enInt(n)} allowed ${plural(n, 'record carries', 'records carry')} a warning.`,
  statusMeaning:
    'Made at a time not allowed: every proven violation was about time (hours, holiday, frequency), and the same contact would have been allowed later. Not allowed: a proven violation that waiting could not cure. Unverified: every finding rests on something the log does not say.',
  provenByRule: 'Proven violations by rule',
  noProven: 'No rule was broken on what the log proves.',
  colRule: 'rule',
  colKind: 'law or policy',
  colProven: 'proven',
  colUnverified: 'unverified',
  colCitation: 'citation',
  moreRules: (n: number): string =>
    `and ${enInt(n)} more ${plural(n, 'rule', 'rules')}: see Violations by rule, below.`,
  colRecords: 'records',
  colShare: 'share',
  colChannels: 'channels',
  colCategory: 'category',
  notJudged: 'What could not be judged, and why',
  notJudgedIntro:
    'A finding that rests on a fact the record did not carry (a default), or that holds only under a conservative assumption, is unverified: it is shown, never counted as a violation.',
  gapRecords: (n: number): string => `${enInt(n)} ${plural(n, 'record', 'records')}`,
  gapRules: 'rules',
  worstDimensions: 'Where the proven violations are',
  colNotAllowed: 'not allowed',
  colViolations: 'violations',
  colWarnings: 'warnings',
  colDelayed: 'at a time not allowed',
  colBlocked: 'not allowed',
  colAllowed: 'allowed',
  dimensionName: (d: string): string => ({ creditorId: 'creditor' })[d] ?? d,
  moreValues: (n: number): string => `and ${enInt(n)} more values: see the JSON report.`,
  byDimension: (name: string): string => `By ${name}`,
  worstNone: 'No record broke a rule the log proves.',
  emptyValue: '(empty)',
  otherValues: 'all other values (counted together)',
  colValue: 'value',
  statedByAuditor: 'Stated by the auditor for every record (the mapping sets these fields with a value)',
  unmappedColumns: 'Columns of the log not used',

  // The details.
  details: 'Details',
  violationsByRule: 'Violations by rule',
  violationsByRuleSub:
    'Records on which each rule fired, most frequent first: proven, and unverified (resting on what the log does not say). An example of the message, and the law it cites.',
  warningsByRule: 'Warnings by rule',
  warningsSub:
    'Severity warn: the contact was allowed, but a policy default advises against how it was made. They do not count as violations.',
  byCategory: 'By category',
  byCategorySub:
    'Proven violations and warnings of each category, on scales of their own (a warning does not make a record not allowed).',
  chartViolations: 'proven violations',
  chartWarnings: 'warnings (allowed)',
  byCountry: 'By country',
  byChannel: 'By channel',
  debtorsN: (n: number): string => `${enInt(n)} ${plural(n, 'debtor', 'debtors')}`,
  colCountry: 'country',
  colChannel: 'channel',
  colDate: "debtor's local date",
  stackLegend: 'allowed · at a time not allowed · not allowed · unverified',
  heatTitle: 'When: records not allowed by local weekday and hour',
  heatSub:
    "In the debtor's local time. The number in a cell is the records not allowed in that hour (proven), its shade their count; a pale green cell had contacts, all allowed. The last columns: records not allowed and all records, per weekday.",
  heatSubMd: "In the debtor's local time. Each cell: records not allowed / records.",
  heatNotAllowed: 'Σ not allowed',
  heatAll: 'Σ all records',
  heatCell: (wd: string, hour: string, bad: string, all: string): string =>
    `${wd} ${hour}:00–${hour}:59 · ${bad} not allowed of ${all}`,
  heatLegendAllowed: 'contacts, all allowed',
  heatLegendScale: (max: string): string => `fewer → more records not allowed (max ${max} in one cell)`,
  byDate: 'By local date',
  byDateSub:
    "Records per day, by the debtor's local date; the number above a bar is its total. Public holidays are marked.",
  weekendsRed: 'weekends in red',
  publicHoliday: 'public holiday',
  noHolidays: ' (none in the period)',
  holidayOf: (country: string, name: string): string => `${country} holiday: ${name}`,
  holidaysNational: '(national; regional holidays are applied per debtor but not marked)',
  topDebtors: 'Debtors with most records not allowed',
  colDebtor: 'debtor',
  colCountries: 'countries',
  colTopRules: 'most frequent rules',
  none: 'None.',
  noRecords: 'No records.',
  rejectedLines: 'Rejected lines',
  noneRejected: 'None: every record was judged.',
  colField: 'field',
  colCode: 'code',
  colLines: 'lines',
  colFirstLine: 'first line',
  colLine: 'line',
  colMessage: 'message',
  colExcerpt: 'line as read',
  listingTitle: 'Records not allowed, and unverified',
  listingIntro:
    'Most severe first (not allowed, then at a time not allowed, then unverified), then by time. For a frequency finding, the earlier contact that made the count.',
  colId: 'id',
  colMade: 'made (local time)',
  colStatus: 'outcome',
  colFindings: 'what broke the rule',
  capShown: (shown: number, total: number): string =>
    `Showing the first ${enInt(shown)} of ${enInt(total)}. The complete list, in log order, is in the JSON or CSV report (--format json or --format csv).`,
  capAll: (total: number): string => `All ${enInt(total)}.`,
  capRejShown: (shown: number, total: number): string =>
    `Showing the first ${enInt(shown)} of ${enInt(total)} rejected lines, in log order. The complete list is in the JSON report, or beside a CSV report (.rejected.csv).`,
  capRejAll: (total: number): string => `All ${enInt(total)} rejected lines, in log order.`,
  status: {
    allowed: 'allowed',
    delayed: 'at a time not allowed',
    blocked: 'not allowed',
    unverified: 'unverified',
  } as Record<string, string>,
  madeOn: (weekdayLong: string): string => `made on ${weekdayLong}`,
  madeOnHoliday: (name: string): string => `a holiday: ${name}`,
  lawfulFrom: (weekdayLong: string, local: string): string => `lawful from ${weekdayLong} ${local}`,
  allowedFrom: (weekdayLong: string, local: string): string => `allowed from ${weekdayLong} ${local}`,
  notProven: 'not proven',
  earlierContact: 'earlier contact',
  lineN: (n: number): string => `line ${n}`,
  ruleRowLink: 'its row in the table of rules',

  // How the report was produced (at the end).
  provenanceTitle: 'How this report was produced',
  methodTitle: 'Method',
  accounting: 'Accounting',
  balanced: 'balanced ✓',
  notBalanced: 'NOT BALANCED ✗',
  accountingLine: (
    lines: string,
    header: string,
    blank: string,
    recordLines: string,
    records: string,
    judged: string,
    rejected: string,
  ): string =>
    `${lines} lines = ${header} header + ${blank} blank + ${recordLines} record lines; ${records} records = ${judged} judged + ${rejected} rejected.`,
  prov: {
    library: 'Library',
    rulesetVersion: 'Ruleset version',
    rulesetVersionValue: (v: string): string => `${v} — changes with anything that changes decisions`,
    countries: 'Countries',
    directContact: 'What counts as a contact (--direct-contact)',
    directContactAttempt: 'attempt — every attempt counts (default, strict)',
    directContactTwoWay: 'two_way — only connected two-way conversations count (not the default)',
    week: 'What a week is (--week)',
    weekRolling: 'rolling — the 7×24 h before each contact (default, strict)',
    weekCalendar: 'calendar — Monday to Sunday, local (not the default)',
    horizon: 'nextAllowedAt searched ahead',
    horizonValue: (d: number, isDefault: boolean): string =>
      `${d} days${isDefault ? ' (default)' : ' (not the default)'}`,
    language: 'Language of the report (--lang)',
    languageValue: (l: string): string => `${l} (changes no decision)`,
    overrides: 'Rule overrides (--override)',
    noneValue: 'none',
    statutoryRule: 'STATUTORY rule',
    policyRule: 'policy',
    ruleFiles: 'Rule files (--rules)',
    shippedRules: 'the shipped rules',
    customRules: 'custom (they differ from the shipped rules)',
    sameRules: 'the same as the shipped rules',
    deviations: 'Acknowledged deviations (--allow-deviation)',
    recordHistory: "A record's own history field (--record-history)",
    recordHistoryIgnore: 'ignore (default): the log is the history',
    recordHistoryMerge: "merge: added to the log's earlier records",
    lookback: 'Earlier records handed to each check',
    lookbackValue: (d: number): string => `${d} days back`,
    holidayData: 'Holiday data',
    officialTables: 'official tables',
    customHolidays: (c: { country: string; calendarFile: string | null; tableFile: string | null }): string =>
      `NOT the shipped holiday data: ${c.country} calendar ${c.calendarFile ?? 'none (date-holidays uncorrected)'}, holiday table ${c.tableFile ?? 'none'}`,
    tzdata: 'Time-zone database',
    unknown: 'unknown',
    source: 'Log',
    reportFormat: 'Report format',
    mapping: 'Mapping (--map)',
    statedByAuditor: 'Fields stated by the auditor for every record',
    columnsNotUsed: 'Columns of the log not used',
    encoding: 'Text encoding of the log',
    reportFormatValue: (v: number): string => `cobranza-compliance/audit, format version ${v}`,
    sql: 'Query the rows came from',
    sqlBuilt: 'Query built for --input-format parquet',
    mappingClock: "Clock of the export's local dates and times (timeZone)",
    clockColumn: (c: string): string => `each row's own zone, column "${c}"`,
    clockNone: 'not set: every date-time carries its offset',
    mappingCsv: 'How the CSV is written (csv)',
    csvValue: (delimiter: string, encoding: string, decimalComma: boolean): string =>
      `delimiter "${delimiter}"; encoding ${encoding}${decimalComma ? '; decimal comma (1.234,56)' : ''}`,
    dimensions: 'Columns carried as dimensions',
    columnsNeverSeen: 'Columns the mapping names that no record had',
    fieldsTitle: 'How the mapping read each field',
    colField: 'Field of the contract',
    colFrom: 'From the log',
    colHow: 'How it is read',
    fromColumn: (c: string): string => `column "${c}"`,
    fromColumns: (joined: string): string => `columns ${joined}, joined by a space`,
    fromStated: (v: string): string => `stated by the auditor for every record: ${v}`,
    howFormat: (f: string): string => `written as ${f} (luxon tokens)`,
    howValues: (pairs: string, more: number): string =>
      `the export's words: ${pairs}${more > 0 ? ` and ${enInt(more)} more` : ''}; any other word rejects its row`,
    howCountry: (c: string): string => `national numbers read as ${c} numbers (E.164)`,
    howDecimalComma: 'decimal comma (1.234,56)',
    howAsWritten: 'as written',
    howStated: 'nothing read: the same value for every record, counted as stated',
  },
  method: (lookbackDays: number): string[] => [
    "Each record was judged exactly as `cobranza-compliance check` judges an attempt, with the log's earlier records of the same debtor (and creditor) as its history: frequency rules see the log itself. Records were sorted by time first, so the order of the log does not matter.",
    `Earlier records older than ${lookbackDays} days before a record are not handed to the check: no frequency rule looks back further than a week, so the answer is the same.`,
    "Local times, weekdays and dates are the debtor's (the zone the check resolved from jurisdiction.timeZone, region or phone; see each record's zone).",
    'A finding is proven when every fact its rule read came from the record (or from a value the mapping states for the whole log) and it held in every zone the debtor may be in; otherwise it is unverified, shown, and not counted as a violation. A record is judged by its proven findings alone.',
    '**law** rules are statutory; _policy_ rules are the library’s labelled defaults, never presented as law. Severity _warn_ findings do not make a record not allowed.',
    'This report speaks of contacts already made: it says when each one was made and from when the same contact would have been allowed; the `delay` and `block` verdicts of the JSON and CSV reports are the same check’s answers.',
  ],
  deviationsTitle: 'Deviations from the shipped law',
  deviationsNote:
    'acknowledged with acknowledgeDeviations / --allow-deviation: the records were judged by rules weaker than the statutory rules as shipped.',
  overridesLabel: 'Rule overrides',
  customLabel: 'Custom rule files',
  customNote:
    'the rule files are not the shipped ones (rules added, policy changed, or statutory rules tightened; any loosening is listed as a deviation).',
  footer: (version: string, format: number, ruleset: string): string =>
    `cobranza-compliance ${version} · audit report format ${format} · rules ${ruleset}`,

  // What the log does not say: a sentence per fact a finding read from a default.
  unstated: {
    identityVerified: 'the log does not say whether the identity was verified before the debt was mentioned',
    disclosesDebt: 'the log does not say whether the contact revealed the debt',
    identifiesCollector: 'the log does not say whether the collector said who they are and for whom they collect',
    aiDisclosed: 'the log does not say whether the automated agent said it was an automated system',
    channelAuthorization: 'the log does not say which channels the debtor authorized',
    channelOptedOut: 'the log does not say whether the debtor opted out of the channel',
    creditorType: 'the log does not say whether the creditor is a financial or a commercial entity',
    ageGroup: "the log does not say the recipient's age group",
    recipientRole: 'the log does not say whom the contact reached',
    agent: 'the log does not say whether a person or an automated agent made the contact',
    initiatedBy: 'the log does not say whether the collector or the debtor started the conversation',
    purpose: 'the log does not say whether it was collection or a reminder before the due date',
    product: 'the log does not say what kind of credit the debt is',
    disputed: 'the log does not say whether the debt is disputed',
    visitAuthorized: 'the log does not say whether the debtor authorized visits',
    representedByAttorney: 'the log does not say whether the debtor asked that contact go through their lawyer',
    deceased: 'the log does not say whether the debtor has died',
    insolvencyProceeding: 'the log does not say whether the debtor is in an insolvency proceeding',
    regionKnown: "the log does not say the debtor's region (state or community)",
  } as Record<string, string>,
  unstatedOther: (fact: string): string => `the log does not say ${fact}`,
  zoneAssumed:
    'the log does not place the debtor in one time zone: the contact was outside the hours in some of the zones the debtor may be in, not in all',

  // The CLI's summary.
  cli: {
    audited: (
      name: string,
      records: number,
      judged: number,
      rejected: number,
      blank: number,
      debtors: number,
    ): string =>
      `audited ${name}: ${enInt(records)} records (${enInt(judged)} judged, ${enInt(rejected)} rejected${blank ? `, plus ${enInt(blank)} blank lines` : ''}) from ${enInt(debtors)} debtors`,
    counts: (
      allowed: number,
      delayed: number,
      blocked: number,
      unverified: number,
      violations: number,
      rules: number,
    ): string =>
      `  allowed ${enInt(allowed)} · at a time not allowed ${enInt(delayed)} · not allowed ${enInt(blocked)} · unverified ${enInt(unverified)} · ${enInt(violations)} proven violations of ${enInt(rules)} rules`,
    report: (format: string, path: string): string => `${format} report: ${path}`,
    beside: (paths: string): string => `  beside it: ${paths}`,
    stdoutCsv: (rejected: number): string =>
      `the CSV on standard output holds the findings alone: ${enInt(rejected)} rejected lines and how the report was produced are not in it (write it with --out FILE.csv to get FILE.rejected.csv and FILE.provenance.json beside it)`,
  },
  notes: {
    blankLines: (n: number): string => `${enInt(n)} blank line(s) were skipped: they are not records.`,
    historyMerged: (n: number): string =>
      `${enInt(n)} record(s) carried a history field of their own: its entries were added to the log's earlier records (same instant and channel counted once).`,
    historyIgnored: (n: number): string =>
      `${enInt(n)} record(s) carried a history field of their own: it was ignored — frequency is counted from the log itself, so no contact is counted twice.`,
    mappingNeverSeen: (n: number, columns: string): string =>
      `The mapping names ${enInt(n)} column(s) that no record had: ${columns} (misspelt in the mapping?).`,
    columnsNotUsed: (n: number): string =>
      `${enInt(n)} column(s) of the log were not used (listed in mapping.columnsNotUsed).`,
    tableColumnsNotRead: (n: number, columns: string): string =>
      `${enInt(n)} column(s) of the table are not fields of the contract and were not read: ${columns}.`,
  },
};

export type ReportText = typeof en;

const es: ReportText = {
  int: esInt,
  pct: pctIn(','),
  title: 'Auditoría del registro de contactos',
  htmlLang: 'es',
  formatName: (f) => ({ jsonl: 'JSON Lines', csv: 'CSV', parquet: 'Parquet', sql: 'SQL' })[f] ?? f,
  generated: (utc) => `generado el ${utc}`,
  rules: 'reglas',
  recordsN: (n) => `${esInt(n)} ${plural(n, 'registro', 'registros')}`,
  periodLocal: 'Periodo, en la hora local de los deudores',
  period: 'Periodo',
  countryName: { CO: 'Colombia', MX: 'México', ES: 'España' },
  weekdays: ['lun', 'mar', 'mié', 'jue', 'vie', 'sáb', 'dom'],
  weekdaysLong: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'],
  category: {
    hours: 'horario',
    holiday: 'festivo',
    frequency: 'frecuencia',
    third_party: 'terceros',
    mora: 'mora',
    channel: 'canal',
    debtor_status: 'situación del deudor',
    conduct: 'conducta',
  },
  channel: {
    call: 'llamada',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    email: 'correo electrónico',
    letter: 'carta',
    visit: 'visita',
  },
  outcome: {
    connected: 'contestó',
    no_answer: 'sin respuesta',
    voicemail: 'buzón de voz',
    busy: 'ocupado',
    delivered: 'entregado',
    failed: 'fallido',
  },
  law: 'ley',
  policy: 'política',
  secondary: 'copia secundaria',
  secondaryNote:
    'el enlace abre una copia secundaria (un medio de prensa o un sitio de subida de documentos), no la publicación oficial: lea el texto oficial antes de apoyarse en él',
  publishedIn: 'publicado en',

  answer: 'La respuesta',
  kpiJudged: 'Registros juzgados',
  kpiDebtors: 'Deudores',
  kpiAllowed: 'Permitidos',
  kpiDelayed: 'En momento no permitido',
  kpiBlocked: 'No permitidos',
  kpiUnverified: 'Sin verificar',
  kpiRejected: 'Líneas rechazadas',
  answerSentence: (notAllowed, judged, violations, rules) =>
    notAllowed === 0
      ? `Ninguno de los ${esInt(judged)} contactos juzgados incumplió una regla que el registro pruebe.`
      : `${esInt(notAllowed)} de los ${esInt(judged)} contactos juzgados incumplieron una regla que el registro prueba (${esInt(violations)} ${plural(violations, 'incumplimiento', 'incumplimientos')} de ${esInt(rules)} ${plural(rules, 'regla', 'reglas')}).`,
  unverifiedSentence: (n) =>
    n === 0
      ? ''
      : `${esInt(n)} ${plural(n, 'registro más no pudo juzgarse', 'registros más no pudieron juzgarse')} con lo que dice el registro (abajo): no ${plural(n, 'se cuenta como incumplimiento', 'se cuentan como incumplimientos')}.`,
  rejectedSentence: (n) =>
    n === 0
      ? ''
      : `${esInt(n)} ${plural(n, 'línea fue rechazada y no se juzgó', 'líneas fueron rechazadas y no se juzgaron')} (su fila y su campo se listan abajo).`,
  warningsSentence: (n) =>
    n === 0 ? '' : `${esInt(n)} ${plural(n, 'registro permitido lleva', 'registros permitidos llevan')} un aviso.`,
  statusMeaning:
    'En momento no permitido: todo incumplimiento probado era de tiempo (horario, festivo, frecuencia) y el mismo contacto habría estado permitido más tarde. No permitido: un incumplimiento probado que esperar no habría subsanado. Sin verificar: todo lo hallado descansa en algo que el registro no dice.',
  provenByRule: 'Incumplimientos probados por regla',
  noProven: 'No se incumplió ninguna regla en lo que el registro prueba.',
  colRule: 'regla',
  colKind: 'ley o política',
  colProven: 'probados',
  colUnverified: 'sin verificar',
  colCitation: 'cita',
  moreRules: (n) => `y ${esInt(n)} ${plural(n, 'regla más', 'reglas más')}: ver Incumplimientos por regla, abajo.`,
  colRecords: 'registros',
  colShare: 'proporción',
  colChannels: 'canales',
  colCategory: 'categoría',
  notJudged: 'Qué no pudo juzgarse, y por qué',
  notJudgedIntro:
    'Un hallazgo que descansa en un dato que el registro no traía (un valor por defecto), o que solo se sostiene bajo una suposición prudente, queda sin verificar: se muestra, pero nunca se cuenta como incumplimiento.',
  gapRecords: (n) => `${esInt(n)} ${plural(n, 'registro', 'registros')}`,
  gapRules: 'reglas',
  worstDimensions: 'Dónde están los incumplimientos probados',
  colNotAllowed: 'no permitidos',
  colViolations: 'incumplimientos',
  colWarnings: 'avisos',
  colDelayed: 'en momento no permitido',
  colBlocked: 'no permitidos',
  colAllowed: 'permitidos',
  dimensionName: (d) => ({ creditorId: 'acreedor', agent: 'agente', campaign: 'campaña' })[d] ?? d,
  moreValues: (n) => `y ${esInt(n)} valores más: ver el informe JSON.`,
  byDimension: (name) => `Por ${name}`,
  worstNone: 'Ningún registro incumplió una regla que el registro pruebe.',
  emptyValue: '(vacío)',
  otherValues: 'todos los demás valores (contados juntos)',
  colValue: 'valor',
  statedByAuditor:
    'Afirmado por el auditor para todos los registros (la correspondencia fija estos campos con un valor)',
  unmappedColumns: 'Columnas del registro no usadas',

  details: 'Detalle',
  violationsByRule: 'Incumplimientos por regla',
  violationsByRuleSub:
    'Registros en los que se aplicó cada regla, de más a menos frecuente: probados, y sin verificar (apoyados en lo que el registro no dice). Un ejemplo del mensaje y la norma que cita.',
  warningsByRule: 'Avisos por regla',
  warningsSub:
    'Gravedad aviso: el contacto estaba permitido, pero una política por defecto desaconseja cómo se hizo. No cuentan como incumplimientos.',
  byCategory: 'Por categoría',
  byCategorySub:
    'Incumplimientos probados y avisos de cada categoría, cada uno en su propia escala (un aviso no hace que un registro no esté permitido).',
  chartViolations: 'incumplimientos probados',
  chartWarnings: 'avisos (permitidos)',
  byCountry: 'Por país',
  byChannel: 'Por canal',
  debtorsN: (n) => `${esInt(n)} ${plural(n, 'deudor', 'deudores')}`,
  colCountry: 'país',
  colChannel: 'canal',
  colDate: 'fecha local del deudor',
  stackLegend: 'permitidos · en momento no permitido · no permitidos · sin verificar',
  heatTitle: 'Cuándo: registros no permitidos por día de la semana y hora local',
  heatSub:
    'En la hora local del deudor. El número de una celda es el de registros no permitidos (probados) en esa hora, y su tono su cantidad; una celda verde pálido tuvo contactos, todos permitidos. Las últimas columnas: registros no permitidos y todos los registros, por día de la semana.',
  heatSubMd: 'En la hora local del deudor. Cada celda: registros no permitidos / registros.',
  heatNotAllowed: 'Σ no permitidos',
  heatAll: 'Σ todos',
  heatCell: (wd, hour, bad, all) => `${wd} ${hour}:00–${hour}:59 · ${bad} no permitidos de ${all}`,
  heatLegendAllowed: 'contactos, todos permitidos',
  heatLegendScale: (max) => `menos → más registros no permitidos (máximo ${max} en una celda)`,
  byDate: 'Por fecha local',
  byDateSub:
    'Registros por día, según la fecha local del deudor; el número sobre cada barra es su total. Se marcan los festivos.',
  weekendsRed: 'fines de semana en rojo',
  publicHoliday: 'festivo',
  noHolidays: ' (ninguno en el periodo)',
  holidayOf: (country, name) => `festivo en ${country}: ${name}`,
  holidaysNational: '(nacionales; los festivos regionales se aplican a cada deudor pero no se marcan)',
  topDebtors: 'Deudores con más registros no permitidos',
  colDebtor: 'deudor',
  colCountries: 'países',
  colTopRules: 'reglas más frecuentes',
  none: 'Ninguno.',
  noRecords: 'Sin registros.',
  rejectedLines: 'Líneas rechazadas',
  noneRejected: 'Ninguna: se juzgaron todos los registros.',
  colField: 'campo',
  colCode: 'código',
  colLines: 'líneas',
  colFirstLine: 'primera línea',
  colLine: 'línea',
  colMessage: 'mensaje',
  colExcerpt: 'línea tal como se leyó',
  listingTitle: 'Registros no permitidos, y sin verificar',
  listingIntro:
    'Primero los más graves (no permitidos, luego en momento no permitido, luego sin verificar), después por hora. Para un hallazgo de frecuencia, el contacto anterior que hizo la cuenta.',
  colId: 'id',
  colMade: 'realizado (hora local)',
  colStatus: 'resultado',
  colFindings: 'qué incumplió la regla',
  capShown: (shown, total) =>
    `Se muestran los primeros ${esInt(shown)} de ${esInt(total)}. La lista completa, en el orden del registro, está en el informe JSON o CSV (--format json o --format csv).`,
  capAll: (total) => `Los ${esInt(total)}.`,
  capRejShown: (shown, total) =>
    `Se muestran las primeras ${esInt(shown)} de ${esInt(total)} líneas rechazadas, en el orden del registro. La lista completa está en el informe JSON, o junto a un informe CSV (.rejected.csv).`,
  capRejAll: (total) => `Las ${esInt(total)} líneas rechazadas, en el orden del registro.`,
  status: {
    allowed: 'permitido',
    delayed: 'en momento no permitido',
    blocked: 'no permitido',
    unverified: 'sin verificar',
  },
  madeOn: (weekdayLong) => `realizado el ${weekdayLong}`,
  madeOnHoliday: (name) => `festivo: ${name}`,
  lawfulFrom: (weekdayLong, local) => `lícito desde el ${weekdayLong} ${local}`,
  allowedFrom: (weekdayLong, local) => `permitido desde el ${weekdayLong} ${local}`,
  notProven: 'no probado',
  earlierContact: 'contacto anterior',
  lineN: (n) => `línea ${n}`,
  ruleRowLink: 'su fila en la tabla de reglas',

  provenanceTitle: 'Cómo se elaboró este informe',
  methodTitle: 'Método',
  accounting: 'Cuadre',
  balanced: 'cuadra ✓',
  notBalanced: 'NO CUADRA ✗',
  accountingLine: (lines, header, blank, recordLines, records, judged, rejected) =>
    `${lines} líneas = ${header} de cabecera + ${blank} en blanco + ${recordLines} de registros; ${records} registros = ${judged} juzgados + ${rejected} rechazados.`,
  prov: {
    library: 'Biblioteca',
    rulesetVersion: 'Versión de las reglas',
    rulesetVersionValue: (v) => `${v} — cambia con todo lo que cambia las decisiones`,
    countries: 'Países',
    directContact: 'Qué cuenta como contacto (--direct-contact)',
    directContactAttempt: 'attempt — cuenta cada intento (por defecto, estricto)',
    directContactTwoWay:
      'two_way — solo cuentan las conversaciones bidireccionales conectadas (no es el valor por defecto)',
    week: 'Qué es una semana (--week)',
    weekRolling: 'rolling — las 7×24 h anteriores a cada contacto (por defecto, estricto)',
    weekCalendar: 'calendar — de lunes a domingo, hora local (no es el valor por defecto)',
    horizon: 'Búsqueda de nextAllowedAt hacia adelante',
    horizonValue: (d, isDefault) => `${d} días${isDefault ? ' (por defecto)' : ' (no es el valor por defecto)'}`,
    language: 'Idioma del informe (--lang)',
    languageValue: (l) => `${l} (no cambia ninguna decisión)`,
    overrides: 'Reglas modificadas (--override)',
    noneValue: 'ninguna',
    statutoryRule: 'regla LEGAL',
    policyRule: 'política',
    ruleFiles: 'Archivos de reglas (--rules)',
    shippedRules: 'las reglas que trae la biblioteca',
    customRules: 'propios (difieren de las reglas de la biblioteca)',
    sameRules: 'iguales a las reglas de la biblioteca',
    deviations: 'Desviaciones aceptadas (--allow-deviation)',
    recordHistory: 'El campo history propio de un registro (--record-history)',
    recordHistoryIgnore: 'ignore (por defecto): el historial es el propio registro',
    recordHistoryMerge: 'merge: se suma a los registros anteriores del log',
    lookback: 'Registros anteriores que se pasan a cada comprobación',
    lookbackValue: (d) => `${d} días hacia atrás`,
    holidayData: 'Datos de festivos',
    officialTables: 'tablas oficiales',
    customHolidays: (c) =>
      `NO son los datos de festivos de la biblioteca: ${c.country} calendario ${c.calendarFile ?? 'ninguno (date-holidays sin corregir)'}, tabla de festivos ${c.tableFile ?? 'ninguna'}`,
    tzdata: 'Base de datos de husos horarios',
    unknown: 'desconocida',
    source: 'Registro',
    reportFormat: 'Formato del informe',
    mapping: 'Correspondencia de columnas (--map)',
    statedByAuditor: 'Campos afirmados por el auditor para todos los registros',
    columnsNotUsed: 'Columnas del registro no usadas',
    encoding: 'Codificación del texto del registro',
    reportFormatValue: (v) => `cobranza-compliance/audit, versión de formato ${v}`,
    sql: 'Consulta de la que salen las filas',
    sqlBuilt: 'Consulta construida para --input-format parquet',
    mappingClock: 'Reloj de las fechas y horas locales del archivo (timeZone)',
    clockColumn: (c) => `el huso propio de cada fila, columna "${c}"`,
    clockNone: 'no indicado: cada fecha y hora lleva su desfase',
    mappingCsv: 'Cómo está escrito el CSV (csv)',
    csvValue: (delimiter, encoding, decimalComma) =>
      `separador "${delimiter}"; codificación ${encoding}${decimalComma ? '; coma decimal (1.234,56)' : ''}`,
    dimensions: 'Columnas llevadas como dimensiones',
    columnsNeverSeen: 'Columnas que nombra la correspondencia y ningún registro tenía',
    fieldsTitle: 'Cómo leyó la correspondencia cada campo',
    colField: 'Campo del contrato',
    colFrom: 'Del registro',
    colHow: 'Cómo se lee',
    fromColumn: (c) => `columna "${c}"`,
    fromColumns: (joined) => `columnas ${joined}, unidas por un espacio`,
    fromStated: (v) => `afirmado por el auditor para todos los registros: ${v}`,
    howFormat: (f) => `escrito como ${f} (símbolos de luxon)`,
    howValues: (pairs, more) =>
      `las palabras del archivo: ${pairs}${more > 0 ? ` y ${esInt(more)} más` : ''}; cualquier otra rechaza su fila`,
    howCountry: (c) => `números nacionales leídos como números de ${c} (E.164)`,
    howDecimalComma: 'coma decimal (1.234,56)',
    howAsWritten: 'tal como está escrito',
    howStated: 'no se lee nada: el mismo valor para todos los registros, cuenta como afirmado',
  },
  method: (lookbackDays) => [
    'Cada registro se juzgó exactamente como `cobranza-compliance check` juzga un intento, con los registros anteriores del mismo deudor (y acreedor) como historial: las reglas de frecuencia ven el propio registro. Los registros se ordenaron antes por hora, así que el orden del archivo no importa.',
    `Los registros anteriores a más de ${lookbackDays} días de un registro no se pasan a la comprobación: ninguna regla de frecuencia mira más de una semana atrás, así que la respuesta es la misma.`,
    'Las horas, días de la semana y fechas locales son las del deudor (el huso que la comprobación dedujo de jurisdiction.timeZone, de la región o del teléfono; ver el huso de cada registro).',
    'Un hallazgo está probado cuando todo dato que leyó su regla venía del registro (o de un valor que la correspondencia de columnas afirma para todo el archivo) y se cumplió en todos los husos en que puede estar el deudor; si no, queda sin verificar: se muestra y no se cuenta como incumplimiento. Cada registro se juzga solo por sus hallazgos probados.',
    'Las reglas de **ley** son legales; las de _política_ son valores por defecto de la biblioteca, señalados como tales y nunca presentados como ley. Los hallazgos de gravedad _aviso_ no hacen que un registro no esté permitido.',
    'Este informe habla de contactos ya realizados: dice cuándo se hizo cada uno y desde cuándo el mismo contacto habría estado permitido; los veredictos `delay` y `block` de los informes JSON y CSV son las respuestas de la misma comprobación.',
  ],
  deviationsTitle: 'Desviaciones de la ley tal como se distribuye',
  deviationsNote:
    'aceptadas con acknowledgeDeviations / --allow-deviation: los registros se juzgaron con reglas más débiles que las reglas legales tal como se distribuyen.',
  overridesLabel: 'Reglas modificadas',
  customLabel: 'Archivos de reglas propios',
  customNote:
    'los archivos de reglas no son los de la biblioteca (reglas añadidas, políticas cambiadas o reglas legales endurecidas; todo debilitamiento se lista como desviación).',
  footer: (version, format, ruleset) =>
    `cobranza-compliance ${version} · formato del informe de auditoría ${format} · reglas ${ruleset}`,

  unstated: {
    identityVerified: 'el registro no dice si se verificó la identidad antes de mencionar la deuda',
    disclosesDebt: 'el registro no dice si el contacto reveló la deuda',
    identifiesCollector: 'el registro no dice si el gestor dijo quién es y para quién cobra',
    aiDisclosed: 'el registro no dice si el agente automático dijo que era un sistema automatizado',
    channelAuthorization: 'el registro no dice qué canales autorizó el deudor',
    channelOptedOut: 'el registro no dice si el deudor se dio de baja del canal',
    creditorType: 'el registro no dice si el acreedor es una entidad financiera o comercial',
    ageGroup: 'el registro no dice el grupo de edad del destinatario',
    recipientRole: 'el registro no dice a quién llegó el contacto',
    agent: 'el registro no dice si el contacto lo hizo una persona o un agente automático',
    initiatedBy: 'el registro no dice si la conversación la inició el gestor o el deudor',
    purpose: 'el registro no dice si era cobranza o un recordatorio antes del vencimiento',
    product: 'el registro no dice de qué tipo de crédito es la deuda',
    disputed: 'el registro no dice si la deuda está en disputa',
    visitAuthorized: 'el registro no dice si el deudor autorizó visitas',
    representedByAttorney: 'el registro no dice si el deudor pidió que el contacto fuera a través de su abogado',
    deceased: 'el registro no dice si el deudor ha fallecido',
    insolvencyProceeding: 'el registro no dice si el deudor está en un procedimiento de insolvencia',
    regionKnown: 'el registro no dice la región del deudor (estado o comunidad)',
  },
  unstatedOther: (fact) => `el registro no dice ${fact}`,
  zoneAssumed:
    'el registro no sitúa al deudor en un solo huso horario: el contacto quedó fuera del horario en algunos de los husos en que puede estar el deudor, no en todos',

  cli: {
    audited: (name, records, judged, rejected, blank, debtors) =>
      `auditado ${name}: ${esInt(records)} registros (${esInt(judged)} juzgados, ${esInt(rejected)} rechazados${blank ? `, más ${esInt(blank)} líneas en blanco` : ''}) de ${esInt(debtors)} deudores`,
    counts: (allowed, delayed, blocked, unverified, violations, rules) =>
      `  permitidos ${esInt(allowed)} · en momento no permitido ${esInt(delayed)} · no permitidos ${esInt(blocked)} · sin verificar ${esInt(unverified)} · ${esInt(violations)} incumplimientos probados de ${esInt(rules)} reglas`,
    report: (format, path) => `informe ${format}: ${path}`,
    beside: (paths) => `  junto a él: ${paths}`,
    stdoutCsv: (rejected) =>
      `el CSV de la salida estándar lleva solo los hallazgos: ${esInt(rejected)} líneas rechazadas y cómo se elaboró el informe no están en él (escríbalo con --out ARCHIVO.csv para obtener ARCHIVO.rejected.csv y ARCHIVO.provenance.json a su lado)`,
  },
  notes: {
    blankLines: (n) => `Se omitieron ${esInt(n)} líneas en blanco: no son registros.`,
    historyMerged: (n) =>
      `${esInt(n)} registros traían un campo history propio: sus entradas se sumaron a los registros anteriores del archivo (un mismo instante y canal se cuenta una vez).`,
    historyIgnored: (n) =>
      `${esInt(n)} registros traían un campo history propio: se ignoró — la frecuencia se cuenta con el propio archivo, así que ningún contacto se cuenta dos veces.`,
    mappingNeverSeen: (n, columns) =>
      `La correspondencia nombra ${esInt(n)} columnas que ningún registro traía: ${columns} (¿mal escritas en la correspondencia?).`,
    columnsNotUsed: (n) => `${esInt(n)} columnas del registro no se usaron (listadas en mapping.columnsNotUsed).`,
    tableColumnsNotRead: (n, columns) =>
      `${esInt(n)} columnas de la tabla no son campos del contrato y no se leyeron: ${columns}.`,
  },
};

export const REPORT_TEXT: Readonly<Record<ReportLanguage, ReportText>> = { en, es };

/** The table of a language (English for anything else). */
export function reportText(language: string | undefined): ReportText {
  return language === 'es' ? es : en;
}

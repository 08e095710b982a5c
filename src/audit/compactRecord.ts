import { createHash } from 'node:crypto';
import type { Checker } from '../check/createChecker.js';
import { renderMessage } from '../check/renderMessage.js';
import type { Rule } from '../schema/rule.js';
import type { Decision, Finding } from '../schema/decision.js';
import type {
  AuditContextEntry,
  AuditFindingCompact,
  AuditFindingType,
  AuditRecord,
  AuditRecordCompact,
} from './auditTypes.js';

/**
 * The JSON report's records, compact (formatVersion 2; docs/audit.md): what repeats from record to
 * record is written once in the report's tables and referred to —
 *  - `findingTypes`, by rule id: category, severity, statutory, citation, reference and the message
 *    template, which the finding's facts fill;
 *  - `contexts`, by a key derived from their content: the part of a decision's context that follows
 *    from where the debtor is and what the record states (time zones and the evidence of place, the
 *    holidays covered, the assumptions).
 * A record keeps what is its own: where it is, its verdict, `nextAllowedAt`, local time, days past
 * due, a holiday, and per finding its rule id, the facts it read, the earlier contact it counted (and
 * the message, when it is not the template filled in). `expandAuditRecord` gives back the decision
 * `check` gives, field for field.
 */

/** The non-statutory prefix of a policy finding's message, by language (as decide.ts writes it). */
export const POLICY_PREFIX = { es: '[Política, no ley] ', en: '[Policy, not law] ' } as const;

/** The context of a decision, less what the record keeps itself. */
type ContextPart = AuditContextEntry;

/** Where a record is: what the judge knows of it besides its decision. */
export interface RecordPlace {
  readonly line: number;
  readonly debtorId: string;
  readonly creditorId: string | null;
  readonly country: AuditRecord['country'];
  readonly channel: AuditRecord['channel'];
  readonly recipientRole: AuditRecord['recipientRole'];
  readonly at: string;
  readonly status: AuditRecord['status'];
  readonly unverified?: AuditRecord['unverified'];
}

/**
 * Writes records compactly, collecting the contexts they refer to (`contexts`, by key). `templates`
 * gives a rule's message template (with the policy prefix), as the finding's message was rendered.
 */
export class RecordCompactor {
  /** Contexts met, by key: the report's `contexts` table (merged over judges: a key is its content). */
  readonly contexts = new Map<string, AuditContextEntry>();
  private lastJson = '';
  private lastKey = '';

  constructor(private readonly templates: (ruleId: string) => string | undefined) {}

  /** The record's JSON, compact, with `decision`'s findings and context. */
  json(r: RecordPlace, d: Omit<Decision, 'ruleset'>, dimensions?: AuditRecord['dimensions']): string {
    const c = d.context;
    const part: ContextPart = {
      timeZone: c.timeZone,
      timeZoneSource: c.timeZoneSource,
      candidateTimeZones: c.candidateTimeZones,
      ...(c.timeZoneEvidence !== undefined ? { timeZoneEvidence: c.timeZoneEvidence } : {}),
      holidaysCovered: c.holidaysCovered,
      assumptions: c.assumptions,
    };
    // Any field another part of the library adds to the context travels with it.
    for (const k of Object.keys(c))
      if (!(k in part) && !RECORD_CONTEXT.has(k)) (part as Record<string, unknown>)[k] = c[k as keyof typeof c];
    const partJson = JSON.stringify(part);
    let key: string;
    if (partJson === this.lastJson) key = this.lastKey;
    else {
      key = contextKey(partJson);
      if (!this.contexts.has(key)) this.contexts.set(key, part as AuditContextEntry);
      this.lastJson = partJson;
      this.lastKey = key;
    }
    const out: AuditRecordCompact = {
      line: r.line,
      debtorId: r.debtorId,
      creditorId: r.creditorId,
      country: r.country,
      channel: r.channel,
      recipientRole: r.recipientRole,
      at: r.at,
      status: r.status,
      ...(r.unverified !== undefined ? { unverified: r.unverified } : {}),
      attemptId: d.attemptId,
      verdict: d.verdict,
      nextAllowedAt: d.nextAllowedAt,
      localTime: c.localTime,
      daysPastDue: c.daysPastDue,
      ...(c.holiday !== null ? { holiday: c.holiday } : {}),
      context: key,
      ...(d.violations.length > 0 ? { violations: d.violations.map((f) => this.finding(f, r, c.localTime)) } : {}),
      ...(d.warnings.length > 0 ? { warnings: d.warnings.map((f) => this.finding(f, r, c.localTime)) } : {}),
      ...(dimensions ? { dimensions } : {}),
    };
    return JSON.stringify(out);
  }

  private finding(f: Finding, r: RecordPlace, localTime: string): AuditFindingCompact {
    const {
      ruleId,
      category: _c,
      severity: _s,
      statutory: _st,
      message,
      citation: _ci,
      reference: _r,
      evidence,
      ...rest
    } = f;
    const out: Record<string, unknown> = { ruleId, facts: evidence?.facts ?? {} };
    if (evidence?.earlierContact !== undefined) out['earlierContact'] = evidence.earlierContact;
    const template = this.templates(ruleId);
    // The message is the template filled with the finding's facts; when it is not (a fact read in
    // another candidate zone, a missing fact), it is written as it is.
    if (
      template === undefined ||
      fill(template, out['facts'] as Record<string, unknown>, r.channel, localTime) !== message
    )
      out['message'] = message;
    // Whatever else a finding carries (missing facts, candidate zones it fired in, …) stays as it is.
    Object.assign(out, rest);
    for (const [k, v] of Object.entries(evidence ?? {}))
      if (k !== 'facts' && k !== 'earlierContact') ((out['evidence'] ??= {}) as Record<string, unknown>)[k] = v;
    return out as unknown as AuditFindingCompact;
  }
}

/** Context fields a record keeps itself. */
const RECORD_CONTEXT = new Set(['localTime', 'weekday', 'holiday', 'daysPastDue']);

/** A context's key: the start of the SHA-256 of its JSON (the same content, the same key, on any machine). */
export function contextKey(json: string): string {
  return `c${createHash('sha256').update(json).digest('hex').slice(0, 15)}`;
}

/** A finding's message: its template filled with the facts it read (and the record's channel and local date). */
export function fill(
  template: string,
  facts: Readonly<Record<string, unknown>>,
  channel: string,
  localTime: string,
): string {
  return renderMessage(template, { localDate: localTime.slice(0, 10), channel, ...facts });
}

/** The tables a compact record refers to: the report's `findingTypes` and `contexts`. */
export interface RecordTables {
  readonly findingTypes: Readonly<Record<string, AuditFindingType>>;
  readonly contexts: Readonly<Record<string, AuditContextEntry>>;
}

/**
 * A record of the JSON report (formatVersion 2) with its decision whole: the decision `check` gives
 * for the attempt with the log's earlier records as history (without `ruleset`, which is the report's).
 */
export function expandAuditRecord(r: AuditRecordCompact, tables: RecordTables): AuditRecord {
  const part = tables.contexts[r.context];
  if (part === undefined) throw new Error(`the report has no context ${r.context} (line ${r.line})`);
  const finding = (f: AuditFindingCompact): Finding => {
    const t = tables.findingTypes[f.ruleId];
    if (t === undefined) throw new Error(`the report has no finding type ${f.ruleId} (line ${r.line})`);
    const { ruleId, facts, earlierContact, message, evidence, ...rest } = f;
    const out = {
      ruleId,
      category: t.category,
      severity: t.severity,
      statutory: t.statutory,
      message: message ?? fill(t.message, facts, r.channel, r.localTime),
      citation: t.citation,
      ...(t.reference !== undefined ? { reference: t.reference } : {}),
      ...rest,
      evidence: { facts, ...(earlierContact !== undefined ? { earlierContact } : {}), ...evidence },
    } as Finding;
    return out;
  };
  const { timeZone, timeZoneSource, candidateTimeZones, timeZoneEvidence, holidaysCovered, assumptions, ...more } =
    part;
  const dims = r.dimensions;
  return {
    line: r.line,
    debtorId: r.debtorId,
    creditorId: r.creditorId,
    country: r.country,
    channel: r.channel,
    recipientRole: r.recipientRole,
    at: r.at,
    status: r.status,
    ...(r.unverified !== undefined ? { unverified: r.unverified } : {}),
    decision: {
      attemptId: r.attemptId,
      verdict: r.verdict,
      allowed: r.verdict === 'allow',
      nextAllowedAt: r.nextAllowedAt,
      violations: (r.violations ?? []).map(finding),
      warnings: (r.warnings ?? []).map(finding),
      context: {
        timeZone,
        timeZoneSource,
        candidateTimeZones,
        ...(timeZoneEvidence !== undefined ? { timeZoneEvidence } : {}),
        localTime: r.localTime,
        weekday: weekdayOf(r.localTime),
        holiday: r.holiday ?? null,
        holidaysCovered,
        daysPastDue: r.daysPastDue,
        assumptions,
        ...more,
      },
    },
    ...(dims ? { dimensions: dims } : {}),
  };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local `YYYY-MM-DDTHH:mm`. */
function weekdayOf(localTime: string): number {
  const d = new Date(
    Date.UTC(Number(localTime.slice(0, 4)), Number(localTime.slice(5, 7)) - 1, Number(localTime.slice(8, 10))),
  );
  return ((d.getUTCDay() + 6) % 7) + 1;
}

/** The message template of each rule of the checker, as its findings render it (the policy prefix included). */
export function templatesOf(checker: Checker): (ruleId: string) => string | undefined {
  const language = checker.provenance.options.language;
  const byId = new Map<string, string>();
  for (const cp of checker.packs.values())
    for (const [id, r] of cp.rules) byId.set(id, `${r.statutory ? '' : POLICY_PREFIX[language]}${r.message[language]}`);
  return (id) => byId.get(id);
}

/** The report's `findingTypes`: for each rule that fired (ids in any order), what its findings repeat — sorted by id. */
export function findingTypesOf(checker: Checker, ruleIds: Iterable<string>): Record<string, AuditFindingType> {
  const language = checker.provenance.options.language;
  const rules = new Map<string, Rule>();
  for (const cp of checker.packs.values()) for (const [id, r] of cp.rules) rules.set(id, r);
  const out: Record<string, AuditFindingType> = {};
  for (const id of [...new Set(ruleIds)].sort()) {
    const r = rules.get(id);
    if (r === undefined) continue;
    out[id] = {
      category: r.category,
      severity: r.severity,
      statutory: r.statutory,
      citation: r.citation,
      ...(!r.statutory && r.reference !== undefined ? { reference: r.reference } : {}),
      message: `${r.statutory ? '' : POLICY_PREFIX[language]}${r.message[language]}`,
    };
  }
  return out;
}

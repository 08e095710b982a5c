import type { AuditRecord, AuditSummary, VerdictCounts } from '../auditTypes.js';
import { unproven } from './findingStatus.js';
import type { ReportText } from './reportText.js';

/**
 * The words the human reports use about one record and about what could not be judged. An audit
 * speaks of contacts already made: when each one was made ("made on Sunday 2026-03-08 10:00") and
 * from when the same contact would have been lawful ("lawful from Monday 2026-03-09 07:00").
 */

/** ISO weekday (1 Monday … 7 Sunday) of a calendar date `YYYY-MM-DD`. */
export function weekdayOfDate(date: string): number {
  return ((new Date(`${date.slice(0, 10)}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** When a record was made, in the debtor's local time: "made on Sunday", "2026-03-08 10:00", and the holiday it was. */
export function madeParts(t: ReportText, r: AuditRecord): { phrase: string; local: string; holiday?: string } {
  const c = r.decision.context;
  return {
    phrase: t.madeOn(t.weekdaysLong[c.weekday - 1]!),
    local: c.localTime.replace('T', ' '),
    ...(c.holiday ? { holiday: t.madeOnHoliday(c.holiday) } : {}),
  };
}

/** "made on Sunday 2026-03-08 10:00", in the debtor's local time, and the holiday when it was one. */
export function madeText(t: ReportText, r: AuditRecord): string {
  const m = madeParts(t, r);
  return `${m.phrase} ${m.local}${m.holiday ? ` (${m.holiday})` : ''}`;
}

/**
 * For a record made at a time not allowed: "lawful from Monday 2026-03-09 07:00" (the debtor's local
 * time of nextAllowedAt), "allowed from …" when a proven violation is policy rather than law.
 */
export function fromText(t: ReportText, r: AuditRecord): string | undefined {
  const next = r.decision.nextAllowedAt;
  if (r.status !== 'delayed' || next === null) return undefined;
  const weekday = t.weekdaysLong[weekdayOfDate(next) - 1]!;
  const local = `${next.slice(0, 10)} ${next.slice(11, 16)}`;
  const law = r.decision.violations.every((v) => v.statutory || unproven(v, r.decision) !== undefined);
  return law ? t.lawfulFrom(weekday, local) : t.allowedFrom(weekday, local);
}

/** The id of a rule's row in the table of rules (rule ids are `[a-z0-9_.]`, checked at load). */
export function ruleAnchor(ruleId: string): string {
  return `rule-${ruleId.replace(/[^a-z0-9_.-]/gi, '-')}`;
}

/** One line of "what could not be judged, and why": the records, the sentence, the rules. */
export interface GapLine {
  readonly records: number;
  readonly text: string;
  readonly rules: readonly string[];
}

/** A sentence per fact read from a default, and per assumption, most records first. */
export function gapLines(t: ReportText, s: AuditSummary): GapLine[] {
  return (s.unverifiedBy ?? []).map((g) => ({
    records: g.records,
    text: g.kind === 'defaulted' ? (t.unstated[g.fact] ?? t.unstatedOther(g.fact)) : t.zoneAssumed,
    rules: g.rules,
  }));
}

/** One breakdown of the report: a dimension of the mapping, or the creditor. */
export interface Breakdown {
  /** The dimension's name (`agent`), or `creditorId`. */
  readonly name: string;
  /** The column of the log it was read from (dimensions only). */
  readonly column?: string;
  /** Its values, most records not allowed first, then most proven violations, then most records. */
  readonly values: ReadonlyArray<VerdictCounts & { readonly value: string | null }>;
  readonly other?: VerdictCounts;
}

/**
 * The breakdowns a report shows: each dimension of the mapping, in its order, then the creditor when
 * the log names more than one (or any at all, when there is no dimension).
 */
export function breakdowns(s: AuditSummary): Breakdown[] {
  const worst = (a: VerdictCounts & { value: string | null }, b: VerdictCounts & { value: string | null }): number =>
    b.delayed + b.blocked - (a.delayed + a.blocked) ||
    b.violations - a.violations ||
    b.records - a.records ||
    ((a.value ?? '') < (b.value ?? '') ? -1 : (a.value ?? '') > (b.value ?? '') ? 1 : 0);
  const out: Breakdown[] = (s.byDimension ?? []).map((d) => ({
    name: d.name,
    column: d.column,
    values: [...d.values].sort(worst),
    ...(d.other ? { other: d.other } : {}),
  }));
  const creditors = (s.byCreditor ?? []).map(({ creditorId, ...c }) => ({ ...c, value: creditorId }));
  if (creditors.length > 1 || (creditors.length === 1 && creditors[0]!.value !== null))
    out.push({ name: 'creditorId', values: [...creditors].sort(worst) });
  return out;
}

/** A record's dimensions, as the listing shows them: "agent: Ana Pérez · campaign: Mora 30". */
export function dimensionsText(t: ReportText, dims: Readonly<Record<string, string | null>>): string {
  return Object.entries(dims)
    .map(([k, v]) => `${t.dimensionName(k)}: ${v ?? t.emptyValue}`)
    .join(' · ');
}

import type { Decision, Finding } from '../schema/decision.js';
import { Categories, Channels, Countries, type Category, type Channel, type Country } from '../schema/enums.js';
import type { AuditRejection, AuditSummary, RuleTally, UnverifiedReason, VerdictCounts } from './auditTypes.js';
import { recordStatus, unproven, type RecordStatus } from './_lib/findingStatus.js';

/** What the tally needs to know of a judged record besides its decision. */
export interface TalliedRecord {
  readonly line: number;
  readonly debtorId: string;
  readonly country: Country;
  readonly channel: Channel;
  readonly atMs: number;
  /** The record's creditor (null: none given): the report's breakdown by creditor. */
  readonly creditorId?: string | null | undefined;
  /** The record's dimensions (a mapping's `dimensions`): the report's breakdowns by each. */
  readonly dimensions?: Readonly<Record<string, string | null>> | undefined;
}

/**
 * The audit's aggregates, in bounded memory: counters by rule, country, channel, local date and
 * hour × weekday, and a top-20 of debtors. Records arrive grouped by debtor (all of a debtor's records
 * are in one bucket), so per-debtor figures are exact: `endDebtor` closes one.
 *
 * Tallies of records merge: each thread that judges buckets keeps one, and the audit merges their
 * snapshots — sums, minima, and the top debtors of each (a debtor is in one bucket, hence in one
 * tally), so the result does not depend on how buckets were shared out. Rejections do not merge (the
 * first 500 kinds are kept, in the order they come): the audit adds them to one tally in line order.
 */
export interface AuditTally {
  addRecord(r: TalliedRecord, d: Decision): void;
  endDebtor(): void;
  addRejection(r: AuditRejection): void;
  /** The record counters as plain data (structured-cloneable), the current debtor closed. */
  snapshot(): TallySnapshot;
  /** Add another tally's record counters to this one. */
  merge(s: TallySnapshot): void;
  readonly evaluated: number;
  readonly rejected: number;
  /** Per country, the first and last instant judged (the report's period in each country's local time). */
  spans(): ReadonlyMap<Country, { from: number; to: number }>;
  summarize(
    head: Pick<AuditSummary, 'generatedAt' | 'source' | 'ruleset' | 'options'> & {
      accounting: Omit<AuditSummary['accounting'], 'evaluated' | 'rejected' | 'balanced'>;
      notes: readonly string[];
      /** The mapping's dimensions, in its order: the breakdowns `byDimension` gives (none without). */
      dimensions?: ReadonlyArray<{ readonly name: string; readonly column: string }>;
    },
  ): AuditSummary;
}

type TopDebtor = AuditSummary['topDebtors'][number];

/** A tally's record counters (not its rejections) as plain data. */
export interface TallySnapshot {
  readonly totals: VerdictCounts;
  readonly allowedWithWarnings: number;
  readonly recordsWithFindings: number;
  readonly debtors: number;
  readonly evaluated: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly spans: ReadonlyArray<readonly [Country, { readonly from: number; readonly to: number }]>;
  readonly byCountry: ReadonlyArray<readonly [Country, VerdictCounts]>;
  readonly debtorsByCountry: ReadonlyArray<readonly [Country, number]>;
  readonly byChannel: ReadonlyArray<readonly [Channel, VerdictCounts]>;
  readonly byDate: ReadonlyArray<readonly [string, VerdictCounts]>;
  readonly byRule: readonly RuleTally[];
  readonly byCategory: ReadonlyArray<readonly [Category, CategoryCounts]>;
  readonly unverifiedBy: ReadonlyArray<
    readonly [string, { readonly records: number; readonly rules: readonly string[] }]
  >;
  readonly heat: readonly (readonly number[])[];
  readonly heatBad: readonly (readonly number[])[];
  readonly top: readonly TopDebtor[];
  readonly byCreditor: CountsByValueSnapshot;
  readonly byDimension: ReadonlyArray<readonly [string, CountsByValueSnapshot]>;
}

interface CategoryCounts {
  violations: number;
  unverified: number;
  warnings: number;
}

const TOP_DEBTORS = 20;
const MAX_REJECTION_KEYS = 500;

/** A record as counted: its status in the audit, and its violations proven and not. */
interface Counted {
  readonly status: RecordStatus;
  readonly proven: number;
  readonly unproven: number;
  readonly warnings: number;
}

class Counts {
  records = 0;
  allowed = 0;
  delayed = 0;
  blocked = 0;
  unverified = 0;
  violations = 0;
  unverifiedViolations = 0;
  warnings = 0;
  add(c: Counted): void {
    this.records++;
    this[c.status]++;
    this.violations += c.proven;
    this.unverifiedViolations += c.unproven;
    this.warnings += c.warnings;
  }
  addCounts(c: VerdictCounts): void {
    this.records += c.records;
    this.allowed += c.allowed;
    this.delayed += c.delayed;
    this.blocked += c.blocked;
    this.unverified += c.unverified;
    this.violations += c.violations;
    this.unverifiedViolations += c.unverifiedViolations;
    this.warnings += c.warnings;
  }
  toJSON(): VerdictCounts {
    return {
      records: this.records,
      allowed: this.allowed,
      delayed: this.delayed,
      blocked: this.blocked,
      unverified: this.unverified,
      violations: this.violations,
      unverifiedViolations: this.unverifiedViolations,
      warnings: this.warnings,
    };
  }
}

interface MutableRule {
  ruleId: string;
  country: Country;
  category: Category;
  severity: Finding['severity'];
  statutory: boolean;
  citation: Finding['citation'];
  records: number;
  proven: number;
  unverified: number;
  byChannel: Partial<Record<Channel, number>>;
  firstLine: number;
  example: string;
}

interface DebtorAcc {
  debtorId: string;
  countries: Set<Country>;
  records: number;
  notAllowed: number;
  violations: number;
  rules: Map<string, number>;
}

export function createAuditTally(): AuditTally {
  const totals = new Counts();
  let allowedWithWarnings = 0;
  let recordsWithFindings = 0;
  let debtors = 0;
  const byCountry = new Map<Country, Counts>();
  const debtorsByCountry = new Map<Country, number>();
  const byChannel = new Map<Channel, Counts>();
  const byDate = new Map<string, Counts>();
  const byRule = new Map<string, MutableRule>();
  const byCategory = new Map<Category, CategoryCounts>();
  // Why findings are unverified: `defaulted:<fact>` or `assumption:time_zone` → records and rules.
  const unverifiedBy = new Map<string, { records: number; rules: Set<string> }>();
  const heat = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const heatBad = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const rejectedBy = new Map<string, { path: string; code: string; count: number; firstLine: number }>();
  let top: TopDebtor[] = [];
  const byCreditor = new CountsByValue();
  const byDimension = new Map<string, CountsByValue>();
  const dimension = (name: string): CountsByValue => {
    let c = byDimension.get(name);
    if (!c) {
      c = new CountsByValue();
      byDimension.set(name, c);
    }
    return c;
  };
  let cur: DebtorAcc | undefined;
  let minMs = Infinity;
  let maxMs = -Infinity;
  const spans = new Map<Country, { from: number; to: number }>();
  const widen = (country: Country, from: number, to: number): void => {
    const sp = spans.get(country);
    if (sp === undefined) spans.set(country, { from, to });
    else {
      if (from < sp.from) sp.from = from;
      if (to > sp.to) sp.to = to;
    }
  };
  let evaluated = 0;
  let rejected = 0;

  const slot = <K>(m: Map<K, Counts>, k: K): Counts => {
    let c = m.get(k);
    if (!c) {
      c = new Counts();
      m.set(k, c);
    }
    return c;
  };

  function addFinding(f: Finding, r: TalliedRecord, isProven: boolean): void {
    let t = byRule.get(f.ruleId);
    if (!t) {
      t = {
        ruleId: f.ruleId,
        country: r.country,
        category: f.category,
        severity: f.severity,
        statutory: f.statutory,
        citation: f.citation,
        records: 0,
        proven: 0,
        unverified: 0,
        byChannel: {},
        firstLine: r.line,
        example: f.message,
      };
      byRule.set(f.ruleId, t);
    }
    t.records++;
    if (isProven) t.proven++;
    else t.unverified++;
    t.byChannel[r.channel] = (t.byChannel[r.channel] ?? 0) + 1;
    if (r.line < t.firstLine) {
      t.firstLine = r.line;
      t.example = f.message;
    }
    const cat = byCategory.get(f.category) ?? { violations: 0, unverified: 0, warnings: 0 };
    if (f.severity !== 'block') cat.warnings++;
    else if (isProven) cat.violations++;
    else cat.unverified++;
    byCategory.set(f.category, cat);
  }

  function addReasons(reasons: ReadonlyMap<string, Set<string>>): void {
    for (const [key, rules] of reasons) {
      const e = unverifiedBy.get(key) ?? { records: 0, rules: new Set<string>() };
      e.records++;
      for (const id of rules) e.rules.add(id);
      unverifiedBy.set(key, e);
    }
  }

  function endDebtor(): void {
    if (!cur) return;
    debtors++;
    for (const c of cur.countries) debtorsByCountry.set(c, (debtorsByCountry.get(c) ?? 0) + 1);
    if (cur.notAllowed > 0) {
      const worst = top[top.length - 1];
      if (top.length < TOP_DEBTORS || (worst && better(cur, worst))) {
        const topRules = [...cur.rules]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, 3)
          .map(([id]) => id);
        top.push({
          debtorId: cur.debtorId,
          countries: [...cur.countries].sort(),
          records: cur.records,
          notAllowed: cur.notAllowed,
          violations: cur.violations,
          topRules,
        });
        top.sort((a, b) => (better(a, b) ? -1 : 1));
        if (top.length > TOP_DEBTORS) top = top.slice(0, TOP_DEBTORS);
      }
    }
    cur = undefined;
  }

  return {
    addRecord(r, d) {
      evaluated++;
      if (cur && cur.debtorId !== r.debtorId) endDebtor();
      cur ??= {
        debtorId: r.debtorId,
        countries: new Set(),
        records: 0,
        notAllowed: 0,
        violations: 0,
        rules: new Map(),
      };
      cur.countries.add(r.country);
      cur.records++;
      const status = recordStatus(d);
      // Each violation proven or not, and for the record the reasons its unproven violations rest on.
      let proven = 0;
      const reasons = new Map<string, Set<string>>();
      const provenViolations: Finding[] = [];
      for (const f of d.violations) {
        const why = unproven(f, d);
        addFinding(f, r, why === undefined);
        if (why === undefined) {
          proven++;
          provenViolations.push(f);
          continue;
        }
        const keys = [...why.defaulted.map((x) => `defaulted:${x}`), ...(why.zone ? ['assumption:time_zone'] : [])];
        for (const k of keys) {
          const rules = reasons.get(k) ?? new Set<string>();
          rules.add(f.ruleId);
          reasons.set(k, rules);
        }
      }
      for (const f of d.warnings) addFinding(f, r, unproven(f, d) === undefined);
      addReasons(reasons);
      const counted: Counted = {
        status,
        proven,
        unproven: d.violations.length - proven,
        warnings: d.warnings.length,
      };
      totals.add(counted);
      slot(byCountry, r.country).add(counted);
      slot(byChannel, r.channel).add(counted);
      byCreditor.add(r.creditorId ?? null, counted);
      if (r.dimensions) for (const name in r.dimensions) dimension(name).add(r.dimensions[name] ?? null, counted);
      const local = d.context.localTime;
      slot(byDate, local.slice(0, 10)).add(counted);
      const hour = Number(local.slice(11, 13));
      heat[d.context.weekday - 1]![hour]!++;
      if (r.atMs < minMs) minMs = r.atMs;
      if (r.atMs > maxMs) maxMs = r.atMs;
      widen(r.country, r.atMs, r.atMs);
      if (d.violations.length > 0 || d.warnings.length > 0) recordsWithFindings++;
      if (status === 'delayed' || status === 'blocked') {
        heatBad[d.context.weekday - 1]![hour]!++;
        cur.notAllowed++;
      } else if (status === 'allowed' && d.warnings.length > 0) allowedWithWarnings++;
      cur.violations += proven;
      for (const f of provenViolations) cur.rules.set(f.ruleId, (cur.rules.get(f.ruleId) ?? 0) + 1);
    },
    endDebtor,
    spans: () => spans,
    snapshot() {
      endDebtor();
      const entries = <K>(m: Map<K, Counts>): Array<[K, VerdictCounts]> => [...m].map(([k, c]) => [k, c.toJSON()]);
      return {
        totals: totals.toJSON(),
        allowedWithWarnings,
        recordsWithFindings,
        debtors,
        evaluated,
        minMs,
        maxMs,
        spans: [...spans].map(([k, v]) => [k, { ...v }]),
        byCountry: entries(byCountry),
        debtorsByCountry: [...debtorsByCountry],
        byChannel: entries(byChannel),
        byDate: entries(byDate),
        byRule: [...byRule.values()].map((r) => ({ ...r, byChannel: { ...r.byChannel } })),
        byCategory: [...byCategory].map(([k, v]) => [k, { ...v }]),
        unverifiedBy: [...unverifiedBy].map(([k, v]) => [k, { records: v.records, rules: [...v.rules] }]),
        heat: heat.map((row) => [...row]),
        heatBad: heatBad.map((row) => [...row]),
        top: [...top],
        byCreditor: byCreditor.snapshot(),
        byDimension: [...byDimension].map(([k, v]) => [k, v.snapshot()]),
      };
    },
    merge(s) {
      endDebtor();
      totals.addCounts(s.totals);
      allowedWithWarnings += s.allowedWithWarnings;
      recordsWithFindings += s.recordsWithFindings;
      debtors += s.debtors;
      evaluated += s.evaluated;
      minMs = Math.min(minMs, s.minMs);
      maxMs = Math.max(maxMs, s.maxMs);
      for (const [k, v] of s.spans) widen(k, v.from, v.to);
      for (const [k, c] of s.byCountry) slot(byCountry, k).addCounts(c);
      for (const [k, n] of s.debtorsByCountry) debtorsByCountry.set(k, (debtorsByCountry.get(k) ?? 0) + n);
      for (const [k, c] of s.byChannel) slot(byChannel, k).addCounts(c);
      for (const [k, c] of s.byDate) slot(byDate, k).addCounts(c);
      for (const r of s.byRule) {
        const t = byRule.get(r.ruleId);
        if (!t) {
          byRule.set(r.ruleId, { ...r, byChannel: { ...r.byChannel } });
          continue;
        }
        t.records += r.records;
        t.proven += r.proven;
        t.unverified += r.unverified;
        for (const c of Channels)
          if (r.byChannel[c] !== undefined) t.byChannel[c] = (t.byChannel[c] ?? 0) + r.byChannel[c]!;
        if (r.firstLine < t.firstLine) {
          t.firstLine = r.firstLine;
          t.example = r.example;
          t.country = r.country;
        }
      }
      for (const [k, v] of s.byCategory) {
        const cat = byCategory.get(k) ?? { violations: 0, unverified: 0, warnings: 0 };
        cat.violations += v.violations;
        cat.unverified += v.unverified;
        cat.warnings += v.warnings;
        byCategory.set(k, cat);
      }
      for (const [k, v] of s.unverifiedBy) {
        const e = unverifiedBy.get(k) ?? { records: 0, rules: new Set<string>() };
        e.records += v.records;
        for (const id of v.rules) e.rules.add(id);
        unverifiedBy.set(k, e);
      }
      for (let w = 0; w < 7; w++) {
        for (let h = 0; h < 24; h++) {
          heat[w]![h]! += s.heat[w]![h]!;
          heatBad[w]![h]! += s.heatBad[w]![h]!;
        }
      }
      top = [...top, ...s.top].sort((a, b) => (better(a, b) ? -1 : 1)).slice(0, TOP_DEBTORS);
      byCreditor.merge(s.byCreditor);
      for (const [k, v] of s.byDimension) dimension(k).merge(v);
    },
    addRejection(r) {
      rejected++;
      for (const i of r.issues) {
        const path = i.path.replace(/\[\d+\]/g, '[]');
        let key = `${path}\u0000${i.code}`;
        if (!rejectedBy.has(key) && rejectedBy.size >= MAX_REJECTION_KEYS) key = '(other)';
        const e =
          rejectedBy.get(key) ??
          (key === '(other)'
            ? { path: '(other)', code: '(other)', count: 0, firstLine: r.line }
            : { path, code: i.code, count: 0, firstLine: r.line });
        e.count++;
        e.firstLine = Math.min(e.firstLine, r.line);
        rejectedBy.set(key, e);
      }
    },
    get evaluated() {
      return evaluated;
    },
    get rejected() {
      return rejected;
    },
    summarize(head) {
      endDebtor();
      const t = totals.toJSON();
      const rules: RuleTally[] = [...byRule.values()]
        .sort(
          (a, b) =>
            b.proven - a.proven ||
            b.records - a.records ||
            (a.severity === b.severity ? 0 : a.severity === 'block' ? -1 : 1) ||
            (a.ruleId < b.ruleId ? -1 : 1),
        )
        .map((r) => ({
          ...r,
          byChannel: Object.fromEntries(
            Channels.filter((c) => r.byChannel[c] !== undefined).map((c) => [c, r.byChannel[c]!]),
          ),
        }));
      const acc = head.accounting;
      return {
        report: 'cobranza-compliance/audit',
        formatVersion: 2,
        generatedAt: head.generatedAt,
        source: head.source,
        ruleset: head.ruleset,
        options: head.options,
        accounting: {
          ...acc,
          evaluated,
          rejected,
          balanced:
            acc.records === evaluated + rejected &&
            acc.lines === acc.headerLines + acc.blankLines + acc.recordLines &&
            acc.recordLines >= acc.records,
        },
        period: {
          from: evaluated > 0 ? new Date(minMs).toISOString() : null,
          to: evaluated > 0 ? new Date(maxMs).toISOString() : null,
        },
        totals: { ...t, debtors, notAllowed: t.delayed + t.blocked, allowedWithWarnings },
        byRule: rules,
        unverifiedBy: [...unverifiedBy]
          .map(([key, v]): UnverifiedReason => {
            const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
            const rulesOf = [...v.rules].sort();
            return kind === 'defaulted'
              ? { kind: 'defaulted', fact: name, records: v.records, rules: rulesOf }
              : { kind: 'assumption', assumption: 'time_zone', records: v.records, rules: rulesOf };
          })
          .sort(
            (a, b) =>
              b.records - a.records ||
              (a.kind === 'defaulted' ? a.fact : `~${a.assumption}`).localeCompare(
                b.kind === 'defaulted' ? b.fact : `~${b.assumption}`,
                'en',
              ),
          ),
        byCategory: Categories.filter((c) => byCategory.has(c)).map((c) => ({ category: c, ...byCategory.get(c)! })),
        byCountry: Countries.filter((c) => byCountry.has(c)).map((c) => ({
          country: c,
          debtors: debtorsByCountry.get(c) ?? 0,
          ...byCountry.get(c)!.toJSON(),
        })),
        byChannel: Channels.filter((c) => byChannel.has(c)).map((c) => ({ channel: c, ...byChannel.get(c)!.toJSON() })),
        byDate: [...byDate.keys()].sort().map((date) => ({ date, ...byDate.get(date)!.toJSON() })),
        heatmap: { records: heat, notAllowed: heatBad },
        topDebtors: top,
        byCreditor: byCreditor.summarize().map(({ value, counts }) => ({ creditorId: value, ...counts })),
        ...(head.dimensions && head.dimensions.length > 0
          ? {
              byDimension: head.dimensions.map(({ name, column }) => {
                const c = byDimension.get(name) ?? new CountsByValue();
                const other = c.otherCounts();
                return {
                  name,
                  column,
                  values: c.summarize().map(({ value, counts }) => ({ value, ...counts })),
                  ...(other ? { other } : {}),
                };
              }),
            }
          : {}),
        rejectedBy: [...rejectedBy.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine),
        recordsWithFindings,
        notes: head.notes,
      };
    },
  };
}

function better(
  a: { notAllowed: number; violations: number; debtorId: string },
  b: { notAllowed: number; violations: number; debtorId: string },
): boolean {
  if (a.notAllowed !== b.notAllowed) return a.notAllowed > b.notAllowed;
  if (a.violations !== b.violations) return a.violations > b.violations;
  return a.debtorId < b.debtorId;
}

/** At most this many values of a dimension (or creditors) are counted one by one; the rest together. */
export const MAX_DIMENSION_VALUES = 10_000;

/** A CountsByValue as plain data: the values kept, the counts of the rest, the bound of the values kept. */
export interface CountsByValueSnapshot {
  readonly kept: ReadonlyArray<readonly [string | null, VerdictCounts]>;
  readonly other: VerdictCounts | null;
  /** Values at or above this (in code-unit order) are counted in `other`; null while every value is kept. */
  readonly threshold: string | null;
}

/**
 * Verdict counts by the value of a column (a dimension, the creditor), in bounded memory and mergeable
 * whatever the split of records between tallies. When more than MAX_DIMENSION_VALUES values come, the
 * smallest MAX_DIMENSION_VALUES values (in code-unit order; null, no value, always kept) are counted
 * exactly and the others together in `other`: a value is sent to `other` only once at least that many
 * smaller values have been met, so a value among the smallest is never sent there, in any tally — the
 * merged counts are exact for them and the same however the records were shared out.
 */
class CountsByValue {
  private readonly kept = new Map<string | null, Counts>();
  private other: Counts | undefined;
  private threshold: string | undefined;

  add(value: string | null, c: Counted): void {
    this.slot(value).add(c);
    // After the record is counted: a trim may send the value just added to `other`, with its counts.
    if (this.kept.size > 2 * MAX_DIMENSION_VALUES) this.trim();
  }

  private slot(value: string | null): Counts {
    let c = this.kept.get(value);
    if (c) return c;
    if (value !== null && this.threshold !== undefined && value >= this.threshold) {
      this.other ??= new Counts();
      return this.other;
    }
    c = new Counts();
    this.kept.set(value, c);
    return c;
  }

  /** Keep the smallest MAX_DIMENSION_VALUES values; the counts of the others go to `other`. */
  private trim(bound?: string): void {
    if (bound !== undefined && (this.threshold === undefined || bound < this.threshold)) this.threshold = bound;
    if (this.threshold === undefined && this.kept.size <= MAX_DIMENSION_VALUES) return;
    const values = [...this.kept.keys()].filter((v): v is string => v !== null).sort(codeUnitOrder);
    let cut = Math.min(values.length, MAX_DIMENSION_VALUES);
    if (this.threshold !== undefined) {
      const t = this.threshold;
      const below = values.findIndex((v) => v >= t);
      if (below >= 0 && below < cut) cut = below;
    }
    if (cut === values.length) return;
    if (values.length > MAX_DIMENSION_VALUES && (this.threshold === undefined || values[cut]! < this.threshold))
      this.threshold = values[cut]!;
    this.other ??= new Counts();
    for (let i = cut; i < values.length; i++) {
      this.other.addCounts(this.kept.get(values[i]!)!.toJSON());
      this.kept.delete(values[i]!);
    }
  }

  snapshot(): CountsByValueSnapshot {
    this.trim();
    return {
      kept: [...this.kept].map(([k, c]) => [k, c.toJSON()]),
      other: this.other ? this.other.toJSON() : null,
      threshold: this.threshold ?? null,
    };
  }

  merge(s: CountsByValueSnapshot): void {
    for (const [k, c] of s.kept) {
      let mine = this.kept.get(k);
      if (!mine) {
        mine = new Counts();
        this.kept.set(k, mine);
      }
      mine.addCounts(c);
    }
    if (s.other) {
      this.other ??= new Counts();
      this.other.addCounts(s.other);
    }
    // Values at or above the other tally's bound may have lost records to its `other`: theirs too.
    this.trim(s.threshold ?? undefined);
  }

  otherCounts(): VerdictCounts | undefined {
    this.trim();
    return this.other?.toJSON();
  }

  /** The values kept, most violations first (then most records not allowed, most records, the value). */
  summarize(): Array<{ value: string | null; counts: VerdictCounts }> {
    this.trim();
    return [...this.kept]
      .map(([value, c]) => ({ value, counts: c.toJSON() }))
      .sort(
        (a, b) =>
          b.counts.violations - a.counts.violations ||
          b.counts.delayed + b.counts.blocked - (a.counts.delayed + a.counts.blocked) ||
          b.counts.records - a.counts.records ||
          (a.value === b.value ? 0 : a.value === null ? 1 : b.value === null ? -1 : codeUnitOrder(a.value, b.value)),
      );
  }
}

function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

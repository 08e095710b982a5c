import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { auditLog, createChecker, writeAuditReport, type AuditRecord } from '../src/index.js';
import { recordStatus, unproven } from '../src/audit/_lib/findingStatus.js';

/**
 * Gaps are gaps (issue 18, item 3): a finding that holds only under a conservative assumption is
 * unverified, not a violation. Here the assumption is the debtor's zone: a Mexican debtor with no
 * region, zone or placeable phone is checked in every Mexican zone, and a call at 21:30 Mexico City
 * time is after 22:00 only in Cancún. check still answers `delay` (fail closed); the audit counts it
 * apart, and says why on its first screen.
 */
const dir = mkdtempSync(join(tmpdir(), 'cc-unverified-'));
const mx = {
  channel: 'call',
  creditorType: 'financial',
  jurisdiction: { country: 'MX' },
  recipient: { role: 'debtor', identityVerified: true },
  content: { disclosesDebt: true },
  debt: { dueDate: '2026-01-15' },
};
const co = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
};
const zoneOnly = { ...mx, id: 'zone-only', debtorId: 'm1', at: '2026-03-03T21:30:00-06:00' };
const inEveryZone = { ...mx, id: 'every-zone', debtorId: 'm2', at: '2026-03-04T05:00:00-06:00' };
const provenCo = { ...co, id: 'co-late', debtorId: 'c1', at: '2026-03-03T19:30:00-05:00' };
const clean = { ...co, id: 'co-ok', debtorId: 'c2', at: '2026-03-03T10:00:00-05:00' };
const write = (name: string, records: object[]): string => {
  const path = join(dir, name);
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n'));
  return path;
};

async function audit(records: object[]) {
  const result = await auditLog(
    { text: records.map((r) => JSON.stringify(r)).join('\n'), name: 'mixed.jsonl' },
    { checker: createChecker(), now: () => new Date('2026-04-01T09:00:00Z') },
  );
  const listed: AuditRecord[] = [];
  for await (const r of result.records()) listed.push(r);
  let md = '';
  await writeAuditReport(result, 'md', {
    write: (t) => {
      md += t;
    },
  });
  let csv = '';
  await writeAuditReport(result, 'csv', {
    write: (t) => {
      csv += t;
    },
  });
  await result.dispose();
  return { summary: result.summary, listed, md, csv };
}

describe('a finding that held in some candidate zones only is unverified', () => {
  it('check says delay; the audit says unverified and does not count it as delayed', async () => {
    const { summary, listed } = await audit([zoneOnly, inEveryZone, provenCo, clean]);
    const byId = new Map(listed.map((r) => [r.decision.attemptId, r]));
    const z = byId.get('zone-only')!;
    expect(z.decision.verdict).toBe('delay'); // check's answer, unchanged
    expect(z.decision.violations.map((v) => [v.ruleId, v.timeZones])).toEqual([
      ['mx.condusef.despachos.hours', ['America/Cancun']],
    ]);
    expect(z.status).toBe('unverified');
    expect(z.unverified).toEqual(['mx.condusef.despachos.hours']);
    // At 05:00 Mexico City it is before 07:00 in every zone the debtor may be in (03:00 in Tijuana): proven.
    expect(byId.get('every-zone')!.status).toBe('delayed');
    expect(byId.get('every-zone')!.unverified).toBeUndefined();
    expect(byId.get('co-late')!.status).toBe('delayed');
    expect(summary.totals).toMatchObject({
      records: 4,
      allowed: 1,
      delayed: 2,
      blocked: 0,
      unverified: 1,
      notAllowed: 2,
      violations: 2,
      unverifiedViolations: 1,
    });
    expect(summary.byRule.find((r) => r.ruleId === 'mx.condusef.despachos.hours')).toMatchObject({
      records: 2,
      proven: 1,
      unverified: 1,
    });
    expect(summary.unverifiedBy).toEqual([
      { kind: 'assumption', assumption: 'time_zone', records: 1, rules: ['mx.condusef.despachos.hours'] },
    ]);
    expect(summary.byCountry.find((c) => c.country === 'MX')).toMatchObject({ delayed: 1, unverified: 1 });
    expect(summary.heatmap.notAllowed.flat().reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('the first screen says what could not be judged and why; the listing puts it after the proven ones', async () => {
    const { md } = await audit([zoneOnly, inEveryZone, provenCo, clean]);
    const answer = md.slice(md.indexOf('## The answer'), md.indexOf('## Violations by rule'));
    expect(answer).toContain('| 4 | 1 (25.0 %) | 2 (50.0 %) | 0 (0.0 %) | 1 (25.0 %) | 0 |');
    expect(answer).toContain('### What could not be judged, and why');
    expect(answer).toContain(
      '- **1 record**: the log does not place the debtor in one time zone: the contact was outside the hours in some of the zones the debtor may be in, not in all (`mx.condusef.despachos.hours`).',
    );
    expect(answer).toContain('1 more record could not be judged from what the log says (below)');
    const listing = md.slice(md.indexOf('## Records not allowed, and unverified'));
    const order = [...listing.matchAll(/^\| \d+ \| ([\w-]+) \|/gm)].map((m) => m[1]);
    expect(order).toEqual(['co-late', 'every-zone', 'zone-only']); // worst first, then by time
    expect(listing).toMatch(
      /\| zone-only \|.*\*\*unverified\*\* \| _not proven_: \[`mx\.condusef\.despachos\.hours`\]/,
    );
  });

  it('CSV: each finding says whether it is proven, and in which zones alone it held', async () => {
    const { csv } = await audit([zoneOnly, inEveryZone]);
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.attemptId, r.status, r.verdict, r.proven, r.onlyInZones])).toEqual([
      ['zone-only', 'unverified', 'delay', 'false', 'America/Cancun'],
      ['every-zone', 'delayed', 'delay', 'true', ''],
    ]);
  });

  it('alone it does not make the audit exit 1; a proven violation does', async () => {
    const run = (path: string) =>
      main(['audit', path, '--format', 'json'], { stdin: () => '', out: () => undefined, err: () => undefined });
    expect(await run(write('only-unverified.jsonl', [zoneOnly, clean]))).toBe(0);
    expect(await run(write('with-proven.jsonl', [zoneOnly, provenCo]))).toBe(1);
  });
});

describe('recordStatus and unproven, on decisions as check returns them', () => {
  const finding = {
    ruleId: 'x.y.z',
    category: 'hours' as const,
    severity: 'block' as const,
    statutory: true,
    message: 'm',
    citation: { instrument: 'i', article: 'a', url: 'https://example.org/' },
  };
  const ctx = { candidateTimeZones: ['A', 'B'] };
  it('a finding read from a default, or missing a fact, is unproven; the record follows its proven ones', () => {
    const defaulted = {
      ...finding,
      category: 'third_party' as const,
      evidence: { facts: {}, defaulted: ['identityVerified'] },
    };
    const missing = { ...finding, category: 'channel' as const, missingFacts: ['channelAuthorization'] };
    expect(unproven(defaulted as never, { verdict: 'block', violations: [], warnings: [], context: ctx })).toEqual({
      defaulted: ['identityVerified'],
      zone: false,
    });
    expect(unproven(missing, { verdict: 'block', violations: [], warnings: [], context: ctx })?.defaulted).toEqual([
      'channelAuthorization',
    ]);
    // A proven time violation beside an unproven blocking one: the record was made at a time not allowed.
    expect(
      recordStatus({ verdict: 'block', violations: [finding, defaulted as never], warnings: [], context: ctx }),
    ).toBe('delayed');
    expect(
      recordStatus({ verdict: 'block', violations: [defaulted as never, missing], warnings: [], context: ctx }),
    ).toBe('unverified');
    // Only time violations and still blocked: no lawful instant within the horizon.
    expect(recordStatus({ verdict: 'block', violations: [finding], warnings: [], context: ctx })).toBe('blocked');
    expect(recordStatus({ verdict: 'allow', violations: [], warnings: [finding], context: ctx })).toBe('allowed');
  });

  it('reads back from the JSON report as written', async () => {
    const path = write('json.jsonl', [zoneOnly]);
    let out = '';
    await main(['audit', path, '--format', 'json'], {
      stdin: () => '',
      out: (s) => {
        out += s;
      },
      err: () => undefined,
    });
    const j = JSON.parse(out);
    expect(j.formatVersion).toBe(2);
    expect(j.records[0]).toMatchObject({ status: 'unverified', unverified: ['mx.condusef.despachos.hours'] });
    expect(readFileSync(path, 'utf8')).toContain('zone-only');
  });
});

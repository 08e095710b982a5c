import type { AttemptInput } from '../src/index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChecker, InputError, type Decision, type WindowsResult } from '../src/index.js';
import { attemptArb, DAY_MS, fcParams, RUNS } from './_lib/arbitraries.js';

/**
 * Lawful windows (issue 12): the maximal half-open intervals between `at` and `until` in which the
 * same attempt would be allowed — held to `check` itself at random instants and at every edge.
 */
const checker = createChecker();
const reference = createChecker({ evaluator: 'reference' });
type Json = Record<string, unknown>;

function allowedAt(a: Json, t: number): boolean {
  try {
    return checker.checkSync({ ...a, at: new Date(t).toISOString() } as AttemptInput).verdict === 'allow';
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  }
}

const ms = (s: string): number => Date.parse(s);

describe('windows agree with check', () => {
  it('check at t allows exactly when t lies in a window; windows are sorted, disjoint, non-empty and maximal (MX, CO, ES)', {
    timeout: 600_000,
  }, () => {
    let withWindows = 0;
    let without = 0;
    fc.assert(
      fc.property(
        attemptArb(),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (a, days, fractions) => {
          let r: WindowsResult;
          try {
            r = checker.windowsSync(a as AttemptInput, { days });
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            return;
          }
          const from = ms(a['at'] as string);
          const until = from + days * DAY_MS;
          const spans = r.windows.map((w) => [ms(w.from), ms(w.to)] as const);
          for (let i = 0; i < spans.length; i++) {
            const [f, t] = spans[i]!;
            expect(f).toBeLessThan(t);
            expect(f).toBeGreaterThanOrEqual(from);
            expect(t).toBeLessThanOrEqual(until);
            if (i > 0) expect(spans[i - 1]![1]).toBeLessThan(f); // sorted, disjoint, not touching (maximal)
            expect(allowedAt(a, f), `allowed at from ${r.windows[i]!.from}`).toBe(true);
            expect(allowedAt(a, t - 1), `allowed just before to ${r.windows[i]!.to}`).toBe(true);
            if (f > from) expect(allowedAt(a, f - 1), `not allowed just before from ${r.windows[i]!.from}`).toBe(false);
            if (t < until) expect(allowedAt(a, t), `not allowed at to ${r.windows[i]!.to}`).toBe(false);
          }
          const inside = (t: number) => spans.some(([f, e]) => f <= t && t < e);
          for (const x of fractions) {
            const t = from + Math.floor(x * (until - from - 1));
            expect(allowedAt(a, t), new Date(t).toISOString()).toBe(inside(t));
          }
          if (spans.length > 0) withWindows++;
          else {
            without++;
            // No window: what waiting cannot cure is named, or time rules hold the whole range.
            for (const f of r.blockedBy)
              expect(['hours', 'holiday', 'frequency'].includes(f.category) && f.missingFacts === undefined).toBe(
                false,
              );
          }
        },
      ),
      fcParams(Math.max(200, Math.round(RUNS / 5))),
    );
    expect(withWindows).toBeGreaterThan(20);
    expect(without).toBeGreaterThan(20);
  });

  it('the reference evaluator (json-rules-engine) gives the same windows', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(attemptArb(), fc.integer({ min: 1, max: 4 }), async (a, days) => {
        const [c, r] = await Promise.all([
          checker.windows(a as AttemptInput, { days }).catch(String),
          reference.windows(a as AttemptInput, { days }).catch(String),
        ]);
        expect(JSON.stringify(c)).toBe(JSON.stringify(r));
      }),
      fcParams(Math.max(100, Math.round(RUNS / 20))),
    );
  });
});

const CO = {
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
} satisfies Omit<AttemptInput, 'at'>;
const spans = (r: WindowsResult): string[] => r.windows.map((w) => `${w.from} → ${w.to}`);

describe('windows: cases', () => {
  it('Colombia, a week with a festivo Monday (San José, 23 March 2026): Saturday 08–15, no Sunday, no Monday', () => {
    const r = checker.windowsSync({ ...CO, at: '2026-03-20T19:30:00-05:00' } as AttemptInput, {
      until: '2026-03-27T00:00:00-05:00',
    });
    expect(spans(r)).toEqual([
      '2026-03-21T08:00:00-05:00 → 2026-03-21T15:00:00-05:00',
      '2026-03-24T07:00:00-05:00 → 2026-03-24T19:00:00-05:00',
      '2026-03-25T07:00:00-05:00 → 2026-03-25T19:00:00-05:00',
      '2026-03-26T07:00:00-05:00 → 2026-03-26T19:00:00-05:00',
    ]);
    expect(r.blockedBy).toEqual([]);
  });

  it('Colombia: an earlier contact the same day closes today; another channel this week closes the week to this one', () => {
    const today = checker.windowsSync(
      {
        ...CO,
        at: '2026-03-24T08:00:00-05:00',
        history: [{ at: '2026-03-24T07:30:00-05:00', channel: 'call' }],
      } as AttemptInput,
      { days: 2 },
    );
    expect(spans(today)).toEqual([
      '2026-03-25T07:00:00-05:00 → 2026-03-25T19:00:00-05:00',
      '2026-03-26T07:00:00-05:00 → 2026-03-26T08:00:00-05:00',
    ]);
    const sms = checker.windowsSync(
      {
        ...CO,
        debtor: { authorizedChannels: ['call', 'sms'] },
        at: '2026-03-24T08:00:00-05:00',
        history: [{ at: '2026-03-20T10:00:00-05:00', channel: 'sms' }],
      } as AttemptInput,
      { days: 4 },
    );
    // The SMS of Friday 10:00 leaves the rolling week on the next Friday at 10:00.
    expect(spans(sms)).toEqual(['2026-03-27T10:00:00-05:00 → 2026-03-27T19:00:00-05:00']);
  });

  it('Colombia, a debtor-requested window (parágrafo): Sunday 10:00–12:00 opens, the festivo stays closed', () => {
    const r = checker.windowsSync(
      {
        ...CO,
        at: '2026-03-21T16:00:00-05:00',
        debtor: {
          authorizedChannels: ['call'],
          requestedWindows: [{ weekdays: [7, 1], from: '10:00', to: '12:00', requestedOn: '2026-03-01' }],
        },
      },
      { until: '2026-03-24T08:00:00-05:00' },
    );
    expect(spans(r)).toEqual([
      '2026-03-22T10:00:00-05:00 → 2026-03-22T12:00:00-05:00',
      '2026-03-24T07:00:00-05:00 → 2026-03-24T08:00:00-05:00',
    ]);
  });

  it('Tijuana across the US change to summer time (8 March 2026): 07:00–22:00 local on both sides, the offset moves', () => {
    const r = checker.windowsSync(
      {
        channel: 'call',
        creditorType: 'financial',
        jurisdiction: { country: 'MX', timeZone: 'America/Tijuana' },
        recipient: { role: 'debtor', identityVerified: true },
        debt: { dueDate: '2026-01-15' },
        at: '2026-03-06T23:00:00-08:00',
      },
      { until: '2026-03-10T00:00:00-07:00' },
    );
    expect(spans(r)).toEqual([
      '2026-03-07T07:00:00-08:00 → 2026-03-07T22:00:00-08:00',
      '2026-03-08T07:00:00-07:00 → 2026-03-08T22:00:00-07:00',
      '2026-03-09T07:00:00-07:00 → 2026-03-09T22:00:00-07:00',
    ]);
  });

  it('Mexico, zone unknown: the window holds in every zone (winter: 09:00–21:00 Mexico City time)', () => {
    const r = checker.windowsSync(
      {
        channel: 'call',
        creditorType: 'financial',
        jurisdiction: { country: 'MX' },
        recipient: { role: 'debtor', identityVerified: true },
        debt: { dueDate: '2026-01-15' },
        at: '2026-02-02T00:00:00-06:00',
      },
      { days: 2 },
    );
    expect(spans(r)).toEqual([
      '2026-02-02T09:00:00-06:00 → 2026-02-02T21:00:00-06:00',
      '2026-02-03T09:00:00-06:00 → 2026-02-03T21:00:00-06:00',
    ]);
    expect(r.context.candidateTimeZones.length).toBeGreaterThan(5);
  });

  it('Spain, a mobile (Madrid and Canary time): 10:00–21:00 Madrid time on weekdays, no weekend', () => {
    const r = checker.windowsSync(
      {
        channel: 'call',
        jurisdiction: { country: 'ES' },
        recipient: { role: 'debtor', phone: '+34 612 345 678', identityVerified: true },
        debt: { dueDate: '2026-01-15' },
        at: '2026-03-06T00:00:00+01:00',
      },
      { until: '2026-03-10T00:00:00+01:00' },
    );
    expect(spans(r)).toEqual([
      '2026-03-06T10:00:00+01:00 → 2026-03-06T21:00:00+01:00',
      '2026-03-09T10:00:00+01:00 → 2026-03-09T21:00:00+01:00',
    ]);
  });

  it('blocked for a reason waiting cannot cure: no window, and blockedBy names it', () => {
    const r = checker.windowsSync(
      { ...CO, at: '2026-03-24T08:00:00-05:00', recipient: { role: 'reference' } } as AttemptInput,
      { days: 7 },
    );
    expect(r.windows).toEqual([]);
    expect(r.blockedBy.map((f) => f.ruleId)).toContain('co.ley2300.art4.no_references');
  });

  it('a range longer than 31 days, or ending before at, is refused naming until', () => {
    const a = { ...CO, at: '2026-03-24T08:00:00-05:00' };
    expect(() => checker.windowsSync(a as AttemptInput, { days: 32 })).toThrow(InputError);
    expect(() => checker.windowsSync(a as AttemptInput, { until: '2026-03-24T07:00:00-05:00' })).toThrow(/until/);
    expect(() => checker.windowsSync(a as AttemptInput, { until: '2026-03-30' })).toThrow(/until/);
    expect(checker.windowsSync(a as AttemptInput, { days: 31 }).windows.length).toBeGreaterThan(20);
  });

  it('a window does not count the contact it schedules (documented): two contacts in one window are each allowed alone', () => {
    const r = checker.windowsSync({ ...CO, at: '2026-03-24T08:00:00-05:00' } as AttemptInput, { days: 1 });
    const [w] = r.windows;
    const first: Decision = checker.checkSync({ ...CO, at: w!.from } as AttemptInput);
    expect(first.verdict).toBe('allow');
    const second = checker.checkSync({
      ...CO,
      at: '2026-03-24T12:00:00-05:00',
      history: [{ at: w!.from, channel: 'call' }],
    } as AttemptInput);
    expect(second.verdict).toBe('delay');
  });
});

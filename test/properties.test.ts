import type { AttemptInput } from '../src/index.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Countries, createChecker, DecisionSchema, TimeCategories, type Decision } from '../src/index.js';
import { offsetAt } from '../src/_lib/localClock.js';
import { zoneGroups } from '../src/check/evaluateAt.js';
import { parseAttempt } from '../src/check/parseAttempt.js';
import { ContactIndex } from '../src/facts/contactIndex.js';
import { frequencyFacts } from '../src/facts/frequencyFacts.js';
import { HolidayDays } from '../src/facts/holidayDays.js';
import { HolidayCalendar } from '../src/facts/holidays.js';
import { prepareAttempt, type PastContact, type PreparedAttempt } from '../src/facts/prepareAttempt.js';
import { InstantSchema } from '../src/schema/attempt.js';
import { Channels, Outcomes } from '../src/schema/enums.js';
import { attemptArb, DAY_MS, extraHistoryArb, fcParams, RUNS, SEED } from './_lib/arbitraries.js';

/**
 * Properties of every decision, over generated valid attempts of MX, CO and ES (fixed seed: a failure
 * prints the seed and the shrunk attempt, and `FC_SEED`/`FC_PATH` replay it). One checker serves all.
 */
const checker = createChecker();
const TIME = new Set<string>(TimeCategories);
const RANK = { allow: 0, delay: 1, block: 2 } as const;
const LONG = 600_000;

type Json = Record<string, unknown>;
const historyOf = (a: Json): Json[] => (a['history'] as Json[] | undefined) ?? [];

/** Verdicts seen, by country: the properties must see every verdict in every country, or they prove little. */
const seen = new Map<string, number>();
const tally = (a: Json, d: Decision): void => {
  const key = `${(a['jurisdiction'] as { country: string }).country}.${d.verdict}`;
  seen.set(key, (seen.get(key) ?? 0) + 1);
};
const timings: string[] = [];
afterAll(() => {
  if (timings.length) console.info(`[properties] seed ${SEED}, ${RUNS} runs each\n  ${timings.join('\n  ')}`);
});

async function timed(name: string, run: () => Promise<void>): Promise<void> {
  const t = performance.now();
  await run();
  timings.push(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

describe('generated attempts (MX, CO, ES)', () => {
  it('all three countries are loaded (the properties below exercise every pack)', () => {
    expect([...checker.packs.keys()].sort()).toEqual([...Countries].sort());
  });

  it('a verdict agrees with its findings, and the decision fits the contract', { timeout: LONG }, async () => {
    let horizonBlocks = 0;
    await timed('verdict ⇔ findings', () =>
      fc.assert(
        fc.asyncProperty(attemptArb(), async (a) => {
          const d = await checker.check(a as AttemptInput);
          tally(a, d);
          expect(DecisionSchema.safeParse(d).success).toBe(true);
          expect(d.attemptId).toBe((a['id'] as string | undefined) ?? null);
          expect(d.allowed).toBe(d.verdict === 'allow');
          for (const v of d.violations) expect(v.severity).toBe('block');
          for (const w of d.warnings) expect(w.severity).toBe('warn');
          for (const f of [...d.violations, ...d.warnings]) expect(d.ruleset.evaluatedRules).toContain(f.ruleId);
          if (d.verdict === 'allow') {
            expect(d.violations).toEqual([]);
            expect(d.nextAllowedAt).toBeNull();
          } else {
            expect(d.violations.length).toBeGreaterThan(0);
          }
          if (d.verdict === 'delay') {
            for (const v of d.violations) {
              expect(TIME.has(v.category)).toBe(true);
              expect(v.missingFacts).toBeUndefined();
            }
            expect(d.nextAllowedAt).not.toBeNull();
            expect(InstantSchema.safeParse(d.nextAllowedAt).success).toBe(true);
          }
          if (d.verdict === 'block') {
            expect(d.nextAllowedAt).toBeNull();
            // Either something waiting cannot cure, or a time rule that could not be evaluated, or no
            // lawful instant within the search horizon (then every violation is about time).
            const incurable = d.violations.some((v) => !TIME.has(v.category) || v.missingFacts !== undefined);
            if (!incurable) horizonBlocks++;
          }
        }),
        fcParams(),
      ),
    );
    timings.push(`  (blocks for want of a lawful instant within the horizon: ${horizonBlocks})`);
    for (const c of checker.packs.keys()) {
      for (const v of ['allow', 'delay', 'block'] as const) {
        expect(seen.get(`${c}.${v}`) ?? 0, `${c} ${v} must be common among generated attempts`).toBeGreaterThan(
          RUNS / 50,
        );
      }
    }
  });

  it('at nextAllowedAt (same earlier history) no hours, holiday or frequency rule blocks; nextAllowedAt > at', {
    timeout: LONG,
  }, async () => {
    let delays = 0;
    await timed('nextAllowedAt is lawful', () =>
      fc.assert(
        fc.asyncProperty(attemptArb(), async (a) => {
          const d = await checker.check(a as AttemptInput);
          if (d.verdict !== 'delay') return;
          delays++;
          const atMs = Date.parse(a['at'] as string);
          const next = d.nextAllowedAt!;
          expect(Date.parse(next)).toBeGreaterThan(atMs);
          // Contacts at or after the attempt were ignored by the first check ("earlier contacts"); the
          // promise is about the same contact made later, with no contact in between.
          const earlier = historyOf(a).filter((h) => Date.parse(h['at'] as string) < atMs);
          const later = await checker.check({ ...a, at: next, history: earlier } as AttemptInput);
          const timeBlocks = later.violations.filter((v) => TIME.has(v.category));
          expect(timeBlocks, `re-checked at ${next}`).toEqual([]);
          // Policy warnings (e.g. a financial creditor's weekend in MX) may remain: they never block.
        }),
        fcParams(),
      ),
    );
    expect(delays).toBeGreaterThan(RUNS / 10);
  });

  it('more history never turns delay or block into allow, nor brings nextAllowedAt earlier', {
    timeout: LONG,
  }, async () => {
    const arb = attemptArb().chain((a) => extraHistoryArb(a).map((extra) => ({ a, extra })));
    await timed('history only restricts', () =>
      fc.assert(
        fc.asyncProperty(arb, async ({ a, extra }) => {
          const d1 = await checker.check(a as AttemptInput);
          const d2 = await checker.check({ ...a, history: [...historyOf(a), ...extra] } as AttemptInput);
          expect(RANK[d2.verdict]).toBeGreaterThanOrEqual(RANK[d1.verdict]);
          const ids2 = new Set(d2.violations.map((v) => v.ruleId));
          for (const v of d1.violations) expect(ids2.has(v.ruleId), `${v.ruleId} disappeared`).toBe(true);
          if (d1.verdict === 'delay' && d2.verdict === 'delay') {
            expect(Date.parse(d2.nextAllowedAt!)).toBeGreaterThanOrEqual(Date.parse(d1.nextAllowedAt!));
          }
        }),
        fcParams(),
      ),
    );
  });

  it('the decision does not depend on the order of history', { timeout: LONG }, async () => {
    const arb = attemptArb().chain((a) =>
      fc.shuffledSubarray(historyOf(a), { minLength: historyOf(a).length }).map((shuffled) => ({ a, shuffled })),
    );
    await timed('history order', () =>
      fc.assert(
        fc.asyncProperty(arb, async ({ a, shuffled }) => {
          const d1 = await checker.check(a as AttemptInput);
          const d2 = await checker.check({ ...a, history: shuffled } as AttemptInput);
          expect(d2).toEqual(d1);
        }),
        fcParams(),
      ),
    );
  });
});

describe('regressions found by the properties above', () => {
  it('nextAllowedAt, written to the second, is lawful and after `at` when a past contact carries milliseconds', async () => {
    // A contact on another channel at 10:30:00.700 leaves the 7×24 h window at 10:30:00.700 a week
    // later; written as 10:30:00 that instant was still inside it (and, for an `at` of 10:30:00.500,
    // before `at`), so waiting until nextAllowedAt gave the same delay again.
    const a = {
      at: '2026-03-02T10:30:00.500-05:00',
      channel: 'call',
      jurisdiction: { country: 'CO' },
      recipient: { role: 'debtor', identityVerified: true },
      debt: { dueDate: '2026-01-15' },
      debtor: { authorizedChannels: ['call', 'sms'] },
      history: [{ at: '2026-02-23T10:30:00.700-05:00', channel: 'sms' }],
    };
    const d = await checker.check(a as AttemptInput);
    expect(d.verdict).toBe('delay');
    expect(d.nextAllowedAt).toBe('2026-03-02T10:30:01-05:00');
    expect(Date.parse(d.nextAllowedAt!)).toBeGreaterThan(Date.parse(a.at));
    expect((await checker.check({ ...a, at: d.nextAllowedAt } as AttemptInput)).verdict).toBe('allow');
  });
});

describe('the fast paths agree with the plain computation', () => {
  /** Zones whose clocks jump: US and EU DST, Lord Howe's half hour, midnight transitions (Santiago, Havana). */
  const ZONES = [
    'America/Bogota',
    'America/Tijuana',
    'America/Matamoros',
    'Europe/Madrid',
    'Atlantic/Canary',
    'America/Santiago',
    'America/Havana',
    'Australia/Lord_Howe',
    'Asia/Tokyo',
    'Pacific/Kiritimati',
  ];
  const T0 = Date.UTC(2026, 2, 1);
  const contact = fc.record({
    ms: fc.integer({ min: T0 - 300 * DAY_MS, max: T0 + 300 * DAY_MS }),
    channel: fc.constantFrom(...Channels),
    outcome: fc.option(fc.constantFrom(...Outcomes), { nil: undefined }),
  });

  it('frequency counts from the index equal a pass over the history (any zone, both readings, same instant included)', () => {
    fc.assert(
      fc.property(
        fc.array(contact, { maxLength: 40 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 * DAY_MS })),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...Channels),
        fc.constantFrom('attempt' as const, 'two_way' as const),
        fc.constantFrom('rolling' as const, 'calendar' as const),
        fc.nat(),
        fc.boolean(),
        (raw, after, zone, channel, directContact, week, pick, inside) => {
          const history: PastContact[] = raw.sort((x, y) => x.ms - y.ms);
          // After every contact (the check), or among them (the lawful-windows search): only those at or before t count.
          const t =
            inside && history.length > 0
              ? history[pick % history.length]!.ms + (after % 3) - 1
              : (history.at(-1)?.ms ?? T0) + after;
          const indexed = ContactIndex.of(history, directContact).countsAt(t, zone, channel, week);
          const plain = frequencyFacts(history, t, zone, channel, { directContact, week });
          expect(indexed).toEqual(plain);
        },
      ),
      fcParams(),
    );
  });

  it('zone groups equal grouping by the offsets of every recent contact, one by one', () => {
    const env = {
      holidayDays: new HolidayDays(new HolidayCalendar({})),
      frequency: { directContact: 'attempt' as const, week: 'rolling' as const },
    };
    const EIGHT_DAYS = 8 * DAY_MS;
    const plainGroups = (p: PreparedAttempt, ms: number): string[][] => {
      const groups = new Map<string, string[]>();
      for (const zone of p.zones.zones) {
        let key = String(offsetAt(ms, zone));
        for (const h of p.history.contacts()) if (h.ms >= ms - EIGHT_DAYS) key += `,${offsetAt(h.ms, zone)}`;
        groups.set(key, [...(groups.get(key) ?? []), zone]);
      }
      return [...groups.values()];
    };
    fc.assert(
      fc.property(attemptArb(), fc.array(fc.integer({ min: 0, max: 10 * DAY_MS }), { maxLength: 4 }), (a, later) => {
        const p = prepareAttempt(parseAttempt(a), env);
        for (const ms of [p.atMs, ...later.map((x) => p.atMs + x)])
          expect(zoneGroups(p, ms)).toEqual(plainGroups(p, ms));
      }),
      fcParams(2000),
    );
  });
});

/** The first line where two outputs differ, short enough to read in a failure. */
function firstDifference(a: readonly string[], b: readonly string[]): string | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    let c = 0;
    while (c < x.length && x[c] === y[c]) c++;
    return `line ${i + 1}, character ${c}:\n  …${x.slice(Math.max(0, c - 80), c + 120)}\n  …${y.slice(Math.max(0, c - 80), c + 120)}`;
  }
  return undefined;
}

describe('generated attempts give byte-identical decisions under any process TZ and locale', () => {
  const root = join(import.meta.dirname, '..');
  const batch = fc.sample(attemptArb(), { seed: SEED, numRuns: 300 });
  const dir = mkdtempSync(join(tmpdir(), 'cc-props-'));
  const jsonl = join(dir, 'batch.jsonl');
  writeFileSync(jsonl, batch.map((a) => JSON.stringify(a)).join('\n'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runUnder(tz: string, lang: string): { code: number; stdout: string } {
    try {
      const stdout = execFileSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'src', 'cli', 'bin.ts'), 'check', jsonl],
        {
          env: { ...process.env, TZ: tz, LANG: lang, LC_ALL: lang },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      return { code: 0, stdout };
    } catch (e) {
      const err = e as { status: number; stdout: string };
      return { code: err.status, stdout: err.stdout };
    }
  }

  it('300 attempts of MX, CO and ES under TZ=UTC, Asia/Tokyo, America/Bogota, Pacific/Kiritimati', {
    timeout: LONG,
  }, async () => {
    expect(new Set(batch.map((a) => (a['jurisdiction'] as { country: string }).country)).size).toBe(3);
    const utc = runUnder('UTC', 'C');
    expect(utc.code).toBe(1);
    const lines = utc.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(batch.length);
    // The same answers as this process gives, whatever its own TZ.
    const here: string[] = [];
    for (const a of batch) here.push(JSON.stringify(await checker.check(a as AttemptInput)));
    expect(firstDifference(lines, here), 'child (TZ=UTC) and this process disagree').toBeUndefined();
    for (const [tz, lang] of [
      ['Asia/Tokyo', 'ja_JP.UTF-8'],
      ['America/Bogota', 'es_CO.UTF-8'],
      ['Pacific/Kiritimati', 'C'],
    ] as const) {
      const other = runUnder(tz, lang);
      expect(other.code, tz).toBe(1);
      expect(
        firstDifference(other.stdout.split('\n'), utc.stdout.split('\n')),
        `TZ=${tz} differs from TZ=UTC`,
      ).toBeUndefined();
      expect(other.stdout === utc.stdout).toBe(true);
    }
  });
});

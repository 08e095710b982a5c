import type { AttemptInput } from '../src/index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createChecker,
  DecisionSchema,
  defaultRuleSources,
  InputError,
  safeParseAttempt,
  type Decision,
} from '../src/index.js';
import { InstantSchema } from '../src/schema/attempt.js';
import { main } from '../src/cli/main.js';
import { formatPath } from '../src/check/parseAttempt.js';
import { lawInForceFrom } from '../src/rules/lawInForceFrom.js';
import { formatInstant } from '../src/_lib/localClock.js';
import { attemptArb, fcParams, mutantArb, NASTY, pathsOf, setAt } from './_lib/arbitraries.js';

/**
 * Hostile input: random JSON and JavaScript values, wrong types in every field, huge strings, deep
 * nesting, prototype keys, impossible dates and offsets, DST gaps and repeated hours. Never a crash,
 * never a hang, a clear error naming the field for every invalid input — and never a decision for an
 * input the schema rejects. The same through the CLI: exit 2, nothing on stdout.
 */
const checker = createChecker();

type Outcome = { decision: Decision; error?: undefined } | { decision?: undefined; error: unknown };
async function judge(input: unknown): Promise<Outcome> {
  try {
    return { decision: await checker.check(input as AttemptInput) };
  } catch (error) {
    return { error };
  }
}

/** The library's answer agrees with its own schema check: a decision iff valid, else an InputError with the same issues. */
async function expectConsistent(input: unknown): Promise<'accepted' | 'rejected'> {
  const parsed = safeParseAttempt(input);
  const got = await judge(input);
  if (parsed.success) {
    expect(got.error).toBeUndefined();
    expect(DecisionSchema.safeParse(got.decision).success).toBe(true);
    return 'accepted';
  }
  expect(got.decision).toBeUndefined();
  expect(got.error).toBeInstanceOf(InputError);
  const err = got.error as InputError;
  expect(err.issues).toEqual(parsed.error.issues);
  expect(err.issues.length).toBeGreaterThan(0);
  for (const i of err.issues) {
    expect(typeof i.path).toBe('string');
    expect(i.code).toMatch(/^[a-z_]+$/);
    // A clear error is a short one, whatever the size of the input.
    expect(i.message.length, i.message.slice(0, 200)).toBeLessThan(400);
  }
  return 'rejected';
}

async function expectRejectedAt(input: unknown, path: string): Promise<void> {
  const parsed = safeParseAttempt(input);
  expect(parsed.success, `accepted, expected an error at ${path}`).toBe(false);
  if (!parsed.success)
    expect(
      parsed.error.issues.map((i) => i.path),
      JSON.stringify(parsed.error.issues).slice(0, 400),
    ).toContain(path);
  expect(await expectConsistent(input)).toBe('rejected');
}

async function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: () => stdin,
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

/**
 * Bad input through the CLI gets no decision: standard output is empty (a document) or holds only
 * error entries (JSON Lines: each bad line its error line, in its place).
 */
function expectNoDecision(stdout: string): void {
  if (stdout.trim() === '') return;
  let entries: unknown[];
  try {
    const whole = JSON.parse(stdout) as unknown;
    entries = Array.isArray(whole) ? whole : [whole];
  } catch {
    entries = stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
  }
  for (const entry of entries) {
    expect(entry).toHaveProperty('error');
    expect(entry).not.toHaveProperty('verdict');
  }
}

/** A valid attempt with every field of the contract present. */
function fullAttempt(country: 'MX' | 'CO' | 'ES'): Record<string, unknown> {
  const where = {
    CO: {
      jurisdiction: { country: 'CO', region: 'CO-DC', timeZone: 'America/Bogota' },
      phone: '+573001234567',
      offset: '-05:00',
      currency: 'COP',
    },
    MX: {
      jurisdiction: { country: 'MX', region: 'MX-BCN', timeZone: 'America/Tijuana' },
      phone: '+526641234567',
      offset: '-08:00',
      currency: 'MXN',
    },
    ES: {
      jurisdiction: { country: 'ES', region: 'ES-CN', timeZone: 'Atlantic/Canary' },
      phone: '+34922123456',
      offset: '+00:00',
      currency: 'EUR',
    },
  }[country];
  return {
    id: `full-${country}`,
    at: `2026-03-04T10:00:00${where.offset}`,
    channel: 'call',
    agent: 'human',
    initiatedBy: 'collector',
    purpose: 'collection',
    debtorId: 'd-1',
    creditorId: 'c-1',
    creditorType: 'financial',
    jurisdiction: where.jurisdiction,
    recipient: { role: 'debtor', phone: where.phone, ageGroup: 'adult', identityVerified: true },
    content: { disclosesDebt: true, identifiesCollector: true, aiDisclosed: false },
    debt: { dueDate: '2026-01-15', amount: 1000, currency: where.currency, product: 'consumer', disputed: false },
    debtor: {
      authorizedChannels: ['call', 'sms'],
      optedOutChannels: ['email'],
      visitAuthorized: false,
      requestedWindows: [{ weekdays: [1, 2], from: '06:00', to: '07:00', requestedOn: '2026-01-20' }],
      representedByAttorney: false,
      deceased: false,
      insolvencyProceeding: false,
    },
    outcome: 'connected',
    history: [
      { at: `2026-02-20T10:00:00${where.offset}`, channel: 'sms', recipientRole: 'debtor', outcome: 'delivered' },
    ],
  };
}
const COUNTRIES = ['MX', 'CO', 'ES'] as const;

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const WRONG: readonly unknown[] = [null, 0, -1.5, 'x', '', true, [], [1], {}, { a: 1 }];

describe('every field of the contract, in every country', () => {
  it.each(COUNTRIES)('%s: the full attempt is valid and judged', async (country) => {
    const d = await checker.check(fullAttempt(country) as unknown as AttemptInput);
    expect(DecisionSchema.safeParse(d).success).toBe(true);
    expect(d.attemptId).toBe(`full-${country}`);
  });

  it.each(COUNTRIES)(
    '%s: a wrong type in any field is an error naming that field (also through the CLI)',
    async (country) => {
      const full = fullAttempt(country);
      const bad: Array<{ input: unknown; path: string }> = [];
      for (const path of pathsOf(full)) {
        const original = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], full);
        for (const w of WRONG) {
          if (jsonType(w) === jsonType(original)) continue;
          bad.push({ input: setAt(full, path, w), path: formatPath(path) });
        }
      }
      expect(bad.length).toBeGreaterThan(300);
      for (const { input, path } of bad) await expectRejectedAt(input, path);
      // All at once as JSON Lines: one exit 2, every line's error line in its place naming the field.
      const r = await cli(['check', '-'], bad.map((b) => JSON.stringify(b.input)).join('\n'));
      expect(r.code).toBe(2);
      expectNoDecision(r.stdout);
      const entries = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { line: number; error: { issues: Array<{ path: string }> } });
      expect(entries).toHaveLength(bad.length);
      bad.forEach((b, i) => {
        expect(entries[i]!.line).toBe(i + 1);
        expect(entries[i]!.error.issues.map((x) => x.path)).toContain(b.path);
      });
      expect(r.stderr).toContain(`${bad.length} of ${bad.length} lines not judged`);
      expect(r.stderr).toContain(`<stdin>:1: ${bad[0]!.path}`);
    },
  );

  it.each(COUNTRIES)('%s: a missing required field, and an unknown field at any level, are named', async (country) => {
    const full = fullAttempt(country);
    for (const path of [
      ['at'],
      ['channel'],
      ['jurisdiction'],
      ['jurisdiction', 'country'],
      ['recipient'],
      ['recipient', 'role'],
      ['debt'],
      ['debt', 'dueDate'],
      ['history', 0, 'at'],
      ['history', 0, 'channel'],
      ['debtor', 'requestedWindows', 0, 'from'],
    ]) {
      const input = JSON.parse(JSON.stringify(setAt(full, path, undefined))) as unknown;
      await expectRejectedAt(input, formatPath(path));
      const parsed = safeParseAttempt(input);
      if (!parsed.success) expect(parsed.error.issues.find((i) => i.path === formatPath(path))?.code).toBe('required');
    }
    const objects = [
      [],
      ...pathsOf(full).filter(
        (p) => jsonType(p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], full)) === 'object',
      ),
    ];
    for (const at of objects) {
      await expectRejectedAt(setAt(full, [...at, 'chanel'], 'sms'), formatPath([...at, 'chanel']));
    }
  });
});

describe('random values', () => {
  it('random JSON and arbitrary JavaScript values: no crash, an InputError, never a decision', {
    timeout: 300_000,
  }, async () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withObjectString: true,
      maxDepth: 4,
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), anything), async (x) => {
        expect(await expectConsistent(x)).toBe('rejected');
      }),
      fcParams(3000),
    );
  });

  it('objects shaped like an attempt, with random values in its fields', { timeout: 300_000 }, async () => {
    const field = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...NASTY));
    const shaped = fc.record(
      {
        at: field,
        channel: field,
        jurisdiction: fc.oneof(
          field,
          fc.record({ country: field, region: field, timeZone: field }, { requiredKeys: [] }),
        ),
        recipient: fc.oneof(field, fc.record({ role: field, phone: field }, { requiredKeys: [] })),
        debt: fc.oneof(field, fc.record({ dueDate: field })),
        history: fc.oneof(field, fc.array(fc.record({ at: field, channel: field }), { maxLength: 3 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(shaped, async (x) => {
        await expectConsistent(x);
      }),
      fcParams(3000),
    );
  });

  it('real attempts with one node replaced, deleted, or given an unknown sibling', { timeout: 300_000 }, async () => {
    const seen = { accepted: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(mutantArb(), async (x) => {
        seen[await expectConsistent(x)]++;
      }),
      fcParams(5000),
    );
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.rejected).toBeGreaterThan(1000);
  });
});

describe('inputs that throw when read', () => {
  it('regression: a getter or a proxy that throws is an InputError, not a crash (and never a decision)', async () => {
    const full = fullAttempt('CO');
    const hostile: unknown[] = [
      Object.defineProperty({ ...full }, 'channel', {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
      }),
      {
        ...full,
        debt: Object.defineProperty({}, 'dueDate', {
          enumerable: true,
          get: () => {
            throw new TypeError('deep getter');
          },
        }),
      },
      new Proxy(full, {
        ownKeys: () => {
          throw new Error('ownKeys trap');
        },
      }),
      new Proxy(full, {
        get: () => {
          throw new Error('get trap');
        },
      }),
      new Proxy(
        {},
        {
          getPrototypeOf: () => {
            throw new Error('getPrototypeOf trap');
          },
        },
      ),
    ];
    for (const x of hostile) {
      const r = safeParseAttempt(x);
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues[0]).toMatchObject({ path: '(input)', code: 'unreadable' });
      await expect(checker.check(x as AttemptInput)).rejects.toThrow(InputError);
    }
  });

  it('cycles in an attempt are rejected, not followed forever', async () => {
    const cyc: Record<string, unknown> = { ...fullAttempt('MX') };
    cyc['content'] = cyc;
    await expectRejectedAt(cyc, 'content.at');
    const arr: unknown[] = [];
    arr.push(arr);
    await expectRejectedAt({ ...fullAttempt('MX'), history: arr }, 'history[0]');
  });
});

describe('size and depth', () => {
  const MB = 'x'.repeat(1_000_000);

  it.each(COUNTRIES)('%s: a 1 MB string in any field is a short error naming it, quickly', async (country) => {
    const full = fullAttempt(country);
    for (const path of pathsOf(full)) {
      const t = performance.now();
      await expectRejectedAt(setAt(full, path, MB), formatPath(path));
      expect(performance.now() - t, formatPath(path)).toBeLessThan(2000);
    }
  });

  it('a 1 MB line, and 1 MB of garbage, through the CLI: exit 2, nothing on stdout', async () => {
    for (const text of [JSON.stringify({ ...fullAttempt('CO'), id: MB }), MB, `{"at": "${MB}`]) {
      const r = await cli(['check', '-'], text);
      expect(r.code).toBe(2);
      expectNoDecision(r.stdout);
      expect(r.stdout.length).toBeLessThan(4000);
      expect(r.stderr.length).toBeLessThan(4000);
    }
  });

  it('10,000 levels of nesting through JSON.parse, in any position', async () => {
    const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const base = JSON.stringify(fullAttempt('ES')).slice(0, -1);
    const cases: Array<[string, string]> = [
      [`${base},"debtor":${deepObject}}`, 'debtor.a'],
      [`${base},"history":${deepArray}}`, 'history[0]'],
      [`${base},"extra":${deepObject}}`, 'extra'],
      [`${base},"at":${deepArray}}`, 'at'],
      [`${base},"jurisdiction":{"country":${deepObject}}}`, 'jurisdiction.country'],
    ];
    for (const [text, path] of cases) {
      await expectRejectedAt(JSON.parse(text), path);
      const r = await cli(['check', '-'], text);
      expect(r.code).toBe(2);
      expectNoDecision(r.stdout);
      expect(r.stderr).toContain(path);
    }
    for (const text of [deepObject, deepArray, `${'['.repeat(200_000)}${']'.repeat(200_000)}`]) {
      const r = await cli(['check', '-'], text);
      expect(r.code).toBe(2);
      expectNoDecision(r.stdout);
    }
  });

  it('history at the schema limit (10,000 contacts in one week) is judged in bounded time; one more is an error', {
    timeout: 120_000,
  }, async () => {
    const at = Date.parse('2026-03-04T15:00:00Z');
    const history = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        at: new Date(at - (i + 1) * 60_000).toISOString(),
        channel: (['call', 'sms', 'email'] as const)[i % 3],
      }));
    const times: number[] = [];
    // Each a delay: CO one contact a day, ES three attempts a day, MX 23:30 in Mexico City.
    const when = { CO: '2026-03-04T15:00:00Z', ES: '2026-03-04T15:00:00Z', MX: '2026-03-05T05:30:00Z' };
    for (const country of COUNTRIES) {
      for (const n of [2_500, 10_000]) {
        const t = performance.now();
        const d = await checker.check({
          ...fullAttempt(country),
          at: when[country],
          jurisdiction: { country },
          recipient: { role: 'debtor', identityVerified: true },
          history: history(n),
        } as AttemptInput);
        times.push(performance.now() - t);
        // A delay: the nextAllowedAt search walks past every one of those contacts.
        expect(d.verdict, country).toBe('delay');
      }
    }
    // Linear, not quadratic, in the length of the history: 4× the contacts, well under 16× the time.
    for (let i = 0; i < times.length; i += 2) expect(times[i + 1]! / Math.max(times[i]!, 50)).toBeLessThan(10);
    expect(Math.max(...times)).toBeLessThan(30_000);
    await expectRejectedAt({ ...fullAttempt('CO'), history: history(10_001) }, 'history');
  });
});

describe('prototype keys', () => {
  const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

  it.each(COUNTRIES)(
    '%s: __proto__, constructor and prototype as own keys (JSON.parse), at every level, are unknown fields',
    async (country) => {
      const full = fullAttempt(country);
      const objects = [
        [],
        ...pathsOf(full).filter(
          (p) => jsonType(p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], full)) === 'object',
        ),
      ];
      for (const at of objects) {
        for (const key of PROTO_KEYS) {
          const input = JSON.parse(
            JSON.stringify(setAt(full, [...at, key], { polluted: true, at: '2026-03-04T10:00:00Z' })),
          ) as unknown;
          const own = at.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], input);
          expect(Object.hasOwn(own as object, key)).toBe(true);
          await expectRejectedAt(input, formatPath([...at, key]));
          const r = await cli(['check', '-'], JSON.stringify(input));
          expect(r.code).toBe(2);
          expectNoDecision(r.stdout);
        }
      }
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );

  it('prototype names as values are rejected where they are not in the vocabulary', async () => {
    const full = fullAttempt('MX');
    for (const v of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      await expectRejectedAt(setAt(full, ['channel'], v), 'channel');
      await expectRejectedAt(setAt(full, ['recipient', 'role'], v), 'recipient.role');
      await expectRejectedAt(setAt(full, ['jurisdiction', 'country'], v), 'jurisdiction.country');
      await expectRejectedAt(setAt(full, ['jurisdiction', 'timeZone'], v), 'jurisdiction.timeZone');
      await expectRejectedAt(setAt(full, ['recipient', 'phone'], v), 'recipient.phone');
      await expectRejectedAt(setAt(full, ['history', 0, 'channel'], v), 'history[0].channel');
    }
    for (const region of ['MX-constructor', 'MX-__proto__', 'ES-toString', 'CO-valueOf']) {
      await expectRejectedAt({ ...full, jurisdiction: { country: region.slice(0, 2), region } }, 'jurisdiction.region');
    }
  });

  it('regression: an oversized time zone is not looked up (nor kept in the zone cache)', async () => {
    const { IANAZone } = await import('luxon');
    const seen: string[] = [];
    const original = IANAZone.isValidZone.bind(IANAZone);
    IANAZone.isValidZone = (z: string) => {
      seen.push(z);
      return original(z);
    };
    try {
      for (let i = 0; i < 5; i++)
        await expectRejectedAt(
          { ...fullAttempt('CO'), jurisdiction: { country: 'CO', timeZone: `${i}${'x'.repeat(100_000)}` } },
          'jurisdiction.timeZone',
        );
    } finally {
      IANAZone.isValidZone = original;
    }
    expect(seen.filter((z) => z.length > 64)).toEqual([]);
  });
});

describe('dates, times and offsets', () => {
  const base = fullAttempt('CO');
  const invalidInstants = [
    '0000-03-04T10:00:00Z',
    '9999-03-04T10:00:00Z',
    '1899-12-31T23:59:59Z',
    '2201-01-01T00:00:00Z',
    '2026-13-04T10:00:00Z',
    '2026-00-04T10:00:00Z',
    '2026-02-29T10:00:00Z',
    '2100-02-29T10:00:00Z',
    '1900-02-29T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-03-04T24:00:00Z',
    '2026-03-04T23:60:00Z',
    '2026-03-04T23:59:60Z',
    '2026-03-04T10:00:00+14:01',
    '2026-03-04T10:00:00-12:01',
    '2026-03-04T10:00:00+15:00',
    '2026-03-04T10:00:00-13:00',
    '2026-03-04T10:00:00+05:60',
    '2026-03-04T10:00:00+0500',
    '2026-03-04T10:00:00',
    '2026-03-04 10:00:00Z',
    '2026-03-04t10:00:00z',
    '2026-03-04T10Z',
    '2026-3-4T10:00:00Z',
    '２０２６-03-04T10:00:00Z',
    '2026-03-04T10:00:00.1234567890Z',
    '2026-03-04',
    '',
    'now',
  ];
  const validInstants = [
    '2026-03-04T10:00:00-12:00',
    '2026-03-04T10:00:00+14:00',
    '2026-03-04T10:00:00+05:45',
    '2026-03-04T10:00:00-09:30',
    '2028-02-29T10:00:00-05:00',
    '2024-02-29T10:00:00Z',
    '2000-02-29T10:00:00Z',
    '1900-01-01T00:00:00+14:00',
    '2200-12-31T23:59:59-12:00',
    '2026-03-04T10:00Z',
    '2026-03-04T10:00:00.123456789-05:00',
    '2026-12-31T23:59:59+14:00',
  ];

  it.each(invalidInstants)('at = %j is rejected at `at` (and in history[0].at)', async (at) => {
    await expectRejectedAt({ ...base, at }, 'at');
    await expectRejectedAt(setAt(base, ['history', 0, 'at'], at), 'history[0].at');
    const r = await cli(['check', '-'], JSON.stringify({ ...base, at }));
    expect(r.code).toBe(2);
    expectNoDecision(r.stdout);
    expect(r.stderr).toMatch(/^<stdin>:1: at: /m);
  });

  it.each(validInstants)(
    'at = %j is judged in every country, or refused when its statutory contact law is not in force yet',
    async (at) => {
      for (const country of COUNTRIES) {
        const attempt = { ...fullAttempt(country), at, debt: { dueDate: '1900-01-01' }, history: [] };
        const first = Date.parse(`${lawInForceFrom(country)}T00:00:00Z`);
        // Before the country's statutory contact law, in the debtor's local date: no decision without law in force.
        const outcome = await checker.check(attempt as unknown as AttemptInput).then(
          (d) => d,
          (e: unknown) => e,
        );
        if (outcome instanceof InputError) {
          expect(outcome.issues).toMatchObject([{ path: 'at', code: 'no_law_in_force' }]);
          expect(Date.parse(at), `${country}: refused though its law was in force`).toBeLessThan(first + 86_400_000);
          continue;
        }
        expect(Date.parse(at), `${country}: judged before any of its law was in force`).toBeGreaterThan(
          first - 86_400_000,
        );
        const d = outcome as Decision;
        expect(DecisionSchema.safeParse(d).success).toBe(true);
        if (d.nextAllowedAt !== null) expect(Date.parse(d.nextAllowedAt)).toBeGreaterThan(Date.parse(at));
      }
    },
  );

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '0000-01-01',
    '9999-12-31',
    '2026-1-1',
    '2026-01-01T00:00:00Z',
    '',
  ])('debt.dueDate = requestedOn = %j is rejected', async (date) => {
    await expectRejectedAt(setAt(base, ['debt', 'dueDate'], date), 'debt.dueDate');
    await expectRejectedAt(
      setAt(base, ['debtor', 'requestedWindows', 0, 'requestedOn'], date),
      'debtor.requestedWindows[0].requestedOn',
    );
  });

  it('regression: an instant in local mean time is written as a valid instant (a custom rule in force in 1900 no longer reaches it)', async () => {
    // Bogotá kept −4:56:16 until 1914: an offset in seconds, which "±hh:mm" cannot write.
    for (const zone of ['America/Bogota', 'America/Mexico_City', 'Europe/Madrid']) {
      const s = formatInstant(Date.parse('1900-06-01T11:56:16Z'), zone);
      expect(InstantSchema.safeParse(s).success, `${zone}: ${s}`).toBe(true);
      expect(Date.parse(s)).toBe(Date.parse('1900-06-01T11:56:16Z'));
    }
    expect(formatInstant(Date.parse('1900-06-01T11:56:16Z'), 'America/Bogota')).toBe('1900-06-01T11:56:16Z');
    // The nextAllowedAt that once met it: a custom rule in force in 1900 cannot lower the floor of law
    // in force (issue 16, item 4), so a 1900 attempt is refused instead of judged by it.
    const old = {
      path: 'x/co/old.json',
      data: {
        country: 'CO',
        topic: 'old',
        rules: [
          {
            id: 'co.test.old_hours',
            category: 'hours',
            severity: 'block',
            statutory: false,
            reference: 'test',
            citation: { instrument: 'test', article: 'n/a', url: 'https://example.org/test' },
            effective: { from: '1900-01-01' },
            summary: { es: 'x', en: 'x' },
            message: { es: 'x', en: 'x' },
            requires: ['localMinutes'],
            conditions: { all: [{ fact: 'localMinutes', operator: 'lessThan', value: 420 }] },
          },
        ],
      },
    };
    const c = createChecker({ rules: [...defaultRuleSources, old] });
    await expect(
      c.check({
        ...base,
        at: '1900-06-01T02:00:00-05:00',
        jurisdiction: { country: 'CO', timeZone: 'America/Bogota' },
        debt: { dueDate: '1900-01-01' },
        history: [],
      } as unknown as AttemptInput),
    ).rejects.toMatchObject({ issues: [{ path: 'at', code: 'no_law_in_force' }] });
  });

  it('requested windows: 24:00 is an end, not a start; from must be before to; weekdays are 1–7', async () => {
    const w = ['debtor', 'requestedWindows', 0];
    expect(safeParseAttempt(setAt(base, [...w, 'to'], '24:00')).success).toBe(true);
    await expectRejectedAt(
      setAt(setAt(base, [...w, 'from'], '24:00'), [...w, 'to'], '24:00'),
      'debtor.requestedWindows[0].to',
    );
    await expectRejectedAt(setAt(base, [...w, 'to'], '05:00'), 'debtor.requestedWindows[0].to');
    await expectRejectedAt(setAt(base, [...w, 'from'], '25:00'), 'debtor.requestedWindows[0].from');
    await expectRejectedAt(setAt(base, [...w, 'weekdays'], [0]), 'debtor.requestedWindows[0].weekdays[0]');
    await expectRejectedAt(setAt(base, [...w, 'weekdays'], [8]), 'debtor.requestedWindows[0].weekdays[0]');
    await expectRejectedAt(setAt(base, [...w, 'weekdays'], []), 'debtor.requestedWindows[0].weekdays');
  });
});

describe("daylight saving: every instant is real (it carries its offset); decisions follow the debtor's clock", () => {
  const es = {
    ...fullAttempt('ES'),
    jurisdiction: { country: 'ES', region: 'ES-MD' },
    recipient: { role: 'debtor', identityVerified: true },
    history: [],
    debtor: {},
  };
  const tj = {
    ...fullAttempt('MX'),
    jurisdiction: { country: 'MX', region: 'MX-BCN' },
    recipient: { role: 'debtor', identityVerified: true },
    history: [],
    debtor: {},
  };
  const tam = { ...tj, jurisdiction: { country: 'MX', region: 'MX-TAM' } };

  const cases: Array<[string, Record<string, unknown>, string, string, string | null]> = [
    // [what, attempt, at, local time, nextAllowedAt]
    [
      'Madrid, the gap: 02:30+01:00 is 03:30 CEST (Sunday)',
      es,
      '2026-03-29T02:30:00+01:00',
      '2026-03-29T03:30',
      '2026-03-30T09:00:00+02:00',
    ],
    [
      'Madrid, the gap: 02:30+02:00 is 01:30 CET',
      es,
      '2026-03-29T02:30:00+02:00',
      '2026-03-29T01:30',
      '2026-03-30T09:00:00+02:00',
    ],
    [
      'Madrid, Friday night across the gap',
      es,
      '2026-03-27T21:30:00+01:00',
      '2026-03-27T21:30',
      '2026-03-30T09:00:00+02:00',
    ],
    [
      'Madrid, the repeated hour, first pass',
      es,
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:30',
      '2026-10-26T09:00:00+01:00',
    ],
    [
      'Madrid, the repeated hour, second pass',
      es,
      '2026-10-25T02:30:00+01:00',
      '2026-10-25T02:30',
      '2026-10-26T09:00:00+01:00',
    ],
    ['Madrid, Friday evening before the change back', es, '2026-10-23T20:59:00+02:00', '2026-10-23T20:59', null],
    ['Tijuana, before the gap', tj, '2026-03-08T01:30:00-08:00', '2026-03-08T01:30', '2026-03-08T07:00:00-07:00'],
    [
      'Tijuana, inside the gap as written: 02:30-08:00 is 03:30 PDT',
      tj,
      '2026-03-08T02:30:00-08:00',
      '2026-03-08T03:30',
      '2026-03-08T07:00:00-07:00',
    ],
    ['Tijuana, 06:30-08:00 is 07:30 PDT: open', tj, '2026-03-08T06:30:00-08:00', '2026-03-08T07:30', null],
    [
      'Tijuana, Saturday night across the gap',
      tj,
      '2026-03-07T22:30:00-08:00',
      '2026-03-07T22:30',
      '2026-03-08T07:00:00-07:00',
    ],
    [
      'Tijuana, the repeated hour, first pass',
      tj,
      '2026-11-01T01:30:00-07:00',
      '2026-11-01T01:30',
      '2026-11-01T07:00:00-08:00',
    ],
    [
      'Tijuana, the repeated hour, second pass',
      tj,
      '2026-11-01T01:30:00-08:00',
      '2026-11-01T01:30',
      '2026-11-01T07:00:00-08:00',
    ],
    [
      'Tijuana, Saturday night across the change back',
      tj,
      '2026-10-31T22:30:00-07:00',
      '2026-10-31T22:30',
      '2026-11-01T07:00:00-08:00',
    ],
    ['Tijuana, 21:59 PDT', tj, '2026-10-30T21:59:00-07:00', '2026-10-30T21:59', null],
    // Tamaulipas: Monterrey (no DST) and Matamoros (US DST) are both candidates; both must be open.
    [
      'Tamaulipas after the US change: 06:30 Monterrey is 07:30 Matamoros',
      tam,
      '2026-03-08T06:30:00-06:00',
      '2026-03-08T06:30',
      '2026-03-08T07:00:00-06:00',
    ],
    [
      'Tamaulipas after the US change: 21:30 Monterrey is 22:30 Matamoros',
      tam,
      '2026-03-09T21:30:00-06:00',
      '2026-03-09T21:30',
      '2026-03-10T07:00:00-06:00',
    ],
  ];

  it.each(cases)('%s', async (_what, attempt, at, localTime, next) => {
    const d = await checker.check({ ...attempt, at } as unknown as AttemptInput);
    expect(DecisionSchema.safeParse(d).success).toBe(true);
    expect(d.context.localTime).toBe(localTime);
    expect(d.nextAllowedAt).toBe(next);
    expect(d.verdict).toBe(next === null ? 'allow' : 'delay');
    if (next !== null) {
      for (const v of d.violations) expect(['hours', 'holiday', 'frequency']).toContain(v.category);
      const later = await checker.check({ ...attempt, at: next } as unknown as AttemptInput);
      expect(later.violations).toEqual([]);
    }
  });
});

describe('concurrency: many checks at once give the answers one at a time gives (none lost, none mixed up)', () => {
  it('500 generated attempts of MX, CO and ES, all in flight together', { timeout: 120_000 }, async () => {
    const batch = fc.sample(attemptArb(), { seed: 11, numRuns: 500 });
    const oneByOne: string[] = [];
    for (const a of batch) oneByOne.push(JSON.stringify(await checker.check(a as AttemptInput)));
    const together = await Promise.all(batch.map((a) => checker.check(a as AttemptInput)));
    expect(together.map((d) => JSON.stringify(d))).toEqual(oneByOne);
    expect(new Set(together.map((d, i) => `${d.attemptId}|${i}`)).size).toBe(batch.length);
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import * as api from '../src/index.js';
import {
  check,
  type ComplianceError,
  createChecker,
  InputError,
  safeParseAttempt,
  type AttemptInput,
  type Decision,
  type SafeParseResult,
} from '../src/index.js';

/**
 * An API that catches mistakes (issue 11, item 4): a misspelt field of a literal fails to compile
 * (`npm run typecheck` covers this file: each `@ts-expect-error` must meet an error, or typecheck
 * fails), raw JSON is still accepted and validated at run time, `safeParseAttempt` is shaped like
 * zod's `safeParse`, and one name means one contract.
 */
const ok: AttemptInput = {
  at: '2026-03-02T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
};

describe('check is typed with the contract', () => {
  it('a literal with a misspelt field, or a value outside an enum, does not compile; JSON.parse output does', async () => {
    const checker = createChecker();
    if (Math.random() > 2) {
      // Never run: these lines are here for the type checker.
      // @ts-expect-error — `recipent` is not a field of an attempt
      await checker.check({ ...ok, recipent: { role: 'debtor' } });
      // @ts-expect-error — `fax` is not a channel
      await check({ ...ok, channel: 'fax' });
      // @ts-expect-error — `recipient` is required
      checker.checkSync({
        at: ok.at,
        channel: 'call',
        jurisdiction: { country: 'CO' },
        debt: { dueDate: '2026-01-15' },
      });
      // @ts-expect-error — a misspelt field in windows
      await checker.windows({ ...ok, debtr: {} }, { days: 1 });
    }
    // Raw JSON (`any`) compiles, and is validated at run time.
    const raw = JSON.parse(JSON.stringify({ ...ok, recipent: { role: 'debtor' } }));
    await expect(checker.check(raw)).rejects.toThrow(/recipent: unknown field/);
    expect((await checker.check(JSON.parse(JSON.stringify(ok)))).verdict).toBe('allow');
    expectTypeOf(checker.check).parameter(0).toEqualTypeOf<AttemptInput>();
    expectTypeOf(check).parameter(0).toEqualTypeOf<AttemptInput>();
  });
});

describe('safeParseAttempt is shaped like zod safeParse', () => {
  it('{ success: true, data } with defaults applied', () => {
    const r = safeParseAttempt(ok);
    expect(r.success).toBe(true);
    if (r.success) {
      expect(r.data.agent).toBe('human');
      expect(r.error).toBeUndefined();
    }
  });

  it('{ success: false, error: InputError } naming every bad field', () => {
    const r: SafeParseResult = safeParseAttempt({ ...ok, channel: 'fax', recipent: {} });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error).toBeInstanceOf(InputError);
      expect(r.error.issues.map((i) => i.path).sort()).toEqual(['channel', 'recipent']);
      expect(r.data).toBeUndefined();
    }
  });
});

describe('one name per contract', () => {
  it('check (top level) = createChecker().check: validates unknown input; checker.checkAttempt takes a parsed Attempt', async () => {
    expect(api).not.toHaveProperty('checkAttempt');
    const d: Decision = await check(ok);
    expect(d).toEqual(await createChecker().check(ok));
    await expect(check(JSON.parse('{"at":"2026-03-02T10:00:00"}'))).rejects.toThrow(InputError);
  });
});

describe('createChecker options are validated (zod schema)', () => {
  it('a language, an unknown key, a range: ComplianceError invalid_option naming the option', () => {
    const bad = (o: unknown): ComplianceError => {
      try {
        createChecker(o as never);
      } catch (e) {
        return e as ComplianceError;
      }
      throw new Error('accepted');
    };
    expect(bad({ language: 'fr' })).toMatchObject({
      code: 'invalid_option',
      message: expect.stringMatching(/language/),
    });
    expect(bad({ langauge: 'es' }).message).toMatch(/langauge: unknown option \(did you mean language\?\)/);
    expect(bad({ horizonDays: -1 }).message).toMatch(/horizonDays/);
  });
});

import { describe, expect, it } from 'vitest';
import { ComplianceError, createChecker } from '../src/index.js';

/** Options are checked when the checker is built (issue 11): each mistake is an error naming the option. */
describe('createChecker options', () => {
  const refused = (options: unknown): string => {
    try {
      createChecker(options as never);
    } catch (e) {
      expect(e).toBeInstanceOf(ComplianceError);
      expect((e as ComplianceError).code).toBe('invalid_option');
      return (e as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(options)}`);
  };

  it.each([
    [{ language: 'fr' }, /^createChecker: language: .*"es"\|"en"/],
    [{ langauge: 'es' }, /langauge: unknown option \(did you mean language\?\)/],
    [{ horizonDays: -1 }, /horizonDays: .*>=1/],
    [{ horizonDays: 1.5 }, /horizonDays: /],
    [{ frequency: { week: 'monthly' } }, /frequency\.week: /],
    [
      { frequency: { directcontact: 'two_way' } },
      /frequency\.directcontact: unknown option \(did you mean directContact\?\)/,
    ],
    [
      { ruleOverrides: { 'co.ley2300.art3.sunday': { severity: 'off' } } },
      /ruleOverrides\.co\.ley2300\.art3\.sunday\.severity: /,
    ],
    [{ countries: ['PE'] }, /countries\.0: /],
    [{ evaluator: 'fast' }, /evaluator: /],
  ])('%j is refused, naming the option', (options, message) => {
    expect(refused(options)).toMatch(message);
  });

  it('valid options are accepted', () => {
    expect(
      createChecker({ language: 'es', horizonDays: 30, frequency: { week: 'calendar' }, countries: ['CO'] }).packs.size,
    ).toBe(1);
    expect(createChecker().packs.size).toBe(3);
  });
});

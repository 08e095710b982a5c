import { isFactName } from '../facts/factCatalog.js';
import type { Condition } from '../schema/rule.js';

export type Facts = Readonly<Record<string, unknown>>;
export type Predicate = (facts: Facts) => boolean;

/**
 * A rule condition compiled once into a synchronous function with json-rules-engine 7's exact
 * semantics (the reference evaluator, kept for the differential tests and `evaluator: 'reference'`):
 *
 * - a fact that is absent reads `undefined` (the engine runs with `allowUndefinedFacts`);
 * - `equal` / `notEqual` are `===` / `!==`; `in` / `notIn` are `value.indexOf(fact) > -1` / `=== -1`
 *   (so `NaN` is never in a list, and an absent fact is `notIn` every list);
 * - `contains` / `doesNotContain` hold only when the fact is an array (then `indexOf` on it);
 * - the numeric operators hold only when `Number.parseFloat(fact)` is not NaN, and then compare the
 *   raw values with `<`, `<=`, `>`, `>=` (so `"5"`, `[5]` and `"5 apples"` pass the check);
 * - an empty `all` or `any` is true; `not` negates.
 *
 * The rule schema requires arrays for `in` / `notIn` (with a string value the engine would test for
 * a substring) and bounds the depth of nesting.
 */
export function compileCondition(c: Condition): Predicate {
  if ('all' in c) {
    const parts = c.all.map(compileCondition);
    if (parts.length === 1) return parts[0]!;
    return (f) => {
      for (let i = 0; i < parts.length; i++) if (!parts[i]!(f)) return false;
      return true;
    };
  }
  if ('any' in c) {
    const parts = c.any.map(compileCondition);
    if (parts.length === 0) return () => true;
    if (parts.length === 1) return parts[0]!;
    return (f) => {
      for (let i = 0; i < parts.length; i++) if (parts[i]!(f)) return true;
      return false;
    };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (f) => !inner(f);
  }
  const { fact, operator, value } = c;
  // A catalogued fact is a field of every facts object; any other name must be an own property, so
  // that `constructor` or `__proto__` never reads Object.prototype (the engine keeps facts in a Map).
  const read: (f: Facts) => unknown = isFactName(fact)
    ? (f) => f[fact]
    : (f) => (Object.hasOwn(f, fact) ? f[fact] : undefined);
  switch (operator) {
    case 'equal':
      return (f) => read(f) === value;
    case 'notEqual':
      return (f) => read(f) !== value;
    case 'in': {
      const list = asList(value);
      return (f) => list.indexOf(read(f)) > -1;
    }
    case 'notIn': {
      const list = asList(value);
      return (f) => list.indexOf(read(f)) === -1;
    }
    case 'contains':
      return (f) => {
        const v = read(f);
        return Array.isArray(v) && v.indexOf(value) > -1;
      };
    case 'doesNotContain':
      return (f) => {
        const v = read(f);
        return Array.isArray(v) && v.indexOf(value) === -1;
      };
    case 'lessThan':
      return (f) => {
        const v = read(f) as number;
        return isNumeric(v) && v < (value as number);
      };
    case 'lessThanInclusive':
      return (f) => {
        const v = read(f) as number;
        return isNumeric(v) && v <= (value as number);
      };
    case 'greaterThan':
      return (f) => {
        const v = read(f) as number;
        return isNumeric(v) && v > (value as number);
      };
    case 'greaterThanInclusive':
      return (f) => {
        const v = read(f) as number;
        return isNumeric(v) && v >= (value as number);
      };
  }
}

/** json-rules-engine's number check: `Number.parseFloat(v).toString() !== 'NaN'`. */
function isNumeric(v: unknown): boolean {
  return typeof v === 'number' ? !Number.isNaN(v) : !Number.isNaN(Number.parseFloat(v as string));
}

function asList(value: unknown): readonly unknown[] {
  // The schema guarantees an array; anything else would be a substring test in the engine.
  if (!Array.isArray(value)) throw new TypeError('in/notIn need an array value');
  return value;
}

import type { Condition } from '../schema/rule.js';

export type Predicate = (facts: Readonly<Record<string, unknown>>) => boolean;

/**
 * A rule condition compiled to a plain function with json-rules-engine's operator semantics (compile
 * once, run many, as ajv does). It is used only to skip candidate instants quickly while searching
 * for nextAllowedAt; every answer the library gives is confirmed by json-rules-engine itself, and a
 * parity test keeps the two in agreement.
 */
export function compileCondition(c: Condition): Predicate {
  if ('all' in c) {
    const parts = c.all.map(compileCondition);
    return (f) => parts.every((p) => p(f));
  }
  if ('any' in c) {
    const parts = c.any.map(compileCondition);
    return (f) => parts.some((p) => p(f));
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (f) => !inner(f);
  }
  const { fact, operator, value } = c;
  const list = Array.isArray(value) ? value : undefined;
  const num = (v: unknown): v is number => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number.parseFloat(v)));
  switch (operator) {
    case 'equal': return (f) => f[fact] === value;
    case 'notEqual': return (f) => f[fact] !== value;
    case 'in': return (f) => (list ?? []).includes(f[fact] as never);
    case 'notIn': return (f) => !(list ?? []).includes(f[fact] as never);
    case 'contains': return (f) => Array.isArray(f[fact]) && (f[fact] as unknown[]).includes(value);
    case 'doesNotContain': return (f) => Array.isArray(f[fact]) && !(f[fact] as unknown[]).includes(value);
    case 'lessThan': return (f) => num(f[fact]) && (f[fact] as number) < (value as number);
    case 'lessThanInclusive': return (f) => num(f[fact]) && (f[fact] as number) <= (value as number);
    case 'greaterThan': return (f) => num(f[fact]) && (f[fact] as number) > (value as number);
    case 'greaterThanInclusive': return (f) => num(f[fact]) && (f[fact] as number) >= (value as number);
  }
}

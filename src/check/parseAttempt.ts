import type { z } from 'zod';
import { InputError, type InputIssue } from '../errors.js';
import { AttemptSchema, type Attempt } from '../schema/attempt.js';
import { parsePhone } from '../zones/resolveTimeZones.js';
import { fastParseAttempt } from './fastParseAttempt.js';

/** Validate an attempt against the contract; throws InputError naming every bad field. */
export function parseAttempt(input: unknown, prefix = ''): Attempt {
  const result = explain(input);
  if (!result.success) throw new InputError(result.issues, prefix);
  return result.attempt;
}

/**
 * The result of `safeParseAttempt`, shaped like zod's `safeParse`: `data` (the attempt, defaults
 * applied) or `error` (the InputError `parseAttempt` would throw; `error.issues` lists every bad field).
 */
export type SafeParseResult =
  | { success: true; data: Attempt; error?: undefined }
  | { success: false; data?: undefined; error: InputError };

/** Validate an attempt against the contract without throwing: `{ success, data }` or `{ success, error }`, as zod's `safeParse`. */
export function safeParseAttempt(input: unknown): SafeParseResult {
  const r = explain(input);
  return r.success ? { success: true, data: r.attempt } : { success: false, error: new InputError(r.issues) };
}

type Explained = { success: true; attempt: Attempt } | { success: false; issues: InputIssue[] };

function explain(input: unknown): Explained {
  try {
    return parseOrExplain(input);
  } catch (e) {
    // A getter or a proxy of the caller's that throws while being read: bad input, not a crash.
    return {
      success: false,
      issues: [
        {
          path: '(input)',
          code: 'unreadable',
          message: `could not be read (${e instanceof Error ? clip(e.message) : 'a value was thrown'})`,
        },
      ],
    };
  }
}

function parseOrExplain(input: unknown): Explained {
  const fast = fastParseAttempt(input);
  if (fast !== undefined) return { success: true, attempt: fast };
  const parsed = AttemptSchema.safeParse(input);
  if (!parsed.success) return { success: false, issues: parsed.error.issues.flatMap((i) => toIssues(i, input)) };
  const a = parsed.data;
  if (a.recipient.phone !== undefined && parsePhone(a.recipient.phone, a.jurisdiction.country) === undefined) {
    return {
      success: false,
      issues: [
        {
          path: 'recipient.phone',
          code: 'invalid_phone',
          message: `"${clip(a.recipient.phone)}" is not a possible phone number (E.164, or national for ${a.jurisdiction.country})`,
        },
      ],
    };
  }
  return { success: true, attempt: a };
}

function toIssues(issue: z.core.$ZodIssue, input: unknown): InputIssue[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => ({
      path: path ? `${path}.${k}` : k,
      code: 'unknown_field',
      message: 'unknown field (a misspelt field is not ignored; see the contract)',
    }));
  }
  if (issue.path.length > 0 && valueAt(input, issue.path) === undefined) {
    return [
      {
        path,
        code: 'required',
        message: `is required${issue.code === 'invalid_type' ? ` (expected ${issue.expected})` : ''}`,
      },
    ];
  }
  return [{ path, code: issue.code, message: issue.message }];
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, p)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

import { z } from 'zod';
import { IANAZone } from 'luxon';
import { ChannelSchema, CountrySchema, OutcomeSchema, Products, RecipientRoleSchema } from './enums.js';
import { isKnownRegion } from './regions.js';

/**
 * An ISO 8601 instant that carries its own offset (or Z). A local time without an offset is
 * ambiguous (which zone?) and is rejected. Offsets are those the world uses: −12:00 to +14:00.
 */
export const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

export const InstantSchema = z
  .string()
  .max(40)
  .regex(
    INSTANT_RE,
    'must be an ISO 8601 instant with an offset or Z, e.g. 2026-03-02T08:30:00-05:00 (a local time without offset is ambiguous)',
  )
  .superRefine((s, ctx) => {
    const m = INSTANT_RE.exec(s);
    if (!m) return;
    const problem = instantProblem(m);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Why a string that matches INSTANT_RE is not an instant the contract accepts, or undefined when it is. */
export function instantProblem(m: RegExpExecArray): string | undefined {
  if (m[8] !== 'Z') {
    const minutes = Number(m[9]) * 60 + Number(m[10]);
    const signed = m[8]!.startsWith('-') ? -minutes : minutes;
    if (Number(m[10]) > 59 || signed < -12 * 60 || signed > 14 * 60) return `offset ${m[8]} is outside −12:00…+14:00`;
  }
  const problem =
    calendarProblem(Number(m[1]), Number(m[2]), Number(m[3])) ??
    (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59 ? 'the time of day does not exist' : undefined);
  return problem ? `is not a real date-time: ${problem}` : undefined;
}

/** Why y-m-d is not a date of the proleptic Gregorian calendar, or undefined when it is. */
export function calendarProblem(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2200) return `year ${y} is outside 1900–2200`;
  if (m < 1 || m > 12) return `month ${m} does not exist`;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d < 1 || d > days ? `${y}-${String(m).padStart(2, '0')} has no day ${d}` : undefined;
}

const zoneValidity = new Map<string, boolean>();
export function isValidZone(tz: string): boolean {
  // Longer than any IANA name: not looked up, and never a key of the cache (1 MB keys would pile up).
  if (tz.length > 64) return false;
  let ok = zoneValidity.get(tz);
  if (ok === undefined) {
    ok = IANAZone.isValidZone(tz);
    if (zoneValidity.size < 1000) zoneValidity.set(tz, ok);
  }
  return ok;
}

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const DateSchema = z
  .string()
  .max(10)
  .regex(DATE_RE, 'must be a calendar date YYYY-MM-DD')
  .superRefine((s, ctx) => {
    if (!DATE_RE.test(s)) return;
    const problem = calendarProblem(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
    if (problem) ctx.addIssue({ code: 'custom', message: `must be a real calendar date YYYY-MM-DD (${problem})` });
  });

export const HHMM_RE = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const HHMM = z.string().regex(HHMM_RE, 'must be HH:mm (00:00–24:00)');

export const RequestedWindowSchema = z
  .strictObject({
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    from: HHMM,
    to: HHMM,
    requestedOn: DateSchema,
  })
  .refine((w) => w.from < w.to, { message: 'from must be before to', path: ['to'] });

export const HistoryEntrySchema = z.strictObject({
  at: InstantSchema,
  channel: ChannelSchema,
  recipientRole: RecipientRoleSchema.optional(),
  outcome: OutcomeSchema.optional(),
});

const Id = z.string().min(1).max(200);

export const AttemptSchema = z.strictObject({
  id: Id.optional(),
  at: InstantSchema,
  channel: ChannelSchema,
  agent: z.enum(['human', 'ai']).default('human'),
  initiatedBy: z.enum(['collector', 'debtor']).default('collector'),
  purpose: z.enum(['collection', 'pre_due_reminder']).default('collection'),
  debtorId: Id.optional(),
  creditorId: Id.optional(),
  creditorType: z.enum(['financial', 'commercial', 'other']).optional(),
  jurisdiction: z
    .strictObject({
      country: CountrySchema,
      region: z.string().max(10).optional(),
      timeZone: z
        .string()
        .max(64)
        .refine(isValidZone, {
          message: 'is not an IANA time zone this runtime knows (e.g. America/Bogota)',
        })
        .optional(),
    })
    .superRefine((j, ctx) => {
      if (j.region !== undefined && !isKnownRegion(j.country, j.region)) {
        ctx.addIssue({
          code: 'custom',
          path: ['region'],
          message: `${j.region.length > 10 ? `${j.region.slice(0, 10)}…` : j.region} is not an ISO 3166-2 subdivision of ${j.country} (e.g. ${j.country === 'MX' ? 'MX-SON' : j.country === 'ES' ? 'ES-CN' : 'CO-ANT'})`,
        });
      }
    }),
  recipient: z.strictObject({
    role: RecipientRoleSchema,
    phone: z.string().min(3).max(32).optional(),
    ageGroup: z.enum(['minor', 'adult', 'older_adult']).optional(),
    identityVerified: z.boolean().default(false),
  }),
  content: z
    .strictObject({
      disclosesDebt: z.boolean().default(true),
      identifiesCollector: z.boolean().default(true),
      aiDisclosed: z.boolean().default(false),
    })
    .default({ disclosesDebt: true, identifiesCollector: true, aiDisclosed: false }),
  debt: z.strictObject({
    dueDate: DateSchema,
    amount: z.number().finite().nonnegative().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
      .optional(),
    product: z.enum(Products).optional(),
    disputed: z.boolean().default(false),
  }),
  debtor: z
    .strictObject({
      authorizedChannels: z.array(ChannelSchema).max(6).optional(),
      optedOutChannels: z.array(ChannelSchema).max(6).optional(),
      visitAuthorized: z.boolean().optional(),
      requestedWindows: z.array(RequestedWindowSchema).max(50).optional(),
      representedByAttorney: z.boolean().optional(),
      deceased: z.boolean().optional(),
      insolvencyProceeding: z.boolean().optional(),
    })
    .default({}),
  outcome: OutcomeSchema.optional(),
  history: z.array(HistoryEntrySchema).max(10_000).default([]),
});

/** What a caller sends (defaults optional). */
export type AttemptInput = z.input<typeof AttemptSchema>;
/** A validated attempt, defaults applied. */
export type Attempt = z.output<typeof AttemptSchema>;
export type HistoryEntry = z.output<typeof HistoryEntrySchema>;
export type RequestedWindow = z.output<typeof RequestedWindowSchema>;

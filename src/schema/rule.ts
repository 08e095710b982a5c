import { z } from 'zod';
import { CategorySchema, CountrySchema } from './enums.js';
import { DateSchema } from './attempt.js';
import { HolidayTableSchema } from './holidayTable.js';

/** json-rules-engine operators a rule may use. */
export const Operators = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
] as const;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | {
      fact: string;
      operator: (typeof Operators)[number];
      value: string | number | boolean | null | Array<string | number | boolean | null>;
    };

/** A condition in json-rules-engine's format (a subset: no custom operators, no fact paths). */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
    z
      .strictObject({
        fact: z.string().min(1),
        operator: z.enum(Operators),
        value: z.union([Scalar, z.array(Scalar)]),
      })
      .refine((c) => (c.operator !== 'in' && c.operator !== 'notIn') || Array.isArray(c.value), {
        // json-rules-engine runs `value.indexOf(fact)`: on a string that is a substring test.
        message: 'in and notIn need an array value (a string would be a substring test)',
        path: ['value'],
      }),
  ]),
);

const Text = z.strictObject({ es: z.string().min(1), en: z.string().min(1) });

export const CitationSchema = z.strictObject({
  instrument: z.string().min(1),
  article: z.string().min(1),
  /**
   * Where the law can be read: an absolute http: or https: URL. Rule files are untrusted and the
   * reports link this URL, so `javascript:`, `data:`, `file:` and every other scheme are refused.
   */
  url: z
    .url({
      protocol: /^https?$/,
      error:
        'must be an http: or https: URL (javascript:, data:, file: and other schemes are refused: the reports link it)',
    })
    .meta({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', description: 'An http: or https: URL; other schemes are refused.' }),
  /**
   * The instrument's official publication: the gazette, its number and date (`Diario Oficial No.
   * 52.453, 10 July 2023`, `DOF 7 Oct 2014`, `BOE núm. 10, 11 January 1991`), or what of it could not
   * be confirmed.
   */
  publication: z.string().min(1).optional(),
  /**
   * `true` when `url` opens a secondary copy (a news site, an upload site), not the official
   * publication or an official government text: every report marks the link as secondary.
   */
  secondary: z.literal(true).optional(),
});

export const RuleSchema = z.strictObject({
  id: z.string().regex(/^(co|mx|es)\.[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'must be <cc>.<instrument>.<slug>, lower case'),
  category: CategorySchema,
  severity: z.enum(['block', 'warn']),
  statutory: z.boolean(),
  citation: CitationSchema,
  /** Why a policy rule (statutory: false) exists: the law or practice it mirrors. */
  reference: z.string().min(1).optional(),
  /**
   * When the rule applies. `from` follows the instrument cited (its entry into force); a policy that
   * has no instrument of its own (`basis: adopted`) applies from the date the library adopted it.
   */
  effective: z.strictObject({
    from: DateSchema,
    to: DateSchema.optional(),
    basis: z.enum(['instrument', 'adopted']).optional(),
  }),
  summary: Text,
  message: Text,
  /** Facts the rule needs. A missing one makes the rule report a violation (fail closed). */
  requires: z.array(z.string().min(1)).min(1),
  conditions: z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
  ]),
});

const HolidayChange = z.strictObject({
  date: DateSchema,
  name: z.string().min(1),
  source: z.string().min(1),
  /** Only in this subdivision (ISO 3166-2, e.g. `ES-VC`); absent: the whole country. */
  region: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 code such as ES-VC')
    .optional(),
});

/** Corrections to date-holidays' calendar, kept as data beside the holiday rule. */
export const CalendarSchema = z.strictObject({
  /** date-holidays types that count as a holiday (`public`, `bank`, …). */
  types: z.array(z.enum(['public', 'bank', 'school', 'optional', 'observance'])).min(1),
  add: z.array(HolidayChange).default([]),
  remove: z.array(HolidayChange).default([]),
});

export const RuleFileSchema = z.strictObject({
  $schema: z.string().optional(),
  country: CountrySchema,
  topic: z.string().regex(/^[a-z_]+$/),
  description: z.string().optional(),
  calendar: CalendarSchema.optional(),
  /** The official holiday table by year (Spain: the BOE relación de fiestas laborales); wins over date-holidays. */
  holidayTable: HolidayTableSchema.optional(),
  rules: z.array(RuleSchema),
});

export type Rule = z.output<typeof RuleSchema>;
export type RuleFile = z.output<typeof RuleFileSchema>;
export type Calendar = z.output<typeof CalendarSchema>;
export type Citation = z.output<typeof CitationSchema>;

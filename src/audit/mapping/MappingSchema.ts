import { z } from 'zod';
import { isValidZone } from '../../schema/attempt.js';

/**
 * A mapping file: how the columns of an export (a dialer's CSV, a warehouse table, JSON Lines with other
 * field names) become the fields of a contact attempt (docs/audit.md, "Mappings"). The zod schema is the
 * definition; schemas/mapping.schema.json is generated from it.
 */

const ColumnName = z.string().min(1).max(200);

/** Encodings a spreadsheet writes Spanish in. A byte-order mark at the start of the file wins over this. */
export const MappingEncodings = ['utf-8', 'windows-1252', 'iso-8859-1'] as const;

const CsvOptionsSchema = z
  .strictObject({
    delimiter: z
      .string()
      .length(1)
      .refine((d) => !'"\r\n'.includes(d), { message: 'a delimiter cannot be a quote or a line end' })
      .optional()
      .describe(
        'The field separator, one character (default ","; ";" as Excel writes where "," is the decimal mark; "\\t").',
      ),
    encoding: z
      .enum(MappingEncodings)
      .optional()
      .describe('The text encoding of the file (default utf-8). A byte-order mark at the start wins.'),
    decimalComma: z
      .boolean()
      .optional()
      .describe('Amounts are written 1.234,56: "," is the decimal mark and "." groups thousands.'),
  })
  .describe('How the CSV file is written.');

const ZoneName = z.string().max(64).refine(isValidZone, {
  message: 'is not an IANA time zone this runtime knows (e.g. America/Bogota)',
});

const JsonScalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * One contract field: a column's name (the cell as written), or an object. Exactly one of `column`,
 * `date` (with `format`) or `value` says where the field comes from.
 */
export const FieldSpecSchema = z.union([
  ColumnName.describe('The column the field is read from, as written.'),
  z
    .strictObject({
      column: ColumnName.optional().describe('The column the field is read from.'),
      date: ColumnName.optional().describe(
        'A column holding the date (at: joined with `time` by one space before `format` reads them).',
      ),
      time: ColumnName.optional().describe('A column holding the time of day (with `date`).'),
      format: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .describe('How a date or date-time is written, in luxon tokens (dd/MM/yyyy HH:mm:ss).'),
      values: z
        .record(z.string(), JsonScalar)
        .optional()
        .describe(
          'The export\'s words for the contract\'s values ({ "Llamada": "call" }). A value not listed rejects its row.',
        ),
      defaultCountry: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. CO')
        .optional()
        .describe('recipient.phone: the country of national numbers (they become E.164).'),
      value: z
        .json()
        .optional()
        .describe(
          "The same value for every record: the auditor's statement about the whole log (listed in the report).",
        ),
    })
    .superRefine((s, ctx) => {
      const sources = (['column', 'date', 'value'] as const).filter((k) => s[k] !== undefined);
      if (sources.length !== 1)
        ctx.addIssue({
          code: 'custom',
          message:
            sources.length === 0
              ? 'says nowhere the field comes from: give one of column, date (with format) or value'
              : `gives ${sources.join(' and ')}: give only one of column, date or value`,
        });
      if (s.time !== undefined && s.date === undefined)
        ctx.addIssue({ code: 'custom', path: ['time'], message: 'goes with date (the date column it is joined to)' });
      if (s.date !== undefined && s.format === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['format'],
          message: 'is required with date: how the date (and time) are written',
        });
      if (s.value !== undefined)
        for (const k of ['format', 'values', 'defaultCountry'] as const)
          if (s[k] !== undefined)
            ctx.addIssue({ code: 'custom', path: [k], message: 'has no meaning with value (nothing is read)' });
    }),
]);

export const MappingSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors.'),
    csv: CsvOptionsSchema.optional(),
    timeZone: z
      .union([ZoneName, z.strictObject({ column: ColumnName })])
      .optional()
      .describe(
        "The clock the export's local dates and times are written in (the dialer's): a zone for every row, or { column } naming each row's zone. Not jurisdiction.timeZone (the debtor's clock).",
      ),
    fields: z
      .record(z.string(), FieldSpecSchema)
      .describe('Contract fields (dotted paths, as the CSV columns of docs/audit.md) and where each comes from.'),
    dimensions: z
      .record(z.string().min(1).max(64), ColumnName)
      .optional()
      .describe("Columns carried with each record into its findings and the report's breakdowns (agent, campaign)."),
  })
  .describe('cobranza-compliance mapping: the columns of an export as the fields of a contact attempt.');

export type Mapping = z.output<typeof MappingSchema>;
export type FieldSpec = z.output<typeof FieldSpecSchema>;

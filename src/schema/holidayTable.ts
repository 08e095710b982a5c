import { z } from 'zod';
import { DateSchema } from './attempt.js';

/**
 * A country's official table of public holidays, year by year, as published by the authority that
 * fixes it (Spain: the yearly Resolución of the Dirección General de Trabajo in the BOE, "relación de
 * fiestas laborales", RD 2001/1983 art. 45.4). Kept as data in `rules/<cc>/holiday_table.json`; the
 * table wins over date-holidays for the years it covers.
 */

/** A community (or autonomous city) code without the country prefix: `MD`, `CN`, `CE`. */
const RegionCode = z.string().regex(/^[A-Z0-9]{1,3}$/, 'must be a region code without the country prefix, e.g. MD');

/** Where the year's table was published: the gazette's own reference. */
export const GazetteReferenceSchema = z.strictObject({
  /** The gazette's identifier of the text, e.g. `BOE-A-2025-21667`. */
  id: z.string().min(1),
  /** The title of the text, as published. */
  title: z.string().min(1),
  /** The gazette issue number (BOE núm. 259). */
  number: z.number().int().positive(),
  /** The publication date of that issue. */
  date: DateSchema,
  url: z.url(),
});

/** How the table was transcribed, and from what: an auditor must be able to redo it. */
export const TranscriptionSchema = z.strictObject({
  /**
   * `gazette`: read from the gazette's own text; `secondary`: from public copies or transcriptions of
   * it (named in `note`), because the gazette's text could not be opened.
   */
  from: z.enum(['gazette', 'secondary']),
  note: z.string().min(1),
});

/** One dated row of the table: the day, its name, and the communities whose column marks it. */
export const HolidayTableRowSchema = z.strictObject({
  date: DateSchema,
  name: z.string().min(1),
  /**
   * The table's mark, where it was read: `*` national, not substitutable; `**` national, the
   * community did not substitute it; `***` the community's own holiday.
   */
  mark: z.enum(['*', '**', '***']).optional(),
  /** `all`: every column of the table is marked; otherwise the communities marked. */
  regions: z.union([z.literal('all'), z.array(RegionCode).min(1)]),
  /** A part of a marked community where the day is not a holiday (a footnote of the table). */
  exceptIn: z.string().min(1).optional(),
  /**
   * Not a row of the year's BOE table: a city holiday of Ceuta or Melilla, each one municipality, so
   * its two local days hold in the whole autonomous city (Real Decreto 2001/1983 art. 46: local days
   * are fixed by the municipality and published in its gazette, BOCCE or BOME). Where it was
   * published, and whether that text was read.
   */
  local: z
    .strictObject({
      /** The city that fixed it. */
      authority: z.string().min(1),
      /** The city's gazette and the issue that published it, as far as known. */
      gazette: z.string().min(1),
      /** `true` only when the gazette's own text was read. */
      confirmed: z.boolean(),
      /** Where the day was taken from, and what could not be confirmed. */
      note: z.string().min(1),
    })
    .optional(),
});

/**
 * A holiday the table gives to part of a community only (a Canary island, the Val d'Aran). The
 * library cannot place a debtor below the community, so these are kept as data and not applied,
 * like municipal holidays.
 */
export const SubregionalHolidaySchema = z.strictObject({
  date: DateSchema,
  name: z.string().min(1),
  region: RegionCode,
  territory: z.string().min(1),
});

export const HolidayTableYearSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  source: GazetteReferenceSchema,
  transcription: TranscriptionSchema,
  rows: z.array(HolidayTableRowSchema).min(1),
  subregional: z.array(SubregionalHolidaySchema).default([]),
});

export const HolidayTableSchema = z.strictObject({
  /** Who fixes the table, and under what provision. */
  authority: z.string().min(1),
  /** Every column of the table: the communities (and autonomous cities) it lists. */
  regions: z.array(RegionCode).min(1),
  /** What the table does not cover (local holidays), in words a user can read. */
  notCovered: z.string().min(1),
  years: z.array(HolidayTableYearSchema).min(1),
});

export type HolidayTable = z.output<typeof HolidayTableSchema>;
export type HolidayTableYear = z.output<typeof HolidayTableYearSchema>;
export type GazetteReference = z.output<typeof GazetteReferenceSchema>;

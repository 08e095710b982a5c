import { createRequire } from 'node:module';
import type { FrequencyOptions } from '../facts/frequencyFacts.js';
import type { HolidayCalendar } from '../facts/holidays.js';
import type { RulesetDeviation, RulesetOverride } from '../schema/decision.js';
import type { Country } from '../schema/enums.js';
import { VERSION } from '../version.js';

/**
 * How a checker was built: what a report must state so that an auditor can tell how it was produced
 * and reproduce it. Every option that changes a decision (frequency readings, horizon, countries,
 * rule files, overrides, acknowledged deviations) and the one that does not (language), the library
 * and ruleset versions, and the versions of the data decisions rest on: the holiday data (the
 * date-holidays package, and the official tables shipped in rules/, with their gazette references)
 * and the runtime's IANA time-zone database.
 */
export interface Provenance {
  readonly library: { readonly name: 'cobranza-compliance'; readonly version: string };
  /** `checker.version`: changes with anything that changes decisions. */
  readonly rulesetVersion: string;
  readonly options: {
    readonly language: 'es' | 'en';
    readonly directContact: FrequencyOptions['directContact'];
    readonly week: FrequencyOptions['week'];
    readonly horizonDays: number;
    readonly countries: readonly Country[];
  };
  /** Rule overrides in force; `statutory: true` marks an override of a rule of law. */
  readonly overrides: readonly RulesetOverride[];
  /** The rule files given (`rules` / `--rules DIR`: the path each was read from); null: the shipped rules, as shipped. */
  readonly ruleFiles: readonly string[] | null;
  /** The rules in force differ from the shipped ones (`ruleset.customRules`). */
  readonly customRules: boolean;
  /** Acknowledged loosenings of the shipped statutory rules. */
  readonly deviations: readonly RulesetDeviation[];
  readonly data: {
    readonly holidays: {
      /** Version of the date-holidays package used for the years and countries without an official table. */
      readonly dateHolidays: string;
      /** The official tables in force (Spain: the BOE relación de fiestas laborales), one per country and year. */
      readonly tables: ReadonlyArray<{
        readonly country: Country;
        readonly year: number;
        readonly reference: string;
        readonly url: string;
      }>;
      /**
       * Where each loaded country's holidays were read from: `custom` when its calendar or official
       * table is not the shipped one, and the rule file of each (null: none).
       */
      readonly sources: ReadonlyArray<{
        readonly country: Country;
        readonly custom: boolean;
        readonly calendarFile: string | null;
        readonly tableFile: string | null;
      }>;
    };
    /** The runtime's IANA time-zone database (`process.versions.tz`), e.g. `2025c`; null when the runtime does not say. */
    readonly tzdata: string | null;
    /** The JavaScript runtime, e.g. `node v20.20.2`. */
    readonly runtime: string;
  };
}

let dateHolidays: string | undefined;

/** The installed date-holidays version (what the holidays outside the official tables come from). */
export function dateHolidaysVersion(): string {
  if (dateHolidays === undefined) {
    try {
      dateHolidays = (createRequire(import.meta.url)('date-holidays/package.json') as { version: string }).version;
    } catch {
      dateHolidays = 'unknown';
    }
  }
  return dateHolidays;
}

export function provenanceOf(input: {
  readonly rulesetVersion: string;
  readonly language: 'es' | 'en';
  readonly frequency: FrequencyOptions;
  readonly horizonDays: number;
  readonly countries: readonly Country[];
  readonly overrides: readonly RulesetOverride[];
  readonly ruleFiles: readonly string[] | null;
  readonly customRules: boolean;
  readonly deviations: readonly RulesetDeviation[];
  readonly holidays: HolidayCalendar;
}): Provenance {
  const tables = input.countries.flatMap((country) =>
    input.holidays
      .tableYears(country)
      .map((year) => {
        const source = input.holidays.sourceOf(country, year);
        return source.kind === 'table'
          ? { country, year, reference: source.reference.id, url: source.reference.url }
          : undefined;
      })
      .filter((t) => t !== undefined),
  );
  return {
    library: { name: 'cobranza-compliance', version: VERSION },
    rulesetVersion: input.rulesetVersion,
    options: {
      language: input.language,
      directContact: input.frequency.directContact,
      week: input.frequency.week,
      horizonDays: input.horizonDays,
      countries: [...input.countries],
    },
    overrides: input.overrides,
    ruleFiles: input.ruleFiles,
    customRules: input.customRules,
    deviations: input.deviations,
    data: {
      holidays: {
        dateHolidays: dateHolidaysVersion(),
        tables,
        sources: input.countries.map((country) => {
          const o = input.holidays.originOf(country);
          return {
            country,
            custom: o?.custom ?? false,
            calendarFile: o?.calendarFile ?? null,
            tableFile: o?.tableFile ?? null,
          };
        }),
      },
      tzdata: process.versions.tz ?? null,
      runtime: `node ${process.version}`,
    },
  };
}

import fc from 'fast-check';
import {
  Channels,
  Countries,
  Outcomes,
  Products,
  RecipientRoles,
  type Channel,
  type Country,
  type RecipientRole,
} from '../../src/schema/enums.js';
import { ZONES_BY_COUNTRY } from '../../src/zones/resolveTimeZones.js';

/**
 * Generators of contact attempts that satisfy the contract (docs/contract.md §1), for MX, CO and ES, and
 * the fast-check settings every property uses. Generated attempts are plain JSON (no `undefined`
 * values): what a platform sends, and what the CLI reads.
 */

/** One seed for every property: a failure is reproduced by running again (or with FC_SEED=…). */
export const SEED = Number(process.env['FC_SEED'] ?? 20_260_302);
/**
 * Cases per property: 1,000 by default, so that `npm test` runs in about a minute and a half on two
 * cores; `.ci/run` sets FC_RUNS=10000 (and DIFF_RUNS=10000). `FC_RUNS=100000` for a longer local run.
 * Properties with a count of their own (`fcParams(3000)`) keep it.
 */
export const RUNS = Number(process.env['FC_RUNS'] ?? 1_000);

export function fcParams(numRuns: number = RUNS): fc.Parameters<unknown> {
  return {
    seed: SEED,
    numRuns,
    // Failures print the seed, the path and the shrunk counterexample; FC_PATH=… replays that path
    // (run the one failing test alone, with -t, since the path belongs to its property).
    ...(process.env['FC_PATH'] ? { path: process.env['FC_PATH'] } : {}),
  };
}

export const DAY_MS = 86_400_000;
export const FROM_MS = Date.UTC(2023, 9, 1);
export const TO_MS = Date.UTC(2027, 11, 31, 23, 59, 59);

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export type Precision = 'minute' | 'second' | 'milli';

/** `ms` written as a local time at `offset` minutes from UTC (`Z` when asked and offset is 0). */
export function formatAt(ms: number, offset: number, precision: Precision = 'second', z = false): string {
  const local = new Date(ms + offset * 60_000).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  const body =
    precision === 'minute' ? local.slice(0, 16) : precision === 'second' ? local.slice(0, 19) : local.slice(0, 23);
  return `${body}${z && offset === 0 ? 'Z' : formatOffset(offset)}`;
}

export const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Offsets the contract accepts (−12:00…+14:00): mostly whole quarter hours, as the world uses, and any minute. */
export const offsetArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -48, max: 56 }).map((q) => q * 15) },
  { weight: 1, arbitrary: fc.integer({ min: -720, max: 840 }) },
);

/** An instant with a random valid offset; `Z` sometimes. */
export function atArb(minMs = FROM_MS, maxMs = TO_MS): fc.Arbitrary<{ ms: number; at: string }> {
  return fc
    .record({
      ms: fc.integer({ min: minMs, max: maxMs }),
      offset: offsetArb,
      precision: fc.constantFrom<Precision>('minute', 'second', 'second', 'milli'),
      z: fc.boolean(),
    })
    .map(({ ms, offset, precision, z }) => {
      // Truncate to what the written precision can carry, so `ms` is the instant the string names.
      const unit = precision === 'minute' ? 60_000 : precision === 'second' ? 1000 : 1;
      const t = Math.floor(ms / unit) * unit;
      return { ms: t, at: formatAt(t, offset, precision, z) };
    });
}

/** ISO 3166-2 subdivisions accepted in jurisdiction.region (ES provinces included). */
export const REGIONS: Record<Country, readonly string[]> = {
  MX: [
    'AGU',
    'BCN',
    'BCS',
    'CAM',
    'CHP',
    'CHH',
    'CMX',
    'COA',
    'COL',
    'DUR',
    'GUA',
    'GRO',
    'HID',
    'JAL',
    'MEX',
    'MIC',
    'MOR',
    'NAY',
    'NLE',
    'OAX',
    'PUE',
    'QUE',
    'ROO',
    'SLP',
    'SIN',
    'SON',
    'TAB',
    'TAM',
    'TLA',
    'VER',
    'YUC',
    'ZAC',
  ].map((r) => `MX-${r}`),
  CO: [
    'AMA',
    'ANT',
    'ARA',
    'ATL',
    'BOL',
    'BOY',
    'CAL',
    'CAQ',
    'CAS',
    'CAU',
    'CES',
    'CHO',
    'COR',
    'CUN',
    'DC',
    'GUA',
    'GUV',
    'HUI',
    'LAG',
    'MAG',
    'MET',
    'NAR',
    'NSA',
    'PUT',
    'QUI',
    'RIS',
    'SAP',
    'SAN',
    'SUC',
    'TOL',
    'VAC',
    'VAU',
    'VID',
  ].map((r) => `CO-${r}`),
  ES: [
    'AN',
    'AR',
    'AS',
    'CN',
    'CB',
    'CL',
    'CM',
    'CT',
    'EX',
    'GA',
    'IB',
    'RI',
    'MD',
    'MC',
    'NC',
    'PV',
    'VC',
    'CE',
    'ML',
    'GC',
    'TF',
    'M',
    'B',
    'V',
    'SE',
    'PM',
    'BI',
    'Z',
    'A',
    'MA',
  ].map((r) => `ES-${r}`),
};

/** Zones a platform may send: the country's legal zones, and now and then a debtor abroad. */
const FOREIGN_ZONES = [
  'America/New_York',
  'Europe/London',
  'Asia/Tokyo',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'UTC',
];
export function zonesOf(country: Country): readonly string[] {
  const z = ZONES_BY_COUNTRY[country];
  return [...z.allZones, ...z.otherLegalZones];
}

const digits = (n: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

/** National significant numbers that libphonenumber-js accepts as possible, by country. */
const NATIONAL: Record<Country, fc.Arbitrary<string>> = {
  // Colombia: mobiles 3xx xxx xxxx; fixed lines 60X + 7 digits since 2021.
  CO: fc.oneof(
    digits(9).map((d) => `3${d}`),
    fc.tuple(fc.constantFrom('1', '2', '4', '5', '6', '7', '8'), digits(7)).map(([a, d]) => `60${a}${d}`),
  ),
  // Mexico: 10 digits; NIRs of every zone (Centro, Cancún, Mérida, border, Chihuahua, Sonora, Pacific, mixed).
  MX: fc
    .constantFrom(
      '55',
      '56',
      '33',
      '81',
      '664',
      '686',
      '656',
      '636',
      '626',
      '614',
      '662',
      '612',
      '667',
      '311',
      '329',
      '998',
      '983',
      '997',
      '999',
      '867',
      '862',
      '899',
      '222',
      '477',
      '871',
    )
    .chain((nir) => digits(10 - nir.length).map((d) => `${nir}${d}`)),
  // Spain: 9 digits; mobiles 6/7, Canary fixed lines 922/928/822/828, peninsular fixed lines, 800/902 non-geographic.
  ES: fc
    .tuple(
      fc.constantFrom('6', '71', '74', '922', '928', '822', '828', '91', '93', '95', '96', '971', '985', '800', '902'),
      digits(9),
    )
    .map(([p, d]) => `${p}${d}`.slice(0, 9)),
};
const CALLING: Record<Country, string> = { CO: '57', MX: '52', ES: '34' };

export function phoneArb(country: Country): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: NATIONAL[country].map((n) => `+${CALLING[country]}${n}`) },
    { weight: 2, arbitrary: NATIONAL[country] },
    // A number abroad: it says nothing of the debtor's zone in the country.
    { weight: 1, arbitrary: fc.constantFrom('+12125550143', '+442079460018', '+33142685300') },
  );
}

/** `HH:mm` with from < to (to may be 24:00). */
const windowTimesArb = fc
  .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
  .filter(([a, b]) => a < b)
  .map(([a, b]) => [`${pad(Math.floor(a / 60))}:${pad(a % 60)}`, `${pad(Math.floor(b / 60))}:${pad(b % 60)}`] as const);

function requestedWindowArb(atMs: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      times: windowTimesArb,
      requestedOn: fc.integer({ min: -400, max: 20 }).map((d) => dateOf(atMs + d * DAY_MS)),
    })
    .map(({ weekdays, times, requestedOn }) => ({ weekdays, from: times[0], to: times[1], requestedOn }));
}

/** `undefined` (absent) with probability `absent`, else a value; `undefined` fields are dropped by `clean`. */
const opt = <T>(arb: fc.Arbitrary<T>, absent = 0.5): fc.Arbitrary<T | undefined> =>
  fc.oneof(
    { weight: Math.round(absent * 100), arbitrary: fc.constant(undefined) },
    { weight: Math.round((1 - absent) * 100), arbitrary: arb },
  );

/** Drop `undefined` fields (and objects left empty when `dropEmpty`), as JSON would. */
export function clean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

type RoleChoice = 'same' | 'none' | RecipientRole;

export interface HistoryOptions {
  readonly maxLength?: number;
  /** Range of the entries around the attempt, in ms (default −10 days … +1 day). */
  readonly before?: number;
  readonly after?: number;
}

/** Earlier (and a few later) contacts around the attempt, each with its own offset. */
export function historyArb(
  atMs: number,
  role: RecipientRole,
  o: HistoryOptions = {},
): fc.Arbitrary<Array<Record<string, unknown>>> {
  const entry = fc
    .record({
      delta: fc.oneof(
        fc.integer({ min: -(o.before ?? 10 * DAY_MS), max: o.after ?? DAY_MS }),
        // Close to the attempt: the same local day, the edges of the 7×24 h window.
        fc.integer({ min: -36 * 3_600_000, max: 0 }),
        fc.constantFrom(-7 * DAY_MS, -7 * DAY_MS + 60_000, -7 * DAY_MS - 60_000, -1000, 0),
      ),
      offset: offsetArb,
      channel: fc.constantFrom(...Channels),
      role: fc.constantFrom<RoleChoice>('same', 'same', 'none', 'none', ...RecipientRoles),
      outcome: opt(fc.constantFrom(...Outcomes)),
      milli: fc.boolean(),
    })
    .map(({ delta, offset, channel, role: r, outcome, milli }) => ({
      at: milli
        ? formatAt(atMs + delta, offset, 'milli')
        : formatAt(Math.floor((atMs + delta) / 1000) * 1000, offset, 'second'),
      channel,
      recipientRole: r === 'none' ? undefined : r === 'same' ? role : r,
      outcome,
    }));
  return fc.array(entry, { minLength: 0, maxLength: o.maxLength ?? 25 });
}

/** Where the debtor is: explicit zone, region, phone, several, or nothing at all. */
function jurisdictionArb(
  country: Country,
): fc.Arbitrary<{ jurisdiction: Record<string, unknown>; phone: string | undefined }> {
  return fc
    .record({
      region: opt(fc.constantFrom(...REGIONS[country])),
      timeZone: opt(
        fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...zonesOf(country)) },
          { weight: 1, arbitrary: fc.constantFrom(...FOREIGN_ZONES) },
        ),
        0.6,
      ),
      phone: opt(phoneArb(country)),
    })
    .map(({ region, timeZone, phone }) => ({ jurisdiction: { country, region, timeZone }, phone }));
}

export interface AttemptOptions {
  readonly countries?: readonly Country[];
  readonly minMs?: number;
  readonly maxMs?: number;
  readonly history?: HistoryOptions;
  readonly roles?: readonly RecipientRole[];
}

/**
 * A valid attempt of MX, CO or ES. Half are "clean" (a verified debtor, authorized channel, no holds:
 * what decides is the clock, the calendar and the history, so delays and allows are common), half
 * "wild" (every optional field drawn from its whole range).
 */
export function attemptArb(o: AttemptOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      country: fc.constantFrom(...(o.countries ?? Countries)),
      when: atArb(o.minMs, o.maxMs),
      clean: fc.boolean(),
    })
    .chain(({ country, when, clean: isClean }) => {
      const role = isClean
        ? fc.constantFrom(...(o.roles ?? (['debtor', 'debtor', 'co_debtor', 'guarantor'] as const)))
        : fc.constantFrom(...(o.roles ?? RecipientRoles));
      return fc
        .record({
          role,
          channel: fc.constantFrom(...Channels),
          where: jurisdictionArb(country),
          common: commonArb(when.ms, isClean),
        })
        .chain(({ role: r, channel, where, common }) =>
          historyArb(when.ms, r, o.history).map((history) =>
            clean({
              ...common.top,
              at: when.at,
              channel,
              jurisdiction: where.jurisdiction,
              recipient: { role: r, phone: where.phone, ...common.recipient },
              debtor: authorizeFor(channel, common.debtor, isClean),
              history,
            }),
          ),
        );
    });
}

function authorizeFor(channel: Channel, debtor: Record<string, unknown>, isClean: boolean): Record<string, unknown> {
  if (!isClean) return debtor;
  const authorized = (debtor['authorizedChannels'] as Channel[] | undefined) ?? [];
  return { ...debtor, authorizedChannels: authorized.includes(channel) ? authorized : [...authorized, channel] };
}

const boolArb = fc.boolean();

function commonArb(
  atMs: number,
  isClean: boolean,
): fc.Arbitrary<{
  top: Record<string, unknown>;
  recipient: Record<string, unknown>;
  debtor: Record<string, unknown>;
}> {
  const dueDate = isClean
    ? fc.integer({ min: 1, max: 800 }).map((d) => dateOf(atMs - d * DAY_MS))
    : fc.integer({ min: -40, max: 800 }).map((d) => dateOf(atMs - d * DAY_MS));
  const wild = <T>(arb: fc.Arbitrary<T>, absent = 0.5): fc.Arbitrary<T | undefined> =>
    isClean ? fc.constant(undefined) : opt(arb, absent);
  return fc
    .record({
      id: opt(fc.string({ minLength: 1, maxLength: 20 })),
      agent: isClean ? opt(fc.constantFrom('human' as const, 'ai' as const), 0.7) : opt(fc.constantFrom('human', 'ai')),
      initiatedBy: opt(fc.constantFrom('collector', 'debtor'), isClean ? 0.8 : 0.5),
      purpose: wild(fc.constantFrom('collection', 'pre_due_reminder')),
      debtorId: opt(fc.constantFrom('d-1', 'd-2', 'd-3')),
      creditorId: opt(fc.constantFrom('c-1', 'c-2')),
      creditorType: opt(fc.constantFrom('financial', 'commercial', 'other')),
      content: isClean
        ? fc.record({ aiDisclosed: opt(fc.constant(true), 0.2) })
        : opt(fc.record({ disclosesDebt: opt(boolArb), identifiesCollector: opt(boolArb), aiDisclosed: opt(boolArb) })),
      debt: fc.record({
        dueDate,
        amount: opt(fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true })),
        currency: opt(fc.constantFrom('COP', 'MXN', 'EUR', 'USD')),
        product: opt(fc.constantFrom(...Products)),
        disputed: wild(boolArb),
      }),
      ageGroup: opt(fc.constantFrom('minor', 'adult', 'older_adult'), isClean ? 0.8 : 0.5),
      identityVerified: isClean ? fc.constant(true) : opt(boolArb),
      authorizedChannels: opt(fc.subarray([...Channels]), isClean ? 0.3 : 0.5),
      optedOutChannels: wild(fc.subarray([...Channels])),
      visitAuthorized: opt(boolArb),
      requestedWindows: opt(fc.array(requestedWindowArb(atMs), { maxLength: 3 }), 0.7),
      representedByAttorney: wild(boolArb),
      deceased: wild(boolArb, 0.75),
      insolvencyProceeding: wild(boolArb, 0.75),
      outcome: opt(fc.constantFrom(...Outcomes)),
    })
    .map((v) => ({
      top: {
        id: v.id,
        agent: v.agent,
        initiatedBy: v.initiatedBy,
        purpose: v.purpose,
        debtorId: v.debtorId,
        creditorId: v.creditorId,
        creditorType: v.creditorType,
        content: v.content,
        debt: v.debt,
        outcome: v.outcome,
      },
      recipient: {
        ageGroup: isClean && v.ageGroup === 'minor' ? 'adult' : v.ageGroup,
        identityVerified: v.identityVerified,
      },
      debtor: {
        authorizedChannels: v.authorizedChannels,
        optedOutChannels: v.optedOutChannels,
        visitAuthorized: v.visitAuthorized,
        requestedWindows: v.requestedWindows,
        representedByAttorney: v.representedByAttorney,
        deceased: v.deceased,
        insolvencyProceeding: v.insolvencyProceeding,
      },
    }));
}

/** Extra history entries to append to an attempt: more contacts can only restrict. */
export function extraHistoryArb(attempt: Record<string, unknown>): fc.Arbitrary<Array<Record<string, unknown>>> {
  const atMs = Date.parse(attempt['at'] as string);
  const role = (attempt['recipient'] as { role: RecipientRole }).role;
  return historyArb(atMs, role, { maxLength: 8 }).filter((h) => h.length > 0);
}

/** Every path to a node of a JSON value (root excluded): `['debtor', 'requestedWindows', 0, 'from']`. */
export function pathsOf(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([...prefix, i], ...pathsOf(x, [...prefix, i]));
    });
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) out.push([...prefix, k], ...pathsOf(x, [...prefix, k]));
  }
  return out;
}

export const DELETE = Symbol('delete');

/** A copy of `v` with the node at `path` replaced (or deleted). Own properties only, never the prototype. */
export function setAt(v: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy: Record<string | number, unknown> = Array.isArray(v) ? ([...v] as never) : { ...(v as object) };
  const next = setAt((v as Record<string | number, unknown>)[head!], rest, value);
  if (next === DELETE && rest.length === 0) {
    if (Array.isArray(copy)) (copy as unknown[]).splice(head as number, 1);
    else delete copy[head!];
  } else {
    const own = { value: next, enumerable: true, writable: true, configurable: true };
    try {
      Object.defineProperty(copy, head!, own);
    } catch {
      // An array's `length` cannot be redefined: the junk is then an object with the array's entries.
      return Object.defineProperty({ ...(v as object) }, head!, own);
    }
  }
  return copy;
}

/** Values that have broken parsers before: edge strings, numbers JSON cannot carry, prototype names. */
export const NASTY: readonly unknown[] = [
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\uD800',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '2026-02-29T10:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '2026-03-02T24:00:00Z',
  '2026-13-01',
  '2026-03-02T08:30:00',
  '2026-03-02T08:30:00+14:01',
  '2026-03-02T08:30:00-12:01',
  '+99 999',
  'x'.repeat(10_000),
  0,
  -0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53 + 1,
  true,
  false,
  null,
  [],
  [null],
  {},
  { __proto__: null },
  new Date(0),
  10n,
  Symbol('s'),
  () => 1,
  undefined,
];

/** A real attempt with one node replaced by junk, deleted, or given an unknown sibling. */
export function mutantArb(): fc.Arbitrary<unknown> {
  return attemptArb().chain((a) => {
    const paths = pathsOf(a);
    return fc
      .record({
        path: fc.constantFrom(...paths),
        op: fc.constantFrom('replace', 'replace', 'delete', 'sibling'),
        value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...NASTY)),
        key: fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty'),
        ),
      })
      .map(({ path, op, value, key }) => {
        if (op === 'delete') return setAt(a, path, DELETE);
        if (op === 'replace') return setAt(a, path, value);
        return setAt(a, [...path.slice(0, -1), key], value);
      });
  });
}

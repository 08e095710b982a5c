/**
 * A realistic, deterministic contact log for the audit examples, the tests and the benchmark: debtors
 * in Colombia, Mexico and Spain, each contacted through the month by a dialer and a messaging
 * platform that mostly follow the rules, plus
 *  - noise a real platform produces: dialer retries the same day after an unanswered call (one contact
 *    a day in Colombia, so each retry breaks Ley 2300 art. 3), a few calls that run past 19:00,
 *    messages that reveal the debt to an unverified reader (a warning);
 *  - planted violations of every category, one debtor per scenario, whose records are otherwise clean;
 *  - the disorder of a real log: message receipts synced in batches at the end of the day, a few
 *    records that arrive a day late, and a few lines the platform wrote wrong.
 * Everything comes from a seeded PRNG: the same options give the same bytes. The log is produced day by
 * day, so a million records never sit in memory at once.
 *
 * For Colombia, whose rules are known, the generator says which rules each record must break
 * (`expected`); for Mexico and Spain it names the planted category only.
 */
import { DateTime } from 'luxon';

export type Cc = 'CO' | 'MX' | 'ES';
type Channel = 'call' | 'sms' | 'whatsapp' | 'email' | 'visit';
type Outcome = 'connected' | 'no_answer' | 'voicemail' | 'busy' | 'delivered' | 'failed';

export interface GenerateOptions {
  readonly seed?: number;
  /** Baseline debtors per country (planted scenarios add their own). */
  readonly debtors?: Partial<Record<Cc, number>>;
  /** First local day of the log, `YYYY-MM-DD`, and how many days. */
  readonly start?: string;
  readonly days?: number;
  /** Add the planted scenarios and the malformed lines (default true). */
  readonly planted?: boolean;
}

/** What a record is expected to produce: exact rule ids for Colombia, the planted category elsewhere. */
export interface Expectation {
  readonly id: string;
  readonly country: Cc;
  readonly scenario: string;
  /** Colombia: the exact violations and warnings. */
  readonly violations?: readonly string[];
  readonly warnings?: readonly string[];
  /** Mexico and Spain: a finding of this category (violation or warning). */
  readonly category?: string;
}

export interface LogLine {
  readonly text: string;
  /** The record, when the line is one (undefined for blank and malformed lines). */
  readonly record?: Record<string, unknown>;
  /** Why a malformed line is wrong (what the audit must reject it for). */
  readonly malformed?: string;
}

const DEFAULT_DEBTORS: Record<Cc, number> = { CO: 110, MX: 100, ES: 90 };

// --- PRNG: mulberry32, and a way to derive independent streams from (seed, a, b). ---
function mulberry32(a: number): () => number {
  let s = a >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function streamOf(seed: number, a: number, b = 0): () => number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(a + 1, 0xc2b2ae35) ^ Math.imul(b + 7, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return mulberry32(h ^ (h >>> 16));
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const weighted = <T>(r: () => number, xs: ReadonlyArray<readonly [T, number]>): T => {
  let x = r() * xs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of xs) if ((x -= w) < 0) return v;
  return xs[xs.length - 1]![0];
};

// --- Countries: regions with their zones, creditors, phones, holidays of the month, contact windows. ---
interface Place {
  readonly region: string;
  readonly zone: string;
  readonly phone: (r: () => number) => string;
}
const digits = (r: () => number, n: number): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const PLACES: Record<Cc, readonly Place[]> = {
  CO: [
    {
      region: 'CO-DC',
      zone: 'America/Bogota',
      phone: (r) => `+57 3${pick(r, ['00', '01', '10', '15', '20'])} ${digits(r, 3)} ${digits(r, 4)}`,
    },
    {
      region: 'CO-ANT',
      zone: 'America/Bogota',
      phone: (r) => `+57 3${pick(r, ['04', '12', '17'])} ${digits(r, 3)} ${digits(r, 4)}`,
    },
    {
      region: 'CO-VAC',
      zone: 'America/Bogota',
      phone: (r) => `+57 3${pick(r, ['05', '16', '18'])} ${digits(r, 3)} ${digits(r, 4)}`,
    },
    {
      region: 'CO-ATL',
      zone: 'America/Bogota',
      phone: (r) => `+57 3${pick(r, ['00', '14', '23'])} ${digits(r, 3)} ${digits(r, 4)}`,
    },
  ],
  MX: [
    { region: 'MX-CMX', zone: 'America/Mexico_City', phone: (r) => `+52 55 ${digits(r, 4)} ${digits(r, 4)}` },
    { region: 'MX-JAL', zone: 'America/Mexico_City', phone: (r) => `+52 33 ${digits(r, 4)} ${digits(r, 4)}` },
    { region: 'MX-NLE', zone: 'America/Monterrey', phone: (r) => `+52 81 ${digits(r, 4)} ${digits(r, 4)}` },
    { region: 'MX-SON', zone: 'America/Hermosillo', phone: (r) => `+52 662 ${digits(r, 3)} ${digits(r, 4)}` },
    { region: 'MX-ROO', zone: 'America/Cancun', phone: (r) => `+52 998 ${digits(r, 3)} ${digits(r, 4)}` },
    { region: 'MX-BCN', zone: 'America/Tijuana', phone: (r) => `+52 664 ${digits(r, 3)} ${digits(r, 4)}` },
  ],
  ES: [
    { region: 'ES-MD', zone: 'Europe/Madrid', phone: (r) => `+34 6${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}` },
    { region: 'ES-CT', zone: 'Europe/Madrid', phone: (r) => `+34 6${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}` },
    { region: 'ES-AN', zone: 'Europe/Madrid', phone: (r) => `+34 6${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}` },
    { region: 'ES-VC', zone: 'Europe/Madrid', phone: (r) => `+34 6${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}` },
    { region: 'ES-CN', zone: 'Atlantic/Canary', phone: (r) => `+34 6${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}` },
  ],
};
const CREDITORS: Record<Cc, ReadonlyArray<{ id: string; type?: 'financial' | 'commercial' }>> = {
  CO: [{ id: 'banco-andino' }, { id: 'fintech-llanos' }, { id: 'cooperativa-cafetera' }],
  MX: [
    { id: 'banco-sierra', type: 'financial' },
    { id: 'sofom-norte', type: 'financial' },
    { id: 'tiendas-rio', type: 'commercial' },
  ],
  ES: [{ id: 'banco-meseta' }, { id: 'financiera-levante' }],
};
const CURRENCY: Record<Cc, string> = { CO: 'COP', MX: 'MXN', ES: 'EUR' };
const AMOUNT: Record<Cc, [number, number]> = { CO: [150_000, 9_000_000], MX: [1_500, 80_000], ES: [120, 9_000] };
/** Public holidays of March–April 2026 on which the baseline does not contact (by country, or by region). */
const HOLIDAYS: Record<string, readonly string[]> = {
  CO: ['2026-03-23', '2026-04-02', '2026-04-03'],
  MX: ['2026-03-16'],
  ES: ['2026-04-03'],
  'ES-VC': ['2026-03-19', '2026-04-06'],
  'ES-AN': ['2026-02-28', '2026-04-02'],
  'ES-CN': ['2026-04-02'],
  'ES-MD': ['2026-04-02'],
  'ES-CT': ['2026-04-06'],
};
/** The baseline's contact window, local minutes, Monday–Friday (Colombia also some Saturday mornings). */
const WINDOW: Record<Cc, [number, number]> = {
  CO: [8 * 60, 18 * 60 + 40],
  MX: [9 * 60, 19 * 60 + 30],
  ES: [9 * 60 + 30, 20 * 60],
};

interface Debtor {
  readonly id: string;
  readonly cc: Cc;
  readonly place: Place;
  readonly phone: string;
  readonly creditor: { id: string; type?: 'financial' | 'commercial' };
  readonly dueDate: string;
  readonly amount: number;
  readonly product: string;
  readonly channel: Channel;
  readonly authorized: readonly Channel[];
  readonly extra: Record<string, unknown>;
}

type Draft = {
  debtor: Debtor;
  local: DateTime;
  channel: Channel;
  fields?: Record<string, unknown>;
  expect?: Omit<Expectation, 'id' | 'country'>;
  /** Already carried to a later day's batch (never carried twice). */
  late?: boolean;
  /** Reaches the log only in the next day's batch (a planted disorder). */
  defer?: boolean;
};

function makeDebtor(cc: Cc, n: number, r: () => number, start: DateTime): Debtor {
  const place = pick(r, PLACES[cc]);
  const channel =
    cc === 'ES'
      ? weighted(r, [
          ['call', 6],
          ['sms', 2],
          ['email', 2],
        ] as const)
      : weighted(r, [
          ['call', 6],
          ['whatsapp', 2],
          ['sms', 2],
        ] as const);
  const authorized: Channel[] = cc === 'CO' ? (channel === 'call' ? ['call', 'sms'] : [channel, 'call']) : [];
  const [lo, hi] = AMOUNT[cc];
  return {
    id: `D-${cc}-${String(n).padStart(6, '0')}`,
    cc,
    place,
    phone: place.phone(r),
    creditor: pick(r, CREDITORS[cc]),
    dueDate: start.minus({ days: 5 + Math.floor(r() * 150) }).toISODate()!,
    amount:
      cc === 'ES' ? Math.round((lo + r() * (hi - lo)) * 100) / 100 : Math.round((lo + r() * (hi - lo)) / 100) * 100,
    product: pick(r, ['card', 'consumer', 'card', 'microcredit']),
    channel,
    authorized,
    extra: {},
  };
}

/** One record of the log, in the field order a platform would write. */
function toRecord(d: Draft, id: string, r: () => number): Record<string, unknown> {
  const { debtor } = d;
  const isCall = d.channel === 'call' || d.channel === 'visit';
  const outcome: Outcome =
    (d.fields?.['outcome'] as Outcome | undefined) ??
    (isCall
      ? weighted(r, [
          ['connected', 40],
          ['no_answer', 35],
          ['voicemail', 15],
          ['busy', 10],
        ] as const)
      : weighted(r, [
          ['delivered', 92],
          ['failed', 8],
        ] as const));
  const connected = outcome === 'connected' || d.channel === 'visit';
  // A dialer logs UTC; the messaging platform logs the debtor's offset.
  const at = isCall
    ? d.local.toUTC().toISO({ suppressMilliseconds: true })!
    : d.local.toISO({ suppressMilliseconds: true })!;
  const f = d.fields ?? {};
  const rec: Record<string, unknown> = {
    id,
    at,
    channel: d.channel,
    ...(f['agent'] ? { agent: f['agent'] } : {}),
    debtorId: debtor.id,
    creditorId: debtor.creditor.id,
    ...(debtor.creditor.type ? { creditorType: debtor.creditor.type } : {}),
    jurisdiction: { country: debtor.cc, region: debtor.place.region },
    recipient: {
      role: 'debtor',
      phone: debtor.phone,
      ...(debtor.cc === 'MX' ? { ageGroup: 'adult' } : {}),
      identityVerified: isCall ? connected : false,
      ...(f['recipient'] as object | undefined),
    },
    content: {
      disclosesDebt: isCall ? connected : false,
      identifiesCollector: true,
      ...(f['agent'] === 'ai' ? { aiDisclosed: true } : {}),
      ...(f['content'] as object | undefined),
    },
    debt: {
      dueDate: debtor.dueDate,
      amount: debtor.amount,
      currency: CURRENCY[debtor.cc],
      product: debtor.product,
      ...(f['debt'] as object | undefined),
    },
    debtor: {
      ...(debtor.authorized.length > 0 ? { authorizedChannels: debtor.authorized } : {}),
      ...debtor.extra,
      ...(f['debtor'] as object | undefined),
    },
    outcome,
  };
  if ((rec['debtor'] as object) && Object.keys(rec['debtor'] as object).length === 0) delete rec['debtor'];
  return rec;
}

const isHoliday = (d: Debtor, date: string): boolean =>
  (HOLIDAYS[d.cc] ?? []).includes(date) || (HOLIDAYS[d.place.region] ?? []).includes(date);

/**
 * The log, line by line, and what each record must produce. `expectations` is filled as lines are
 * produced (read it after the iteration).
 */
export function generateContactLog(options: GenerateOptions = {}): {
  lines: Iterable<LogLine>;
  expectations: Expectation[];
} {
  const seed = options.seed ?? 20260301;
  const start = DateTime.fromISO(options.start ?? '2026-03-01', { zone: 'UTC' });
  const days = options.days ?? 31;
  const counts = { ...DEFAULT_DEBTORS, ...options.debtors };
  const withPlanted = options.planted ?? true;
  const expectations: Expectation[] = [];

  const debtors: Debtor[] = [];
  for (const cc of ['CO', 'MX', 'ES'] as const) {
    for (let i = 1; i <= counts[cc]; i++) debtors.push(makeDebtor(cc, i, streamOf(seed, debtors.length + 1), start));
  }
  const planted = withPlanted ? plantedScenarios(start) : [];

  function* lines(): Generator<LogLine> {
    let seq = 0;
    let carried: Draft[] = [];
    let written = 0;
    const badAt = withPlanted ? new Set([137, 1020, 1790, 2411]) : new Set<number>();
    const blankAt = withPlanted ? new Set([600, 2200]) : new Set<number>();
    for (let day = 0; day < days; day++) {
      const date = start.plus({ days: day }).toISODate()!;
      const drafts: Draft[] = [...carried];
      carried = [];
      for (let i = 0; i < debtors.length; i++) {
        const d = debtors[i]!;
        const r = streamOf(seed, i + 1, day + 1);
        const local = DateTime.fromISO(date, { zone: d.place.zone });
        const wd = local.weekday;
        if (isHoliday(d, date) || wd === 7) continue;
        if (wd === 6 && !(d.cc === 'CO' && r() < 0.15)) continue;
        if (wd !== 6 && r() > 0.45) continue;
        const [lo, hi] = wd === 6 ? [9 * 60, 13 * 60] : WINDOW[d.cc];
        let minute = lo + Math.floor(r() * (hi - lo));
        const late = d.cc === 'CO' && wd !== 6 && d.channel === 'call' && r() < 0.02;
        if (late) minute = 19 * 60 + Math.floor(r() * 50); // the dialer's last campaign runs past 19:00
        const ai = d.channel === 'call' && r() < 0.15;
        const reveals = d.channel !== 'call' && r() < 0.2;
        const outcome =
          d.channel === 'call'
            ? weighted(r, [
                ['connected', 40],
                ['no_answer', 35],
                ['voicemail', 15],
                ['busy', 10],
              ] as const)
            : undefined;
        const first: Draft = {
          debtor: d,
          local: local.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: Math.floor(r() * 60) }),
          channel: d.channel,
          fields: {
            ...(ai ? { agent: 'ai' } : {}),
            ...(reveals ? { content: { disclosesDebt: true } } : {}),
            ...(outcome ? { outcome } : {}),
          },
          ...(d.cc === 'CO'
            ? {
                expect: {
                  scenario: late
                    ? 'noise: call after 19:00'
                    : reveals
                      ? 'noise: a message that reveals the debt to an unverified reader'
                      : 'baseline',
                  violations: late ? ['co.ley2300.art3.hours.weekday'] : [],
                  warnings: reveals ? ['co.policy.message_discloses_debt'] : [],
                },
              }
            : {}),
        };
        drafts.push(first);
        const retryAt = minute + 90 + Math.floor(r() * 150);
        if (
          (outcome === 'no_answer' || outcome === 'busy') &&
          r() < 0.3 &&
          retryAt < (wd === 6 ? 13 * 60 : WINDOW[d.cc][1])
        ) {
          drafts.push({
            debtor: d,
            local: local.set({ hour: Math.floor(retryAt / 60), minute: retryAt % 60, second: Math.floor(r() * 60) }),
            channel: 'call',
            fields: {
              outcome: weighted(r, [
                ['connected', 35],
                ['no_answer', 45],
                ['voicemail', 20],
              ] as const),
            },
            ...(d.cc === 'CO'
              ? {
                  expect: {
                    scenario: 'noise: dialer retry the same day',
                    violations: ['co.ley2300.art3.once_per_day'],
                    warnings: [],
                  },
                }
              : {}),
          });
        }
      }
      for (const p of planted) for (const dr of p) if (dr.local.toISODate() === date) drafts.push(dr);
      // The day's log: calls in time order as the dialer writes them, then the messaging platform's
      // batch; about 1 % of records reach the log only the next day.
      const r = streamOf(seed, 0, day + 1);
      const calls = drafts.filter((x) => x.channel === 'call' || x.channel === 'visit').sort(byTime);
      const messages = drafts.filter((x) => x.channel !== 'call' && x.channel !== 'visit').sort(byTime);
      for (const dr of [...calls, ...messages]) {
        if (!dr.late && (dr.defer || r() < 0.01) && day < days - 1) {
          carried.push({ ...dr, late: true });
          continue;
        }
        while (badAt.has(written + 1) || blankAt.has(written + 1)) {
          written++;
          yield blankAt.has(written) ? { text: '' } : malformedLine(written);
        }
        seq++;
        const id = `${dr.debtor.cc.toLowerCase()}-${String(seq).padStart(7, '0')}`;
        const rec = toRecord(dr, id, streamOf(seed, 7, seq));
        if (dr.expect) expectations.push({ id, country: dr.debtor.cc, ...dr.expect });
        written++;
        yield { text: JSON.stringify(rec), record: rec };
      }
    }
  }
  return { lines: { [Symbol.iterator]: lines }, expectations };
}

const byTime = (a: Draft, b: Draft): number => a.local.toMillis() - b.local.toMillis();

function malformedLine(n: number): LogLine {
  const base = {
    id: `bad-${n}`,
    at: '2026-03-10T10:15:00-05:00',
    channel: 'call',
    debtorId: `D-CO-9${String(n).padStart(5, '0')}`,
    jurisdiction: { country: 'CO' },
    recipient: { role: 'debtor' },
    debt: { dueDate: '2026-01-10' },
    outcome: 'no_answer',
  };
  const kind = [137, 1020, 1790, 2411].indexOf(n) % 4;
  switch (kind) {
    case 0:
      return {
        text: JSON.stringify({ ...base, at: '2026-03-10 10:15:00' }),
        malformed: 'at: a local time without offset',
      };
    case 1:
      return { text: JSON.stringify(base).slice(0, 97), malformed: 'a truncated line (not JSON)' };
    case 2: {
      const { debtorId: _d, ...rest } = base;
      return { text: JSON.stringify(rest), malformed: 'debtorId missing' };
    }
    default:
      return { text: JSON.stringify({ ...base, channel: 'fax' }), malformed: 'channel: fax is not a channel' };
  }
}

/**
 * The planted scenarios: one debtor each, a few clean contacts well before (and sometimes after) the
 * planted record, so that the record breaks exactly the rules named.
 */
function plantedScenarios(start: DateTime): Draft[][] {
  const out: Draft[][] = [];
  let n = 0;
  const debtor = (cc: Cc, over: Partial<Debtor> = {}, placeIndex = 0): Debtor => {
    n++;
    const place = PLACES[cc][placeIndex]!;
    const r = streamOf(4242, n);
    return {
      id: `P-${cc}-${String(n).padStart(4, '0')}`,
      cc,
      place,
      phone: place.phone(r),
      creditor: CREDITORS[cc][n % CREDITORS[cc].length]!,
      dueDate: start.minus({ days: 40 }).toISODate()!,
      amount: cc === 'ES' ? 1480.5 : cc === 'MX' ? 24_300 : 2_750_000,
      product: 'card',
      channel: 'call',
      authorized: cc === 'CO' ? ['call', 'sms'] : [],
      extra: {},
      ...over,
    };
  };
  const at = (d: Debtor, iso: string): DateTime => DateTime.fromISO(iso, { zone: d.place.zone });
  const clean = (d: Debtor, isos: readonly string[]): Draft[] =>
    isos.map((iso) => ({
      debtor: d,
      local: at(d, iso),
      channel: d.channel,
      fields: { outcome: d.channel === 'call' ? 'connected' : 'delivered' },
      ...(d.cc === 'CO' ? { expect: { scenario: 'planted debtor: clean contact', violations: [], warnings: [] } } : {}),
    }));
  const before = ['2026-03-02T10:05:00', '2026-03-04T11:20:00'];
  const after = ['2026-03-30T10:10:00'];
  // Clean contacts before (none when the debt was not yet due) and after (none when a hold stays open).
  type Around = { before?: boolean; after?: boolean };
  const around = (d: Debtor, planted: Draft, o: Around): Draft[] => [
    ...((o.before ?? true) ? clean(d, before) : []),
    planted,
    ...((o.after ?? true) ? clean(d, after) : []),
  ];
  const co = (
    scenario: string,
    d: Debtor,
    iso: string,
    channel: Channel,
    fields: Record<string, unknown>,
    violations: string[],
    warnings: string[] = [],
    o: Around = {},
  ): void => {
    out.push(
      around(d, { debtor: d, local: at(d, iso), channel, fields, expect: { scenario, violations, warnings } }, o),
    );
  };
  const other = (
    scenario: string,
    category: string,
    d: Debtor,
    iso: string,
    channel: Channel,
    fields: Record<string, unknown>,
    o: Around = {},
  ): void => {
    out.push(around(d, { debtor: d, local: at(d, iso), channel, fields, expect: { scenario, category } }, o));
  };
  const connected = { outcome: 'connected' };

  // Colombia: exact rules.
  co('hours: call on a weekday after 19:00', debtor('CO'), '2026-03-10T19:40:00', 'call', connected, [
    'co.ley2300.art3.hours.weekday',
  ]);
  co('hours: call on a weekday before 07:00', debtor('CO'), '2026-03-11T06:20:00', 'call', { outcome: 'no_answer' }, [
    'co.ley2300.art3.hours.weekday',
  ]);
  co('hours: call on Saturday after 15:00', debtor('CO'), '2026-03-14T16:10:00', 'call', connected, [
    'co.ley2300.art3.hours.saturday',
  ]);
  const wa = debtor('CO', { channel: 'whatsapp', authorized: ['whatsapp', 'call'] });
  co('hours: WhatsApp on a Sunday', wa, '2026-03-15T11:00:00', 'whatsapp', { outcome: 'delivered' }, [
    'co.ley2300.art3.sunday',
  ]);
  co('holiday: call on San José (festivo, Monday 23 March)', debtor('CO'), '2026-03-23T10:30:00', 'call', connected, [
    'co.ley2300.art3.festivo',
  ]);
  {
    const d = debtor('CO');
    // The second call of the day is written to the log before the first: the audit sorts by time.
    out.push([
      ...clean(d, before),
      {
        debtor: d,
        local: at(d, '2026-03-12T16:45:00'),
        channel: 'call',
        fields: connected,
        expect: {
          scenario: 'frequency: second call the same day (logged first)',
          violations: ['co.ley2300.art3.once_per_day'],
          warnings: [],
        },
      },
      {
        debtor: d,
        local: at(d, '2026-03-12T09:10:00'),
        channel: 'call',
        fields: { outcome: 'no_answer' },
        defer: true,
        expect: { scenario: 'frequency: first call of the day (logged a day late)', violations: [], warnings: [] },
      },
      ...clean(d, after),
    ]);
  }
  {
    const d = debtor('CO');
    out.push([
      ...clean(d, before),
      {
        debtor: d,
        local: at(d, '2026-03-09T10:00:00'),
        channel: 'call',
        fields: connected,
        expect: { scenario: 'frequency: call on Monday', violations: [], warnings: [] },
      },
      {
        debtor: d,
        local: at(d, '2026-03-11T10:00:00'),
        channel: 'sms',
        fields: { outcome: 'delivered' },
        expect: {
          scenario: 'frequency: SMS two days after a call (second channel in the week)',
          violations: ['co.ley2300.art3.one_channel_per_week'],
          warnings: [],
        },
      },
      ...clean(d, ['2026-03-19T10:00:00']),
    ]);
  }
  co(
    'third party: call to a reference',
    debtor('CO'),
    '2026-03-17T11:00:00',
    'call',
    {
      outcome: 'connected',
      recipient: { role: 'reference', identityVerified: true },
      content: { disclosesDebt: false },
    },
    ['co.ley2300.art4.no_references'],
  );
  co(
    'third party: the debt told to a relative not verified',
    debtor('CO'),
    '2026-03-18T12:00:00',
    'call',
    { outcome: 'connected', recipient: { role: 'relative', identityVerified: false } },
    [
      'co.ley2300.art4.no_references',
      'co.sfc.ce048.no_third_party_disclosure',
      'co.sfc.ce048.identity_before_disclosure',
    ],
  );
  co(
    'third party: the debt told before identity was verified',
    debtor('CO'),
    '2026-03-16T09:30:00',
    'call',
    { outcome: 'connected', recipient: { identityVerified: false } },
    ['co.sfc.ce048.identity_before_disclosure'],
  );
  co(
    'mora: collection call before the due date',
    debtor('CO', { dueDate: '2026-03-20' }),
    '2026-03-18T10:00:00',
    'call',
    connected,
    ['co.sfc.ce048.mora'],
    [],
    { before: false },
  );
  co(
    'channel: WhatsApp not authorized by the debtor',
    debtor('CO'),
    '2026-03-17T15:00:00',
    'whatsapp',
    { outcome: 'delivered' },
    ['co.ley2300.art2.authorized_channel'],
  );
  co(
    'channel: SMS after the debtor opted out',
    debtor('CO', { extra: { optedOutChannels: ['sms'] } }),
    '2026-03-13T10:00:00',
    'sms',
    { outcome: 'delivered' },
    ['co.ley1581.art8.opted_out'],
  );
  co(
    'channel: a home visit for a card debt',
    debtor('CO'),
    '2026-03-19T17:00:00',
    'visit',
    { outcome: 'connected', recipient: { identityVerified: true } },
    ['co.ley2300.art6.no_visits', 'co.ley2300.art2.authorized_channel'],
  );
  co(
    'debtor status: a disputed debt',
    debtor('CO'),
    '2026-03-12T11:00:00',
    'call',
    { ...connected, debt: { disputed: true } },
    ['co.policy.disputed'],
    [],
    { after: false },
  );
  co(
    'debtor status: the debtor has a lawyer',
    debtor('CO'),
    '2026-03-13T11:00:00',
    'call',
    { ...connected, debtor: { representedByAttorney: true } },
    ['co.policy.attorney'],
    [],
    { after: false },
  );
  co(
    'debtor status: the debtor has died',
    debtor('CO'),
    '2026-03-16T11:00:00',
    'call',
    { outcome: 'no_answer', debtor: { deceased: true } },
    ['co.policy.deceased'],
    [],
    { after: false },
  );
  co(
    'debtor status: insolvency proceeding',
    debtor('CO'),
    '2026-03-17T11:30:00',
    'call',
    { ...connected, debtor: { insolvencyProceeding: true } },
    ['co.policy.insolvency'],
    [],
    { after: false },
  );
  co(
    'conduct: the collector did not identify themselves',
    debtor('CO'),
    '2026-03-18T10:15:00',
    'call',
    { ...connected, content: { identifiesCollector: false } },
    ['co.policy.identify_collector'],
  );
  co(
    'conduct: a voicebot that does not say it is one (warning)',
    debtor('CO'),
    '2026-03-19T10:15:00',
    'call',
    { ...connected, agent: 'ai', content: { aiDisclosed: false } },
    [],
    ['co.policy.ai_disclosure'],
  );

  // Mexico: categories.
  other('hours: call at 22:20', 'hours', debtor('MX'), '2026-03-10T22:20:00', 'call', connected);
  other(
    'hours: 06:40 in Hermosillo (07:40 in Mexico City: a dialer on the wrong clock)',
    'hours',
    debtor('MX', {}, 3),
    '2026-03-11T06:40:00',
    'call',
    { outcome: 'no_answer' },
  );
  other(
    'hours: a Sunday call for a department store',
    'hours',
    debtor('MX', { creditor: CREDITORS.MX[2]! }),
    '2026-03-15T12:00:00',
    'call',
    connected,
  );
  other(
    'holiday: call on Benito Juárez day (16 March)',
    'holiday',
    debtor('MX'),
    '2026-03-16T11:00:00',
    'call',
    connected,
  );
  {
    const d = debtor('MX');
    const times = ['09:05', '10:40', '12:10', '13:50', '16:30'];
    out.push([
      ...clean(d, before),
      ...times.map(
        (t, i): Draft => ({
          debtor: d,
          local: at(d, `2026-03-12T${t}:00`),
          channel: 'call',
          fields: { outcome: i < 4 ? 'no_answer' : 'connected' },
          ...(i >= 3
            ? { expect: { scenario: `frequency: call number ${i + 1} of the day`, category: 'frequency' } }
            : {}),
        }),
      ),
      ...clean(d, after),
    ]);
  }
  other('third party: call to a personal reference', 'third_party', debtor('MX'), '2026-03-17T11:00:00', 'call', {
    outcome: 'connected',
    recipient: { role: 'reference', identityVerified: true },
    content: { disclosesDebt: false },
  });
  other(
    'third party: a minor answered and was told of the debt',
    'third_party',
    debtor('MX'),
    '2026-03-18T17:00:00',
    'call',
    { outcome: 'connected', recipient: { role: 'relative', ageGroup: 'minor', identityVerified: false } },
  );
  other(
    'mora: collection before the due date',
    'mora',
    debtor('MX', { dueDate: '2026-03-25' }),
    '2026-03-20T10:00:00',
    'call',
    connected,
    { before: false },
  );
  other(
    'channel: WhatsApp after the debtor opted out',
    'channel',
    debtor('MX', { extra: { optedOutChannels: ['whatsapp'] } }),
    '2026-03-13T10:00:00',
    'whatsapp',
    { outcome: 'delivered' },
  );
  other(
    'debtor status: a disputed debt',
    'debtor_status',
    debtor('MX'),
    '2026-03-19T12:00:00',
    'call',
    { ...connected, debt: { disputed: true } },
    { after: false },
  );
  other(
    'debtor status: the debtor has a lawyer',
    'debtor_status',
    debtor('MX'),
    '2026-03-19T13:00:00',
    'call',
    { ...connected, debtor: { representedByAttorney: true } },
    { after: false },
  );
  other(
    'conduct: the collector did not identify themselves',
    'conduct',
    debtor('MX', { creditor: CREDITORS.MX[2]! }),
    '2026-03-18T10:00:00',
    'call',
    { ...connected, content: { identifiesCollector: false } },
  );

  // Spain: categories.
  other('hours: call at 21:30', 'hours', debtor('ES'), '2026-03-10T21:30:00', 'call', connected);
  other(
    'hours: 08:20 in the Canaries (09:20 in Madrid: a dialer on the wrong clock)',
    'hours',
    debtor('ES', {}, 4),
    '2026-03-11T08:20:00',
    'call',
    { outcome: 'no_answer' },
  );
  other('hours: a Saturday call', 'hours', debtor('ES'), '2026-03-14T11:00:00', 'call', connected);
  other(
    'holiday: call on San José in Valencia (19 March)',
    'holiday',
    debtor('ES', {}, 3),
    '2026-03-19T10:00:00',
    'call',
    connected,
  );
  {
    const d = debtor('ES');
    const times = ['09:40', '11:15', '13:20', '17:45'];
    out.push([
      ...clean(d, before),
      ...times.map(
        (t, i): Draft => ({
          debtor: d,
          local: at(d, `2026-03-12T${t}:00`),
          channel: 'call',
          fields: { outcome: i < 3 ? 'no_answer' : 'connected' },
          ...(i === 3 ? { expect: { scenario: 'frequency: a fourth call the same day', category: 'frequency' } } : {}),
        }),
      ),
      ...clean(d, after),
    ]);
  }
  other('third party: the debt told to the employer', 'third_party', debtor('ES'), '2026-03-17T10:30:00', 'call', {
    outcome: 'connected',
    recipient: { role: 'employer', identityVerified: true },
  });
  other(
    'mora: collection before the due date',
    'mora',
    debtor('ES', { dueDate: '2026-03-27' }),
    '2026-03-24T10:00:00',
    'call',
    connected,
    { before: false },
  );
  other(
    'channel: SMS after the debtor opted out of SMS',
    'channel',
    debtor('ES', { extra: { optedOutChannels: ['sms'] } }),
    '2026-03-13T10:00:00',
    'sms',
    { outcome: 'delivered' },
  );
  other(
    'debtor status: insolvency proceeding (concurso)',
    'debtor_status',
    debtor('ES'),
    '2026-03-16T12:00:00',
    'call',
    { ...connected, debtor: { insolvencyProceeding: true } },
    { after: false },
  );
  other('conduct: the collector did not identify themselves', 'conduct', debtor('ES'), '2026-03-18T12:00:00', 'call', {
    ...connected,
    content: { identifiesCollector: false },
  });
  return out;
}

// --- The finding-heavy log: a month an auditor is called in for. ---

export interface FindingHeavyOptions {
  readonly seed?: number;
  /** Debtors per country (about 67 records each over 31 days). */
  readonly debtors?: Partial<Record<Cc, number>>;
  /** First local day, `YYYY-MM-DD`, and how many days. */
  readonly start?: string;
  readonly days?: number;
}

/**
 * Where a debtor of the finding-heavy log is, and how the log says it: every zone of every country
 * appears, placed by region (one zone, or several for a state that straddles two), by phone alone, by an
 * explicit `jurisdiction.timeZone`, or not at all (every zone of the country is a candidate).
 */
interface HeavyPlace {
  readonly region?: string;
  readonly timeZone?: string;
  readonly zone: string;
  readonly phone?: (r: () => number) => string;
}
const mxPhone =
  (nir: string) =>
  (r: () => number): string =>
    `+52 ${nir} ${digits(r, 10 - nir.length)}`;
const HEAVY_PLACES: Record<Cc, readonly HeavyPlace[]> = {
  CO: [
    { region: 'CO-DC', zone: 'America/Bogota', phone: PLACES.CO[0]!.phone },
    { region: 'CO-ANT', zone: 'America/Bogota', phone: PLACES.CO[1]!.phone },
    { zone: 'America/Bogota', phone: PLACES.CO[2]!.phone },
    { timeZone: 'America/Bogota', zone: 'America/Bogota' },
    { zone: 'America/Bogota' },
  ],
  MX: [
    { region: 'MX-CMX', zone: 'America/Mexico_City', phone: mxPhone('55') },
    { region: 'MX-ROO', zone: 'America/Cancun', phone: mxPhone('998') },
    { region: 'MX-YUC', zone: 'America/Merida', phone: mxPhone('999') },
    { region: 'MX-NLE', zone: 'America/Monterrey', phone: mxPhone('81') },
    { region: 'MX-TAM', zone: 'America/Matamoros', phone: mxPhone('868') },
    { region: 'MX-CHH', zone: 'America/Chihuahua', phone: mxPhone('614') },
    { zone: 'America/Ciudad_Juarez', phone: mxPhone('656') },
    { zone: 'America/Ojinaga', phone: mxPhone('626') },
    { region: 'MX-SIN', zone: 'America/Mazatlan', phone: mxPhone('669') },
    { region: 'MX-NAY', zone: 'America/Bahia_Banderas', phone: mxPhone('329') },
    { region: 'MX-SON', zone: 'America/Hermosillo', phone: mxPhone('662') },
    { region: 'MX-BCN', zone: 'America/Tijuana', phone: mxPhone('664') },
    { timeZone: 'America/Tijuana', zone: 'America/Tijuana' },
    { timeZone: 'America/Cancun', zone: 'America/Cancun' },
    { zone: 'America/Mexico_City' },
  ],
  ES: [
    { region: 'ES-MD', zone: 'Europe/Madrid', phone: PLACES.ES[0]!.phone },
    { region: 'ES-CT', zone: 'Europe/Madrid', phone: PLACES.ES[1]!.phone },
    { region: 'ES-AN', zone: 'Europe/Madrid', phone: PLACES.ES[2]!.phone },
    { region: 'ES-CN', zone: 'Atlantic/Canary', phone: PLACES.ES[4]!.phone },
    { region: 'ES-CE', zone: 'Africa/Ceuta', phone: PLACES.ES[0]!.phone },
    { zone: 'Atlantic/Canary', phone: (r) => `+34 928 ${digits(r, 3)} ${digits(r, 3)}` },
    { timeZone: 'Atlantic/Canary', zone: 'Atlantic/Canary' },
    { zone: 'Europe/Madrid', phone: PLACES.ES[3]!.phone },
  ],
};
/** Contacts a debtor gets on a day (about 2.2 on average: 67 a month). */
const HEAVY_PER_DAY = [
  [0, 18],
  [1, 20],
  [2, 20],
  [3, 20],
  [4, 14],
  [5, 8],
] as const;
/** Every hour of the day, the night and the evening more than office hours (a dialer gone wrong). */
const HEAVY_HOURS = Array.from({ length: 24 }, (_, h) => [h, h < 7 || h >= 21 ? 4 : 1] as const);
const HEAVY_ROLES = [
  ['debtor', 92],
  ['relative', 3],
  ['reference', 2],
  ['co_debtor', 2],
  ['employer', 1],
] as const;

/**
 * A finding-heavy contact log (the load of issue 20): most records outside hours or over the frequency
 * limits — contacts at every hour and every day of the week, about 67 a month per debtor, several a
 * day — in every country and every zone (placed by region, by phone, by an explicit zone, or not at
 * all), with frequency findings that name an earlier contact. No planted scenario, no malformed line:
 * every line is a record. Deterministic (seeded), produced day by day.
 */
export function generateFindingHeavyLog(options: FindingHeavyOptions = {}): Iterable<LogLine> {
  const seed = options.seed ?? 20260320;
  const start = DateTime.fromISO(options.start ?? '2026-03-01', { zone: 'UTC' });
  const days = options.days ?? 31;
  const counts: Record<Cc, number> = { CO: 500, MX: 500, ES: 500, ...options.debtors };
  const debtors: Array<Debtor & { heavy: HeavyPlace }> = [];
  for (const cc of ['CO', 'MX', 'ES'] as const) {
    for (let i = 1; i <= counts[cc]; i++) {
      const r = streamOf(seed, debtors.length + 1);
      const heavy = HEAVY_PLACES[cc][(i - 1) % HEAVY_PLACES[cc].length]!;
      const base = makeDebtor(cc, i, r, start);
      debtors.push({
        ...base,
        id: `H-${cc}-${String(i).padStart(6, '0')}`,
        place: { region: heavy.region ?? '', zone: heavy.zone, phone: heavy.phone ?? (() => '') },
        phone: heavy.phone ? heavy.phone(r) : '',
        // A channel authorized in Colombia, so that what is found is hours and frequency, not consent.
        authorized: cc === 'CO' ? ['call', 'sms', 'whatsapp', 'email'] : [],
        heavy,
      });
    }
  }
  function* lines(): Generator<LogLine> {
    let seq = 0;
    let carried: Draft[] = [];
    for (let day = 0; day < days; day++) {
      const date = start.plus({ days: day });
      const drafts: Draft[] = [...carried];
      carried = [];
      for (let i = 0; i < debtors.length; i++) {
        const d = debtors[i]!;
        const r = streamOf(seed, i + 1, day + 1);
        const n = weighted(r, HEAVY_PER_DAY);
        for (let k = 0; k < n; k++) {
          const hour = weighted(r, HEAVY_HOURS);
          const local = DateTime.fromObject(
            {
              year: date.year,
              month: date.month,
              day: date.day,
              hour,
              minute: Math.floor(r() * 60),
              second: Math.floor(r() * 60),
            },
            { zone: d.heavy.zone },
          );
          const channel: Channel =
            r() < 0.6
              ? 'call'
              : d.cc === 'ES'
                ? pick(r, ['sms', 'email'] as const)
                : pick(r, ['whatsapp', 'sms'] as const);
          const role = weighted(r, HEAVY_ROLES);
          drafts.push({
            debtor: d,
            local,
            channel,
            ...(role !== 'debtor' ? { fields: { recipient: { role } } } : {}),
          });
        }
      }
      // The day's log: calls in time order, then the messaging platform's batch; 2 % a day late.
      const r = streamOf(seed, 0, day + 1);
      const calls = drafts.filter((x) => x.channel === 'call').sort(byTime);
      const messages = drafts.filter((x) => x.channel !== 'call').sort(byTime);
      for (const dr of [...calls, ...messages]) {
        if (!dr.late && r() < 0.02 && day < days - 1) {
          carried.push({ ...dr, late: true });
          continue;
        }
        seq++;
        const id = `h-${String(seq).padStart(8, '0')}`;
        const rec = toRecord(dr, id, streamOf(seed, 7, seq));
        const heavy = (dr.debtor as Debtor & { heavy: HeavyPlace }).heavy;
        rec['jurisdiction'] = {
          country: dr.debtor.cc,
          ...(heavy.region ? { region: heavy.region } : {}),
          ...(heavy.timeZone ? { timeZone: heavy.timeZone } : {}),
        };
        const recipient = rec['recipient'] as Record<string, unknown>;
        if (!heavy.phone) delete recipient['phone'];
        yield { text: JSON.stringify(rec), record: rec };
      }
    }
  }
  return { [Symbol.iterator]: lines };
}

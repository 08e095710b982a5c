import { instantMs } from '../_lib/instantMs.js';
import {
  calendarProblem,
  DATE_RE,
  HHMM_RE,
  isValidZone,
  type Attempt,
  type HistoryEntry,
  type RequestedWindow,
} from '../schema/attempt.js';
import { Channels, Countries, Outcomes, Products, RecipientRoles, type Country } from '../schema/enums.js';
import { isKnownRegion } from '../schema/regions.js';
import { parsePhone } from '../zones/resolveTimeZones.js';

/**
 * The accept path of validation: a hand-written check of the contract (src/schema/attempt.ts, the one
 * definition) for plain JSON-like input, returning the same value zod would, defaults applied — or
 * `undefined`, and zod decides and explains. It never rejects: anything it is not sure of (a class
 * instance, an `undefined` value, an unknown key, a bad value) goes to zod. A differential test holds
 * it to zod over the property generators and the adversarial corpus.
 */
export function fastParseAttempt(input: unknown): Attempt | undefined {
  try {
    return parse(input);
  } catch {
    return undefined; // a getter or proxy that throws: zod reports it
  }
}

const NO = undefined;

const ATTEMPT_KEYS = new Set([
  'id',
  'at',
  'channel',
  'agent',
  'initiatedBy',
  'purpose',
  'debtorId',
  'creditorId',
  'creditorType',
  'jurisdiction',
  'recipient',
  'content',
  'debt',
  'debtor',
  'outcome',
  'history',
]);
const JURISDICTION_KEYS = new Set(['country', 'region', 'timeZone']);
const RECIPIENT_KEYS = new Set(['role', 'phone', 'ageGroup', 'identityVerified']);
const CONTENT_KEYS = new Set(['disclosesDebt', 'identifiesCollector', 'aiDisclosed']);
const DEBT_KEYS = new Set(['dueDate', 'amount', 'currency', 'product', 'disputed']);
const DEBTOR_KEYS = new Set([
  'authorizedChannels',
  'optedOutChannels',
  'visitAuthorized',
  'requestedWindows',
  'representedByAttorney',
  'deceased',
  'insolvencyProceeding',
]);
const HISTORY_KEYS = new Set(['at', 'channel', 'recipientRole', 'outcome']);
const WINDOW_KEYS = new Set(['weekdays', 'from', 'to', 'requestedOn']);

const CHANNELS = new Set<string>(Channels);
const ROLES = new Set<string>(RecipientRoles);
const OUTCOMES = new Set<string>(Outcomes);
const PRODUCTS = new Set<string>(Products);
const COUNTRIES = new Set<string>(Countries);

type Obj = Record<string, unknown>;

/** A plain object whose own enumerable keys are all in `keys` and whose values are all defined. */
function plain(v: unknown, keys: ReadonlySet<string>): v is Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in v) {
    if (!keys.has(k) || (v as Obj)[k] === undefined) return false;
  }
  return true;
}

function str(v: unknown, min: number, max: number): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max;
}

function oneOf(v: unknown, set: ReadonlySet<string>): v is string {
  return typeof v === 'string' && set.has(v);
}

function instant(v: unknown): v is string {
  return typeof v === 'string' && instantMs(v) !== undefined;
}

function date(v: unknown): v is string {
  return (
    str(v, 0, 10) &&
    DATE_RE.test(v) &&
    calendarProblem(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))) === undefined
  );
}

function bool(v: unknown): v is boolean {
  return typeof v === 'boolean';
}

function channels(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length > 6) return NO;
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    if (!oneOf(v[i], CHANNELS)) return NO;
    out.push(v[i] as string);
  }
  return out;
}

function parse(input: unknown): Attempt | undefined {
  if (!plain(input, ATTEMPT_KEYS)) return NO;
  const a = input;
  const out: Obj = {};
  if ('id' in a) {
    if (!str(a['id'], 1, 200)) return NO;
    out['id'] = a['id'];
  }
  if (!instant(a['at'])) return NO;
  out['at'] = a['at'];
  if (!oneOf(a['channel'], CHANNELS)) return NO;
  out['channel'] = a['channel'];
  if ('agent' in a) {
    if (a['agent'] !== 'human' && a['agent'] !== 'ai') return NO;
    out['agent'] = a['agent'];
  } else out['agent'] = 'human';
  if ('initiatedBy' in a) {
    if (a['initiatedBy'] !== 'collector' && a['initiatedBy'] !== 'debtor') return NO;
    out['initiatedBy'] = a['initiatedBy'];
  } else out['initiatedBy'] = 'collector';
  if ('purpose' in a) {
    if (a['purpose'] !== 'collection' && a['purpose'] !== 'pre_due_reminder') return NO;
    out['purpose'] = a['purpose'];
  } else out['purpose'] = 'collection';
  if ('debtorId' in a) {
    if (!str(a['debtorId'], 1, 200)) return NO;
    out['debtorId'] = a['debtorId'];
  }
  if ('creditorId' in a) {
    if (!str(a['creditorId'], 1, 200)) return NO;
    out['creditorId'] = a['creditorId'];
  }
  if ('creditorType' in a) {
    const t = a['creditorType'];
    if (t !== 'financial' && t !== 'commercial' && t !== 'other') return NO;
    out['creditorType'] = t;
  }

  const j = a['jurisdiction'];
  if (!plain(j, JURISDICTION_KEYS) || !oneOf(j['country'], COUNTRIES)) return NO;
  const country = j['country'] as Country;
  const jo: Obj = { country };
  if ('region' in j) {
    if (!str(j['region'], 0, 10) || !isKnownRegion(country, j['region'])) return NO;
    jo['region'] = j['region'];
  }
  if ('timeZone' in j) {
    if (!str(j['timeZone'], 0, 64) || !isValidZone(j['timeZone'])) return NO;
    jo['timeZone'] = j['timeZone'];
  }
  out['jurisdiction'] = jo;

  const r = a['recipient'];
  if (!plain(r, RECIPIENT_KEYS) || !oneOf(r['role'], ROLES)) return NO;
  const ro: Obj = { role: r['role'] };
  if ('phone' in r) {
    if (!str(r['phone'], 3, 32) || parsePhone(r['phone'], country) === undefined) return NO;
    ro['phone'] = r['phone'];
  }
  if ('ageGroup' in r) {
    const g = r['ageGroup'];
    if (g !== 'minor' && g !== 'adult' && g !== 'older_adult') return NO;
    ro['ageGroup'] = g;
  }
  if ('identityVerified' in r) {
    if (!bool(r['identityVerified'])) return NO;
    ro['identityVerified'] = r['identityVerified'];
  } else ro['identityVerified'] = false;
  out['recipient'] = ro;

  if ('content' in a) {
    const c = a['content'];
    if (!plain(c, CONTENT_KEYS)) return NO;
    const co: Obj = {};
    for (const [k, dflt] of [
      ['disclosesDebt', true],
      ['identifiesCollector', true],
      ['aiDisclosed', false],
    ] as const) {
      if (k in c) {
        if (!bool(c[k])) return NO;
        co[k] = c[k];
      } else co[k] = dflt;
    }
    out['content'] = co;
  } else out['content'] = { disclosesDebt: true, identifiesCollector: true, aiDisclosed: false };

  const d = a['debt'];
  if (!plain(d, DEBT_KEYS) || !date(d['dueDate'])) return NO;
  const dbo: Obj = { dueDate: d['dueDate'] };
  if ('amount' in d) {
    const n = d['amount'];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return NO;
    dbo['amount'] = n;
  }
  if ('currency' in d) {
    if (typeof d['currency'] !== 'string' || !/^[A-Z]{3}$/.test(d['currency'])) return NO;
    dbo['currency'] = d['currency'];
  }
  if ('product' in d) {
    if (!oneOf(d['product'], PRODUCTS)) return NO;
    dbo['product'] = d['product'];
  }
  if ('disputed' in d) {
    if (!bool(d['disputed'])) return NO;
    dbo['disputed'] = d['disputed'];
  } else dbo['disputed'] = false;
  out['debt'] = dbo;

  {
    const dr = 'debtor' in a ? a['debtor'] : {};
    if (!plain(dr, DEBTOR_KEYS)) return NO;
    const dro: Obj = {};
    for (const k of ['authorizedChannels', 'optedOutChannels'] as const) {
      if (k in dr) {
        const list = channels(dr[k]);
        if (list === undefined) return NO;
        dro[k] = list;
      }
    }
    if ('visitAuthorized' in dr) {
      if (!bool(dr['visitAuthorized'])) return NO;
      dro['visitAuthorized'] = dr['visitAuthorized'];
    }
    if ('requestedWindows' in dr) {
      const ws = requestedWindows(dr['requestedWindows']);
      if (ws === undefined) return NO;
      dro['requestedWindows'] = ws;
    }
    for (const k of ['representedByAttorney', 'deceased', 'insolvencyProceeding'] as const) {
      if (k in dr) {
        if (!bool(dr[k])) return NO;
        dro[k] = dr[k];
      }
    }
    out['debtor'] = dro;
  }

  if ('outcome' in a) {
    if (!oneOf(a['outcome'], OUTCOMES)) return NO;
    out['outcome'] = a['outcome'];
  }

  if ('history' in a) {
    const h = a['history'];
    if (!Array.isArray(h) || h.length > 10_000) return NO;
    const ho: HistoryEntry[] = new Array(h.length);
    for (let i = 0; i < h.length; i++) {
      const e: unknown = h[i];
      if (!plain(e, HISTORY_KEYS) || !instant(e['at']) || !oneOf(e['channel'], CHANNELS)) return NO;
      const eo: Obj = { at: e['at'], channel: e['channel'] };
      if ('recipientRole' in e) {
        if (!oneOf(e['recipientRole'], ROLES)) return NO;
        eo['recipientRole'] = e['recipientRole'];
      }
      if ('outcome' in e) {
        if (!oneOf(e['outcome'], OUTCOMES)) return NO;
        eo['outcome'] = e['outcome'];
      }
      ho[i] = eo as HistoryEntry;
    }
    out['history'] = ho;
  } else out['history'] = [];
  return out as Attempt;
}

function requestedWindows(v: unknown): RequestedWindow[] | undefined {
  if (!Array.isArray(v) || v.length > 50) return NO;
  const out: RequestedWindow[] = [];
  for (let i = 0; i < v.length; i++) {
    const w: unknown = v[i];
    if (!plain(w, WINDOW_KEYS)) return NO;
    const days = w['weekdays'];
    if (!Array.isArray(days) || days.length < 1 || days.length > 7) return NO;
    const weekdays: number[] = [];
    for (let k = 0; k < days.length; k++) {
      const n: unknown = days[k];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 7) return NO;
      weekdays.push(n);
    }
    const from = w['from'];
    const to = w['to'];
    if (typeof from !== 'string' || typeof to !== 'string' || !HHMM_RE.test(from) || !HHMM_RE.test(to) || !(from < to))
      return NO;
    if (!date(w['requestedOn'])) return NO;
    out.push({ weekdays, from, to, requestedOn: w['requestedOn'] as string });
  }
  return out;
}

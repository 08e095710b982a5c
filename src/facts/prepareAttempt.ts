import { instantMs } from '../_lib/instantMs.js';
import { dayNumberOf } from '../_lib/localClock.js';
import type { Attempt } from '../schema/attempt.js';
import type { Country } from '../schema/enums.js';
import { resolveTimeZones, type ZoneResolution } from '../zones/resolveTimeZones.js';
import { holidayRegionOf } from './holidayRegionOf.js';
import { ContactIndex, type FrequencyOptions, type PastContact } from './contactIndex.js';
import type { DebtorHolidays, HolidayDays } from './holidayDays.js';

export type { PastContact } from './contactIndex.js';

/** A window the debtor asked for, in numbers: weekdays as bits (1 << weekday), minutes, day numbers. */
export interface PreparedWindow {
  readonly weekdays: number;
  readonly from: number;
  readonly to: number;
  readonly requestedDay: number;
}

/** What is computed once per attempt, whatever the instant it is judged at. */
export interface PreparedAttempt {
  readonly attempt: Attempt;
  readonly atMs: number;
  readonly zones: ZoneResolution;
  /** Region code for holidays (without the country prefix), when known; several joined by `+` when the evidence names more than one. */
  readonly holidayRegion: string | undefined;
  readonly holidays: DebtorHolidays;
  /** Earlier contacts to the same person, at or before the attempt. */
  readonly history: ContactIndex;
  readonly dueDay: number;
  readonly windows: readonly PreparedWindow[] | undefined;
  /** Facts that do not depend on the instant. */
  readonly staticFacts: StaticFacts;
}

export interface StaticFacts {
  readonly country: Country;
  readonly channel: string;
  readonly agent: string;
  readonly initiatedBy: string;
  readonly purpose: string;
  readonly creditorType: string;
  readonly recipientRole: string;
  readonly ageGroup: string;
  readonly identityVerified: boolean;
  readonly disclosesDebt: boolean;
  readonly identifiesCollector: boolean;
  readonly aiDisclosed: boolean;
  readonly product: string;
  readonly disputed: boolean;
  readonly channelAuthorization: string;
  readonly channelOptedOut: boolean;
  readonly visitAuthorized: boolean;
  readonly representedByAttorney: boolean;
  readonly deceased: boolean;
  readonly insolvencyProceeding: boolean;
  readonly regionKnown: boolean;
}

export interface PrepareEnv {
  readonly holidayDays: HolidayDays;
  readonly frequency: FrequencyOptions;
}

/**
 * Prepare an attempt once per check. `history`, when given (the audit), replaces the attempt's own
 * history field: the earlier contacts already indexed for this person. The index holds the history's
 * contacts up to `historyUntil` (default: the attempt's instant; the lawful windows take them all up
 * to the end of the range, and count each from its own instant on).
 */
export function prepareAttempt(
  attempt: Attempt,
  env: PrepareEnv,
  atMs = msOf(attempt.at),
  history?: ContactIndex,
  historyUntil = atMs,
): PreparedAttempt {
  const { zones, holidayRegion, holidays } = placeOf(attempt, env);
  const windows = attempt.debtor.requestedWindows?.map((w) => ({
    weekdays: w.weekdays.reduce((bits, d) => bits | (1 << d), 0),
    from: toMinutes(w.from),
    to: toMinutes(w.to),
    requestedDay: dayNumberOf(w.requestedOn),
  }));
  return {
    attempt,
    atMs,
    zones,
    holidayRegion,
    holidays,
    history: history ?? ContactIndex.of(pastContacts(attempt, historyUntil), env.frequency.directContact),
    dueDay: dayNumberOf(attempt.debt.dueDate),
    windows,
    staticFacts: staticFacts(attempt, holidayRegion !== undefined),
  };
}

interface Place {
  readonly zones: ZoneResolution;
  readonly holidayRegion: string | undefined;
  readonly holidays: DebtorHolidays;
}

/** The last place computed, and from what: consecutive attempts for one debtor (an audit's) share it. */
let lastPlace:
  | {
      country: Country;
      region: string | undefined;
      timeZone: string | undefined;
      phone: string | undefined;
      env: PrepareEnv;
      place: Place;
    }
  | undefined;

/** Where the debtor is: candidate zones, holiday region(s) and their holidays — a function of the jurisdiction and the phone. */
function placeOf(attempt: Attempt, env: PrepareEnv): Place {
  const { country, region, timeZone } = attempt.jurisdiction;
  const phone = attempt.recipient.phone;
  const l = lastPlace;
  if (
    l &&
    l.country === country &&
    l.region === region &&
    l.timeZone === timeZone &&
    l.phone === phone &&
    l.env === env
  )
    return l.place;
  const zones = resolveTimeZones(country, { timeZone, region, phone });
  // The region, and a Canary fixed line's community too: a holiday in either place holds the contact.
  const holidayRegion = holidayRegionOf(country, region, phone, zones);
  const place = { zones, holidayRegion, holidays: env.holidayDays.forDebtor(country, holidayRegion) };
  lastPlace = { country, region, timeZone, phone, env, place };
  return place;
}

/**
 * Whether an earlier contact to someone in `contactRole` reached the person the attempt is for.
 * Frequency is counted per person (Ley 2300 art. 3 speaks of "el consumidor"; a co-obligor has
 * counters of their own). A past contact with no role, or role `unknown`, may have reached this
 * person, so it counts; a recipient of unknown role may be any of them, so every past contact counts:
 * the conservative reading.
 */
export function reachedSamePerson(attemptRole: string, contactRole: string | undefined): boolean {
  return (
    attemptRole === 'unknown' || contactRole === undefined || contactRole === 'unknown' || contactRole === attemptRole
  );
}

/** Earlier contacts to the same person, oldest first. An entry at the attempt's own instant counts; later ones are ignored. */
function pastContacts(attempt: Attempt, untilMs: number): PastContact[] {
  const role = attempt.recipient.role;
  const out: PastContact[] = [];
  for (const h of attempt.history) {
    const ms = msOf(h.at);
    if (ms > untilMs || !reachedSamePerson(role, h.recipientRole)) continue;
    out.push({ ms, channel: h.channel, outcome: h.outcome, at: h.at });
  }
  // Ties in time are put in one order whatever the order given, so that the same history gives the same decision.
  return out.sort(
    (a, b) => a.ms - b.ms || cmp(a.channel, b.channel) || cmp(a.outcome ?? '', b.outcome ?? '') || cmp(a.at!, b.at!),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A validated instant's ms (the fast reader; Date.parse for what it leaves, which validation never lets through). */
function msOf(at: string): number {
  return instantMs(at) ?? Date.parse(at);
}

export function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function staticFacts(a: Attempt, regionKnown: boolean): StaticFacts {
  const authorized = a.debtor.authorizedChannels;
  return {
    country: a.jurisdiction.country,
    channel: a.channel,
    agent: a.agent,
    initiatedBy: a.initiatedBy,
    purpose: a.purpose,
    creditorType: a.creditorType ?? 'unknown',
    recipientRole: a.recipient.role,
    ageGroup: a.recipient.ageGroup ?? 'unknown',
    identityVerified: a.recipient.identityVerified,
    disclosesDebt: a.content.disclosesDebt,
    identifiesCollector: a.content.identifiesCollector,
    aiDisclosed: a.content.aiDisclosed,
    product: a.debt.product ?? 'unknown',
    disputed: a.debt.disputed,
    channelAuthorization:
      authorized === undefined ? 'unknown' : authorized.includes(a.channel) ? 'authorized' : 'not_authorized',
    channelOptedOut: (a.debtor.optedOutChannels ?? []).includes(a.channel),
    visitAuthorized: a.debtor.visitAuthorized ?? false,
    representedByAttorney: a.debtor.representedByAttorney ?? false,
    deceased: a.debtor.deceased ?? false,
    insolvencyProceeding: a.debtor.insolvencyProceeding ?? false,
    regionKnown,
  };
}

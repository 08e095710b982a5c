import { dateOfDayNumber, offsetAt, weekdayOf } from '../_lib/localClock.js';
import type { FrequencyOptions } from './contactIndex.js';
import type { PreparedAttempt, PreparedWindow } from './prepareAttempt.js';

const DAY = 86_400_000;

/** Every fact of the catalog (factCatalog.ts) at one instant, on one zone's clock. Built with one shape. */
export interface Facts {
  readonly [fact: string]: unknown;
  readonly localDate: string;
  readonly localMinutes: number;
  readonly weekday: number;
  readonly isHoliday: boolean | undefined;
  readonly holidayInAnyRegion: boolean | undefined;
  readonly inRequestedWindow: boolean;
  readonly daysPastDue: number;
  readonly contactsToday: number;
  readonly otherChannelsThisWeek: number;
  readonly attemptsToday: number;
  readonly attemptsLast7Days: number;
  readonly connectedToday: number;
}

/** All facts of an attempt as if made at instant `ms`, read on the clock of `zone`. */
export function factsAt(p: PreparedAttempt, ms: number, zone: string, frequency: FrequencyOptions): Facts {
  const local = ms + offsetAt(ms, zone) * 60_000;
  const day = Math.floor(local / DAY);
  const minutes = Math.floor((local - day * DAY) / 60_000);
  const weekday = weekdayOf(day);
  const s = p.staticFacts;
  const f = p.history.countsAt(ms, zone, p.attempt.channel, frequency.week);
  return {
    country: s.country,
    channel: s.channel,
    agent: s.agent,
    initiatedBy: s.initiatedBy,
    purpose: s.purpose,
    creditorType: s.creditorType,
    recipientRole: s.recipientRole,
    ageGroup: s.ageGroup,
    identityVerified: s.identityVerified,
    disclosesDebt: s.disclosesDebt,
    identifiesCollector: s.identifiesCollector,
    aiDisclosed: s.aiDisclosed,
    product: s.product,
    disputed: s.disputed,
    channelAuthorization: s.channelAuthorization,
    channelOptedOut: s.channelOptedOut,
    visitAuthorized: s.visitAuthorized,
    representedByAttorney: s.representedByAttorney,
    deceased: s.deceased,
    insolvencyProceeding: s.insolvencyProceeding,
    regionKnown: s.regionKnown,
    localDate: dateOfDayNumber(day),
    localMinutes: minutes,
    weekday,
    isHoliday: p.holidays.isHoliday(day),
    holidayInAnyRegion: p.holidays.inAnyRegion(day),
    inRequestedWindow: inRequestedWindow(p.windows, day, weekday, minutes),
    daysPastDue: day - p.dueDay,
    contactsToday: f.contactsToday,
    otherChannelsThisWeek: f.otherChannelsThisWeek,
    attemptsToday: f.attemptsToday,
    attemptsLast7Days: f.attemptsLast7Days,
    connectedToday: f.connectedToday,
  };
}

/** Colombia, Ley 2300 art. 3 parágrafo: hours the debtor asked for in writing, after the contract. */
export function inRequestedWindow(
  windows: readonly PreparedWindow[] | undefined,
  day: number,
  weekday: number,
  minutes: number,
): boolean {
  if (windows === undefined) return false;
  for (const w of windows) {
    if (w.requestedDay <= day && (w.weekdays & (1 << weekday)) !== 0 && minutes >= w.from && minutes < w.to)
      return true;
  }
  return false;
}

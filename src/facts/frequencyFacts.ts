import { localClock, localDayNumber } from '../_lib/localClock.js';
import type { PastContact } from './prepareAttempt.js';
import type { Channel } from '../schema/enums.js';

/**
 * Two readings of what a "contact" is, and of what a "week" is, where the law leaves them open
 * (colombia.md §1.4, open items 2 and 4). Defaults are the strict readings.
 */
export interface FrequencyOptions {
  /** `attempt`: every outbound attempt counts (default). `two_way`: only connected conversations. */
  readonly directContact: 'attempt' | 'two_way';
  /** `rolling`: the 7×24 h before the attempt (default). `calendar`: Monday–Sunday, local. */
  readonly week: 'rolling' | 'calendar';
}

export const DEFAULT_FREQUENCY: FrequencyOptions = { directContact: 'attempt', week: 'rolling' };

const WEEK_MS = 7 * 86_400_000;

export function frequencyFacts(
  history: readonly PastContact[], atMs: number, zone: string, channel: Channel, options: FrequencyOptions,
): Record<string, number> {
  const last = history[history.length - 1];
  if (last !== undefined && last.ms < atMs) return indexedFrequencyFacts(history, atMs, zone, channel, options);
  const now = localClock(atMs, zone);
  const weekStartDay = now.dayNumber - (now.weekday - 1);
  let contactsToday = 0;
  let attemptsToday = 0;
  let attemptsLast7Days = 0;
  let connectedToday = 0;
  const otherChannels = new Set<Channel>();
  for (const h of history) {
    if (h.ms >= atMs) break;
    const day = localDayNumber(h.ms, zone);
    const counts = options.directContact === 'attempt' || h.outcome === 'connected';
    const today = day === now.dayNumber;
    if (today) {
      attemptsToday++;
      if (counts) contactsToday++;
      if (h.outcome === 'connected') connectedToday++;
    }
    if (h.ms > atMs - WEEK_MS) attemptsLast7Days++;
    const inWeek = options.week === 'rolling' ? h.ms > atMs - WEEK_MS : day >= weekStartDay;
    if (inWeek && counts && h.channel !== channel) otherChannels.add(h.channel);
  }
  return { contactsToday, otherChannelsThisWeek: otherChannels.size, attemptsToday, attemptsLast7Days, connectedToday };
}

/** Per local day and per channel, what the pass above would count: built once per history, zone and reading. */
interface FrequencyIndex {
  readonly days: ReadonlyMap<number, { attempts: number; contacts: number; connected: number }>;
  /** Per channel, the latest instant and the latest local day of a contact that counts. */
  readonly lastMs: ReadonlyMap<Channel, number>;
  readonly lastDay: ReadonlyMap<Channel, number>;
}

const indexes = new WeakMap<readonly PastContact[], Map<string, FrequencyIndex>>();

/**
 * The same answer as the pass over the history, when every contact is before the instant (the check
 * and the nextAllowedAt search only ever ask that): a lookup per day and channel and a binary search,
 * instead of a pass per candidate instant — which made a long history quadratic (10,000 contacts in a
 * week took seconds per check).
 */
function indexedFrequencyFacts(
  history: readonly PastContact[], atMs: number, zone: string, channel: Channel, options: FrequencyOptions,
): Record<string, number> {
  let byKey = indexes.get(history);
  if (!byKey) {
    byKey = new Map();
    indexes.set(history, byKey);
  }
  const key = `${zone}|${options.directContact}`;
  let ix = byKey.get(key);
  if (!ix) {
    const days = new Map<number, { attempts: number; contacts: number; connected: number }>();
    const lastMs = new Map<Channel, number>();
    const lastDay = new Map<Channel, number>();
    for (const h of history) {
      const day = localDayNumber(h.ms, zone);
      const counts = options.directContact === 'attempt' || h.outcome === 'connected';
      const d = days.get(day) ?? { attempts: 0, contacts: 0, connected: 0 };
      days.set(day, d);
      d.attempts++;
      if (counts) d.contacts++;
      if (h.outcome === 'connected') d.connected++;
      if (counts) {
        lastMs.set(h.channel, Math.max(lastMs.get(h.channel) ?? -Infinity, h.ms));
        lastDay.set(h.channel, Math.max(lastDay.get(h.channel) ?? -Infinity, day));
      }
    }
    ix = { days, lastMs, lastDay };
    byKey.set(key, ix);
  }
  const now = localClock(atMs, zone);
  const weekStartDay = now.dayNumber - (now.weekday - 1);
  const today = ix.days.get(now.dayNumber);
  let otherChannelsThisWeek = 0;
  for (const [c, ms] of ix.lastMs) {
    if (c === channel) continue;
    if (options.week === 'rolling' ? ms > atMs - WEEK_MS : ix.lastDay.get(c)! >= weekStartDay) otherChannelsThisWeek++;
  }
  return {
    contactsToday: today?.contacts ?? 0,
    otherChannelsThisWeek,
    attemptsToday: today?.attempts ?? 0,
    attemptsLast7Days: history.length - firstAfter(history, atMs - WEEK_MS),
    connectedToday: today?.connected ?? 0,
  };
}

/** The index of the first contact (history sorted by instant) strictly after `ms`. */
export function firstAfter(history: readonly PastContact[], ms: number): number {
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (history[mid]!.ms > ms) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Instants after `atMs` at which a rolling window drops a past contact: candidates for nextAllowedAt. */
export function rollingExpiries(history: readonly PastContact[], atMs: number): number[] {
  return history.slice(firstAfter(history, atMs - WEEK_MS)).map((h) => h.ms + WEEK_MS);
}

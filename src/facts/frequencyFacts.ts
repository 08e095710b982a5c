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

/** Instants after `atMs` at which a rolling window drops a past contact: candidates for nextAllowedAt. */
export function rollingExpiries(history: readonly PastContact[], atMs: number): number[] {
  return history.filter((h) => h.ms > atMs - WEEK_MS).map((h) => h.ms + WEEK_MS);
}

import { localClock, localDayNumber } from '../_lib/localClock.js';
import type { Channel } from '../schema/enums.js';
import { WEEK_MS, type FrequencyCounts, type FrequencyOptions, type PastContact } from './contactIndex.js';

export { DEFAULT_FREQUENCY, type FrequencyOptions } from './contactIndex.js';

/**
 * The frequency facts by the letter of their definitions (factCatalog.ts): one plain pass over the
 * history, contact by contact. The checker answers from a `ContactIndex`; this pass is the reference
 * the property tests hold it to.
 */
export function frequencyFacts(
  history: readonly PastContact[],
  atMs: number,
  zone: string,
  channel: Channel,
  options: FrequencyOptions,
): FrequencyCounts {
  const now = localClock(atMs, zone);
  const weekStartDay = now.dayNumber - (now.weekday - 1);
  let contactsToday = 0;
  let attemptsToday = 0;
  let attemptsLast7Days = 0;
  let connectedToday = 0;
  const otherChannels = new Set<Channel>();
  for (const h of history) {
    // A contact at the instant itself is earlier than nothing, but it was made: it counts.
    if (h.ms > atMs) continue;
    const day = localDayNumber(h.ms, zone);
    const counts = options.directContact === 'attempt' || h.outcome === 'connected';
    if (day === now.dayNumber) {
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

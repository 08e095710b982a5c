import { dayNumberOf, localClock } from '../_lib/localClock.js';
import type { HolidayCalendar } from './holidays.js';
import type { PreparedAttempt } from './prepareAttempt.js';
import { frequencyFacts, type FrequencyOptions } from './frequencyFacts.js';
import type { RequestedWindow } from '../schema/attempt.js';

/** All facts of an attempt as if made at instant `ms`, read on the clock of `zone`. */
export function factsAt(
  p: PreparedAttempt, ms: number, zone: string, holidays: HolidayCalendar, frequency: FrequencyOptions,
): Record<string, unknown> {
  const clock = localClock(ms, zone);
  const a = p.attempt;
  return {
    ...p.staticFacts,
    localDate: clock.date,
    localMinutes: clock.minutes,
    weekday: clock.weekday,
    isHoliday: holidays.isHoliday(a.jurisdiction.country, p.holidayRegion, clock.date),
    holidayInAnyRegion: holidays.holidayInAnyRegion(a.jurisdiction.country, clock.date),
    inRequestedWindow: inRequestedWindow(a.debtor.requestedWindows, clock.date, clock.weekday, clock.minutes),
    daysPastDue: clock.dayNumber - dayNumberOf(a.debt.dueDate),
    ...frequencyFacts(p.history, ms, zone, a.channel, frequency),
  };
}

/** Colombia, Ley 2300 art. 3 parágrafo: hours the debtor asked for in writing, after the contract. */
export function inRequestedWindow(
  windows: readonly RequestedWindow[] | undefined, date: string, weekday: number, minutes: number,
): boolean {
  if (!windows) return false;
  return windows.some((w) => w.requestedOn <= date && w.weekdays.includes(weekday)
    && minutes >= toMinutes(w.from) && minutes < toMinutes(w.to));
}

export function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

import { instantAtLocal, localClock } from '../_lib/localClock.js';
import { Channels, type Channel, type Outcome } from '../schema/enums.js';

/** One earlier contact to the same person. */
export interface PastContact {
  readonly ms: number;
  readonly channel: Channel;
  readonly outcome: Outcome | undefined;
  /** As written in the history entry or log record (for evidence). */
  readonly at?: string | undefined;
  /** In an audit: the log line of the record. */
  readonly line?: number | undefined;
}

/**
 * Two readings of what a "contact" is, and of what a "week" is, where the law leaves them open
 * (Ley 2300 de 2023 art. 3 counts "contacts" per week without defining either). Defaults are the strict readings.
 */
export interface FrequencyOptions {
  /** `attempt`: every outbound attempt counts (default). `two_way`: only connected conversations. */
  readonly directContact: 'attempt' | 'two_way';
  /** `rolling`: the 7×24 h before the attempt (default). `calendar`: Monday–Sunday, local. */
  readonly week: 'rolling' | 'calendar';
}

export const DEFAULT_FREQUENCY: FrequencyOptions = { directContact: 'attempt', week: 'rolling' };

/** The frequency facts at an instant. */
export interface FrequencyCounts {
  contactsToday: number;
  otherChannelsThisWeek: number;
  attemptsToday: number;
  attemptsLast7Days: number;
  connectedToday: number;
}

export const WEEK_MS = 7 * 86_400_000;
const CHANNEL_INDEX = new Map<Channel, number>(Channels.map((c, i) => [c, i]));

/**
 * Earlier contacts to one person, in time order, with running sums: every frequency fact at an
 * instant is a binary search or two, whatever the length of the history. `check` builds one from the
 * attempt's history; the audit keeps one per debtor and person and appends each record once judged,
 * so a debtor with many records costs the same per record as one with few.
 *
 * Every contact in the index is at or before the instants it is asked about (a history entry at the
 * attempt's own instant counts; later ones are not "earlier" and are never added).
 *
 * A local day is the run of instants between two local midnights (`instantAtLocal`): the wall-clock
 * date never goes back across midnight in the tz database, so a day is one interval.
 */
export class ContactIndex {
  private readonly ms: number[] = [];
  private readonly entries: PastContact[] = [];
  /** Running sums from the first entry: counting contacts, connected ones. `[i]` covers entries before i. */
  private readonly countingBefore: number[] = [0];
  private readonly connectedBefore: number[] = [0];
  /** Per channel, the positions of the contacts that count, in order. */
  private readonly countingAt: number[][] = Channels.map(() => []);
  /** Entries before this position were dropped (the audit forgets what no fact can see). */
  private start = 0;

  constructor(private readonly directContact: FrequencyOptions['directContact']) {}

  static of(sorted: readonly PastContact[], directContact: FrequencyOptions['directContact']): ContactIndex {
    const ix = new ContactIndex(directContact);
    for (const c of sorted) ix.push(c);
    return ix;
  }

  get size(): number {
    return this.ms.length - this.start;
  }

  /** The latest instant in the index, or −Infinity. */
  get lastMs(): number {
    return this.ms.length > this.start ? this.ms[this.ms.length - 1]! : -Infinity;
  }

  /** Add a contact at or after every contact already in. */
  push(c: PastContact): void {
    const n = this.ms.length;
    if (n > 0 && c.ms < this.ms[n - 1]!) throw new RangeError('contacts must be added in time order');
    const counts = this.counts(c);
    this.ms.push(c.ms);
    this.entries.push(c);
    this.countingBefore.push(this.countingBefore[n]! + (counts ? 1 : 0));
    this.connectedBefore.push(this.connectedBefore[n]! + (c.outcome === 'connected' ? 1 : 0));
    if (counts) this.countingAt[CHANNEL_INDEX.get(c.channel)!]!.push(n);
  }

  /** The latest contact in the index (the last added), if any. */
  get last(): PastContact | undefined {
    return this.ms.length > this.start ? this.entries[this.entries.length - 1] : undefined;
  }

  /**
   * Take back the last contact added (the audit puts contacts at one instant in the order `check`
   * sorts them, which is not always the order they are judged in).
   */
  pop(): PastContact | undefined {
    const n = this.ms.length;
    if (n <= this.start) return undefined;
    const c = this.entries[n - 1]!;
    if (this.counts(c)) this.countingAt[CHANNEL_INDEX.get(c.channel)!]!.pop();
    this.ms.pop();
    this.entries.pop();
    this.countingBefore.pop();
    this.connectedBefore.pop();
    return c;
  }

  /** Forget contacts before `ms` (none of the facts looks further back than a week and a day). */
  dropBefore(ms: number): void {
    this.start = this.firstAtOrAfter(ms);
    // Compact now and then, so memory follows the window, not the log.
    if (this.start > 1024 && this.start * 2 > this.ms.length) {
      const k = this.start;
      this.ms.splice(0, k);
      this.entries.splice(0, k);
      this.countingBefore.splice(0, k);
      this.connectedBefore.splice(0, k);
      for (let c = 0; c < this.countingAt.length; c++) {
        const kept = this.countingAt[c]!.filter((i) => i >= k).map((i) => i - k);
        this.countingAt[c] = kept;
      }
      this.start = 0;
    }
  }

  /** The contacts in the index, oldest first. */
  contacts(): readonly PastContact[] {
    return this.start === 0 ? this.entries : this.entries.slice(this.start);
  }

  /**
   * The frequency facts at instant `t`, on the clock of `zone`: only contacts at or before `t` count
   * (the check holds only those; the lawful-windows search holds the whole history and asks of
   * instants on both sides of its contacts).
   */
  countsAt(t: number, zone: string, channel: Channel, week: FrequencyOptions['week']): FrequencyCounts {
    const n = this.endAt(t);
    if (n === this.start)
      return { contactsToday: 0, otherChannelsThisWeek: 0, attemptsToday: 0, attemptsLast7Days: 0, connectedToday: 0 };
    const clock = localClock(t, zone);
    const today = this.firstAtOrAfter(instantAtLocal(clock.dayNumber, 0, zone));
    const weekFrom =
      week === 'rolling' ? t - WEEK_MS + 1 : instantAtLocal(clock.dayNumber - (clock.weekday - 1), 0, zone);
    const own = CHANNEL_INDEX.get(channel)!;
    let otherChannelsThisWeek = 0;
    for (let c = 0; c < this.countingAt.length; c++) {
      if (c === own) continue;
      const i = lastBefore(this.countingAt[c]!, n);
      if (i >= this.start && this.ms[i]! >= weekFrom) otherChannelsThisWeek++;
    }
    return {
      contactsToday: this.countingBefore[n]! - this.countingBefore[today]!,
      otherChannelsThisWeek,
      attemptsToday: n - today,
      attemptsLast7Days: n - this.firstAtOrAfter(t - WEEK_MS + 1),
      connectedToday: this.connectedBefore[n]! - this.connectedBefore[today]!,
    };
  }

  /**
   * The counts of the rolling week at `t` alone (`countsAt` gives them with the rest): what the
   * nextAllowedAt search asks at each contact leaving the week.
   */
  rollingCountsAt(t: number, channel: Channel): { attemptsLast7Days: number; otherChannelsThisWeek: number } {
    const n = this.endAt(t);
    const weekFrom = this.firstAtOrAfter(t - WEEK_MS + 1);
    const own = CHANNEL_INDEX.get(channel)!;
    let otherChannelsThisWeek = 0;
    for (let c = 0; c < this.countingAt.length; c++) {
      if (c === own) continue;
      const i = lastBefore(this.countingAt[c]!, n);
      if (i >= weekFrom) otherChannelsThisWeek++;
    }
    return { attemptsLast7Days: n - weekFrom, otherChannelsThisWeek };
  }

  /**
   * The earlier contact that made a frequency fact what it is at `t`: the latest contact it counted
   * (for `otherChannelsThisWeek`, the latest counting contact on another channel in the week).
   */
  latestCounted(
    fact: keyof FrequencyCounts,
    t: number,
    zone: string,
    channel: Channel,
    week: FrequencyOptions['week'],
  ): PastContact | undefined {
    const clock = localClock(t, zone);
    const dayStart = instantAtLocal(clock.dayNumber, 0, zone);
    const weekFrom =
      week === 'rolling' ? t - WEEK_MS + 1 : instantAtLocal(clock.dayNumber - (clock.weekday - 1), 0, zone);
    for (let i = this.endAt(t) - 1; i >= this.start; i--) {
      const e = this.entries[i]!;
      switch (fact) {
        case 'attemptsToday':
          return e.ms >= dayStart ? e : undefined;
        case 'attemptsLast7Days':
          return e.ms > t - WEEK_MS ? e : undefined;
        case 'contactsToday':
          if (e.ms < dayStart) return undefined;
          if (this.counts(e)) return e;
          break;
        case 'connectedToday':
          if (e.ms < dayStart) return undefined;
          if (e.outcome === 'connected') return e;
          break;
        case 'otherChannelsThisWeek':
          if (e.ms < weekFrom) return undefined;
          if (e.channel !== channel && this.counts(e)) return e;
          break;
      }
    }
    return undefined;
  }

  /**
   * Instants after `t` at which a frequency fact can change because of a contact: a contact's own
   * instant (it starts to count) and its instant 7×24 h later (the rolling week drops it).
   */
  changesAfter(t: number): number[] {
    const out: number[] = [];
    for (let i = this.firstAtOrAfter(t - WEEK_MS + 1); i < this.ms.length; i++) {
      const ms = this.ms[i]!;
      if (ms > t) out.push(ms);
      out.push(ms + WEEK_MS);
    }
    return out;
  }

  /**
   * The contacts the rolling week still holds after `t` — those whose instant plus a week is after
   * `t` — as positions `[first, end)` for `instantAt`, in time order: where the rolling week drops
   * one, each is a change point of the frequency facts (see changesAfter).
   */
  rollingAfter(t: number): readonly [first: number, end: number] {
    return [this.firstAtOrAfter(t - WEEK_MS + 1), this.ms.length];
  }

  /** The instant of the `k`-th contact of `contacts()` (without building that list). */
  instantOf(k: number): number {
    return this.ms[this.start + k]!;
  }

  /** The instant of the contact at a position given by `rollingAfter`. */
  instantAt(position: number): number {
    return this.ms[position]!;
  }

  /** The position, in `contacts()`, of the first contact at or after `ms`. */
  indexAtOrAfter(ms: number): number {
    return this.firstAtOrAfter(ms) - this.start;
  }

  /** The end of the contacts at or before `t`. */
  private endAt(t: number): number {
    const n = this.ms.length;
    return n > this.start && this.ms[n - 1]! > t ? this.firstAtOrAfter(t + 1) : n;
  }

  private counts(c: PastContact): boolean {
    return this.directContact === 'attempt' || c.outcome === 'connected';
  }

  /** The position of the first contact at or after `ms` (from `start`). */
  private firstAtOrAfter(ms: number): number {
    let lo = this.start;
    let hi = this.ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ms[mid]! >= ms) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** The last of the ascending positions before `end`, or −1. */
function lastBefore(positions: readonly number[], end: number): number {
  let k = positions.length - 1;
  if (k < 0 || positions[k]! < end) return k < 0 ? -1 : positions[k]!;
  let lo = 0;
  let hi = k;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid]! >= end) hi = mid;
    else lo = mid + 1;
  }
  k = lo - 1;
  return k < 0 ? -1 : positions[k]!;
}

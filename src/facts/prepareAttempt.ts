import type { Attempt } from '../schema/attempt.js';
import type { Channel, Outcome } from '../schema/enums.js';
import { holidayRegionOf, resolveTimeZones, type ZoneResolution } from '../zones/resolveTimeZones.js';

/** One earlier contact, parsed once. */
export interface PastContact {
  readonly ms: number;
  readonly channel: Channel;
  readonly outcome: Outcome | undefined;
}

/** What is computed once per attempt, whatever the instant it is judged at. */
export interface PreparedAttempt {
  readonly attempt: Attempt;
  readonly atMs: number;
  readonly zones: ZoneResolution;
  /** Region code for holidays (without the country prefix), when known; several joined by `+` when the evidence names more than one. */
  readonly holidayRegion: string | undefined;
  /** Earlier contacts to the same person, before the attempt, oldest first. */
  readonly history: readonly PastContact[];
  /** Facts that do not depend on the instant. */
  readonly staticFacts: Readonly<Record<string, unknown>>;
}

export function prepareAttempt(attempt: Attempt): PreparedAttempt {
  const atMs = Date.parse(attempt.at);
  const { country, region, timeZone } = attempt.jurisdiction;
  const zones = resolveTimeZones(country, { timeZone, region, phone: attempt.recipient.phone });
  // The region, and a Canary fixed line's community too: a holiday in either place holds the contact.
  const holidayRegion = holidayRegionOf(country, region, attempt.recipient.phone, zones);
  return {
    attempt, atMs, zones, holidayRegion, history: pastContacts(attempt, atMs),
    staticFacts: { ...staticFacts(attempt), regionKnown: holidayRegion !== undefined },
  };
}

/**
 * Frequency is counted per person (colombia.md §1.6: a co-obligor has counters of their own). A past
 * contact with no recipientRole, or role `unknown`, may have reached this person, so it counts; and a
 * recipient of unknown role may be any of them, so every past contact counts: the conservative reading.
 * Entries at or after the attempt are not "earlier" and are ignored.
 */
function pastContacts(attempt: Attempt, atMs: number): PastContact[] {
  const role = attempt.recipient.role;
  const out: PastContact[] = [];
  for (const h of attempt.history) {
    const ms = Date.parse(h.at);
    if (ms >= atMs) continue;
    if (role !== 'unknown' && h.recipientRole !== undefined && h.recipientRole !== 'unknown' && h.recipientRole !== role) continue;
    out.push({ ms, channel: h.channel, outcome: h.outcome });
  }
  return out.sort((a, b) => a.ms - b.ms);
}

function staticFacts(a: Attempt): Record<string, unknown> {
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
    channelAuthorization: authorized === undefined ? 'unknown' : authorized.includes(a.channel) ? 'authorized' : 'not_authorized',
    channelOptedOut: (a.debtor.optedOutChannels ?? []).includes(a.channel),
    visitAuthorized: a.debtor.visitAuthorized ?? false,
    representedByAttorney: a.debtor.representedByAttorney ?? false,
    deceased: a.debtor.deceased ?? false,
    insolvencyProceeding: a.debtor.insolvencyProceeding ?? false,
  };
}

/**
 * Every fact a rule may name, with its type and meaning. Rule files are checked against this list at
 * load: a rule that names an unknown fact, or does not declare one it uses, is a configuration error.
 */
export const FACTS = {
  // The attempt as given (defaults applied).
  country: { type: 'string', doc: 'jurisdiction.country: MX, CO or ES' },
  channel: { type: 'string', doc: 'call, sms, whatsapp, email, letter or visit' },
  agent: { type: 'string', doc: 'human or ai' },
  initiatedBy: {
    type: 'string',
    doc: 'collector, or debtor (a reply inside a conversation the debtor started, or a requested call back)',
  },
  purpose: { type: 'string', doc: 'collection or pre_due_reminder' },
  creditorType: { type: 'string', doc: 'financial, commercial, other, or unknown when not given' },
  recipientRole: { type: 'string', doc: 'recipient.role' },
  ageGroup: { type: 'string', doc: 'minor, adult, older_adult, or unknown when not given' },
  identityVerified: { type: 'boolean', doc: 'the person was verified before any detail of the debt is given' },
  disclosesDebt: { type: 'boolean', doc: 'the contact reveals the existence, amount or state of the debt' },
  identifiesCollector: { type: 'boolean', doc: 'the collector states who they are and for whom they collect' },
  aiDisclosed: { type: 'boolean', doc: 'an ai agent tells the person it is an automated system' },
  product: { type: 'string', doc: 'debt.product, or unknown' },
  disputed: { type: 'boolean', doc: 'the debt is disputed and the dispute unresolved' },
  channelAuthorization: {
    type: 'string',
    doc: 'authorized, not_authorized, or unknown when debtor.authorizedChannels is absent',
  },
  channelOptedOut: { type: 'boolean', doc: 'the channel is in debtor.optedOutChannels' },
  visitAuthorized: { type: 'boolean', doc: 'debtor.visitAuthorized (absent: false)' },
  representedByAttorney: { type: 'boolean', doc: 'the debtor asked that contact go through their lawyer' },
  deceased: { type: 'boolean', doc: 'the debtor has died' },
  insolvencyProceeding: { type: 'boolean', doc: 'the debtor is in an insolvency proceeding' },
  regionKnown: {
    type: 'boolean',
    doc: "the debtor's region is known (jurisdiction.region, or in Spain a Canary fixed line): isHoliday then includes its regional holidays",
  },
  // The debtor's clock, per candidate zone.
  localDate: { type: 'string', doc: 'YYYY-MM-DD in the debtor zone' },
  localMinutes: { type: 'number', doc: 'minutes since local midnight (07:00 = 420, 19:00 = 1140)' },
  weekday: { type: 'number', doc: 'ISO weekday in the debtor zone: 1 Monday … 7 Sunday' },
  isHoliday: { type: 'boolean', doc: 'the local date is a public holiday (festivo) for the country and region' },
  holidayInAnyRegion: {
    type: 'boolean',
    doc: 'the local date is a public holiday in at least one region of the country (national ones included): for a debtor whose region is unknown',
  },
  inRequestedWindow: {
    type: 'boolean',
    doc: 'the local time is inside a window the debtor asked for in writing (debtor.requestedWindows), requested on or before that date',
  },
  daysPastDue: { type: 'number', doc: 'local date minus debt.dueDate, in days (1 = the first day of mora)' },
  // Frequency, counted from history before the attempt, to the same person.
  contactsToday: {
    type: 'number',
    doc: 'contacts that count (every attempt, or only connected ones in two_way mode) on the same local day',
  },
  otherChannelsThisWeek: {
    type: 'number',
    doc: 'distinct other channels among counting contacts in the week (rolling 7×24 h, or calendar week)',
  },
  attemptsToday: { type: 'number', doc: 'attempts of any outcome on the same local day' },
  attemptsLast7Days: { type: 'number', doc: 'attempts of any outcome in the rolling 7×24 h before the attempt' },
  connectedToday: { type: 'number', doc: 'connected conversations on the same local day' },
} as const satisfies Record<string, { type: 'string' | 'number' | 'boolean'; doc: string }>;

export type FactName = keyof typeof FACTS;

/** Facts that are functions of the instant: the ones that change while an attempt waits. */
export const MINUTE_OF_DAY_FACTS: ReadonlySet<string> = new Set(['localMinutes']);

export function isFactName(name: string): name is FactName {
  return Object.hasOwn(FACTS, name);
}

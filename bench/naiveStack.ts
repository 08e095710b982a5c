/**
 * The naive stack the check is measured against: what an integrator writes with the same three
 * libraries and nothing cached — json-rules-engine built per call from the rule files, luxon for the
 * debtor's clock, date-holidays per call for festivos, the history counted with luxon. Colombia only,
 * default readings (every attempt counts, rolling week). For `npm run bench`; it is not the library.
 */
import Holidays from 'date-holidays';
import { Engine } from 'json-rules-engine';
import { DateTime } from 'luxon';
import { coRuleSources } from '../src/rules/coRuleSources.js';
import type { RuleFile } from '../src/schema/rule.js';

const rules = coRuleSources.flatMap((s) => (s.data as RuleFile).rules);

interface Input {
  at: string;
  channel: string;
  agent?: string;
  initiatedBy?: string;
  purpose?: string;
  recipient: { role: string; identityVerified?: boolean };
  debt: { dueDate: string; product?: string; disputed?: boolean };
  content?: { disclosesDebt?: boolean; identifiesCollector?: boolean; aiDisclosed?: boolean };
  debtor?: { authorizedChannels?: string[]; optedOutChannels?: string[] };
  history?: Array<{ at: string; channel: string; outcome?: string }>;
}

export async function naiveCheck(a: Input): Promise<string[]> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const r of rules) engine.addRule({ name: r.id, conditions: r.conditions as never, event: { type: r.id } });
  const local = DateTime.fromISO(a.at, { setZone: true }).setZone('America/Bogota');
  const hd = new Holidays('CO');
  const holiday = hd.isHoliday(local.toJSDate());
  const today = local.toISODate();
  let contactsToday = 0;
  const other = new Set<string>();
  for (const h of a.history ?? []) {
    const t = DateTime.fromISO(h.at, { setZone: true }).setZone('America/Bogota');
    if (t.toMillis() > local.toMillis()) continue;
    if (t.toISODate() === today) contactsToday++;
    if (t.toMillis() > local.toMillis() - 7 * 86_400_000 && h.channel !== a.channel) other.add(h.channel);
  }
  const authorized = a.debtor?.authorizedChannels;
  const facts = {
    country: 'CO',
    channel: a.channel,
    agent: a.agent ?? 'human',
    initiatedBy: a.initiatedBy ?? 'collector',
    purpose: a.purpose ?? 'collection',
    creditorType: 'unknown',
    recipientRole: a.recipient.role,
    ageGroup: 'unknown',
    identityVerified: a.recipient.identityVerified ?? false,
    disclosesDebt: a.content?.disclosesDebt ?? true,
    identifiesCollector: a.content?.identifiesCollector ?? true,
    aiDisclosed: a.content?.aiDisclosed ?? false,
    product: a.debt.product ?? 'unknown',
    disputed: a.debt.disputed ?? false,
    channelAuthorization:
      authorized === undefined ? 'unknown' : authorized.includes(a.channel) ? 'authorized' : 'not_authorized',
    channelOptedOut: (a.debtor?.optedOutChannels ?? []).includes(a.channel),
    visitAuthorized: false,
    representedByAttorney: false,
    deceased: false,
    insolvencyProceeding: false,
    regionKnown: false,
    localDate: today,
    localMinutes: local.hour * 60 + local.minute,
    weekday: local.weekday,
    isHoliday: holiday !== false,
    holidayInAnyRegion: holiday !== false,
    inRequestedWindow: false,
    daysPastDue: Math.floor(
      local.startOf('day').diff(DateTime.fromISO(a.debt.dueDate, { zone: 'America/Bogota' }), 'days').days,
    ),
    contactsToday,
    otherChannelsThisWeek: other.size,
    attemptsToday: contactsToday,
    attemptsLast7Days: 0,
    connectedToday: 0,
  };
  const { results } = await engine.run(facts);
  return results.map((r) => r.name as string);
}

import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { compileCondition } from '../src/engine/compileCondition.js';
import { defaultRuleSources, loadRulePacks } from '../src/index.js';

/** The compiled predicates (used to skip candidates in the nextAllowedAt search) agree with json-rules-engine. */
const rules = [...loadRulePacks(defaultRuleSources).values()].flatMap((p) => p.rules);
const engine = new Engine([], { allowUndefinedFacts: true });
for (const r of rules) engine.addRule({ name: r.id, conditions: r.conditions as never, event: { type: r.id } });
const compiled = rules.map((r) => ({ id: r.id, test: compileCondition(r.conditions) }));

const factsArb = fc.record({
  weekday: fc.integer({ min: 1, max: 7 }),
  localMinutes: fc.integer({ min: 0, max: 1439 }),
  isHoliday: fc.boolean(),
  inRequestedWindow: fc.boolean(),
  daysPastDue: fc.integer({ min: -30, max: 30 }),
  contactsToday: fc.integer({ min: 0, max: 4 }),
  otherChannelsThisWeek: fc.integer({ min: 0, max: 3 }),
  attemptsToday: fc.integer({ min: 0, max: 5 }),
  attemptsLast7Days: fc.integer({ min: 0, max: 9 }),
  connectedToday: fc.integer({ min: 0, max: 2 }),
  initiatedBy: fc.constantFrom('collector', 'debtor'),
  purpose: fc.constantFrom('collection', 'pre_due_reminder'),
  channel: fc.constantFrom('call', 'sms', 'whatsapp', 'email', 'letter', 'visit'),
  creditorType: fc.constantFrom('financial', 'commercial', 'other', 'unknown'),
  recipientRole: fc.constantFrom('debtor', 'co_debtor', 'guarantor', 'attorney', 'legal_representative', 'heir', 'reference', 'relative', 'employer', 'other', 'unknown'),
  ageGroup: fc.constantFrom('minor', 'adult', 'older_adult', 'unknown'),
  agent: fc.constantFrom('human', 'ai'),
  product: fc.constantFrom('consumer', 'microcredit', 'agricultural', 'unknown'),
  channelAuthorization: fc.constantFrom('authorized', 'not_authorized', 'unknown'),
  identityVerified: fc.boolean(), disclosesDebt: fc.boolean(), identifiesCollector: fc.boolean(), aiDisclosed: fc.boolean(),
  disputed: fc.boolean(), channelOptedOut: fc.boolean(), visitAuthorized: fc.boolean(), representedByAttorney: fc.boolean(),
  deceased: fc.boolean(), insolvencyProceeding: fc.boolean(),
});

describe('compiled conditions', () => {
  it('give json-rules-engine\'s answer for every shipped rule', async () => {
    await fc.assert(fc.asyncProperty(factsArb, async (facts) => {
      const { results } = await engine.run(facts);
      const byEngine = new Set(results.map((r) => r.name));
      for (const c of compiled) expect(c.test(facts), c.id).toBe(byEngine.has(c.id));
    }), { numRuns: 2000, seed: 20261123 });
  });
});

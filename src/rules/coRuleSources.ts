import channel from '../../rules/co/channel.json';
import conduct from '../../rules/co/conduct.json';
import debtorStatus from '../../rules/co/debtor_status.json';
import frequency from '../../rules/co/frequency.json';
import holiday from '../../rules/co/holiday.json';
import hours from '../../rules/co/hours.json';
import mora from '../../rules/co/mora.json';
import thirdParty from '../../rules/co/third_party.json';
import type { RuleSource } from './loadRulePacks.js';

/** Colombia's shipped rule files (a test keeps this list equal to rules/co/). */
export const coRuleSources: readonly RuleSource[] = [
  { path: 'rules/co/hours.json', data: hours },
  { path: 'rules/co/holiday.json', data: holiday },
  { path: 'rules/co/frequency.json', data: frequency },
  { path: 'rules/co/channel.json', data: channel },
  { path: 'rules/co/third_party.json', data: thirdParty },
  { path: 'rules/co/mora.json', data: mora },
  { path: 'rules/co/debtor_status.json', data: debtorStatus },
  { path: 'rules/co/conduct.json', data: conduct },
];

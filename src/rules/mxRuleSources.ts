import channel from '../../rules/mx/channel.json';
import conduct from '../../rules/mx/conduct.json';
import debtorStatus from '../../rules/mx/debtor_status.json';
import frequency from '../../rules/mx/frequency.json';
import holiday from '../../rules/mx/holiday.json';
import hours from '../../rules/mx/hours.json';
import mora from '../../rules/mx/mora.json';
import thirdParty from '../../rules/mx/third_party.json';
import type { RuleSource } from './loadRulePacks.js';

/** Mexico's shipped rule files (a test keeps this list equal to rules/mx/). */
export const mxRuleSources: readonly RuleSource[] = [
  { path: 'rules/mx/hours.json', data: hours },
  { path: 'rules/mx/holiday.json', data: holiday },
  { path: 'rules/mx/frequency.json', data: frequency },
  { path: 'rules/mx/channel.json', data: channel },
  { path: 'rules/mx/third_party.json', data: thirdParty },
  { path: 'rules/mx/mora.json', data: mora },
  { path: 'rules/mx/debtor_status.json', data: debtorStatus },
  { path: 'rules/mx/conduct.json', data: conduct },
];

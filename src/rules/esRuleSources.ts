import channel from '../../rules/es/channel.json';
import conduct from '../../rules/es/conduct.json';
import debtorStatus from '../../rules/es/debtor_status.json';
import frequency from '../../rules/es/frequency.json';
import holiday from '../../rules/es/holiday.json';
import holidayTable from '../../rules/es/holiday_table.json';
import hours from '../../rules/es/hours.json';
import mora from '../../rules/es/mora.json';
import thirdParty from '../../rules/es/third_party.json';
import type { RuleSource } from './loadRulePacks.js';

/** Spain's shipped rule files (a test keeps this list equal to rules/es/). */
export const esRuleSources: readonly RuleSource[] = [
  { path: 'rules/es/hours.json', data: hours },
  { path: 'rules/es/holiday.json', data: holiday },
  { path: 'rules/es/holiday_table.json', data: holidayTable },
  { path: 'rules/es/frequency.json', data: frequency },
  { path: 'rules/es/channel.json', data: channel },
  { path: 'rules/es/third_party.json', data: thirdParty },
  { path: 'rules/es/mora.json', data: mora },
  { path: 'rules/es/debtor_status.json', data: debtorStatus },
  { path: 'rules/es/conduct.json', data: conduct },
];

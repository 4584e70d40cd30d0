// Every attack kind the admin API offers, by name.

import { ghostDevice } from './ghost-device';
import { hiddenMember } from './hidden-member';
import { keysFailures } from './keys-failures';
import { replaceMasterKey } from './replace-master-key';
import type { AttackDefinition } from './definition';
import { withholdDeviceList } from './withhold-device-list';

export const ATTACKS: Record<string, AttackDefinition<never>> = Object.fromEntries(
  [ghostDevice, replaceMasterKey, hiddenMember, keysFailures, withholdDeviceList].map((a) => [a.kind, a as AttackDefinition<never>]),
);

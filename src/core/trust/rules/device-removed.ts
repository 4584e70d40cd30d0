// A device is no longer listed for someone still present.

import { keyToken } from '../public-keys';
import { fieldsIn } from './fields';
import { device, message, person } from './message';
import { contactOf, type Rule } from './rule';

export const deviceRemoved: Rule = {
  severity: 'info',
  rank: 20,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a), a.deviceId ?? '', keyToken(a.key)],
  detect: (facts) =>
    facts.diff.devicesRemoved.map(({ member, device: d }) =>
      fieldsIn(facts.snapshot, { contactId: member.id, contactName: facts.nameOf(member.id), deviceId: d.id, key: d.key, vouch: d.vouch }),
    ),
  text: (a) => ({
    summary: message('alert_deviceRemoved_summary', person(a), device(a)),
    accepts: message('alert_deviceRemoved_accepts', device(a), person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: null,
};

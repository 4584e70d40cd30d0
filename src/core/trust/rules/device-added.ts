// A known contact has a device (id and key) never seen before, signed by them.
// An unvouched new device is reported by ghost-device, louder; a new dehydrated
// device (an offline stand-in replaced about weekly) by dehydrated-device-added.

import { keyToken } from '../public-keys';
import { fieldsIn } from './fields';
import { device, message, person } from './message';
import { contactOf, type Rule } from './rule';

export const deviceAdded: Rule = {
  severity: 'warning',
  rank: 50,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a), a.deviceId ?? '', keyToken(a.key)],
  detect: (facts) =>
    facts.observations.flatMap(({ participant: p, newDevices }) =>
      newDevices
        .filter((d) => d.vouch === 'signed' && d.dehydrated !== true)
        .map((d) => fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, deviceId: d.id, key: d.key, vouch: d.vouch })),
    ),
  text: (a) => ({
    summary: message('alert_deviceAdded_summary', person(a), device(a)),
    accepts: message('alert_deviceAdded_accepts', device(a), person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: null,
};

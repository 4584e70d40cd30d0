// A known contact has a new dehydrated device (Matrix MSC3814: a device that
// receives messages while they are offline, replaced about weekly), signed by
// their identity. Everyday: information only. An unsigned one is a ghost like
// any other device (ghost-device).

import { keyToken } from '../public-keys';
import { findEach } from './find-each';
import { fieldsIn } from './fields';
import { device, message, person } from './message';
import { contactOf, type Rule } from './rule';

export const dehydratedDeviceAdded: Rule = {
  severity: 'info',
  rank: 12,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a), a.deviceId ?? '', keyToken(a.key)],
  detect: (facts) =>
    findEach(facts.observations, ({ participant: p, newDevices }, found) => {
      for (let i = 0; i < newDevices.length; i++) {
        const d = newDevices[i]!;
        if (d.vouch === 'signed' && d.dehydrated === true)
          found.push(fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, deviceId: d.id, key: d.key, vouch: d.vouch }));
      }
    }),
  text: (a) => ({
    summary: message('alert_dehydratedDeviceAdded_summary', person(a), device(a)),
    accepts: message('alert_dehydratedDeviceAdded_accepts', device(a), person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: null,
};

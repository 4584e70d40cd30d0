// A known contact has a device (id and key) never seen before, signed by them.
// An unvouched new device is reported by ghost-device, louder; a new dehydrated
// device (an offline stand-in replaced about weekly) by dehydrated-device-added.
// When the key that signed it is itself new and untrusted (a key swap), the text
// names that key as such: the signature then vouches for nothing but whoever holds it.

import { keyToken } from '../public-keys';
import { findEach } from './find-each';
import { fieldsIn } from './fields';
import { device, keyText, message, person } from './message';
import { contactOf, type Rule } from './rule';

export const deviceAdded: Rule = {
  severity: 'warning',
  rank: 50,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a), a.deviceId ?? '', keyToken(a.key)],
  detect: (facts) =>
    findEach(facts.observations, ({ participant: p, newDevices, newIdentity }, found) => {
      for (let i = 0; i < newDevices.length; i++) {
        const d = newDevices[i]!;
        if (d.vouch !== 'signed' || d.dehydrated === true) continue;
        found.push(
          fieldsIn(facts.snapshot, {
            contactId: p.id,
            contactName: p.name,
            deviceId: d.id,
            key: d.key,
            vouch: d.vouch,
            newIdentityKey: newIdentity ? p.identityKey : null,
          }),
        );
      }
    }),
  text: (a) =>
    a.newIdentityKey
      ? {
          summary: message('alert_deviceAdded_summary_newIdentity', person(a), device(a), keyText(a.newIdentityKey)),
          accepts: message('alert_deviceAdded_accepts_newIdentity', device(a), person(a), keyText(a.newIdentityKey)),
        }
      : {
          summary: message('alert_deviceAdded_summary', person(a), device(a)),
          accepts: message('alert_deviceAdded_accepts', device(a), person(a)),
        },
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: null,
};

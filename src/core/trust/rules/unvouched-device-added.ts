// Someone who publishes no identity key and never had one (identity-absent)
// has a device never seen before. Nothing can vouch for it, so a new login of
// theirs and a device the server added look the same: a warning, per device.
// The devices of someone whose key was withdrawn are ghost-device's (critical).

import { keyToken } from '../public-keys';
import { findEach } from './find-each';
import { fieldsIn } from './fields';
import { device, message, person } from './message';
import { contactOf, type Rule } from './rule';
import { neverHadIdentity } from './unvouched-owner';

export const unvouchedDeviceAdded: Rule = {
  severity: 'warning',
  rank: 48,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a), a.deviceId ?? '', keyToken(a.key)],
  detect: (facts) =>
    findEach(facts.observations, (o, found) => {
      if (!neverHadIdentity(o)) return;
      const { participant: p, newDevices } = o;
      for (let i = 0; i < newDevices.length; i++) {
        const d = newDevices[i]!;
        found.push(fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, deviceId: d.id, key: d.key, vouch: d.vouch }));
      }
    }),
  text: (a) => ({
    summary: message('alert_unvouchedDeviceAdded_summary', person(a), device(a)),
    accepts: message('alert_unvouchedDeviceAdded_accepts', device(a), person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: null,
};

// A device its owner's identity key does not vouch for (unsigned, a signature
// that does not verify, or a key nothing can vouch for), including at first
// sight, that the page encrypts to: whoever holds it can read. Not reported
// here: a device the page does not encrypt to (refused-device), the account
// holder's own devices not yet verified by them (own-device-unverified), and
// the devices of someone who publishes no identity key and never had one
// (identity-absent). Someone whose key was withdrawn is not exempt, or that
// would silence this rule: their devices never seen before are judged here
// (the known ones lost their signature with the key: invalid-identity's).

import type { DeviceView, DeviceVouch } from '../../roster';
import { keyToken } from '../public-keys';
import type { RosterEntry } from './facts';
import { findEach } from './find-each';
import { fieldsIn } from './fields';
import { device, message, person } from './message';
import { contactOf, type Rule } from './rule';
import { devicesToJudge } from './unvouched-owner';

const SUMMARY: { readonly [V in DeviceVouch]: string } = {
  signed: 'alert_ghostDevice_summary_signed',
  unsigned: 'alert_ghostDevice_summary_unsigned',
  'bad-signature': 'alert_ghostDevice_summary_badSignature',
  'invalid-key': 'alert_ghostDevice_summary_invalidKey',
};

/** A device someone could read with that nothing vouches for; the account holder's own unsigned logins are theirs to judge. */
export const isGhost = (p: Pick<RosterEntry, 'isSelf'>, d: Pick<DeviceView, 'vouch' | 'encryptedTo'>) =>
  d.vouch !== 'signed' && d.encryptedTo && !(p.isSelf && d.vouch === 'unsigned');

const hasGhost = (p: RosterEntry) => p.devices.some((d) => isGhost(p, d));

export const ghostDevice: Rule = {
  severity: 'critical',
  rank: 80,
  reopens: false,
  stage: 'roster',
  // Owner, device, key and verdict: a new key or a different verdict is a new condition.
  identity: (a) => [contactOf(a), a.deviceId ?? '', keyToken(a.key), a.vouch ?? ''],
  detect: (facts) =>
    findEach(facts.observations, (o, found) => {
      const p = o.participant;
      const devices = devicesToJudge(o, facts.diff);
      for (let i = 0; i < devices.length; i++) {
        const d = devices[i]!;
        if (isGhost(p, d))
          found.push(fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, deviceId: d.id, key: d.key, vouch: d.vouch }));
      }
    }),
  text: (a) => ({
    summary: message(SUMMARY[a.vouch ?? 'unsigned'], person(a), device(a)),
    accepts: message('alert_ghostDevice_accepts', device(a), person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: { entry: hasGhost },
};

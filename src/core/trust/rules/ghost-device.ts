// A device its owner's identity key does not vouch for (unsigned, a signature
// that does not verify, or a key nothing can vouch for), including at first
// sight, that the page encrypts to: whoever holds it can read. Not reported
// here: a device the page does not encrypt to (refused-device), the account
// holder's own devices not yet verified by them (own-device-unverified), and
// the devices of someone who publishes no identity key and never had one
// (identity-absent), except this browser's own device listed with a key it did
// not have (isOwnDeviceReplaced). Someone whose key was withdrawn is not exempt, or that
// would silence this rule: their devices never seen before are judged here
// (the known ones lost their signature with the key: invalid-identity's).

import type { DeviceView, DeviceVouch } from '../../roster';
import { keyToken } from '../public-keys';
import type { ContactFindings, RosterEntry, RuleFacts } from './facts';
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

/**
 * This browser's own device (the page's `accountDevice`) listed under its id with a key it did not have, unsigned, and
 * encrypted to. A login is not re-made under the id of the one still running here, so this is no new login of the
 * user's (own-device-unverified's): someone else holds a key the page encrypts to, as the browser's own device.
 */
function isOwnDeviceReplaced(o: ContactFindings, d: DeviceView, facts: RuleFacts): boolean {
  const p = o.participant;
  if (!p.isSelf || d.id !== facts.snapshot.accountDevice || d.vouch !== 'unsigned' || !d.encryptedTo) return false;
  // A key the account holder never had, under an id the stored roster listed with another one.
  if (!o.newDevices.includes(d)) return false;
  return facts.diff.devicesRemoved.some((r) => r.member.id === p.id && r.device.id === d.id);
}

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
        if (isGhost(p, d) || isOwnDeviceReplaced(o, d, facts))
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

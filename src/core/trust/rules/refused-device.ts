// A device its owner's identity does not vouch for that the page does not
// encrypt to: a Matrix client drops a device whose own signature is bad (and,
// in MSC4153's "exclude insecure devices" mode, every device its owner did
// not sign). Nobody can read with it, but the server listed something its
// owner never made or signed: said for what it is, a warning, and no
// conversation reads all verified while it is listed. As with ghost-device,
// only someone who never had an identity key is left to identity-absent.

import { keyToken } from '../public-keys';
import type { AlertFields } from './fields';
import { findEach } from './find-each';
import { fieldsIn } from './fields';
import { device, message, person } from './message';
import { contactOf, type Rule } from './rule';
import { devicesToJudge } from './unvouched-owner';

const SUMMARY = {
  unsigned: 'alert_refusedDevice_summary_unsigned',
  'bad-signature': 'alert_refusedDevice_summary_badSignature',
  'invalid-key': 'alert_refusedDevice_summary_invalidKey',
} as const;

export const refusedDevice: Rule = {
  severity: 'warning',
  rank: 55,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a), a.deviceId ?? '', keyToken(a.key), a.vouch ?? ''],
  detect: (facts) =>
    findEach(facts.observations, (o, found) => {
      const p = o.participant;
      const devices = devicesToJudge(o, facts.diff);
      for (let i = 0; i < devices.length; i++) {
        const d = devices[i]!;
        // The account holder's device in this browser is the sender, not a recipient.
        if (d.vouch === 'signed' || d.encryptedTo || (p.isSelf && d.id === facts.snapshot.accountDevice)) continue;
        found.push(fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, deviceId: d.id, key: d.key, vouch: d.vouch }));
      }
    }),
  text: (a: AlertFields) => ({
    summary: message(SUMMARY[a.vouch === 'signed' || a.vouch === null ? 'unsigned' : a.vouch], person(a), device(a)),
    accepts: message('alert_refusedDevice_accepts', device(a), person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  // It cannot read, but the server listed a device nobody vouches for: no good news over that. The
  // account holder's own unsigned login that the page does not encrypt to is this browser's own.
  blocksAllVerified: {
    entry: (p) => p.devices.some((d) => d.vouch !== 'signed' && !d.encryptedTo && !(p.isSelf && d.vouch === 'unsigned')),
  },
};

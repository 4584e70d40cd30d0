// A device its owner's identity key does not vouch for (unsigned, a signature
// that does not verify, or a key nothing can vouch for), including at first sight.

import type { DeviceVouch } from '../../roster';
import { keyToken } from '../public-keys';
import type { RosterEntry } from './facts';
import { fieldsIn } from './fields';
import { device, message, person } from './message';
import { contactOf, type Rule } from './rule';

const SUMMARY: { readonly [V in DeviceVouch]: string } = {
  signed: 'alert_ghostDevice_summary_signed',
  unsigned: 'alert_ghostDevice_summary_unsigned',
  'bad-signature': 'alert_ghostDevice_summary_badSignature',
  'invalid-key': 'alert_ghostDevice_summary_invalidKey',
};

const hasGhost = (p: RosterEntry) => p.devices.some((d) => d.vouch !== 'signed');

export const ghostDevice: Rule = {
  severity: 'critical',
  rank: 80,
  reopens: false,
  stage: 'roster',
  // Owner, device, key and verdict: a new key or a different verdict is a new condition.
  identity: (a) => [contactOf(a), a.deviceId ?? '', keyToken(a.key), a.vouch ?? ''],
  detect: (facts) =>
    facts.snapshot.participants.flatMap((p) =>
      p.devices
        .filter((d) => d.vouch !== 'signed')
        .map((d) => fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, deviceId: d.id, key: d.key, vouch: d.vouch })),
    ),
  text: (a) => ({
    summary: message(SUMMARY[a.vouch ?? 'unsigned'], person(a), device(a)),
    accepts: message('alert_ghostDevice_accepts', device(a), person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: { entry: hasGhost },
};

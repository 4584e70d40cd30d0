// A login to the account holder's own account, other than this browser's,
// that their identity has not signed: what a new login looks like until it is
// verified from another session, and also what a device added by the server
// looks like. Only the account holder can tell which, so it is a warning that
// asks them, not a critical alert (ghost-device is for everyone else's). The
// browser's own login, not signed yet, is not reported at all.

import { keyToken } from '../public-keys';
import type { RosterEntry } from './facts';
import { fieldsIn } from './fields';
import { device, message } from './message';
import { type Rule } from './rule';

const unverifiedLogin = (p: Pick<RosterEntry, 'isSelf'>, d: { vouch: string; encryptedTo: boolean }) =>
  p.isSelf && d.vouch === 'unsigned' && d.encryptedTo;

export const ownDeviceUnverified: Rule = {
  severity: 'warning',
  rank: 58,
  reopens: false,
  stage: 'roster',
  identity: (a) => [a.deviceId ?? '', keyToken(a.key)],
  detect: (facts) =>
    facts.snapshot.participants
      .filter((p) => p.isSelf)
      .flatMap((p) =>
        p.devices
          .filter((d) => unverifiedLogin(p, d) && d.id !== facts.snapshot.accountDevice)
          .map((d) => fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, deviceId: d.id, key: d.key, vouch: d.vouch })),
      ),
  text: (a) => ({
    summary: message('alert_ownDeviceUnverified_summary', device(a)),
    accepts: message('alert_ownDeviceUnverified_accepts', device(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: { entry: (p) => p.devices.some((d) => unverifiedLogin(p, d)) },
};

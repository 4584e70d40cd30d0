// Whose devices the device rules judge, when someone publishes no identity key.
// Someone who never had one is identity-absent's (a warning once) and
// unvouched-device-added's (a warning per new device): a bridge is not an
// attack. Someone who had one and has none now is not exempt, or withdrawing
// an identity would silence the ghost-device alert: their devices never seen
// before are judged, and so is a device the page begins to encrypt to.

import type { DeviceView } from '../../roster';
import type { ContactFindings, RosterChanges } from './facts';

type Sighting = Pick<ContactFindings, 'participant' | 'hadKey' | 'newDevices'>;

/** Publishes no identity key and never had one (as far as KeyWatch saw). */
export const neverHadIdentity = ({ participant: p, hadKey }: Pick<Sighting, 'participant' | 'hadKey'>) =>
  p.identityStatus === 'absent' && !hadKey;

/**
 * The devices ghost-device and refused-device judge: none for someone who never had an identity key; for someone
 * whose key was withdrawn, devices never seen before and devices the page did not encrypt to before and does now
 * (every known one lost its signature with the key, which invalid-identity says once; a change in who can read is
 * said again); everyone else's, all of them.
 */
export function devicesToJudge(o: Sighting, diff: Pick<RosterChanges, 'newlyEncryptedTo'>): readonly DeviceView[] {
  if (o.participant.identityStatus !== 'absent') return o.participant.devices;
  if (!o.hadKey) return [];
  const begun = diff.newlyEncryptedTo.get(o.participant);
  return begun === undefined ? o.newDevices : [...o.newDevices, ...begun.filter((d) => !o.newDevices.includes(d))];
}

// Whose devices the device rules judge, when someone publishes no identity key.
// Someone who never had one is identity-absent's (a warning once) and
// unvouched-device-added's (a warning per new device): a bridge is not an
// attack. Someone who had one and has none now is not exempt, or withdrawing
// an identity would silence the ghost-device alert.

import type { DeviceView } from '../../roster';
import type { ContactFindings } from './facts';

type Sighting = Pick<ContactFindings, 'participant' | 'hadKey' | 'newDevices'>;

/** Publishes no identity key and never had one (as far as KeyWatch saw). */
export const neverHadIdentity = ({ participant: p, hadKey }: Pick<Sighting, 'participant' | 'hadKey'>) =>
  p.identityStatus === 'absent' && !hadKey;

/**
 * The devices ghost-device and refused-device judge: none for someone who never had an identity key; for someone
 * whose key was withdrawn, only devices never seen before, since every known one lost its signature with the key
 * (invalid-identity says so, once); everyone else's, all of them.
 */
export function devicesToJudge(o: Sighting): readonly DeviceView[] {
  if (o.participant.identityStatus !== 'absent') return o.participant.devices;
  return o.hadKey ? o.newDevices : [];
}

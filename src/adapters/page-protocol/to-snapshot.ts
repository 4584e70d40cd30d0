// Turns a validated disclosure into the RosterSnapshot the trust logic reads.
// Runs in the background: every key is checked and every device signature is
// verified here, by KeyWatch, whatever the page claims. A bad key or signature
// is not a reason to drop the roster: it becomes a verdict (identityProblem,
// vouch) and a line in `problems` (the first ones listed, the rest counted:
// problem-lines.ts), so the alert rules see it. Never throws.
// The costly checks come from `checks`: computed on the spot by default, or
// answered from a batch (the background runs it through CheckBatch.run).
// Keys leave in their one canonical spelling (core/key-spelling.ts): a key the
// page spells another way is still the same key. Signatures are checked over the
// bytes exactly as the page gave them, as the protocol says.

import type { ParsedKey } from '../../core/keys';
import { checksNow, type Checks } from '../../core/signatures/checks';
import type { DeviceView, DeviceVouch, ParticipantView, RosterSnapshot } from '../../core/roster';
import { identityVouchesFor } from './device-vouch';
import type { ValidDisclosure } from './parse';
import { ProblemLines } from './problem-lines';
import { decodeBase64, readKey } from './read-key';

type DisclosedParticipant = ValidDisclosure['participants'][number];
type DisclosedDevice = DisclosedParticipant['devices'][number];

/** `messengerOrigin` comes from the sender's tab, never from the page. */
export function toSnapshot(disclosure: ValidDisclosure, messengerOrigin: string, checks: Checks = checksNow): RosterSnapshot {
  const problems = new ProblemLines();
  const participants = disclosure.participants.map((p) => toParticipant(p, disclosure.account, problems, checks));
  const { id, title, kind } = disclosure.conversation;
  return {
    messenger: messengerOrigin,
    adapter: 'page-protocol',
    account: disclosure.account,
    conversation: { id, title, kind },
    participants,
    problems: problems.lines(),
  };
}

function toParticipant(p: DisclosedParticipant, account: string, problems: ProblemLines, checks: Checks): ParticipantView {
  const who = `participant ${JSON.stringify(p.id)}`;
  const identity = readKey(p.identityKey, 'identity', checks.point);
  if (!identity.ok) problems.add(`${who}: ${identity.problem}`);
  return {
    id: p.id,
    name: p.name,
    identityKey: identity.ok ? { ...identity.canonical } : null,
    identityProblem: identity.ok ? null : identity.problem,
    shown: p.shown,
    isSelf: p.id === account,
    devices: p.devices.map((d) =>
      toDevice(d, identity.ok ? identity.parsed : null, `${who}, device ${JSON.stringify(d.id)}`, problems, checks),
    ),
  };
}

function toDevice(d: DisclosedDevice, identity: ParsedKey | null, where: string, problems: ProblemLines, checks: Checks): DeviceView {
  const key = readKey(d.key, 'device', checks.point);
  const view = (vouch: DeviceVouch): DeviceView => ({
    id: d.id,
    key: key.ok ? { ...key.canonical } : null,
    vouch,
    encryptedTo: d.encryptedTo,
  });
  if (!key.ok) {
    problems.add(`${where}: ${key.problem}`);
    return view('invalid-key');
  }
  if (d.signature === null) return view('unsigned');
  if (!identity) {
    problems.add(`${where}: its signature cannot be checked, the owner's identity key is invalid`);
    return view('bad-signature');
  }
  const signature = decodeBase64(d.signature);
  if (signature && identityVouchesFor(identity, key.bytes, signature, checks)) return view('signed');
  problems.add(`${where}: its signature does not verify with the owner's identity key`);
  return view('bad-signature');
}

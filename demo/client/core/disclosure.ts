// The page-protocol v1 document for the open conversation (docs/page-protocol.md).
// It copies what the server served, keys and signatures included, unchecked,
// and marks as encrypted-to exactly the devices the send path encrypts to.

import { PAGE_PROTOCOL_VERSION, type DisclosedParticipant, type PageDisclosureV1 } from '../../../src/adapters/page-protocol/protocol';
import type { UserRecord, ViewState } from '../../shared/wire/records';
import { encryptionTargets, findConversation, targetKey, usersById } from './recipients';
import { conversationTitle } from './titles';

export const MESSENGER_NAME = 'Courier';

function participant(user: UserRecord, shown: boolean, encryptedTo: ReadonlySet<string>): DisclosedParticipant {
  return {
    id: user.id,
    name: user.name,
    identityKey: { algorithm: 'ed25519', key: user.identityKey },
    shown,
    devices: user.devices.map((d) => ({
      id: d.id,
      key: { algorithm: 'curve25519', key: d.key },
      signature: d.signature,
      encryptedTo: encryptedTo.has(targetKey(user.id, d.id)),
    })),
  };
}

/** `conversationId` null (or not in the state) discloses the account holder alone. */
export function buildDisclosure(state: ViewState, conversationId: string | null): PageDisclosureV1 {
  const users = usersById(state);
  const me = users.get(state.me.user)!;
  const conversation = conversationId === null ? undefined : findConversation(state, conversationId);
  if (!conversation) {
    return {
      version: PAGE_PROTOCOL_VERSION,
      messenger: MESSENGER_NAME,
      account: me.id,
      accountDevice: state.me.device,
      conversation: null,
      participants: [participant(me, true, new Set())],
    };
  }
  const encryptedTo = new Set(encryptionTargets(state, conversation.id).map((t) => targetKey(t.user, t.device)));
  return {
    version: PAGE_PROTOCOL_VERSION,
    messenger: MESSENGER_NAME,
    account: me.id,
    accountDevice: state.me.device,
    conversation: { id: conversation.id, title: conversationTitle(state, conversation), kind: conversation.kind },
    participants: conversation.participants.map((p) => participant(users.get(p.user)!, p.shown, encryptedTo)),
  };
}

/**
 * The element's text. `<` is escaped so the JSON can also be pasted into
 * server-rendered HTML without ending the script element early.
 */
export function disclosureText(disclosure: PageDisclosureV1): string {
  return JSON.stringify(disclosure).replace(/</g, '\\u003c');
}

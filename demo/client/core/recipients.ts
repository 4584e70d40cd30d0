// Who a message is encrypted to. The send path and the page disclosure both ask
// this one function, so what the page says it encrypts to is what it encrypts to.
// The honest client follows the server: every device of every participant it
// lists, shown or not, the sender's own devices included. It checks no signature.

import { fromBase64 } from '../../../src/core/encoding';
import type { RecipientDevice } from '../../shared/crypto/envelope';
import { isUsableDeviceKey } from '../../shared/crypto/keys';
import type { ConversationRecord, UserRecord, ViewState } from '../../shared/wire/records';

const usable = new Map<string, boolean>();

/** A key that is a small-order point cannot be encrypted to, so it is not (and is not disclosed as such). */
function canEncryptTo(key: string): boolean {
  let known = usable.get(key);
  if (known === undefined) {
    known = isUsableDeviceKey(fromBase64(key));
    if (usable.size > 10_000) usable.clear();
    usable.set(key, known);
  }
  return known;
}

export function findConversation(state: ViewState, conversationId: string): ConversationRecord | undefined {
  return state.conversations.find((c) => c.id === conversationId);
}

export function usersById(state: ViewState): Map<string, UserRecord> {
  return new Map(state.users.map((u) => [u.id, u]));
}

export function encryptionTargets(state: ViewState, conversationId: string): RecipientDevice[] {
  const conversation = findConversation(state, conversationId);
  if (!conversation) return [];
  const users = usersById(state);
  return conversation.participants.flatMap(({ user }) =>
    (users.get(user)?.devices ?? []).filter((d) => canEncryptTo(d.key)).map((d) => ({ user, device: d.id, key: fromBase64(d.key) })),
  );
}

export function targetKey(user: string, device: string): string {
  return `${user}\u0000${device}`;
}

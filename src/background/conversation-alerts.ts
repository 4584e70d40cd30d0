// Which alerts belong to a conversation: those raised about it, and those about
// any person on its roster, under the same messenger origin and own account;
// and a limit of the store reached by its origin, or by every site together.
import type { AlertRecord, ConversationWithRoster } from '../core/trust';

export function alertsOfConversation(conversation: ConversationWithRoster, alerts: readonly AlertRecord[]): AlertRecord[] {
  const members = new Set(conversation.roster.map((m) => m.id));
  return alerts.filter(
    (a) =>
      (a.origin === conversation.origin &&
        a.account === conversation.account &&
        (a.conversationId === conversation.conversationId || (a.contactId !== null && members.has(a.contactId)))) ||
      (a.rule === 'storage-limit' && (a.origin === conversation.origin || a.origin === '')),
  );
}

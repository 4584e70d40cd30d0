// Conversation titles as the client shows them: a group's own title, or for a
// direct conversation the other person's name.

import type { ConversationRecord, ViewState } from '../../shared/wire/records';

export function conversationTitle(state: ViewState, conversation: ConversationRecord): string {
  if (conversation.kind === 'group') return conversation.title;
  const other =
    conversation.participants.find((p) => p.user !== state.me.user && p.shown) ??
    conversation.participants.find((p) => p.user !== state.me.user);
  if (!other) return 'Just you';
  return state.users.find((u) => u.id === other.user)?.name ?? `@${other.user}`;
}

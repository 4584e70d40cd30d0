// The open conversation: its header, its messages and the composer.

import { useEffect, useState } from 'preact/hooks';
import type { CourierSession } from '../core/session';
import { findConversation } from '../core/recipients';
import { conversationTitle } from '../core/titles';
import { Composer } from './composer';
import { MessageList } from './message-list';
import { COURIER_TEST_IDS as T } from './test-ids';

/** Conversations whose history this session has fetched: once each is enough, new messages are pushed. */
const loaded = new WeakMap<CourierSession, Set<string>>();

function useHistory(session: CourierSession, conversationId: string): string | null {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const done = loaded.get(session) ?? new Set<string>();
    loaded.set(session, done);
    if (done.has(conversationId)) return;
    done.add(conversationId);
    session.loadHistory(conversationId).catch((e: unknown) => {
      done.delete(conversationId);
      setError(e instanceof Error ? e.message : String(e));
    });
  }, [session, conversationId]);
  return error;
}

interface Props {
  session: CourierSession;
  conversationId: string;
  membersOpen: boolean;
  onToggleMembers: () => void;
}

export function ConversationView({ session, conversationId, membersOpen, onToggleMembers }: Props) {
  const historyError = useHistory(session, conversationId);
  const conversation = findConversation(session.state, conversationId)!;
  const shown = conversation.participants.filter((p) => p.shown).length;
  return (
    <main class="conversation">
      <header class="conversation-header">
        <div>
          <h2 data-testid={T.conversationTitle}>{conversationTitle(session.state, conversation)}</h2>
          <span class="muted small">{conversation.kind === 'group' ? `Group · ${shown} members` : 'Direct conversation'}</span>
        </div>
        <button type="button" aria-pressed={membersOpen} onClick={onToggleMembers}>
          {membersOpen ? 'Hide members' : 'Members'}
        </button>
      </header>
      {historyError ? <p class="error">Could not load earlier messages: {historyError}</p> : null}
      <MessageList session={session} conversationId={conversationId} />
      <Composer session={session} conversationId={conversationId} />
    </main>
  );
}

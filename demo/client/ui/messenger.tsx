// The signed-in messenger: conversation list, the open conversation, its members.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { ClientController } from '../browser/controller';
import type { CourierSession } from '../core/session';
import { AccountDialog } from './account-dialog';
import { ConversationList } from './conversation-list';
import { ConversationView } from './conversation-view';
import { useRoute, useSession } from './hooks';
import { MembersPanel } from './members-panel';
import { NewConversation } from './new-conversation';
import { COURIER_TEST_IDS as T } from './test-ids';

type Dialog = 'new-chat' | 'account' | null;

/** Unread counts of conversations that are not open; opening one clears it. */
function useUnread(session: CourierSession, open: string | null): Map<string, number> {
  const [unread, setUnread] = useState(new Map<string, number>());
  const openRef = useRef(open);
  openRef.current = open;
  useEffect(() => {
    if (open) setUnread((u) => (u.has(open) ? new Map([...u].filter(([id]) => id !== open)) : u));
  }, [open]);
  useEffect(
    () =>
      session.subscribe((event) => {
        if (event.type !== 'message') return;
        const { conversation, sender } = event.message;
        if (conversation === openRef.current || sender.user === session.account.user) return;
        setUnread((u) => new Map(u).set(conversation, (u.get(conversation) ?? 0) + 1));
      }),
    [session],
  );
  return unread;
}

function useLastProblem(session: CourierSession): [string | null, () => void] {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => session.subscribe((event) => event.type === 'problem' && setProblem(event.message)), [session]);
  return [problem, () => setProblem(null)];
}

export function Messenger({ controller, session }: { controller: ClientController; session: CourierSession }) {
  useSession(session);
  const route = useRoute();
  const { state } = session;
  const open = route !== null && state.conversations.some((c) => c.id === route) ? route : null;
  const unread = useUnread(session, open);
  const [problem, dismissProblem] = useLastProblem(session);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [membersOpen, setMembersOpen] = useState(true);
  const me = state.users.find((u) => u.id === state.me.user)!;

  useEffect(() => controller.setOpenConversation(open), [controller, open]);

  return (
    <div class={`messenger${open && membersOpen ? ' with-members' : ''}`}>
      <header class="topbar">
        <span class="brand">Courier</span>
        <span class="status" data-testid={T.connectionStatus}>
          {session.isConnected ? 'Connected' : 'Offline'}
        </span>
        <button type="button" class="link" data-testid={T.accountName} onClick={() => setDialog('account')}>
          {me.name} <span class="muted">@{me.id}</span>
        </button>
      </header>
      {problem ? (
        <div class="problem" role="alert" data-testid={T.problem}>
          The server sent something this client refused: {problem}
          <button type="button" class="link" onClick={dismissProblem}>
            Dismiss
          </button>
        </div>
      ) : null}
      <aside class="sidebar">
        <button type="button" class="primary wide" data-testid={T.newChatButton} onClick={() => setDialog('new-chat')}>
          New conversation
        </button>
        <ConversationList state={state} open={open} unread={unread} />
      </aside>
      {open ? (
        <ConversationView
          key={open}
          session={session}
          conversationId={open}
          membersOpen={membersOpen}
          onToggleMembers={() => setMembersOpen(!membersOpen)}
        />
      ) : (
        <main class="conversation empty">
          <p class="muted">
            {state.conversations.length === 0 ? 'Start a conversation with someone’s user id.' : 'Choose a conversation.'}
          </p>
        </main>
      )}
      {open && membersOpen ? <MembersPanel key={open} session={session} conversationId={open} /> : null}
      {dialog === 'new-chat' ? <NewConversation session={session} onClose={() => setDialog(null)} /> : null}
      {dialog === 'account' ? <AccountDialog controller={controller} session={session} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}

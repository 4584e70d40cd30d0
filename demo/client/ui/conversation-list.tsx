// The list of conversations, most recent first.

import { conversationTitle } from '../core/titles';
import type { ViewState } from '../../shared/wire/records';
import { hashFor } from './route';
import { COURIER_TEST_IDS as T } from './test-ids';

export function ConversationList({ state, open, unread }: { state: ViewState; open: string | null; unread: ReadonlyMap<string, number> }) {
  if (state.conversations.length === 0) return <p class="muted small">No conversations yet.</p>;
  return (
    <nav aria-label="Conversations">
      <ul class="conversations" data-testid={T.conversationList}>
        {state.conversations.map((c) => {
          const count = unread.get(c.id) ?? 0;
          const shown = c.participants.filter((p) => p.shown).length;
          return (
            <li key={c.id}>
              <a
                href={hashFor(c.id)}
                class={c.id === open ? 'active' : ''}
                aria-current={c.id === open ? 'page' : undefined}
                data-testid={T.conversationItem}
                data-conversation={c.id}
              >
                <span class="title">{conversationTitle(state, c)}</span>
                <span class="muted small">{c.kind === 'group' ? `Group · ${shown} members` : 'Direct'}</span>
                {count > 0 ? (
                  <span class="badge" aria-label={`${count} unread`}>
                    {count}
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

// Messages of one conversation, oldest first, scrolled to the newest.

import { useEffect, useRef } from 'preact/hooks';
import type { CourierSession, MessageStatus, ShownMessage } from '../core/session';
import { COURIER_TEST_IDS as T } from './test-ids';

const UNREADABLE: Record<Exclude<MessageStatus, 'ok'>, (sender: string) => string> = {
  'unverified-sender': (sender) =>
    `A message claiming to be from ${sender} is not signed by ${sender}’s identity key as the server lists it, so it is not shown.`,
  'not-for-this-device': () => 'This message was not encrypted for this device.',
  'wrong-device-key': () => 'This message was encrypted to a different key for this device.',
  undecryptable: () => 'This message could not be decrypted.',
};

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function Message({ message, mine, senderName }: { message: ShownMessage; mine: boolean; senderName: string }) {
  return (
    <li
      class={`message${mine ? ' mine' : ''}${message.status === 'ok' ? '' : ' unreadable'}`}
      data-testid={T.message}
      data-seq={message.seq}
      data-status={message.status}
    >
      <div class="meta">
        <span class="sender">{mine ? 'You' : senderName}</span>
        <time dateTime={new Date(message.sentAt).toISOString()}>{time.format(message.sentAt)}</time>
      </div>
      {message.status === 'ok' ? (
        <p class="text">{message.text}</p>
      ) : (
        <p class="text notice-text">{UNREADABLE[message.status](senderName)}</p>
      )}
    </li>
  );
}

export function MessageList({ session, conversationId }: { session: CourierSession; conversationId: string }) {
  const messages = session.messagesIn(conversationId);
  const list = useRef<HTMLOListElement>(null);
  const names = new Map(session.state.users.map((u) => [u.id, u.name]));
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [messages.length, conversationId]);
  return (
    <ol class="messages" ref={list} data-testid={T.messageList} aria-live="polite">
      {messages.length === 0 ? <li class="muted small empty-messages">No messages yet. Say hello.</li> : null}
      {messages.map((m) => (
        <Message
          key={m.seq}
          message={m}
          mine={m.sender.user === session.account.user}
          senderName={names.get(m.sender.user) ?? `@${m.sender.user}`}
        />
      ))}
    </ol>
  );
}

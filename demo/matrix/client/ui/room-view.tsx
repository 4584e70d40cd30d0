// The open room: its title, messages (decrypted where this device can), a
// composer, and its members (joined and invited; lazy-loaded until opened).

import type { MatrixClient, Room } from 'matrix-js-sdk';
import { useState } from 'preact/hooks';
import { describeMessage } from '../rooms';
import { MATRIX_CLIENT_TEST_IDS as T } from './test-ids';

function Messages({ client, room }: { client: MatrixClient; room: Room }) {
  const events = room
    .getLiveTimeline()
    .getEvents()
    .filter((e) => e.getType() === 'm.room.message' || e.isEncrypted());
  for (const event of events)
    if (event.isEncrypted() && !event.isBeingDecrypted() && event.getType() === 'm.room.encrypted') void client.decryptEventIfNeeded(event);
  return (
    <ol class="messages">
      {events.map((event) => {
        const message = describeMessage(event);
        return (
          <li key={message.eventId} data-testid={T.message} data-sender={message.sender} data-encrypted={String(message.encrypted)}>
            <span class="sender">{message.sender}</span> {message.body ?? <em>unable to decrypt</em>}
          </li>
        );
      })}
    </ol>
  );
}

function Members({ room, loading }: { room: Room; loading: boolean }) {
  const members = room.getMembers().filter((m) => m.membership === 'join' || m.membership === 'invite');
  return (
    <aside class="members" data-testid={T.memberList} aria-busy={loading}>
      <h2>
        Members ({room.getJoinedMemberCount()} joined{room.getInvitedMemberCount() ? `, ${room.getInvitedMemberCount()} invited` : ''})
      </h2>
      <ul>
        {members.map((m) => (
          <li key={m.userId} data-testid={T.member} data-user={m.userId} data-membership={m.membership}>
            {m.name} <span class="muted">{m.userId}</span> {m.membership === 'invite' && <em>invited</em>}
          </li>
        ))}
      </ul>
      {loading && <p class="muted">Loading members…</p>}
    </aside>
  );
}

export function RoomView({
  client,
  room,
  loading,
  onSend,
}: {
  client: MatrixClient;
  room: Room;
  loading: boolean;
  onSend: (text: string) => Promise<unknown>;
}) {
  const [draft, setDraft] = useState('');
  return (
    <section class="room" data-testid={T.roomView} data-room-id={room.roomId}>
      <header>
        <h1 data-testid={T.roomTitle}>{room.name}</h1>
        <span class="muted">{room.getCanonicalAlias() ?? room.roomId}</span>
        {room.hasEncryptionStateEvent() && <span class="badge">encrypted</span>}
      </header>
      <div class="room-body">
        <div class="timeline">
          <Messages client={client} room={room} />
          <form
            class="composer"
            onSubmit={(e) => {
              e.preventDefault();
              const text = draft.trim();
              if (!text) return;
              setDraft('');
              void onSend(text);
            }}
          >
            <input
              data-testid={T.composer}
              value={draft}
              onInput={(e) => setDraft(e.currentTarget.value)}
              placeholder="Send an encrypted message…"
            />
          </form>
        </div>
        <Members room={room} loading={loading} />
      </div>
    </section>
  );
}

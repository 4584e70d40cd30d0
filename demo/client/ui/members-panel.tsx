// The members the server lists as visible, with their identity and device keys.
// Like any honest client it shows what it is served and verifies nothing;
// KeyWatch does the checking. Members the server lists as not shown are not
// drawn here, but the page still discloses them and encrypts to them.

import { useState } from 'preact/hooks';
import type { CourierSession } from '../core/session';
import { findConversation, usersById } from '../core/recipients';
import type { UserRecord } from '../../shared/wire/records';
import { USER_ID_PATTERN } from '../../shared/limits';
import { KeyPrint } from './fingerprint';
import { COURIER_TEST_IDS as T } from './test-ids';

function Member({ user, me, myDevice }: { user: UserRecord; me: boolean; myDevice: string }) {
  return (
    <li class="member" data-testid={T.member} data-user={user.id}>
      <div class="member-name">
        <strong>{user.name}</strong> <span class="muted">@{user.id}</span>
        {me ? <span class="tag">you</span> : null}
      </div>
      <div class="key">
        <span class="label">Identity key</span>
        <KeyPrint kind="identity" base64Key={user.identityKey} />
      </div>
      <ul class="devices">
        {user.devices.map((d) => (
          <li key={d.id} class="key">
            <span class="label">
              Device {d.id}
              {me && d.id === myDevice ? ' (this browser)' : ''}
            </span>
            <KeyPrint kind="device" base64Key={d.key} />
          </li>
        ))}
        {user.devices.length === 0 ? <li class="muted small">No devices: messages cannot reach them.</li> : null}
      </ul>
    </li>
  );
}

function AddMember({ session, conversationId }: { session: CourierSession; conversationId: string }) {
  const [user, setUser] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (event: Event) => {
    event.preventDefault();
    const id = user.trim().toLowerCase();
    if (!USER_ID_PATTERN.test(id)) return setError('That is not a user id.');
    try {
      await session.addMember(conversationId, id);
      setUser('');
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message.replace(/^add-member: /, '') : String(e));
    }
  };
  return (
    <form class="add-member" onSubmit={add}>
      <input
        aria-label="User id to add"
        placeholder="user id"
        value={user}
        onInput={(e) => setUser(e.currentTarget.value)}
        maxLength={32}
      />
      <button type="submit">Add</button>
      {error ? <p class="error small">{error}</p> : null}
    </form>
  );
}

export function MembersPanel({ session, conversationId }: { session: CourierSession; conversationId: string }) {
  const { state } = session;
  const conversation = findConversation(state, conversationId);
  if (!conversation) return null;
  const users = usersById(state);
  const shown = conversation.participants.filter((p) => p.shown);
  return (
    <aside class="members" data-testid={T.membersPanel} aria-label="Members">
      <h3>Members</h3>
      <ul class="member-list">
        {shown.map((p) => (
          <Member key={p.user} user={users.get(p.user)!} me={p.user === state.me.user} myDevice={state.me.device} />
        ))}
      </ul>
      {conversation.kind === 'group' ? (
        <>
          <AddMember session={session} conversationId={conversationId} />
          <button type="button" class="danger" onClick={() => void session.leave(conversationId).then(() => (location.hash = '#/'))}>
            Leave group
          </button>
        </>
      ) : null}
      <p class="muted small">
        Keys are shown as KeyWatch prints them. Compare safety numbers in person to be sure you are talking to the right people.
      </p>
    </aside>
  );
}

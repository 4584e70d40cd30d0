// The page: the login, or the room list and the open room.

import type { ClientSession } from '../session';
import type { RoomsController } from '../rooms';
import { Login } from './login';
import { RoomView } from './room-view';
import { MATRIX_CLIENT_TEST_IDS as T } from './test-ids';
import { useClientUpdates } from './use-client-updates';

export function App({ session, rooms }: { session: ClientSession; rooms: RoomsController }) {
  useClientUpdates(session);
  if (session.phase === 'logged-out') return <Login session={session} />;
  if (session.phase === 'error') return <p class="error">The client stopped: {session.error}</p>;
  const client = session.client;
  if (!client || session.phase === 'starting') return <p class="muted">Starting…</p>;
  const joined = client.getRooms().filter((r) => r.getMyMembership() === 'join' || r.getMyMembership() === 'invite');
  const open = rooms.openRoomId ? client.getRoom(rooms.openRoomId) : null;
  return (
    <div class="layout">
      <nav class="sidebar">
        <p class="account" data-testid={T.account}>
          {client.getUserId()}
          <br />
          <span class="muted">device {client.getDeviceId()}</span>
        </p>
        <ul data-testid={T.roomList}>
          {joined.map((room) => (
            <li key={room.roomId}>
              <button
                type="button"
                data-testid={T.roomItem}
                data-room-id={room.roomId}
                aria-current={room.roomId === rooms.openRoomId}
                onClick={() => (room.getMyMembership() === 'invite' ? void rooms.join(room.roomId) : void rooms.open(room.roomId))}
              >
                {room.name}
                {room.getMyMembership() === 'invite' && <em> (invited: join)</em>}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" class="link" onClick={() => void session.logout()}>
          Sign out
        </button>
      </nav>
      <main>
        {open ? (
          <RoomView client={client} room={open} loading={rooms.opening === open.roomId} onSend={(text) => rooms.send(text, open.roomId)} />
        ) : (
          <p class="muted">No room is open.</p>
        )}
      </main>
    </div>
  );
}

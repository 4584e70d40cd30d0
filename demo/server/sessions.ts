// Open WebSocket connections and what each has been told, so a change is pushed
// only to the connections whose view it changes.

import type { WebSocket } from 'ws';
import type { ServerFrame } from '../shared/wire/frames';

export interface Session {
  socket: WebSocket;
  auth: { user: string; device: string } | null;
  /** The last state frame sent, to skip pushes that change nothing. */
  lastState: string | null;
}

export class SessionHub {
  private readonly sessions = new Set<Session>();

  open(socket: WebSocket): Session {
    const session: Session = { socket, auth: null, lastState: null };
    this.sessions.add(session);
    return session;
  }

  close(session: Session): void {
    this.sessions.delete(session);
  }

  authenticated(): Session[] {
    return [...this.sessions].filter((s) => s.auth !== null);
  }

  send(session: Session, frame: ServerFrame): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(frame));
  }

  closeAll(): void {
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
  }
}

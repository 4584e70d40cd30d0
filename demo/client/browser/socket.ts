// The browser's WebSocket behind the small interface the client core uses.

import type { SocketFactory, SocketLike } from '../core/connection';

export const browserSocketFactory: SocketFactory = (url: string): SocketLike => {
  const socket = new WebSocket(url);
  return {
    get readyState() {
      return socket.readyState;
    },
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
    addEventListener(type: 'open' | 'error' | 'message' | 'close', listener: (event: never) => void) {
      socket.addEventListener(type, listener as (event: Event) => void);
    },
  };
};

/** The server's socket, on the origin that served this page. */
export function courierSocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

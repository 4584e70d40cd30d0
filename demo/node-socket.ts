// The `ws` package's WebSocket behind the small interface the client core uses,
// so the same session code runs in Node (tests, scripted users).

import { WebSocket } from 'ws';
import type { SocketFactory, SocketLike } from './client/core/connection';

export const nodeSocketFactory: SocketFactory = (url: string): SocketLike => {
  const socket = new WebSocket(url);
  // Errors are also reported as a close; keep an unhandled 'error' from throwing.
  socket.on('error', () => undefined);
  return {
    get readyState() {
      return socket.readyState;
    },
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
    addEventListener(type: 'open' | 'error' | 'message' | 'close', listener: (event: never) => void) {
      const call = listener as (event: unknown) => void;
      if (type === 'open') socket.on('open', () => call(undefined));
      else if (type === 'error') socket.on('error', () => call(undefined));
      else if (type === 'close') socket.on('close', (code, reason) => call({ code, reason: reason.toString('utf8') }));
      else socket.on('message', (data, isBinary) => call({ data: isBinary ? data : data.toString() }));
    },
  };
};

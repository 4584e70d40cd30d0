// One WebSocket connection: parse each frame, run its handler, reply. A bad
// frame gets an error reply and the connection carries on; nothing a client
// sends can throw past this point.

import type { RawData, WebSocket } from 'ws';
import { CourierError, parseClientFrame, type ServerFrame } from '../shared/wire/frames';
import { ANONYMOUS_OPS } from '../shared/wire/operations';
import { handlers, type HandlerContext } from './handlers';
import type { Relay } from './relay';
import type { Session } from './sessions';

function frameText(data: RawData, isBinary: boolean): string | null {
  if (isBinary) return null;
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return buffer.toString('utf8');
}

function errorFrame(error: unknown, ref: number | null): ServerFrame {
  if (error instanceof CourierError) return { type: 'error', ref: error.ref ?? ref, code: error.code, message: error.message };
  console.error('courier: internal error', error);
  return { type: 'error', ref, code: 'internal', message: 'internal server error' };
}

function handleFrame(relay: Relay, session: Session, text: string | null): void {
  const parsed = parseClientFrame(text, (op) =>
    ANONYMOUS_OPS.has(op) || session.auth ? null : `${op} needs a signed-in connection: say hello first`,
  );
  if (!parsed.ok) {
    relay.hub.send(session, errorFrame(parsed.error, parsed.error.ref));
    return;
  }
  const { ref, op, args } = parsed.value;
  try {
    const ctx: HandlerContext = { relay, session };
    const handler = handlers[op] as (ctx: HandlerContext, args: unknown) => unknown;
    const result = handler(ctx, args);
    relay.hub.send(session, { type: 'reply', ref, result });
    relay.publish();
  } catch (error) {
    relay.hub.send(session, errorFrame(error, ref));
  }
}

export function acceptConnection(relay: Relay, socket: WebSocket): void {
  const session = relay.hub.open(socket);
  socket.on('message', (data, isBinary) => handleFrame(relay, session, frameText(data, isBinary)));
  // ws reports oversized frames and protocol errors here, then closes the socket.
  socket.on('error', () => relay.hub.close(session));
  socket.on('close', () => relay.hub.close(session));
}

// Starts a Courier server: HTTP for the page and the attack API, WebSocket at /ws
// for clients. Everything is held in memory by this one process.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { LIMITS } from '../shared/limits';
import { Attacker } from './attacker';
import { createRequestHandler, isAllowedHost } from './http';
import { Relay } from './relay';
import { acceptConnection } from './socket';

export interface CourierOptions {
  /** 0 picks a free port. Default 8480. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface CourierServer {
  /** e.g. http://127.0.0.1:8480 (no trailing slash). */
  url: string;
  /** ws://…/ws */
  socketUrl: string;
  port: number;
  /** In-process access for tests: the honest directory, active attacks and connections. */
  relay: Relay;
  attacker: Attacker;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** A page may open the socket only from Courier's own origin; non-browser clients send no Origin. */
function isAllowedOrigin(origin: string | undefined, host: string | undefined): boolean {
  return origin === undefined || origin === `http://${host}`;
}

export async function startCourier(options: CourierOptions = {}): Promise<CourierServer> {
  const host = options.host ?? '127.0.0.1';
  const relay = new Relay();
  const attacker = new Attacker(relay);
  const loopbackOnly = LOOPBACK_HOSTS.has(host);
  const server = createServer(createRequestHandler({ relay, attacker }, { loopbackOnly }));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: LIMITS.hardFrameBytes });

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://courier.invalid').pathname;
    const hostOk = !loopbackOnly || isAllowedHost(req.headers.host);
    if (path !== '/ws' || !hostOk || !isAllowedOrigin(req.headers.origin, req.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => acceptConnection(relay, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8480, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `http://${authority}`,
    socketUrl: `ws://${authority}/ws`,
    port,
    relay,
    attacker,
    close: async () => {
      relay.hub.closeAll();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

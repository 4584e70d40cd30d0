// Starts the homeserver in-process: `startHomeserver({ port: 0 })` for tests,
// `npm run homeserver` for people (main.ts).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoutes } from './admin/routes';
import { clientRoutes } from './api/routes';
import { Homeserver } from './homeserver';
import { createRequestHandler } from './http/server';

export interface HomeserverOptions {
  /** 0 picks a free port (default 8008). */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), localhost or ::1. */
  host?: string;
  /** The server name in user ids and room ids (default "localhost"). */
  serverName?: string;
}

export interface RunningHomeserver {
  /** e.g. http://127.0.0.1:41234 (no trailing slash): the client's baseUrl. */
  url: string;
  serverName: string;
  /** The server's state, for assertions and for driving it without HTTP. */
  hs: Homeserver;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function startHomeserver(options: HomeserverOptions = {}): Promise<RunningHomeserver> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the homeserver binds to loopback only (127.0.0.1, localhost or ::1), not ${host}`);
  const hs = new Homeserver(options.serverName ?? 'localhost');
  let url = '';
  const server = createServer(createRequestHandler(hs, { client: clientRoutes(), admin: adminRoutes() }, () => url));
  // Long-polling syncs hold requests open; keep-alive sockets must not outlive close().
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8008, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host === '::1' ? '[::1]' : host}:${port}`;
  return {
    url,
    serverName: hs.serverName,
    hs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        hs.stream.wake();
      }),
  };
}

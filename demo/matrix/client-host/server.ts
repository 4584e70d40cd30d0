// Serves the built test client under its own origin (loopback only), with a
// config.json naming the homeserver, as Element's config.json does.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CLIENT_DIST, ensureClientBuilt } from './build';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  // instantiateStreaming refuses the wasm under any other type.
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface MatrixClientOptions {
  /** The homeserver's base URL, e.g. http://127.0.0.1:8008. */
  homeserverUrl: string;
  /** 0 picks a free port (default 8080). */
  port?: number;
  host?: string;
}

export interface RunningMatrixClient {
  /** e.g. http://127.0.0.1:41234 (no trailing slash): open `${url}/` in a browser. */
  url: string;
  close(): Promise<void>;
}

async function serveFile(res: ServerResponse, path: string): Promise<void> {
  const file = resolve(CLIENT_DIST, `.${path === '/' ? '/index.html' : path}`);
  if (!file.startsWith(CLIENT_DIST + sep)) return void res.writeHead(403).end('forbidden');
  try {
    const body = await readFile(file);
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store';
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': cache }).end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`nothing at ${path}`);
  }
}

export async function startMatrixClient(options: MatrixClientOptions): Promise<RunningMatrixClient> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the test client binds to loopback only, not ${host}`);
  const homeserverUrl = new URL(options.homeserverUrl).href.replace(/\/+$/, '');
  await ensureClientBuilt();
  const config = JSON.stringify({ homeserverUrl });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://client.invalid').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    if (path === '/config.json')
      return void res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(config);
    void serveFile(res, path);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '::1' ? '[::1]' : host}:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

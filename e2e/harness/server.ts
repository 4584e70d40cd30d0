// Serves local test pages on 127.0.0.1 (the content script runs on local pages).
// Pages can be registered at run time, so a test can publish the page it needs.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

const fixtures = resolve(import.meta.dirname, '../fixtures');
const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json' };

export interface TestServer {
  origin: string;
  /** Serves `body` at `path` until the server closes. */
  publish(path: string, body: string, type?: string): string;
  close(): Promise<void>;
}

/** Listens on `port` when given (a benchmark whose stored records name the page's origin), else on any free port. */
export async function startTestServer(options: { port?: number } = {}): Promise<TestServer> {
  const published = new Map<string, { body: string; type: string }>();
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const page = published.get(path);
    if (page) {
      res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
      return;
    }
    const file = resolve(fixtures, '.' + path);
    if (!file.startsWith(fixtures)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', ok);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    publish(path, body, type = 'text/html; charset=utf-8') {
      published.set(path, { body, type });
      return origin + path;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

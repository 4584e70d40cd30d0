// HTTP: the client's page and assets, a health check, and the attack API.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_PROTOCOL_VERSION } from '../../src/adapters/page-protocol/protocol';
import { LIMITS } from '../shared/limits';
import { CourierError } from '../shared/wire/frames';
import { attackRoutes, errorResponse, type ApiContext } from './attack-api';
import { clientAssets } from './bundle';
import { PAGES, contentSecurityPolicy } from './pages';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

const ASSET_TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/**
 * A server bound to loopback answers only requests addressed to a loopback name,
 * so a web page cannot reach it through DNS rebinding.
 */
export function isAllowedHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
  return LOOPBACK_NAMES.has(name.toLowerCase());
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body, null, 2)}\n`);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMITS.httpBodyBytes) throw new CourierError('body-too-large', `request body is larger than ${LIMITS.httpBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CourierError('bad-json', `request body is not JSON: ${(error as Error).message}`);
  }
}

async function serveApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
  const route = attackRoutes[key]!;
  try {
    if (req.method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      // Also keeps other web pages out: a cross-origin JSON POST needs a preflight this server never grants.
      sendError(res, 415, 'bad-content-type', 'send the body as application/json');
      return;
    }
    const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
    const response = await route(ctx, body);
    sendJson(res, response.status, response.body);
  } catch (error) {
    if (!(error instanceof CourierError)) throw error;
    const response = errorResponse(error);
    sendJson(res, response.status, response.body);
  }
}

async function serveAsset(res: ServerResponse, name: string): Promise<void> {
  const { files } = await clientAssets();
  send(res, 200, ASSET_TYPES[name]!, files.get(name) ?? '');
}

export function createRequestHandler(ctx: ApiContext, options: { loopbackOnly: boolean }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (options.loopbackOnly && !isAllowedHost(req.headers.host)) {
        sendError(res, 421, 'bad-host', 'this server answers only to 127.0.0.1, localhost or [::1]');
        return;
      }
      const path = new URL(req.url ?? '/', 'http://courier.invalid').pathname;
      const key = `${req.method ?? 'GET'} ${path}`;
      if (attackRoutes[key]) return await serveApi(ctx, req, res, key);
      if (req.method !== 'GET') return sendError(res, 405, 'method-not-allowed', `${req.method} ${path} is not supported`);
      const page = PAGES[path];
      if (page)
        return send(res, 200, 'text/html; charset=utf-8', page, {
          'Content-Security-Policy': contentSecurityPolicy(req.headers.host ?? ''),
        });
      const asset = path.slice(1);
      if (ASSET_TYPES[asset]) return await serveAsset(res, asset);
      if (path === '/healthz') return sendJson(res, 200, { ok: true, messenger: 'Courier', pageProtocol: PAGE_PROTOCOL_VERSION });
      sendError(res, 404, 'not-found', `nothing at ${path}`);
    } catch (error) {
      console.error('courier: request failed', error);
      if (!res.headersSent) sendError(res, 500, 'internal', 'internal server error');
      else res.destroy();
    }
  };
}

// The HTTP front: loopback-only, CORS on the client-server API (the client page
// is served from another origin), JSON in and out, Matrix errors for every
// refusal, and a log of each client-server request.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { MatrixError, notJson, tooLarge, unrecognized } from '../errors';
import type { Homeserver } from '../homeserver';
import { endpointOf, type LoggedRequest } from '../state/request-log';
import { RequestContext, type Handler } from './context';
import type { Router } from './router';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** MATRIX_HS_TRACE=1 prints every request as it arrives (long-polling syncs included). */
const TRACE = process.env.MATRIX_HS_TRACE === '1';

/** Spec, "Web Browser Clients": every client-server response carries these, and OPTIONS is answered with them. */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'X-Requested-With, Content-Type, Authorization',
};

/** A server bound to loopback answers only requests addressed to a loopback name (no DNS rebinding). */
export function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
  return LOOPBACK_NAMES.has(name.toLowerCase());
}

function sendJson(res: ServerResponse, status: number, body: unknown, cors: boolean): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...(cors ? CORS_HEADERS : {}) });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge(`request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw notJson(`request body is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new MatrixError(400, 'M_BAD_JSON', 'request body must be a JSON object');
  return parsed;
}

function accessToken(req: IncomingMessage, query: URLSearchParams): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return query.get('access_token');
}

export interface Routes {
  client: Router<Handler>;
  admin: Router<Handler>;
}

export function createRequestHandler(hs: Homeserver, routes: Routes, baseUrl: () => string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://homeserver.invalid');
    const path = url.pathname;
    const isAdmin = path.startsWith('/_admin/');
    const cors = !isAdmin;
    if (!isLoopbackHost(req.headers.host)) {
      sendJson(res, 421, { errcode: 'M_FORBIDDEN', error: 'this server answers only to 127.0.0.1, localhost or [::1]' }, false);
      return;
    }
    if (method === 'OPTIONS' && cors) {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    if (TRACE) console.log(`homeserver: ${method} ${path}${url.search.slice(0, 120)}`);
    const aborted = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) aborted.abort();
    });
    let logged: LoggedRequest | null = null;
    const log = (ctx: RequestContext | null, body: unknown) => {
      if (isAdmin || logged) return;
      const session = ctx?.optionalSession() ?? null;
      logged = hs.requests.add(
        {
          method,
          url: `${path}${url.search}`,
          endpoint: endpointOf(path),
          userId: session?.userId ?? null,
          deviceId: session?.deviceId ?? null,
          status: 0,
        },
        body,
      );
    };
    try {
      const { found, allowed } = (isAdmin ? routes.admin : routes.client).match(method, path);
      if (!found) throw unrecognized(method, path, allowed.length > 0 ? 405 : 404);
      const hasBody = method === 'POST' || method === 'PUT' || method === 'DELETE';
      if (isAdmin && hasBody && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        // Keeps web pages out: a cross-origin JSON request needs a preflight the admin API never grants.
        throw new MatrixError(415, 'M_NOT_JSON', 'send the admin request body as application/json');
      }
      const body = hasBody ? await readBody(req) : undefined;
      const ctx = new RequestContext(
        hs,
        method,
        path,
        found.params,
        url.searchParams,
        body,
        accessToken(req, url.searchParams),
        aborted.signal,
        baseUrl(),
      );
      // Logged on arrival, so a long-polling sync shows while it waits.
      log(ctx, body);
      if (!isAdmin) await hs.held.wait(endpointOf(path));
      const result = await found.handler(ctx);
      respond(result.status ?? 200, result.body);
    } catch (error) {
      if (error instanceof MatrixError) {
        respond(error.status, error.body());
      } else {
        console.error(`homeserver: ${method} ${path} failed`, error);
        respond(500, { errcode: 'M_UNKNOWN', error: 'internal server error' });
      }
    }

    function respond(status: number, body: unknown): void {
      log(null, undefined);
      if (logged) {
        logged.status = status;
        logged.answeredAt = Date.now();
      }
      sendJson(res, status, body, cors);
    }
  };
}

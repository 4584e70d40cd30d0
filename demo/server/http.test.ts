// The HTTP side: the client's page and assets, the health check, and how the
// attack API treats requests it cannot use.

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../shared/limits';
import { parseArgs } from './cli-args';
import { startCourier, type CourierServer } from '../testing';

let courier: CourierServer;

beforeAll(async () => {
  courier = await startCourier({ port: 0 });
});

afterAll(async () => {
  await courier.close();
});

/** A raw request, so the Host header can be anything. */
function rawGet(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: courier.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the web client', () => {
  it('serves the page with a strict content security policy that allows only its own socket', async () => {
    const response = await fetch(`${courier.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${courier.port}`);
    expect(await response.text()).toContain('<script type="module" src="/app.js">');
  });

  it('builds and serves the client bundle, its stylesheet and the operator console', async () => {
    const app = await fetch(`${courier.url}/app.js`);
    expect(app.headers.get('content-type')).toMatch(/javascript/);
    expect(await app.text()).toContain('keywatch-disclosure');
    expect((await fetch(`${courier.url}/app.css`)).headers.get('content-type')).toMatch(/text\/css/);
    expect(await (await fetch(`${courier.url}/console`)).text()).toContain('/console.js');
    expect((await fetch(`${courier.url}/console.js`)).status).toBe(200);
  });

  it('reports its health and page-protocol version', async () => {
    expect(await (await fetch(`${courier.url}/healthz`)).json()).toEqual({ ok: true, messenger: 'Courier', pageProtocol: 1 });
  });

  it('answers unknown paths and methods with JSON errors', async () => {
    const missing = await fetch(`${courier.url}/nothing-here`);
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([404, 'not-found']);
    expect((await fetch(`${courier.url}/`, { method: 'DELETE' })).status).toBe(405);
  });

  it('answers only to loopback names (no DNS rebinding)', async () => {
    expect(await rawGet('/healthz', `localhost:${courier.port}`)).toBe(200);
    expect(await rawGet('/healthz', `[::1]:${courier.port}`)).toBe(200);
    expect(await rawGet('/healthz', `attacker.example:${courier.port}`)).toBe(421);
    expect(await rawGet('/attack', 'attacker.example')).toBe(421);
  });
});

describe('the attack API refuses requests it cannot use', () => {
  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${courier.url}${path}`, { method: 'POST', headers: { 'Content-Type': type }, body });

  it('refuses a body that is not JSON, or not sent as JSON, or too large', async () => {
    const notJson = await post('/attack/ghost-device', '{user:');
    expect([notJson.status, ((await notJson.json()) as { error: { code: string } }).error.code]).toEqual([400, 'bad-json']);
    expect((await post('/attack/ghost-device', '{"user":"bob"}', 'text/plain')).status).toBe(415);
    expect((await post('/attack/ghost-device', JSON.stringify({ user: 'x'.repeat(LIMITS.httpBodyBytes) }))).status).toBe(413);
    const wrongShape = await post('/attack/undo', '[]');
    expect([wrongShape.status, ((await wrongShape.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      expect.stringMatching(/object/i),
    ]);
  });

  it('lists no attacks on a fresh server, with the operator key', async () => {
    const body = (await (await fetch(`${courier.url}/attack`)).json()) as { attacks: unknown[]; operatorKey: string };
    expect(body.attacks).toEqual([]);
    expect(body.operatorKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

describe('command line', () => {
  it('reads --port and --host, and refuses anything else', () => {
    expect(parseArgs([])).toEqual({ port: 8480, host: '127.0.0.1' });
    expect(parseArgs(['--port', '9000'])).toEqual({ port: 9000, host: '127.0.0.1' });
    expect(parseArgs(['--port=0', '--host', 'localhost'])).toEqual({ port: 0, host: 'localhost' });
    expect(() => parseArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseArgs(['--verbose'])).toThrow(/unknown option/);
  });
});

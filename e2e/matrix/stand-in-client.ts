// A local page standing in for a Matrix web client: it makes the calls Element
// makes (POST /keys/query, GET /members, /joined_members, /sync, /whoami), with
// fetch and with XMLHttpRequest, against the local test server, which serves
// responses built from real keys. The page reads every response itself, so a
// test can check that the page still sees exactly what the server sent.
import type { ExtensionBrowser, TestPage, TestServer } from '../harness';
import { paths } from '../../src/adapters/matrix/testing/client-responses';
import { tabIdFor } from '../support/extension';

const CLIENT_SCRIPT = `
const API = '/_matrix/client/v3';
function xhr(url, responseType) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('GET', url);
    request.responseType = responseType;
    request.onload = () => request.status === 200
      ? resolve(responseType === 'json' ? request.response : JSON.parse(request.responseText))
      : reject(new Error('HTTP ' + request.status));
    request.onerror = () => reject(new Error('network error'));
    request.send();
  });
}
async function json(response) {
  if (!response.ok) throw new Error('HTTP ' + response.status);
  return response.json();
}
window.client = {
  whoami: () => xhr(API + '/account/whoami', 'json'),
  members: (room) => fetch(API + '/rooms/' + encodeURIComponent(room) + '/members?not_membership=leave').then(json),
  joinedMembers: (room) => xhr(API + '/rooms/' + encodeURIComponent(room) + '/joined_members', ''),
  keysQuery: (users) => fetch(new Request(API + '/keys/query', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ device_keys: Object.fromEntries(users.map((u) => [u, []])), timeout: 10000 }),
  })).then(json),
  sync: (since) => window.fetch(API + '/sync?timeout=0' + (since ? '&since=' + encodeURIComponent(since) : '')).then(json),
};
`;

/** `userId`: what the client records as its login (Element's mx_user_id); null records nothing. */
export function standInClientPage(title: string, userId: string | null): string {
  const record =
    userId === null ? "localStorage.removeItem('mx_user_id');" : `localStorage.setItem('mx_user_id', ${JSON.stringify(userId)});`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p>A stand-in for a Matrix web client.</p>
<script>${record}${CLIENT_SCRIPT}</script></body></html>`;
}

/** Serves one API response at the path the client calls (query strings are ignored by the server). */
export function serve(server: TestServer, pathAndQuery: string, body: unknown): void {
  server.publish(pathAndQuery.split('?')[0]!, JSON.stringify(body), 'application/json');
}

export const api = paths;

/**
 * Opens the stand-in client at `room` and waits until the page-protocol script
 * (which also runs on local pages) has reported that this page discloses
 * nothing, so that its one report cannot land after the Matrix reports.
 */
export async function openClient(
  browser: ExtensionBrowser,
  server: TestServer,
  name: string,
  userId: string | null,
  room: string,
): Promise<{ page: TestPage; url: string }> {
  const url = server.publish(`/matrix/${name}.html`, standInClientPage(name, userId)) + `#/room/${room}`;
  const page = await browser.newPage(url);
  await tabIdFor(browser, url); // the Matrix script is silent until the first API call: this is the other one
  return { page, url };
}

/** The background's state for the tab showing `url` (storage.session), for checks and error messages. */
export async function tabState(
  browser: ExtensionBrowser,
  url: string,
): Promise<{ problem: string | null; conversationKey: string | null } | null> {
  const session = await browser.inExtension(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return api.storage.session.get(null) as Promise<Record<string, any>>;
  }, null);
  const entry = Object.entries(session).find(([key, value]) => key.startsWith('tab/') && value?.url?.split('#')[0] === url.split('#')[0]);
  return entry ? (entry[1] as { problem: string | null; conversationKey: string | null }) : null;
}

/** The vouch of each device of the person open in the popup's detail, sorted. */
export async function deviceVouches(popup: TestPage): Promise<string[]> {
  return popup.evaluate(
    () => [...document.querySelectorAll('[data-testid="device"]')].map((d) => d.getAttribute('data-vouch') ?? '').sort(),
    null,
  );
}

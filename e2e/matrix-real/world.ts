// The Matrix test homeserver and the real test client (matrix-js-sdk 43 +
// Rust crypto, demo/matrix/), for the end-to-end tests of KeyWatch on them:
// start both, open the client in a browser with KeyWatch, register, open
// rooms as Element does, wake the client's long-poll, read the request log.

import { startMatrixClient, type RunningMatrixClient } from '../../demo/matrix/client-host/server';
import { startHomeserver, type RunningHomeserver } from '../../demo/matrix/homeserver/server';
import { syncedPastNow } from '../../demo/matrix/testing/admin';
import { pollUntil, type ExtensionBrowser, type TestPage } from '../harness';
import { openPopupFor, waitForPeople } from '../support/extension';

export interface MatrixWorld {
  homeserver: RunningHomeserver;
  /** The client, served on its own origin; `more` on other origins (another person in the same browser). */
  web: RunningMatrixClient;
  more: RunningMatrixClient[];
  close(): Promise<void>;
}

export async function startMatrixWorld(otherOrigins = 0): Promise<MatrixWorld> {
  const homeserver = await startHomeserver({ port: 0 });
  const web = await startMatrixClient({ homeserverUrl: homeserver.url, port: 0 });
  const more: RunningMatrixClient[] = [];
  for (let i = 0; i < otherOrigins; i++) more.push(await startMatrixClient({ homeserverUrl: homeserver.url, port: 0 }));
  return {
    homeserver,
    web,
    more,
    close: async () => {
      for (const client of [web, ...more]) await client.close();
      await homeserver.close();
    },
  };
}

export interface Person {
  userId: string;
  deviceId: string;
  password: string;
}

/** Opens the client and waits until it has started (logged out, or resumed through its first sync). */
export async function openClientPage(browser: Pick<ExtensionBrowser, 'newPage'>, url: string): Promise<TestPage> {
  const page = await browser.newPage(url);
  await page.waitFor('the client to start', () => typeof window.matrixTest !== 'undefined', null, 30_000);
  await page.evaluate(() => window.matrixTest.ready().then(() => true), null);
  return page;
}

export async function register(page: TestPage, localpart: string, crossSigning = true): Promise<Person> {
  const password = `pw-${localpart}`;
  const state = await page.evaluate(
    async ({ localpart, password, crossSigning }) => {
      const s = await window.matrixTest.register(localpart, password);
      if (crossSigning) await window.matrixTest.bootstrapCrossSigning(password);
      return s;
    },
    { localpart, password, crossSigning },
  );
  return { userId: state.userId!, deviceId: state.deviceId!, password };
}

/**
 * Wakes the client's long-poll and waits until it has taken in everything the server had (twice: what one sync makes
 * it send starts while the next waits). Usually well under a second. But a client that has just taken in a room with
 * a member whose server fails its key queries (the attacks test) asks for its next sync only about 20 s later, in
 * every run: the real client's own wait, with nothing left open on the server (the error names its requests).
 */
export async function caughtUp(world: MatrixWorld, person: Person): Promise<void> {
  await syncedPastNow(world.homeserver.url, person.userId, person.deviceId, CAUGHT_UP_MS);
  await syncedPastNow(world.homeserver.url, person.userId, person.deviceId, CAUGHT_UP_MS);
}

const CAUGHT_UP_MS = 60_000;

/** Waits until the client holds the room (it came through sync). */
export async function untilRoomKnown(page: TestPage, roomId: string): Promise<void> {
  await page.waitFor('the room in the client', (id) => window.matrixTest.state().rooms.some((r) => r.roomId === id), roomId, 30_000);
}

export async function openRoom(page: TestPage, target: string, navigation: 'pushState' | 'assign' = 'pushState'): Promise<string> {
  return page.evaluate(({ target, navigation }) => window.matrixTest.openRoom(target, { navigation }), { target, navigation });
}

/** The popup for the tab showing `page`, once it lists `count` people of `title`. */
export async function popupShowing(browser: ExtensionBrowser, page: TestPage, count: number, title?: string): Promise<TestPage> {
  const popup = await openPopupFor(browser, page.url());
  await waitForPeople(popup, count);
  if (title !== undefined) await conversationTitle(popup, title);
  return popup;
}

export async function conversationTitle(popup: TestPage, title: string): Promise<void> {
  await popup.waitFor(
    `the conversation "${title}" in the popup`,
    (t) => document.querySelector('[data-testid="conversation-title"]')?.textContent === t,
    title,
    30_000,
  );
}

/** Requests the client sent since `mark`, by endpoint (e.g. "keys/query"), from one device. */
export function requestsSince(world: MatrixWorld, mark: number, deviceId: string, endpoint: string): number {
  return world.homeserver.hs.requests.since(mark).filter((r) => r.deviceId === deviceId && r.endpoint === endpoint).length;
}

/** Reloads the page and waits for the client to start again. */
export async function reload(page: TestPage): Promise<void> {
  await page.evaluate(() => {
    (window as any).beforeReload = true;
    setTimeout(() => location.reload(), 0);
  }, null);
  await pollUntil(
    'the reloaded page',
    () => page.evaluate(() => !(window as any).beforeReload && typeof window.matrixTest !== 'undefined', null),
    30_000,
  );
  await page.evaluate(() => window.matrixTest.ready().then(() => true), null);
}

/** The severities and texts of the open alerts the popup lists. */
export async function alertsShown(popup: TestPage): Promise<Array<{ severity: string; text: string }>> {
  return popup.evaluate(
    () =>
      [...document.querySelectorAll('[data-testid="alert"]')].map((el) => ({
        severity: el.getAttribute('data-severity') ?? '',
        text: el.textContent ?? '',
      })),
    null,
  );
}

/** Waits until the popup's people heading counts `count` (the list itself is windowed: only the rows in view are in the page). */
export async function peopleCounted(popup: TestPage, count: number, timeoutMs = 60_000): Promise<void> {
  await popup.waitFor(
    `${count} people counted in the popup`,
    (n) => new RegExp(`\\b${n}\\b`).test(document.getElementById('people-title')?.textContent ?? ''),
    count,
    timeoutMs,
  );
}

/** The popup's standing (all-verified, unverified, degraded, not-checked). */
export async function standingShown(popup: TestPage): Promise<string | null> {
  return popup.evaluate(() => document.querySelector('[data-testid="standing"]')?.getAttribute('data-standing') ?? null, null);
}

/** The reasons the popup gives for the roster not being checked (coverage reasons and gaps, by kind). */
export async function notCheckedShown(popup: TestPage): Promise<string[]> {
  return popup.evaluate(
    () => [...document.querySelectorAll('[data-testid="coverage-gap"]')].map((el) => el.getAttribute('data-kind') ?? ''),
    null,
  );
}

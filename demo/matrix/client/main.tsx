// The Matrix test client: matrix-js-sdk 43 with its Rust crypto, behaving as
// Element Web does where KeyWatch looks (docs/matrix-homeserver.md, "The test
// client"). Reads its homeserver from ./config.json, as Element does.

import { render } from 'preact';
import type { MatrixClient } from 'matrix-js-sdk';
import { followAddress, routedRoom } from './navigation';
import { RoomsController } from './rooms';
import { ClientSession } from './session';
import { STORAGE_KEYS } from './storage-keys';
import { createTestApi, deferredTestApi, type MatrixTestApi } from './test-api';
import { App } from './ui/app';

declare global {
  interface Window {
    /** As in Element: `.get()` returns the running MatrixClient (null when logged out). */
    mxMatrixClientPeg: { get(): MatrixClient | null; safeGet(): MatrixClient };
    matrixTest: MatrixTestApi;
  }
}

async function homeserverUrl(): Promise<string> {
  const response = await fetch('./config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  const config = (await response.json()) as { homeserverUrl?: unknown };
  if (typeof config.homeserverUrl !== 'string') throw new Error('config.json has no homeserverUrl');
  return config.homeserverUrl.replace(/\/+$/, '');
}

async function main(): Promise<MatrixTestApi> {
  const session = new ClientSession(await homeserverUrl());
  const rooms = new RoomsController(session);
  window.mxMatrixClientPeg = {
    get: () => session.client,
    safeGet: () => {
      if (!session.client) throw new Error('not logged in');
      return session.client;
    },
  };
  render(<App session={session} rooms={rooms} />, document.getElementById('app')!);
  const openFromAddress = (target: string | null) => {
    if (target && session.client)
      void rooms.open(target, { navigate: false }).catch((e: unknown) => console.warn('cannot open', target, e));
  };
  followAddress(openFromAddress);
  const started = session.resume().then(() => {
    // On start Element opens the room in the address, else the last one viewed.
    const target = routedRoom() ?? localStorage.getItem(STORAGE_KEYS.lastRoomId);
    if (target && session.client) openFromAddress(target);
  });
  return createTestApi(session, rooms, started);
}

// Installed at once, so a test driver can call it as soon as the page's scripts ran.
window.matrixTest = deferredTestApi(main());

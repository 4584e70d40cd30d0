// A room of real Matrix users for browser tests: every key and signature made
// by matrix-sdk-crypto (see matrix-sdk-reference.ts), with no homeserver.
// Bob has an extra device created after cross-signing and never signed (the
// ghost), kept out of the honest responses; his identity can also be replaced
// the way a malicious server could (new master key, every signature valid).

import {
  initReference,
  makeRealUser,
  makeUsurpedUser,
  responseFor,
  type Json,
  type KeysQueryResponseJson,
  type RealUser,
} from './matrix-sdk-reference';

export const SERVER = 'keywatch.test';
export const USERS = {
  alice: `@alice:${SERVER}`,
  bob: `@bob:${SERVER}`,
  carol: `@carol:${SERVER}`,
} as const;
export const GHOST_DEVICE = 'GHOSTDEVICE';

export interface RealRoom {
  alice: RealUser;
  bob: RealUser;
  carol: RealUser;
  /** Bob as a malicious server would serve him: a new identity that signed his devices again. */
  bobReplaced: RealUser;
  /** The timings of making them, in milliseconds. */
  madeInMs: number;
}

let made: Promise<RealRoom> | undefined;

/** Made once per process: real key generation costs about a second in all. */
export function realRoom(): Promise<RealRoom> {
  return (made ??= makeRoom());
}

async function makeRoom(): Promise<RealRoom> {
  const started = performance.now();
  await initReference();
  const alice = await makeRealUser(USERS.alice, ['ALICEWEB']);
  const bob = await makeRealUser(USERS.bob, ['BOBPHONE', 'BOBLAPTOP'], { unsignedDeviceIds: [GHOST_DEVICE] });
  const carol = await makeRealUser(USERS.carol, ['CAROLWEB']);
  const bobReplaced = await makeUsurpedUser(withoutGhost(bob), 'SERVERMADE');
  return { alice, bob, carol, bobReplaced, madeInMs: Math.round(performance.now() - started) };
}

/** The user as an honest server serves them: without devices nobody signed. */
export function withoutGhost(user: RealUser): RealUser {
  const devices: Json = {};
  for (const id of Object.keys(user.devices)) {
    if (!user.unsignedDeviceIds.includes(id))
      Object.defineProperty(devices, id, { value: user.devices[id], enumerable: true, writable: true, configurable: true });
  }
  return { ...user, devices, deviceIds: user.deviceIds.filter((id) => !user.unsignedDeviceIds.includes(id)), unsignedDeviceIds: [] };
}

/** A /keys/query response for these users, as served (ghosts only where passed in). */
export function keysQueryFor(...users: RealUser[]): KeysQueryResponseJson {
  return responseFor(...users);
}

// Differential test: KeyWatch's verifyUserKeys against matrix-sdk-crypto (the
// crypto of Element, as WebAssembly) on real users, devices and cross-signing
// that library made, honest and tampered. Per device, our crossSigned must equal
// its isCrossSignedByOwner() (a device it refuses to store counts as false), and
// whenever it accepts an identity our master key must be that identity's. Our
// verdicts are computed on both paths (JavaScript, and a batch through WebCrypto),
// which must agree.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromBase64, toBase64 } from '../../../core/encoding';
import { signedBytes } from './canonical-json';
import { verifyUserKeys, verifyUserKeysEveryPath } from '../testing/verify-user-keys';
import { ed25519Signer, identityR, mixedOrderR } from '../../../core/signatures/testing/crafted-signatures';
import { corruptSignature } from '../testing/keys-query-builder';
import type { Json, KeysQueryResponseJson, RealUser } from '../testing/matrix-sdk-reference';
import { initReference, makeRealUser, makeUsurpedUser, referenceVerdicts, responseFor, setOwn } from '../testing/matrix-sdk-reference';

const REAL_USERS = 20;

interface Tally {
  realCases: number;
  tamperedCases: number;
  deviceVerdicts: number;
  masterKeysCompared: number;
  disagreements: string[];
  /** Cases where the reference accepted no identity but we still report the published master key. */
  masterKeyOnlyOurs: number;
}
const tally: Tally = {
  realCases: 0,
  tamperedCases: 0,
  deviceVerdicts: 0,
  masterKeysCompared: 0,
  disagreements: [],
  masterKeyOnlyOurs: 0,
};

/** Compares both verdicts on one response; returns the disagreements (also tallied). */
async function compare(label: string, response: Json, userIds: string[]): Promise<string[]> {
  const reference = await referenceVerdicts(response, userIds);
  const found: string[] = [];
  for (const userId of userIds) {
    const ref = reference.get(userId)!;
    const ours = await verifyUserKeysEveryPath(response, userId);
    const oursByDevice = new Map(ours.devices.map((d) => [d.deviceId, d.crossSigned]));
    for (const [deviceId, refVerdict] of ref.devices) {
      tally.deviceVerdicts++;
      const ourVerdict = oursByDevice.get(deviceId) ?? false;
      if (ourVerdict !== refVerdict) {
        found.push(`${label}: ${userId} ${deviceId}: ours ${ourVerdict}, reference ${refVerdict} (${ours.problems.join('; ')})`);
      }
    }
    for (const deviceId of oursByDevice.keys()) {
      if (!ref.devices.has(deviceId)) found.push(`${label}: ${userId} ${deviceId}: listed by us only`);
    }
    if (ref.masterKey !== null) {
      tally.masterKeysCompared++;
      if (ours.masterKey !== ref.masterKey)
        found.push(`${label}: ${userId}: master key ours ${ours.masterKey}, reference ${ref.masterKey}`);
    } else if (ours.masterKey !== null) {
      tally.masterKeyOnlyOurs++;
    }
  }
  tally.disagreements.push(...found);
  return found;
}

// Deterministic ids that look like Element's (ten capital letters), plus awkward ones.
let seed = 7;
function nextRandom(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}
function deviceId(): string {
  return Array.from({ length: 10 }, () => String.fromCharCode(65 + Math.floor(nextRandom() * 26))).join('');
}

function userIdFor(i: number): string {
  const special = [`@bob.o=x/y.${i}:server.example:8448`, `@ünïcode${i}:example.org`, `@carol${i}:[2001:db8::1]`];
  return special[i % 7] ?? `@user${i}:example.org`;
}

let realUsers: RealUser[] = [];
let lateDeviceUsers: RealUser[] = [];
let usurped: Array<{ victim: RealUser; usurper: RealUser }> = [];

beforeAll(async () => {
  const started = performance.now();
  await initReference();
  realUsers = [];
  for (let i = 0; i < REAL_USERS; i++) {
    expect(realUsers.map((u) => u.userId)).not.toContain(userIdFor(i));
    const count = 1 + Math.floor(nextRandom() * 4);
    const ids = Array.from({ length: count }, deviceId);
    if (i === 5) ids.push('__proto__', 'constructor'); // names valibot's record would drop
    realUsers.push(await makeRealUser(userIdFor(i), ids));
  }
  lateDeviceUsers = [];
  for (let i = 0; i < 4; i++) {
    lateDeviceUsers.push(await makeRealUser(`@late${i}:example.org`, [deviceId(), deviceId()], { unsignedDeviceIds: [deviceId()] }));
  }
  usurped = [];
  for (const victim of realUsers.slice(0, 4)) usurped.push({ victim, usurper: await makeUsurpedUser(victim, 'SERVERMADE') });
  const devices = [...realUsers, ...lateDeviceUsers, ...usurped.map((u) => u.usurper)].reduce(
    (n, u) => n + Object.keys(u.devices).length,
    0,
  );
  console.log(
    `matrix-sdk-crypto generated ${realUsers.length + lateDeviceUsers.length + usurped.length} users ` +
      `(${devices} published devices) in ${Math.round(performance.now() - started)} ms`,
  );
}, 60_000);

afterAll(() => {
  console.log(
    `differential summary: ${tally.realCases} real cases, ${tally.tamperedCases} tampered cases; ` +
      `${tally.deviceVerdicts} device verdicts and ` +
      `${tally.masterKeysCompared} master keys compared; ${tally.disagreements.length} disagreements; ` +
      `${tally.masterKeyOnlyOurs} cases where only we name a master key (documented)`,
  );
  for (const line of tally.disagreements) console.log(`  disagreement: ${line}`);
});

/** A tampering a malicious homeserver could apply to one user's entries. */
interface Tampering {
  name: string;
  applies: (user: RealUser) => boolean;
  apply: (response: KeysQueryResponseJson, user: RealUser, other: RealUser) => void;
}

const firstDevice = (user: RealUser) => user.deviceIds[0]!;
const devicesOf = (response: KeysQueryResponseJson, user: RealUser): Json => response.device_keys[user.userId];
const sskKeyId = (user: RealUser) => Object.keys(user.selfSigningKey.keys)[0]!;
const masterKeyId = (user: RealUser) => Object.keys(user.masterKey.keys)[0]!;

/** Signs `object` with `signer`'s self-signing private key, as a forger holding it would. */
function signWithSelfSigningKey(object: Json, signer: RealUser): string {
  const secret = fromBase64(signer.selfSigningSeed, 'forbidden');
  expect(`ed25519:${toBase64(ed25519.getPublicKey(secret), false)}`).toBe(sskKeyId(signer));
  return toBase64(ed25519.sign(signedBytes(object), secret), false);
}

/** A signature by the user's own self-signing key, crafted as no honest signer makes one (see crafted-signatures.ts). */
function craftWithSelfSigningKey(object: Json, user: RealUser, craft: typeof mixedOrderR): string {
  const signer = ed25519Signer(fromBase64(user.selfSigningSeed, 'forbidden'));
  return toBase64(craft(signer, signedBytes(object)), false);
}

const TAMPERINGS: Tampering[] = [
  {
    name: 'device signature corrupted',
    applies: () => true,
    apply: (r, u) => {
      const sigs = devicesOf(r, u)[firstDevice(u)].signatures[u.userId];
      sigs[`ed25519:${firstDevice(u)}`] = corruptSignature(sigs[`ed25519:${firstDevice(u)}`]);
    },
  },
  {
    name: 'device signature removed',
    applies: () => true,
    apply: (r, u) => delete devicesOf(r, u)[firstDevice(u)].signatures[u.userId][`ed25519:${firstDevice(u)}`],
  },
  {
    name: "self-signing key's signature on a device corrupted",
    applies: () => true,
    apply: (r, u) => {
      const sigs = devicesOf(r, u)[firstDevice(u)].signatures[u.userId];
      sigs[sskKeyId(u)] = corruptSignature(sigs[sskKeyId(u)]);
    },
  },
  {
    name: "master key's signature on the self-signing key corrupted",
    applies: () => true,
    apply: (r, u) => {
      const sigs = r.self_signing_keys[u.userId].signatures[u.userId];
      sigs[masterKeyId(u)] = corruptSignature(sigs[masterKeyId(u)]);
    },
  },
  {
    name: "master key swapped for another user's",
    applies: () => true,
    apply: (r, u, other) => (r.master_keys[u.userId] = structuredClone(other.masterKey)),
  },
  {
    name: "master key swapped for another user's, relabelled",
    applies: () => true,
    apply: (r, u, other) => (r.master_keys[u.userId] = { ...structuredClone(other.masterKey), user_id: u.userId }),
  },
  {
    name: "self-signing key swapped for another user's, relabelled",
    applies: () => true,
    apply: (r, u, other) => (r.self_signing_keys[u.userId] = { ...structuredClone(other.selfSigningKey), user_id: u.userId }),
  },
  {
    name: 'self-signing key withheld',
    applies: () => true,
    apply: (r, u) => delete r.self_signing_keys[u.userId],
  },
  {
    name: 'master key withheld',
    applies: () => true,
    apply: (r, u) => delete r.master_keys[u.userId],
  },
  {
    name: "device signed by another user's self-signing key, filed under the owner",
    applies: () => true,
    apply: (r, u, other) => {
      const device = devicesOf(r, u)[firstDevice(u)];
      delete device.signatures[u.userId][sskKeyId(u)];
      device.signatures[u.userId][sskKeyId(other)] = signWithSelfSigningKey(device, other);
    },
  },
  {
    name: "device signed by another user's self-signing key, filed under that user",
    applies: () => true,
    apply: (r, u, other) => {
      const device = devicesOf(r, u)[firstDevice(u)];
      delete device.signatures[u.userId][sskKeyId(u)];
      device.signatures[other.userId] = { [sskKeyId(other)]: signWithSelfSigningKey(device, other) };
    },
  },
  {
    name: "a device's keys served under another device id",
    applies: (u) => u.deviceIds.length >= 2,
    apply: (r, u) => setOwn(devicesOf(r, u), u.deviceIds[1]!, devicesOf(r, u)[firstDevice(u)]),
  },
  {
    name: "a device's keys labelled with another user",
    applies: () => true,
    apply: (r, u, other) => (devicesOf(r, u)[firstDevice(u)].user_id = other.userId),
  },
  {
    name: "a device's Curve25519 key swapped",
    applies: (u) => u.deviceIds.length >= 2,
    apply: (r, u) => {
      const devices = devicesOf(r, u);
      const [a, b] = u.deviceIds as [string, string];
      devices[a].keys[`curve25519:${a}`] = devices[b].keys[`curve25519:${b}`];
    },
  },
  {
    // The self-signing key holder signs with R = [r]B + T (T of order 8): only a cofactored equation accepts it.
    name: 'device cross-signed with a mixed-order R',
    applies: () => true,
    apply: (r, u) => {
      const device = devicesOf(r, u)[firstDevice(u)];
      device.signatures[u.userId][sskKeyId(u)] = craftWithSelfSigningKey(device, u, mixedOrderR);
    },
  },
  {
    // R = the identity, S = k·a: both equations hold; refused for R being of small order.
    name: 'device cross-signed with R = the identity',
    applies: () => true,
    apply: (r, u) => {
      const device = devicesOf(r, u)[firstDevice(u)];
      device.signatures[u.userId][sskKeyId(u)] = craftWithSelfSigningKey(device, u, identityR);
    },
  },
  {
    name: 'unsigned section rewritten (harmless)',
    applies: () => true,
    apply: (r, u) => (devicesOf(r, u)[firstDevice(u)].unsigned = { device_display_name: 'Renamed', extra: { n: 1 } }),
  },
];

describe('differential: verifyUserKeys agrees with matrix-sdk-crypto', () => {
  it('on real users, one response each and all in one response', async () => {
    for (const user of realUsers) {
      expect(await compare(`real ${user.userId}`, responseFor(user), [user.userId])).toEqual([]);
      tally.realCases++;
    }
    expect(
      await compare(
        'all real users at once',
        responseFor(...realUsers),
        realUsers.map((u) => u.userId),
      ),
    ).toEqual([]);
    tally.realCases++;
    // The honest case must be the interesting one: every device cross-signed by both.
    const all = responseFor(...realUsers);
    for (const user of realUsers) expect(verifyUserKeys(all, user.userId).devices.every((d) => d.crossSigned)).toBe(true);
  });

  it('on tampered responses', async () => {
    let applied = 0;
    for (const [t, tampering] of TAMPERINGS.entries()) {
      // Each tampering on three different users, paired with another user to borrow keys from.
      const targets = realUsers.filter((u, i) => tampering.applies(u) && (i + t) % 5 < 3).slice(0, 3);
      for (const user of targets) {
        const other = realUsers[(realUsers.indexOf(user) + 1) % realUsers.length]!;
        const response = responseFor(user);
        tampering.apply(response, user, other);
        expect(await compare(`${tampering.name} (${user.userId})`, response, [user.userId])).toEqual([]);
        const ours = verifyUserKeys(response, user.userId);
        if (!tampering.name.includes('harmless')) expect(ours.problems.length).toBeGreaterThan(0);
        tally.tamperedCases++;
        applied++;
      }
    }
    expect(applied).toBeGreaterThanOrEqual(40);
  });

  it('on devices added after cross-signing and never signed', async () => {
    for (const user of lateDeviceUsers) {
      expect(await compare(`late unsigned device (${user.userId})`, responseFor(user), [user.userId])).toEqual([]);
      const late = verifyUserKeys(responseFor(user), user.userId).devices.find((d) => d.deviceId === user.unsignedDeviceIds[0]);
      expect(late).toEqual({ deviceId: user.unsignedDeviceIds[0], crossSigned: false });
      tally.tamperedCases++;
    }
  });

  it('on an identity the server replaced and signed consistently: same verdicts, new master key', async () => {
    for (const { victim, usurper } of usurped) {
      const response = responseFor(usurper);
      expect(await compare(`identity replaced (${victim.userId})`, response, [victim.userId])).toEqual([]);
      const ours = verifyUserKeys(response, victim.userId);
      // All signatures are valid: only the master key (the identity) betrays the change.
      expect(ours.masterKey).not.toBe(verifyUserKeys(responseFor(victim), victim.userId).masterKey);
      expect(ours.devices.find((d) => d.deviceId === 'SERVERMADE')?.crossSigned).toBe(true);
      tally.tamperedCases++;
    }
  });
});

/**
 * Encoding and labelling edge cases where KeyWatch is strict. The reference
 * turns out to be just as strict on all of them but one (see the next block).
 */
const EDGE_CASES: Array<{ name: string; apply: (r: KeysQueryResponseJson, u: RealUser) => void }> = [
  { name: 'master key usage ["master","self_signing"]', apply: (r, u) => r.master_keys[u.userId].usage.push('self_signing') },
  {
    name: 'self-signing key usage ["self_signing","user_signing"]',
    apply: (r, u) => r.self_signing_keys[u.userId].usage.push('user_signing'),
  },
  {
    name: 'self-signing key holding a second key',
    apply: (r, u) => (r.self_signing_keys[u.userId].keys[`ed25519:${'A'.repeat(43)}`] = 'A'.repeat(43)),
  },
  {
    name: 'master key written with base64 padding',
    apply: (r, u) => {
      const key = Object.values<string>(r.master_keys[u.userId].keys)[0]!;
      r.master_keys[u.userId].keys = { [`ed25519:${key}=`]: `${key}=` };
    },
  },
  {
    name: 'master key id not naming the key',
    apply: (r, u) => (r.master_keys[u.userId].keys = { 'ed25519:MASTER': Object.values<string>(r.master_keys[u.userId].keys)[0]! }),
  },
  {
    name: 'device signature with non-zero trailing base64 bits (same bytes, other spelling)',
    apply: (r, u) => {
      const sigs = devicesOf(r, u)[firstDevice(u)].signatures[u.userId];
      const text: string = sigs[`ed25519:${firstDevice(u)}`];
      const last = BASE64_ALPHABET.indexOf(text.at(-1)!);
      sigs[`ed25519:${firstDevice(u)}`] = text.slice(0, -1) + BASE64_ALPHABET[last | 1];
    },
  },
];
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

describe('differential: strict edge cases', () => {
  it.each(EDGE_CASES)('$name', async ({ name, apply }) => {
    for (const user of [realUsers[7]!, realUsers[12]!]) {
      const response = responseFor(user);
      apply(response, user);
      expect(await compare(`${name} (${user.userId})`, response, [user.userId])).toEqual([]);
      expect(verifyUserKeys(response, user.userId).devices.find((d) => d.deviceId === firstDevice(user))?.crossSigned).toBe(false);
      tally.tamperedCases++;
    }
  });
});

/**
 * Padded base64 signatures: the spec says decoders SHOULD accept padding, and
 * matrix-sdk-crypto does. KeyWatch accepts canonical padding on signatures too
 * (a signature is verified, never compared as an identity), so a server that
 * pads raises no false alarm. Keys stay strictly unpadded (see the edge cases
 * above: a padded master key is refused by both).
 */
describe('padded signatures', () => {
  it('a signature written with base64 padding: both accept it', async () => {
    for (const user of [realUsers[7]!, realUsers[12]!]) {
      const response = responseFor(user);
      const device = firstDevice(user);
      const sigs = devicesOf(response, user)[device].signatures[user.userId];
      sigs[`ed25519:${device}`] += '==';
      sigs[sskKeyId(user)] += '==';
      response.self_signing_keys[user.userId].signatures[user.userId][masterKeyId(user)] += '==';
      expect(await compare(`padded signatures (${user.userId})`, response, [user.userId])).toEqual([]);
      const ours = verifyUserKeys(response, user.userId);
      expect(ours.devices.find((d) => d.deviceId === device)?.crossSigned).toBe(true);
      expect(ours.problems).toEqual([]);
      tally.tamperedCases++;
    }
  });
});

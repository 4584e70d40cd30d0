import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { toBase64 } from '../../../core/encoding';
import { verifyQueriedUsers, verifyUserKeysDetailed } from './cross-signing';
import { verifyUserKeys } from '../testing/verify-user-keys';
import { MAX_DEVICES_PER_USER, MAX_USERS_PER_RESPONSE } from '../shared/limits';
import { corruptSignature, crossSigningKey, deviceKeys, keyPair, responseOf, sign, testUser } from '../testing/keys-query-builder';

const ALICE = '@alice:example.org';
const CAROL = '@carol:example.net';

type Json = Record<string, any>;

function aliceResponse(deviceIds = ['PHONE', 'LAPTOP'], unsigned: string[] = []) {
  const alice = testUser(ALICE, deviceIds, unsigned);
  return { alice, response: responseOf(alice) as Json };
}

function vouches(response: unknown, userId = ALICE) {
  return Object.fromEntries(verifyUserKeysDetailed(response, userId).devices.map((d) => [d.deviceId, d.vouch]));
}

describe('verifyUserKeys: honest users', () => {
  it('returns the master key and every device as cross-signed, with no problem', () => {
    const { alice, response } = aliceResponse();
    expect(verifyUserKeys(response, ALICE)).toEqual({
      masterKey: alice.master.text,
      devices: [
        { deviceId: 'LAPTOP', crossSigned: true },
        { deviceId: 'PHONE', crossSigned: true },
      ],
      problems: [],
    });
  });

  it('has exactly the exported shape', () => {
    const { response } = aliceResponse(['A']);
    const result = verifyUserKeys(response, ALICE);
    expect(Object.keys(result).sort()).toEqual(['devices', 'masterKey', 'problems']);
    expect(Object.keys(result.devices[0]!).sort()).toEqual(['crossSigned', 'deviceId']);
  });

  it('verifies only the requested user among several', () => {
    const alice = testUser(ALICE, ['A']);
    const carol = testUser(CAROL, ['C1', 'C2']);
    const response = responseOf(alice, carol);
    expect(verifyUserKeys(response, CAROL).devices.map((d) => d.deviceId)).toEqual(['C1', 'C2']);
    expect(verifyUserKeys(response, CAROL).masterKey).toBe(carol.master.text);
    const both = verifyQueriedUsers(response, [ALICE, CAROL]);
    expect(both.map((u) => u.masterKey)).toEqual([alice.master.text, carol.master.text]);
  });

  it('ignores the unsigned section, which servers rewrite', () => {
    const { response } = aliceResponse(['A']);
    response.device_keys[ALICE].A.unsigned = { device_display_name: 'renamed by the server', with: { nested: [1.5] } };
    expect(verifyUserKeys(response, ALICE).devices).toEqual([{ deviceId: 'A', crossSigned: true }]);
  });

  it('verifies devices named like Object.prototype members', () => {
    const { response } = aliceResponse(['__proto__', 'constructor', 'prototype', 'toString']);
    const result = verifyUserKeys(JSON.parse(JSON.stringify(response)), ALICE);
    expect(result.devices.map((d) => [d.deviceId, d.crossSigned])).toEqual([
      ['__proto__', true],
      ['constructor', true],
      ['prototype', true],
      ['toString', true],
    ]);
  });
});

describe('verifyUserKeys: devices that are not cross-signed', () => {
  it('reports a device that was never cross-signed as unsigned', () => {
    const { response } = aliceResponse(['OLD', 'GHOST'], ['GHOST']);
    const detail = verifyUserKeysDetailed(response, ALICE);
    expect(vouches(response)).toEqual({ GHOST: 'unsigned', OLD: 'signed' });
    expect(detail.problems).toEqual([`"${ALICE}" device "GHOST": not cross-signed by its owner`]);
  });

  it('refuses a device whose own signature was tampered with', () => {
    const { response } = aliceResponse(['A', 'B']);
    const sigs = response.device_keys[ALICE].A.signatures[ALICE];
    sigs['ed25519:A'] = corruptSignature(sigs['ed25519:A']);
    expect(vouches(response)).toEqual({ A: 'bad-signature', B: 'signed' });
    expect(verifyUserKeys(response, ALICE).problems).toEqual([
      `"${ALICE}" device "A": device signature invalid: the signature does not verify`,
    ]);
  });

  it('refuses a device whose self-signing signature was tampered with', () => {
    const { alice, response } = aliceResponse(['A']);
    const sigs = response.device_keys[ALICE].A.signatures[ALICE];
    const keyId = `ed25519:${alice.selfSigning.text}`;
    sigs[keyId] = corruptSignature(sigs[keyId]);
    expect(vouches(response)).toEqual({ A: 'bad-signature' });
  });

  it('refuses a device whose signed content was changed (a swapped Curve25519 key)', () => {
    const { response } = aliceResponse(['A']);
    response.device_keys[ALICE].A.keys['curve25519:A'] = keyPair('attacker').text;
    const result = verifyUserKeys(response, ALICE);
    expect(result.devices).toEqual([{ deviceId: 'A', crossSigned: false }]);
    expect(result.problems).toHaveLength(2); // both signatures cover the changed key
  });

  it('refuses device keys filed under another device id or user', () => {
    const { response } = aliceResponse(['A', 'B']);
    response.device_keys[ALICE].B = response.device_keys[ALICE].A; // A's keys presented as B
    const detail = verifyUserKeysDetailed(response, ALICE);
    expect(vouches(response)).toEqual({ A: 'signed', B: 'invalid-key' }); // B has no ed25519:B key
    expect(detail.problems.join('\n')).toMatch(/"B": publishes no Ed25519 key/);

    const relabelled = aliceResponse(['A']).response;
    relabelled.device_keys[ALICE].A.user_id = CAROL;
    expect(vouches(relabelled)).toEqual({ A: 'bad-signature' });
    expect(verifyUserKeys(relabelled, ALICE).problems.join('\n')).toMatch(/labelled as "@carol:example.net" device "A"/);
  });

  it("refuses a device signed by another user's self-signing key", () => {
    const carol = testUser(CAROL, []);
    const { response } = aliceResponse(['A', 'B', 'C'], ['A', 'B', 'C']);
    const devices = response.device_keys[ALICE];
    const carolKeyId = `ed25519:${carol.selfSigning.text}`;
    // Under Alice's name, a key that is not her self-signing key: unsigned by her, as a key she replaced would be.
    sign(devices.A, ALICE, carolKeyId, carol.selfSigning);
    sign(devices.B, CAROL, carolKeyId, carol.selfSigning); // under Carol's own name
    expect(vouches(response)).toEqual({ A: 'unsigned', B: 'unsigned', C: 'unsigned' });
    expect(verifyUserKeys(response, ALICE).problems.join('\n')).toMatch(/signed by "ed25519:.*", none of them the self-signing key/);
  });

  it('accepts a signature written with canonical base64 padding, as the spec asks of decoders', () => {
    const { response } = aliceResponse(['A', 'B']);
    const sigs = response.device_keys[ALICE].A.signatures[ALICE];
    sigs['ed25519:A'] += '==';
    const ssk = Object.keys(response.device_keys[ALICE].B.signatures[ALICE]).find((id) => id !== 'ed25519:B')!;
    response.device_keys[ALICE].B.signatures[ALICE][ssk] += '==';
    expect(vouches(response)).toEqual({ A: 'signed', B: 'signed' });
    expect(verifyUserKeys(response, ALICE).problems).toEqual([]);
  });

  it('refuses base64 violations in signatures: wrong padding, padding inside, non-zero trailing bits', () => {
    const misspell: Array<[string, (sig: string) => string, RegExp]> = [
      ['one = too few', (sig) => `${sig}=`, /length is not a multiple of 4/],
      ['three =', (sig) => `${sig}===`, /length is not a multiple of 4|invalid character/],
      ['= inside', (sig) => `${sig.slice(0, 40)}=${sig.slice(41)}`, /invalid character|padding is not allowed/],
      ['trailing bits', (sig) => sig.slice(0, -1) + (sig.at(-1) === 'A' ? 'B' : 'A'), /non-zero trailing bits|does not verify/],
      [
        'trailing bits, padded',
        (sig) => `${sig.slice(0, -1)}${sig.at(-1) === 'A' ? 'B' : 'A'}==`,
        /non-zero trailing bits|does not verify/,
      ],
    ];
    for (const [name, edit, reason] of misspell) {
      const { response } = aliceResponse(['A']);
      const sigs = response.device_keys[ALICE].A.signatures[ALICE];
      sigs['ed25519:A'] = edit(sigs['ed25519:A']);
      expect(vouches(response), name).toEqual({ A: 'bad-signature' });
      expect(verifyUserKeys(response, ALICE).problems.join(), name).toMatch(reason);
    }
  });

  it('still refuses a padded key: a key is an identity and has one spelling', () => {
    const { response } = aliceResponse(['A']);
    const keys = response.device_keys[ALICE].A.keys;
    keys['ed25519:A'] += '=';
    expect(vouches(response)).toEqual({ A: 'invalid-key' });
    expect(verifyUserKeys(response, ALICE).problems.join()).toMatch(/padding is not allowed/);
  });

  it('treats a missing or small-order device key as invalid-key', () => {
    const { response } = aliceResponse(['A', 'B']);
    response.device_keys[ALICE].A.keys['ed25519:A'] = toBase64(
      new Uint8Array(32).fill(0).map((_, i) => (i === 0 ? 1 : 0)),
      false,
    );
    delete response.device_keys[ALICE].B.keys['ed25519:B'];
    expect(vouches(response)).toEqual({ A: 'invalid-key', B: 'invalid-key' });
  });

  it('refuses a device with no self-signature at all', () => {
    const { response } = aliceResponse(['A']);
    delete response.device_keys[ALICE].A.signatures[ALICE]['ed25519:A'];
    expect(vouches(response)).toEqual({ A: 'bad-signature' });
    expect(verifyUserKeys(response, ALICE).problems.join()).toMatch(/no signature by its own device key/);
  });
});

describe('verifyUserKeys: the identity', () => {
  it('keeps the master key but trusts no device when the self-signing key is not signed by it', () => {
    const { alice, response } = aliceResponse(['A', 'B']);
    const sigs = response.self_signing_keys[ALICE].signatures[ALICE];
    const keyId = `ed25519:${alice.master.text}`;
    sigs[keyId] = corruptSignature(sigs[keyId]);
    const detail = verifyUserKeysDetailed(response, ALICE);
    expect(detail.masterKey).toBe(alice.master.text);
    expect(detail.selfSigningKeyVerified).toBe(false);
    expect(detail.identityProblems).toEqual([`"${ALICE}" self-signing key: master-key signature invalid: the signature does not verify`]);
    expect(vouches(response)).toEqual({ A: 'bad-signature', B: 'bad-signature' });
  });

  it('notices a swapped master key: the old self-signing key no longer chains', () => {
    const { response } = aliceResponse(['A']);
    const usurper = keyPair('usurper master');
    response.master_keys[ALICE] = sign(crossSigningKey(ALICE, 'master', usurper), ALICE, `ed25519:${usurper.text}`, usurper);
    const result = verifyUserKeys(response, ALICE);
    expect(result.masterKey).toBe(usurper.text);
    expect(result.devices).toEqual([{ deviceId: 'A', crossSigned: false }]);
    expect(result.problems[0]).toMatch(/carries no signature by the master key/);
  });

  it('refuses a master key that belongs to someone else', () => {
    const carol = testUser(CAROL, []);
    const { response } = aliceResponse(['A']);
    response.master_keys[ALICE] = carol.response.master_keys[CAROL];
    const result = verifyUserKeys(response, ALICE);
    expect(result.masterKey).toBeNull();
    expect(result.problems[0]).toBe(`"${ALICE}" master key: belongs to "${CAROL}", not to this user`);
    expect(result.devices).toEqual([{ deviceId: 'A', crossSigned: false }]);
  });

  const masterVariants: Array<[string, (key: Json) => void, RegExp]> = [
    ['extra usage', (k) => k.usage.push('self_signing'), /usage is \["master","self_signing"\]/],
    ['wrong usage', (k) => (k.usage = ['self_signing']), /expected \["master"\]/],
    ['two keys', (k) => (k.keys['ed25519:other'] = 'x'), /exactly one key, holds 2/],
    ['a key id that does not name the key', (k) => (k.keys = { 'ed25519:MASTER': Object.values(k.keys)[0] }), /does not name its key/],
    [
      'a padded key',
      (k) => (k.keys = Object.fromEntries(Object.entries(k.keys).map(([i, t]) => [`${i}=`, `${t}=`]))),
      /padding is not allowed/,
    ],
    ['a truncated key', (k) => (k.keys = { 'ed25519:AAAA': 'AAAA' }), /expected 32 bytes, got 3/],
    ['no user id', (k) => delete k.user_id, /malformed \(user_id: /],
    ['keys as an array', (k) => (k.keys = ['x']), /malformed \(keys: expected a JSON object\)/],
  ];
  it.each(masterVariants)('refuses a master key with %s', (_name, mutate, message) => {
    const { response } = aliceResponse(['A']);
    mutate(response.master_keys[ALICE]);
    const result = verifyUserKeys(response, ALICE);
    expect(result.masterKey).toBeNull();
    expect(result.problems[0]).toMatch(message);
    expect(result.devices).toEqual([{ deviceId: 'A', crossSigned: false }]);
  });

  it('reports a user with no cross-signing identity, devices unsigned', () => {
    const { response } = aliceResponse(['A'], ['A']);
    delete response.master_keys[ALICE];
    delete response.self_signing_keys[ALICE];
    const detail = verifyUserKeysDetailed(response, ALICE);
    expect(detail.masterKey).toBeNull();
    expect(detail.identityProblems[0]).toMatch(/no cross-signing identity/);
    expect(vouches(response)).toEqual({ A: 'unsigned' });
  });

  it('reports a missing self-signing key', () => {
    const { alice, response } = aliceResponse(['A']);
    delete response.self_signing_keys[ALICE];
    const detail = verifyUserKeysDetailed(response, ALICE);
    expect(detail.masterKey).toBe(alice.master.text);
    expect(detail.identityProblems[0]).toMatch(/self-signing key: none published/);
    expect(vouches(response)).toEqual({ A: 'bad-signature' }); // signed by a key that no longer chains
  });

  it('returns the master key bytes for safety numbers', () => {
    const { alice, response } = aliceResponse(['A']);
    expect(verifyUserKeysDetailed(response, ALICE).masterKeyBytes).toEqual(alice.master.publicKey);
    expect(ed25519.Point.fromBytes(alice.master.publicKey).toBytes()).toEqual(alice.master.publicKey);
  });
});

describe('verifyUserKeys: malformed input never throws', () => {
  const inputs: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['a string', '{"device_keys":{}}'],
    ['an array', []],
    ['device_keys as an array', { device_keys: [] }],
    ['a null user entry', { device_keys: { [ALICE]: null } }],
    ['a class instance', { device_keys: new Map() }],
  ];
  it.each(inputs)('%s gives problems', (_name, input) => {
    const result = verifyUserKeys(input, ALICE);
    expect(result.masterKey).toBeNull();
    expect(result.devices).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
  });

  it('refuses a user id that is not one', () => {
    const { response } = aliceResponse(['A']);
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    } as unknown as string;
    for (const bad of ['alice', '', '@alice', `@${'a'.repeat(300)}:x`, 42 as unknown as string, hostile]) {
      const result = verifyUserKeys(response, bad);
      expect(result.devices).toEqual([]);
      expect(result.problems[0]).toMatch(/is not a Matrix user id/);
    }
  });

  it('survives an input whose getters throw (never a plain JSON value, but still no throw)', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const trap = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom });
    const result = verifyUserKeys(trap, ALICE);
    expect(result).toEqual({ masterKey: null, devices: [], problems: [`"${ALICE}": internal error while verifying: boom`] });
  });

  it('does not verify a user with devices past its bounds: a device left unchecked could be one the client encrypts to', () => {
    const { response } = aliceResponse(['A'], ['A']);
    const template = response.device_keys[ALICE].A;
    for (let i = 1; i < MAX_DEVICES_PER_USER; i++) response.device_keys[ALICE][`D${String(i).padStart(4, '0')}`] = template;
    expect(verifyUserKeys(response, ALICE).devices).toHaveLength(MAX_DEVICES_PER_USER);
    response.device_keys[ALICE]['D9999'] = template;
    const padded = verifyUserKeysDetailed(response, ALICE);
    expect(padded).toMatchObject({ masterKey: null, devices: [] });
    expect(padded.identityProblems).toEqual([`"${ALICE}": not verified: 257 devices listed, more than the 256 KeyWatch checks`]);
    delete response.device_keys[ALICE]['D9999'];
    response.device_keys[ALICE]['x'.repeat(300)] = template;
    expect(verifyUserKeysDetailed(response, ALICE).identityProblems[0]).toMatch(/1 device\(s\) with an id empty or longer than 255/);
  });

  it('bounds the users verified per response', () => {
    const users = Array.from({ length: MAX_USERS_PER_RESPONSE + 2 }, (_, i) => `@u${i}:example.org`);
    const results = verifyQueriedUsers({}, users);
    expect(results).toHaveLength(users.length);
    expect(results.at(-1)!.problems[0]).toMatch(/more than 1000 users/);
    expect(results[0]!.problems[0]).toMatch(/no cross-signing identity/);
  });

  it('refuses a signed object too large to encode, as a bad signature', () => {
    const { response } = aliceResponse(['A']);
    response.device_keys[ALICE].A.padding = 'x'.repeat(70_000);
    expect(vouches(response)).toEqual({ A: 'bad-signature' });
    expect(verifyUserKeys(response, ALICE).problems[0]).toMatch(/no canonical JSON form \(string longer than the canonical JSON limit\)/);
  });

  it('refuses floats inside signed device keys', () => {
    const alice = testUser(ALICE, []);
    const key = keyPair('float device');
    const keys = deviceKeys(ALICE, 'F', key);
    keys.weight = 0.5;
    const response = responseOf(alice) as Json;
    response.device_keys[ALICE] = { F: keys };
    keys.signatures = { [ALICE]: { 'ed25519:F': 'A'.repeat(86) } };
    expect(verifyUserKeys(response, ALICE).problems[0]).toMatch(/floats are not allowed/);
  });
});

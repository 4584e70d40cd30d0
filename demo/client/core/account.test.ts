import { describe, expect, it } from 'vitest';
import { toBase64, utf8 } from '../../../src/core/encoding';
import { generateDeviceKeyPair, generateIdentityKeyPair } from '../../shared/crypto/keys';
import { decodeLinkCode, encodeLinkCode, identityKeys, parseAccount, type Account } from './account';

const identity = generateIdentityKeyPair();
const account: Account = {
  user: 'alice',
  name: 'Alice',
  device: 'd1',
  token: 'T'.repeat(43),
  identitySecret: toBase64(identity.secretKey),
  deviceSecret: toBase64(generateDeviceKeyPair().secretKey),
};

describe('stored accounts', () => {
  it('read back what was stored, and derive the same public keys', () => {
    expect(parseAccount(structuredClone(account))).toEqual(account);
    expect(identityKeys(account).publicKey).toEqual(identity.publicKey);
  });

  it('refuse a damaged record with a reason instead of crashing later', () => {
    expect(() => parseAccount({ ...account, identitySecret: 'short' })).toThrow(/identitySecret/);
    expect(() => parseAccount('alice')).toThrow(/unreadable/);
    expect(() => parseAccount(undefined)).toThrow(/unreadable/);
  });
});

describe('link codes', () => {
  it('carry the user, name and identity secret to the new device', () => {
    const code = encodeLinkCode(account);
    expect(code).toMatch(/^courier-link:/);
    expect(decodeLinkCode(`  ${code}\n`)).toEqual({ user: 'alice', name: 'Alice', identitySecret: account.identitySecret });
  });

  it('refuse anything else with a message a person can act on', () => {
    expect(() => decodeLinkCode('hello')).toThrow(/starts with "courier-link:"/);
    expect(() => decodeLinkCode('courier-link:%%%')).toThrow(/damaged/);
    expect(() => decodeLinkCode(`courier-link:${toBase64(utf8('{"user":"alice"}'))}`)).toThrow(/damaged/);
  });
});

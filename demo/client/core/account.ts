// What one device keeps about its account: ids, its server token and its two
// secret keys. The browser stores it in IndexedDB; the Node test client in memory.

import * as v from 'valibot';
import { fromBase64, toBase64, utf8 } from '../../../src/core/encoding';
import { deviceKeyPairFromSecret, identityKeyPairFromSecret, type KeyPair } from '../../shared/crypto/keys';
import { base64Bytes, describeIssues, displayName, serverId, userId } from '../../shared/wire/primitives';

export const accountSchema = v.object({
  user: userId,
  name: displayName,
  device: serverId,
  token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
  identitySecret: base64Bytes(32),
  deviceSecret: base64Bytes(32),
});
export type Account = v.InferOutput<typeof accountSchema>;

export function identityKeys(account: Account): KeyPair {
  return identityKeyPairFromSecret(fromBase64(account.identitySecret));
}

export function deviceKeys(account: Account): KeyPair {
  return deviceKeyPairFromSecret(fromBase64(account.deviceSecret));
}

/** Reads a stored account; anything else (corrupt or from another version) is an error, not a crash. */
export function parseAccount(value: unknown): Account {
  const parsed = v.safeParse(accountSchema, value);
  if (!parsed.success) throw new Error(`stored account is unreadable: ${describeIssues(parsed.issues)}`);
  return parsed.output;
}

// A link code carries the identity secret key to a new device of the same
// account (as linking a device does in Signal). Whoever has it can add devices.
const LINK_PREFIX = 'courier-link:';
const linkSchema = v.object({ user: userId, name: displayName, identitySecret: base64Bytes(32) });
export type LinkCode = v.InferOutput<typeof linkSchema>;

export function encodeLinkCode(account: Account): string {
  const json = JSON.stringify({ user: account.user, name: account.name, identitySecret: account.identitySecret });
  return LINK_PREFIX + toBase64(utf8(json));
}

export function decodeLinkCode(text: string): LinkCode {
  const trimmed = text.trim();
  if (!trimmed.startsWith(LINK_PREFIX)) throw new Error(`a link code starts with "${LINK_PREFIX}"`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(trimmed.slice(LINK_PREFIX.length)))) as unknown;
  } catch {
    throw new Error('that link code is damaged: copy it again');
  }
  const parsed = v.safeParse(linkSchema, json);
  if (!parsed.success) throw new Error(`that link code is damaged: ${describeIssues(parsed.issues)}`);
  return parsed.output;
}

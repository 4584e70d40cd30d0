// A Matrix user's cross-signing identity from a /keys/query response: the master
// key (the identity itself) and the self-signing key, trusted only when the
// master key signed it.

import * as v from 'valibot';
import { toBase64 } from '../../../core/encoding';
import type { Checks } from '../../../core/signatures/checks';
import { parseEd25519KeyText } from './key-text';
import type { KeysQueryResponse } from '../shared/keys-query-schema';
import { CrossSigningKeySchema, describeIssues, ownMember } from '../shared/keys-query-schema';
import { problemLine, quote } from './problems';
import { SignedObject } from './signatures';
import { wellFormedCrossSigningKey } from './well-formed-keys';

export interface VerifiedIdentity {
  /** The response holds a master key entry for the user at all (false: no cross-signing, as with old clients and many bridges). */
  published: boolean;
  /** The 32-byte master key, when the response holds a well-formed one for this user. */
  masterKey: Uint8Array | null;
  /** The self-signing key, only when it carries a valid signature by masterKey. */
  selfSigningKey: Uint8Array | null;
  problems: string[];
}

type KeyUsage = 'master' | 'self_signing';

interface ReadKey {
  publicKey: Uint8Array;
  signed: SignedObject;
}

export function readIdentity(response: KeysQueryResponse, userId: string, checks: Checks): VerifiedIdentity {
  const problems: string[] = [];
  const report = (what: string, fault: string) => problems.push(problemLine(`${quote(userId)} ${what}`, fault));

  const rawMaster = ownMember(response.master_keys, userId);
  if (rawMaster === undefined) {
    report('master key', 'none published (the user has no cross-signing identity)');
    return { published: false, masterKey: null, selfSigningKey: null, problems };
  }
  const master = readCrossSigningKey(rawMaster, userId, 'master', checks, (fault) => report('master key', fault));
  if (master === null) return { published: true, masterKey: null, selfSigningKey: null, problems };

  const rawSelfSigning = ownMember(response.self_signing_keys, userId);
  if (rawSelfSigning === undefined) {
    report('self-signing key', 'none published, so no device can be cross-signed');
    return { published: true, masterKey: master.publicKey, selfSigningKey: null, problems };
  }
  const selfSigning = readCrossSigningKey(rawSelfSigning, userId, 'self_signing', checks, (fault) => report('self-signing key', fault));
  if (selfSigning === null) return { published: true, masterKey: master.publicKey, selfSigningKey: null, problems };

  const check = selfSigning.signed.check(userId, ed25519KeyId(master.publicKey), master.publicKey);
  if (check.status === 'missing') {
    report('self-signing key', 'carries no signature by the master key');
  } else if (check.status === 'invalid') {
    report('self-signing key', `master-key signature invalid: ${check.reason}`);
  }
  return {
    published: true,
    masterKey: master.publicKey,
    selfSigningKey: check.status === 'valid' ? selfSigning.publicKey : null,
    problems,
  };
}

/** The key id a cross-signing key is known by: "ed25519:" and the key in unpadded base64. */
export function ed25519KeyId(publicKey: Uint8Array): string {
  return `ed25519:${toBase64(publicKey, false)}`;
}

function readCrossSigningKey(
  raw: unknown,
  userId: string,
  usage: KeyUsage,
  checks: Checks,
  report: (fault: string) => void,
): ReadKey | null {
  let key = wellFormedCrossSigningKey(raw);
  if (key === null) {
    const parsed = v.safeParse(CrossSigningKeySchema, raw);
    if (!parsed.success) {
      report(`malformed (${describeIssues(parsed.issues)})`);
      return null;
    }
    key = parsed.output;
  }
  if (key.user_id !== userId) {
    report(`belongs to ${quote(key.user_id)}, not to this user`);
    return null;
  }
  if (key.usage.length !== 1 || key.usage[0] !== usage) {
    report(`usage is ${JSON.stringify(key.usage).slice(0, 120)}, expected ["${usage}"]`);
    return null;
  }
  const publicKey = singleEd25519Key(key.keys, checks, report);
  return publicKey === null ? null : { publicKey, signed: new SignedObject(raw, key.signatures, checks) };
}

/** A cross-signing key holds exactly one key, named "ed25519:" plus the key itself. */
function singleEd25519Key(keys: Record<string, string>, checks: Checks, report: (fault: string) => void): Uint8Array | null {
  const entries = Object.entries(keys);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) {
    report(`must hold exactly one key, holds ${entries.length}`);
    return null;
  }
  const [keyId, text] = entry;
  if (keyId !== `ed25519:${text}`) {
    report(`key id ${quote(keyId)} does not name its key as "ed25519:<key>"`);
    return null;
  }
  try {
    return parseEd25519KeyText(text, 'identity', checks.point);
  } catch (error) {
    report(`invalid key (${(error as Error).message})`);
    return null;
  }
}

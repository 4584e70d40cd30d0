// Verifies Matrix users' cross-signing from a /keys/query response, without
// trusting the homeserver that sent it: master key (the identity), self-signing
// key signed by the master key, devices signed by the self-signing key and by
// themselves. Ed25519 strictly, over canonical JSON. Never throws: every fault in
// the response becomes a problem line.

import * as v from 'valibot';
import { isPlainObject } from '../shared/json';
import { compareCodePoints } from './canonical-json';
import { toBase64 } from '../../../core/encoding';
import { checksNow, type Checks } from '../../../core/signatures/checks';
import type { VerifiedDevice } from './device-verification';
import { verifyDevice } from './device-verification';
import { readIdentity } from './identity';
import type { KeysQueryResponse } from '../shared/keys-query-schema';
import { KeysQueryResponseSchema, describeIssues, ownMember } from '../shared/keys-query-schema';
import { MAX_DEVICES_PER_USER, MAX_ID_LENGTH, MAX_USERS_PER_RESPONSE } from '../shared/limits';
import { problemLine, quote } from './problems';
import { isMatrixUserId } from '../shared/user-id';

export type { VerifiedDevice } from './device-verification';

export interface VerifiedUserKeys {
  userId: string;
  /** A master key was published for the user at all (false: a user without cross-signing). */
  identityPublished: boolean;
  /** Unpadded base64 of the master key, as Matrix writes keys. */
  masterKey: string | null;
  /** The same 32 bytes: the identity key of safety numbers. */
  masterKeyBytes: Uint8Array | null;
  /** True when a self-signing key with a valid master-key signature was found. */
  selfSigningKeyVerified: boolean;
  /** That self-signing key, unpadded base64; null when none was verified. */
  selfSigningKey: string | null;
  /** Faults of the identity itself (master or self-signing key), also listed in problems. */
  identityProblems: string[];
  /** Sorted by device id (code point order). */
  devices: VerifiedDevice[];
  /** Every fault found, one human-readable line each. */
  problems: string[];
}

/**
 * The full verdict for one user, with each device's vouch and key. `checks`
 * decides keys and signatures: computed on the spot by default, or answered
 * from a batch (CheckBatch.run, core/signatures/).
 */
export function verifyUserKeysDetailed(keysQueryResponse: unknown, userId: string, checks: Checks = checksNow): VerifiedUserKeys {
  try {
    if (!isMatrixUserId(userId)) return failed(shownId(userId), 'is not a Matrix user id');
    const parsed = v.safeParse(KeysQueryResponseSchema, keysQueryResponse);
    if (!parsed.success) return failed(userId, `the /keys/query response is malformed (${describeIssues(parsed.issues)})`);
    return verifyParsed(parsed.output, userId, checks);
  } catch (error) {
    // Unreachable by design (the fuzz tests hold it so); kept so the promise "never throws" holds.
    const message = error instanceof Error ? error.message : typeof error;
    return failed(shownId(userId), `internal error while verifying: ${message.slice(0, 200)}`);
  }
}

/**
 * Verifies several users from one response, at most MAX_USERS_PER_RESPONSE of
 * them; the rest get a single problem each and no devices.
 */
export function verifyQueriedUsers(keysQueryResponse: unknown, userIds: readonly string[], checks: Checks = checksNow): VerifiedUserKeys[] {
  return userIds.map((userId, index) => verifyQueriedUser(keysQueryResponse, userId, index, checks));
}

/** The user at `index` of the users asked for from one response (see verifyQueriedUsers). */
export function verifyQueriedUser(keysQueryResponse: unknown, userId: string, index: number, checks: Checks = checksNow): VerifiedUserKeys {
  return index < MAX_USERS_PER_RESPONSE
    ? verifyUserKeysDetailed(keysQueryResponse, userId, checks)
    : failed(userId, `not verified: more than ${MAX_USERS_PER_RESPONSE} users in one response`);
}

function verifyParsed(response: KeysQueryResponse, userId: string, checks: Checks): VerifiedUserKeys {
  const listed = ownMember(response.device_keys, userId);
  const { checked, unchecked } = userDevices(listed);
  // A device left unchecked may be one the client encrypts to, and a server can pad a user's list to push its own
  // device past the bound: the user is not verified at all (as one whose keys are too large to keep), rather than a
  // device going unseen.
  if (unchecked !== null) return failed(userId, `not verified: ${unchecked}`);
  const identity = readIdentity(response, userId, checks);
  const problems = [...identity.problems];
  const devices: VerifiedDevice[] = [];
  for (const [deviceId, raw] of checked) {
    const device = verifyDevice(raw, userId, deviceId, identity.selfSigningKey, checks);
    devices.push(device);
    problems.push(...device.problems);
  }
  if (listed === undefined) problems.push(problemLine(quote(userId), 'the response lists no devices'));
  else if (!isPlainObject(listed)) problems.push(problemLine(quote(userId), 'device_keys entry is not a JSON object'));
  return {
    userId,
    identityPublished: identity.published,
    masterKey: identity.masterKey === null ? null : toBase64(identity.masterKey, false),
    masterKeyBytes: identity.masterKey,
    selfSigningKeyVerified: identity.selfSigningKey !== null,
    selfSigningKey: identity.selfSigningKey === null ? null : toBase64(identity.selfSigningKey, false),
    identityProblems: identity.problems,
    devices,
    problems,
  };
}

/**
 * A user's devices (their device_keys entry) as [device id, raw device keys], in a stable order, and what was left unchecked, said in words
 * (devices whose id is empty or past MAX_ID_LENGTH, devices past MAX_DEVICES_PER_USER); null when nothing was.
 */
function userDevices(map: unknown): { checked: Array<[string, unknown]>; unchecked: string | null } {
  if (!isPlainObject(map)) return { checked: [], unchecked: null };
  // Object.keys, not valibot's record: a device may be named "__proto__" or "constructor".
  const ids = Object.keys(map);
  const usable = ids.filter((id) => id.length > 0 && id.length <= MAX_ID_LENGTH).sort(compareCodePoints);
  const unchecked: string[] = [];
  if (usable.length < ids.length)
    unchecked.push(`${ids.length - usable.length} device(s) with an id empty or longer than ${MAX_ID_LENGTH} characters`);
  if (usable.length > MAX_DEVICES_PER_USER)
    unchecked.push(`${usable.length} devices listed, more than the ${MAX_DEVICES_PER_USER} KeyWatch checks`);
  return { checked: usable.map((id) => [id, map[id]]), unchecked: unchecked.length === 0 ? null : unchecked.join('; ') };
}

/** A printable, bounded form of whatever was passed as a user id. */
function shownId(userId: unknown): string {
  return typeof userId === 'string' ? userId.slice(0, 300) : `(${typeof userId})`;
}

function failed(userId: string, fault: string): VerifiedUserKeys {
  const problem = problemLine(quote(userId), fault);
  return {
    userId,
    identityPublished: true,
    masterKey: null,
    masterKeyBytes: null,
    selfSigningKeyVerified: false,
    selfSigningKey: null,
    identityProblems: [problem],
    devices: [],
    problems: [problem],
  };
}

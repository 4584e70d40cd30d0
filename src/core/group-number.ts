// A whole-group safety number: 60 digits that every member of a conversation
// computes identically from the public roster (stable ids, identity keys and
// their algorithms), whatever order each client lists the members in. Comparing
// it once replaces comparing every pairwise number. Defined in
// docs/safety-numbers.md; the definition there and this code must stay in step.
//
//   record(m)  = u32(len alg) ‖ alg ‖ u32(len id) ‖ id ‖ u32(len key) ‖ key
//   h₁         = SHA-512(DOMAIN ‖ u32(n) ‖ record₁ ‖ … ‖ recordₙ)   (records sorted bytewise)
//   hᵢ₊₁       = SHA-512(hᵢ ‖ DOMAIN)                                (i = 1 … iterations − 1)
//   digits     = twelve 5-byte big-endian chunks of h_iterations, each mod 100000
//
// No SHA-512 input here can equal one of a pairwise number (those start with
// 0x0000 and iterate over 96- or 97-byte inputs; these start with "K" and
// iterate over 95 bytes), and one guess costs the same `iterations` hashes.

import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64, toHex, utf8 } from './encoding';
import type { KeyAlgorithm, ParticipantView } from './roster';
import { DEFAULT_ITERATIONS, MAX_ITERATIONS, MIN_ITERATIONS, digitsOf } from './safety-number';
import { iterateSha512 } from './sha512-block';

export interface GroupMember {
  stableId: Uint8Array;
  identityKey: Uint8Array;
  algorithm: KeyAlgorithm;
}

/** ASCII, 31 bytes: the prefix of the first hash and the suffix of every later one. */
const GROUP_DOMAIN = utf8('KeyWatch group safety number v1');

export type GroupNumberErrorCode = 'no-members' | 'duplicate-member' | 'bad-key' | 'bad-identifier' | 'bad-iterations' | 'missing-key';

export class GroupNumberError extends Error {
  override name = 'GroupNumberError';
  constructor(
    readonly code: GroupNumberErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const GROUP_CACHE_LIMIT = 64;
const groupCache = new Map<string, string>();

/** The group safety number of `members`, in any order; 60 digits. */
export function groupSafetyNumber(members: readonly GroupMember[], options?: { iterations?: number }): { digits: string } {
  const iterations = options?.iterations ?? DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new GroupNumberError('bad-iterations', `iterations must be an integer from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
  }
  const first = sha512(rosterEncoding(members));
  const cacheKey = `${iterations}:${toHex(first)}`;
  let digits = groupCache.get(cacheKey);
  if (digits === undefined) {
    digits = digitsOf(iterateSha512(first, GROUP_DOMAIN, iterations - 1), 12);
    if (groupCache.size >= GROUP_CACHE_LIMIT) groupCache.delete(groupCache.keys().next().value!);
    groupCache.set(cacheKey, digits);
  }
  return { digits };
}

/** DOMAIN ‖ u32(n) ‖ the members' records in ascending byte order. */
export function rosterEncoding(members: readonly GroupMember[]): Uint8Array {
  if (!Array.isArray(members) || members.length === 0) throw new GroupNumberError('no-members', 'a group needs at least one member');
  const records = members.map(memberRecord).sort(compareBytes);
  const ids = new Set<string>();
  for (const member of members) {
    const id = toHex(member.stableId);
    if (ids.has(id)) throw new GroupNumberError('duplicate-member', `stable id ${id} appears more than once`);
    ids.add(id);
  }
  return concatBytes(GROUP_DOMAIN, u32(members.length), ...records);
}

function memberRecord(member: GroupMember): Uint8Array {
  const { stableId, algorithm } = member ?? {};
  if (!(stableId instanceof Uint8Array)) throw new GroupNumberError('bad-identifier', 'a stable id is bytes');
  const key = canonicalKey(member);
  const alg = utf8(algorithm);
  return concatBytes(u32(alg.length), alg, u32(stableId.length), stableId, u32(key.length), key);
}

/** Curve25519 keys always as 0x05 ‖ u (33 bytes), Ed25519 keys as their 32 bytes, so clients agree. */
function canonicalKey({ identityKey: key, algorithm }: GroupMember): Uint8Array {
  if (!(key instanceof Uint8Array)) throw new GroupNumberError('bad-key', 'an identity key is bytes');
  if (algorithm === 'curve25519') {
    if (key.length === 32) return concatBytes(new Uint8Array([0x05]), key);
    if (key.length === 33 && key[0] === 0x05) return key;
    throw new GroupNumberError('bad-key', 'a curve25519 key is 32 bytes, or 33 starting with 0x05');
  }
  if (algorithm === 'ed25519') {
    if (key.length === 32) return key;
    throw new GroupNumberError('bad-key', 'an ed25519 key is 32 bytes');
  }
  throw new GroupNumberError('bad-key', `unknown key algorithm ${JSON.stringify(algorithm)}`);
}

function u32(n: number): Uint8Array {
  return new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * The members of a roster as the group number takes them: stable id as UTF-8,
 * identity key decoded from base64. Every participant must have an identity key;
 * a group number that silently left someone out would vouch for a stranger.
 */
export function groupMembersFromRoster(participants: readonly ParticipantView[]): GroupMember[] {
  const missing = participants.filter((p) => p.identityKey === null).map((p) => p.id);
  if (missing.length > 0) {
    throw new GroupNumberError('missing-key', `no valid identity key for: ${missing.join(', ')}`);
  }
  return participants.map((p) => ({
    stableId: utf8(p.id),
    identityKey: fromBase64(p.identityKey!.key),
    algorithm: p.identityKey!.algorithm,
  }));
}

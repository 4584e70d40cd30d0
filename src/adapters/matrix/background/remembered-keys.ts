// What KeyWatch verified about one Matrix user's keys, kept so that a roster
// can be rebuilt without the response: after a browser restart the client
// sends /members but no /keys/query (its own keys are in IndexedDB), so the
// keys it encrypts to are the ones KeyWatch last saw it receive. Each user's
// part of a /keys/query is verified once, when the response is read; this is
// the verdict, in a small form: the master key, each device's key and
// verdicts, and the lines that say what was wrong. Pure: the background
// stores it (src/background/handlers/matrix-remembered.ts).

import * as v from 'valibot';
import { toBase64 } from '../../../core/encoding';
import { sha256 } from '../../../core/sha256-wasm';
import { DEVICE_VOUCHES, type DeviceVouch } from '../../../core/roster';
import { checksNow, type Checks } from '../../../core/signatures/checks';
import { verifyUserKeysDetailed, type VerifiedUserKeys } from './cross-signing';
import type { UserKeys } from './observed-state';
import { problemLine, quote } from './problems';
import { verifiedUsers } from './verified-users';
import { MAX_USERS_PER_RESPONSE } from '../shared/limits';

/** Problem lines kept per user (the first ones; a count says how many more). */
export const MAX_REMEMBERED_LINES = 20;
const MAX_LINE = 400;

export interface RememberedDevice {
  id: string;
  /** The device's Ed25519 key, unpadded base64 as Matrix writes it; null when unusable. */
  key: string | null;
  vouch: DeviceVouch;
  /** Its own signature and labels hold: a client keeps it (and encrypts to it). */
  selfSigned: boolean;
  /**
   * A client may keep it and encrypt to it: self-signed, or refused only by a check of KeyWatch's own
   * (device-verification.ts). Absent in verdicts kept before it was recorded: then as selfSigned with a usable key.
   */
  keptByClient?: boolean;
  /** It says it is a dehydrated device (MSC3814). */
  dehydrated: boolean;
}

export interface RememberedKeys {
  /** When KeyWatch read and verified them. */
  seenAt: number;
  /** A master key was published at all (false: the user has no cross-signing). */
  identityPublished: boolean;
  /** The verified master key, unpadded base64; null when there is none usable. */
  masterKey: string | null;
  /**
   * The self-signing key the master key signed, unpadded base64; null when none was verified. Absent in verdicts kept
   * before it was recorded. A device is vouched for only by the current one (client-keeps.ts).
   */
  selfSigningKey?: string | null;
  /** What is wrong with the identity (master or self-signing key). */
  identityProblems: string[];
  /** What else was wrong with the user's keys (not about one device: each device has its verdict). */
  problems: string[];
  devices: RememberedDevice[];
  /** The keys served were too large to keep and were not verified: their length in characters. */
  oversized: number | null;
  /**
   * What the verdict was made from (sourceOf: SHA-256 over the verifier's
   * version, the user id and the exact keys text), unpadded base64; absent in
   * records kept before it was recorded. The same keys seen again, also after
   * the worker or the browser restarted, keep this verdict without being
   * verified again.
   */
  source?: string;
}

const line = v.pipe(v.string(), v.maxLength(MAX_LINE + 1));
const lines = v.pipe(v.array(line), v.maxLength(MAX_REMEMBERED_LINES + 1));
const keyText = v.pipe(v.string(), v.length(43));

export const RememberedKeysSchema = v.object({
  seenAt: v.pipe(v.number(), v.minValue(0)),
  identityPublished: v.boolean(),
  masterKey: v.nullable(keyText),
  selfSigningKey: v.optional(v.nullable(keyText)),
  identityProblems: lines,
  problems: lines,
  devices: v.pipe(
    v.array(
      v.object({
        id: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
        key: v.nullable(keyText),
        vouch: v.picklist(DEVICE_VOUCHES),
        selfSigned: v.boolean(),
        keptByClient: v.optional(v.boolean()),
        dehydrated: v.boolean(),
      }),
    ),
    v.maxLength(256),
  ),
  oversized: v.nullable(v.pipe(v.number(), v.minValue(0))),
  source: v.optional(keyText),
});

/** A stored value read back; anything that does not read as remembered keys counts as never seen. */
export function readRemembered(raw: unknown): RememberedKeys | null {
  const parsed = v.safeParse(RememberedKeysSchema, raw);
  return parsed.success ? parsed.output : null;
}

function bounded(all: readonly string[]): string[] {
  const kept = all.slice(0, MAX_REMEMBERED_LINES).map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}…` : l));
  if (all.length > MAX_REMEMBERED_LINES) kept.push(`and ${all.length - MAX_REMEMBERED_LINES} more problem(s)`);
  return kept;
}

/** The verdict on one user, as kept. */
export function rememberVerified(keys: VerifiedUserKeys, seenAt: number): RememberedKeys {
  const deviceLines = new Set(keys.devices.flatMap((d) => d.problems));
  const identityLines = new Set(keys.identityProblems);
  return {
    seenAt,
    identityPublished: keys.identityPublished,
    masterKey: keys.masterKey,
    selfSigningKey: keys.selfSigningKey,
    identityProblems: bounded(keys.identityProblems),
    problems: bounded(keys.problems.filter((l) => !deviceLines.has(l) && !identityLines.has(l))),
    devices: keys.devices.map((d) => ({
      id: d.deviceId,
      key: d.ed25519Key === null ? null : toBase64(d.ed25519Key, false),
      vouch: d.vouch,
      selfSigned: d.selfSigned,
      keptByClient: d.keptByClient,
      dehydrated: d.dehydrated,
    })),
    oversized: null,
  };
}

/**
 * A user a /keys/query response named past the users KeyWatch reads from one response: their keys in it were not
 * read, so what was verified of them before may be out of date. Nothing verified, and why.
 */
export function rememberUnread(userId: string, seenAt: number): RememberedKeys {
  const why = `not verified: the server's answer named more than ${MAX_USERS_PER_RESPONSE} users and this user's keys came past them, unread`;
  return notVerified(userId, why, seenAt, null);
}

/** A user whose keys were too large to keep: nothing verified, and why. */
export function rememberOversized(userId: string, bytes: number, seenAt: number): RememberedKeys {
  return notVerified(userId, `the keys served for this user take ${bytes} bytes, more than KeyWatch keeps; not verified`, seenAt, bytes);
}

/** A user whose keys KeyWatch did not read: no identity, no devices, and the one line that says why. */
function notVerified(userId: string, why: string, seenAt: number, oversized: number | null): RememberedKeys {
  return {
    seenAt,
    identityPublished: true,
    masterKey: null,
    identityProblems: [problemLine(quote(userId), why)],
    problems: [],
    devices: [],
    oversized,
  };
}

/**
 * Bumped whenever the verifier could judge the same keys differently: verdicts
 * made by another version are not reused. Version 3 records the self-signing
 * key: a verdict of version 2 has none, so the same keys seen again are verified
 * again and recorded with it, ahead of any rotation (client-keeps.ts).
 */
export const VERDICT_VERSION = 'KeyWatch Matrix user keys verdict 3';
const utf8 = new TextEncoder();

/** What a verdict on `userId`'s keys text is made from, as kept in `source` (hashed once per text while the worker runs). */
export function sourceOf(userId: string, part: string): string {
  return verifiedUsers.sourceOf(userId, part, () =>
    toBase64(sha256(utf8.encode(`${VERDICT_VERSION}\0${userId.length}:${userId}\0${part}`)), false),
  );
}

/**
 * Verifies each user's part of a /keys/query response (as the observation
 * state keeps them: JSON text of that user's entries, or the size of one too
 * large) into what is remembered of them. `checks` decides keys and signatures
 * (one batch in the background). A user whose keys text is exactly as last
 * time keeps that verdict: from memory while the worker runs
 * (verified-users.ts), else from `kept` (what storage.local holds of them)
 * when its `source` names exactly this text.
 */
export function verifyObservedUsers(
  users: ReadonlyMap<string, UserKeys>,
  seenAt: number,
  checks: Checks = checksNow,
  kept: ReadonlyMap<string, RememberedKeys> = new Map(),
): Map<string, RememberedKeys> {
  const verified = new Map<string, RememberedKeys>();
  for (const [userId, part] of users) {
    if (typeof part !== 'string') {
      verified.set(userId, rememberOversized(userId, part.oversized, seenAt));
      continue;
    }
    const source = sourceOf(userId, part);
    const before = kept.get(userId);
    if (before?.source === source) {
      verified.set(userId, before);
      continue;
    }
    verified.set(userId, { ...rememberVerified(verifyUserPart(userId, part, checks), seenAt), source });
  }
  return verified;
}

/**
 * The kept verdicts of these users when every one of them was made from
 * exactly the keys text at hand; null when any user must be verified (so a
 * batch of checks is needed). Lets an unchanged response skip the checks
 * altogether, even in a worker that has not read its remembered checks yet.
 */
export function keptVerdicts(
  users: ReadonlyMap<string, UserKeys>,
  kept: ReadonlyMap<string, RememberedKeys>,
): Map<string, RememberedKeys> | null {
  const verdicts = new Map<string, RememberedKeys>();
  for (const [userId, part] of users) {
    const before = kept.get(userId);
    if (typeof part !== 'string' || before?.source === undefined || before.source !== sourceOf(userId, part)) return null;
    verdicts.set(userId, before);
  }
  return verdicts;
}

function verifyUserPart(userId: string, part: string, checks: Checks): VerifiedUserKeys {
  const known = verifiedUsers.get(userId, part);
  if (known) return known;
  let response: unknown;
  try {
    response = JSON.parse(part);
  } catch {
    response = null; // the verifier says why
  }
  const before = checks.provisionalAnswers ?? 0;
  const verdict = verifyUserKeysDetailed(response, userId, checks);
  // Only a final verdict (every check answered for real) is kept.
  if ((checks.provisionalAnswers ?? 0) === before) verifiedUsers.set(userId, part, verdict);
  return verdict;
}

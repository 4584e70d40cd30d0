// The verdicts on every user a /keys/query response names, as cheaply as
// what is kept allows: a response seen before (its digest kept, each user's
// verdict still the one made from their part of it) takes those verdicts
// without being parsed; otherwise it is split per user, and each user whose
// keys text is exactly as last time keeps that verdict, the others are
// verified (remembered-keys.ts). Storage is the caller's (the background's
// handlers, or a benchmark's map).

import { keptResponseOf, verdictsOfKeptResponse, type KeptResponse } from './kept-responses';
import { effectOf } from './observation-apply';
import type { UserKeys } from './observed-state';
import { keptVerdicts, type RememberedKeys } from './remembered-keys';
import { responseSourceOf } from './response-source';

export interface KeptVerdicts {
  /** The response kept under this digest, if any. */
  response(source: string): Promise<KeptResponse | null>;
  /** What is kept of these users' keys (those never verified are left out). */
  users(userIds: readonly string[]): Promise<ReadonlyMap<string, RememberedKeys>>;
}

/** Verifies the users whose verdicts could not be kept (one batch of checks). */
export type VerifyUsers = (
  users: ReadonlyMap<string, UserKeys>,
  kept: ReadonlyMap<string, RememberedKeys>,
) => Promise<Map<string, RememberedKeys>>;

export interface KeysResponseVerdicts {
  verified: Map<string, RememberedKeys>;
  failedServers: string[];
  /** Why part of the response could not be read. */
  problems: string[];
  /** The response to keep, now that it was verified; null when it was kept already or cannot be. */
  keep: KeptResponse | null;
}

export async function verdictsOfKeysResponse(text: string, kept: KeptVerdicts, verify: VerifyUsers): Promise<KeysResponseVerdicts> {
  const source = await responseSourceOf(text);
  const seen = source === null ? null : await kept.response(source);
  if (seen !== null) {
    const verified = verdictsOfKeptResponse(seen, await kept.users(seen.users.map(([userId]) => userId)));
    if (verified !== null) return { verified, failedServers: [...seen.failedServers], problems: [], keep: null };
  }
  const effect = effectOf({ kind: 'keys-query', roomId: null, complete: false, body: text });
  const before = effect.users.size === 0 ? new Map<string, RememberedKeys>() : await kept.users([...effect.users.keys()]);
  const verified = keptVerdicts(effect.users, before) ?? (effect.users.size === 0 ? new Map() : await verify(effect.users, before));
  const keep = source === null || effect.problems.length > 0 ? null : keptResponseOf(source, verified, effect.failedServers);
  return { verified, failedServers: effect.failedServers, problems: effect.problems, keep };
}

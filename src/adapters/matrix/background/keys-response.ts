// The verdicts on every user a /keys/query response names, as cheaply as
// what is kept allows: a response seen before (kept-responses.ts, by the
// digest of its text) takes the verdicts kept with it without being parsed;
// otherwise it is split per user, and each user whose
// keys text is exactly as last time keeps that verdict, the others are
// verified (remembered-keys.ts). Storage is the caller's (the background's
// handlers, or a benchmark's map).

import { asClientKeeps, listedKeyMapsOf } from './client-keeps';
import { keptResponseOf, type KeptResponse } from './kept-responses';
import { effectOf } from './observation-apply';
import type { UserKeys } from './observed-state';
import { keptVerdicts, rememberUnread, type RememberedKeys } from './remembered-keys';
import { responseSourceOf } from './response-source';

export interface KeptVerdicts {
  /** The response kept under this digest (with its users' verdicts), if any. */
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
  /** The verdicts are those kept with the very same response. */
  fromKeptResponse: boolean;
  /** The response to keep, now that it was verified; null when it was kept already or cannot be. */
  keep: KeptResponse | null;
}

/** `seenAt`: when the response was read (what a verdict made now records). */
export async function verdictsOfKeysResponse(
  text: string,
  kept: KeptVerdicts,
  verify: VerifyUsers,
  seenAt: number,
): Promise<KeysResponseVerdicts> {
  const source = await responseSourceOf(text);
  const seen = source === null ? null : await kept.response(source);
  if (seen !== null)
    return { verified: new Map(seen.users), failedServers: [...seen.failedServers], problems: [], fromKeptResponse: true, keep: null };
  const effect = effectOf({ kind: 'keys-query', roomId: null, complete: false, body: text });
  const before = effect.users.size === 0 ? new Map<string, RememberedKeys>() : await kept.users([...effect.users.keys()]);
  const verified = keptVerdicts(effect.users, before) ?? (effect.users.size === 0 ? new Map() : await verify(effect.users, before));
  // Each new verdict laid over the one kept, as the client lays a response over what it holds (client-keeps.ts).
  for (const [userId, verdict] of verified) {
    const had = before.get(userId);
    const part = effect.users.get(userId);
    if (had === undefined || verdict === had || typeof part !== 'string') continue;
    const listed = listedKeyMapsOf(part);
    if (listed !== null) verified.set(userId, asClientKeeps(had, verdict, listed));
  }
  // A user named past the bound keeps no verdict from before: their keys may have changed in this very answer (a
  // server can pad it to push them past). Only users with a verdict kept are written: padding costs no storage.
  if (effect.unreadUsers.length > 0)
    for (const userId of (await kept.users(effect.unreadUsers)).keys()) verified.set(userId, rememberUnread(userId, seenAt));
  const keep = source === null || effect.problems.length > 0 ? null : keptResponseOf(source, verified, effect.failedServers);
  return { verified, failedServers: effect.failedServers, problems: effect.problems, fromKeptResponse: false, keep };
}

// The /keys/query responses KeyWatch verified, each by its digest
// (response-source.ts) with the users it named and the source of each user's
// part: the same response seen again, also after the worker or the browser
// restarted, takes each user's kept verdict (remembered-keys.ts) when that
// verdict's source is the one recorded, without parsing or splitting the
// response. A verdict made from anything else (a key changed since, a user
// forgotten) is not used: the response is then read and verified as usual.
// One record per origin, bounded; a damaged one counts as empty.

import * as v from 'valibot';
import { MAX_USERS_PER_RESPONSE } from '../shared/limits';
import { isMatrixUserId } from '../shared/user-id';
import { REMEMBERED_LIMITS, rememberedIndexKey } from './remembered-plan';
import type { RememberedKeys } from './remembered-keys';

export const KEPT_RESPONSE_LIMITS = {
  /** Responses kept per origin, least recently verified first to go. */
  responses: 16,
  /** User entries over all of them: as many users as the origin keeps verdicts of. */
  users: REMEMBERED_LIMITS.users,
  /** Characters over all of them: a 1,000-member room's response takes about 80,000. */
  chars: 512 * 1024,
} as const;

/** After the origin's index key; `#` cannot start a user id, so no user's record has this key. */
export const keptResponsesKey = (origin: string) => `${rememberedIndexKey(origin)}|#responses`;

const digestText = v.pipe(v.string(), v.length(43));

export const KeptResponseSchema = v.object({
  /** The response's digest (responseSourceOf). */
  source: digestText,
  /** [user id, source of that user's verdict], every user the response named. */
  users: v.pipe(
    v.array(
      v.tuple([
        v.pipe(
          v.string(),
          v.check((id: string) => isMatrixUserId(id)),
        ),
        digestText,
      ]),
    ),
    v.minLength(1),
    v.maxLength(MAX_USERS_PER_RESPONSE),
  ),
  /** The servers its `failures` named. */
  failedServers: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(255))), v.maxLength(100)),
});
export type KeptResponse = v.InferOutput<typeof KeptResponseSchema>;

const KeptResponsesSchema = v.pipe(v.array(KeptResponseSchema), v.maxLength(KEPT_RESPONSE_LIMITS.responses));

/** The stored record read back, least recently verified first; anything damaged or unknown counts as none kept. */
export function readKeptResponses(raw: unknown): KeptResponse[] {
  const parsed = v.safeParse(KeptResponsesSchema, raw);
  return parsed.success ? parsed.output : [];
}

/** What is kept after `response` was verified: it becomes the most recent, the oldest go past a bound. */
export function planKeptResponses(kept: readonly KeptResponse[], response: KeptResponse): KeptResponse[] {
  const list = [...kept.filter((r) => r.source !== response.source), response];
  const chars = (r: KeptResponse) => JSON.stringify(r).length;
  let users = list.reduce((n, r) => n + r.users.length, 0);
  let total = list.reduce((n, r) => n + chars(r), 0);
  while (
    list.length > 0 &&
    (list.length > KEPT_RESPONSE_LIMITS.responses || users > KEPT_RESPONSE_LIMITS.users || total > KEPT_RESPONSE_LIMITS.chars)
  ) {
    const gone = list.shift()!;
    users -= gone.users.length;
    total -= chars(gone);
  }
  return list;
}

/** The entry to keep for a response whose every user was verified (each verdict with its source); null when one was not. */
export function keptResponseOf(
  source: string,
  verified: ReadonlyMap<string, RememberedKeys>,
  failedServers: readonly string[],
): KeptResponse | null {
  if (verified.size === 0 || verified.size > MAX_USERS_PER_RESPONSE) return null;
  const users: Array<[string, string]> = [];
  for (const [userId, keys] of verified) {
    if (keys.source === undefined || keys.oversized !== null) return null;
    users.push([userId, keys.source]);
  }
  return v.is(KeptResponseSchema, { source, users, failedServers: [...failedServers] }) ? { source, users, failedServers: [...failedServers] } : null;
}

/**
 * The verdicts of a response seen before, when each user's kept verdict was
 * made from exactly the part recorded for them; null when any was not (or is
 * no longer kept).
 */
export function verdictsOfKeptResponse(
  response: KeptResponse,
  kept: ReadonlyMap<string, RememberedKeys>,
): Map<string, RememberedKeys> | null {
  const verdicts = new Map<string, RememberedKeys>();
  for (const [userId, source] of response.users) {
    const keys = kept.get(userId);
    if (keys?.source !== source || keys.oversized !== null) return null;
    verdicts.set(userId, keys);
  }
  return verdicts;
}

// The /keys/query responses KeyWatch verified, each by its digest
// (response-source.ts) with the verdict on every user it named
// (remembered-keys.ts, each with its source): the same response seen again,
// also after the worker or the browser restarted, takes those verdicts in one
// storage read, without parsing or splitting the response. Any other text (a
// key changed, a byte added) has another digest, and is read and verified as
// usual. The users' own records stay the reference: a response is let go as
// soon as one of its users' records is rewritten or forgotten
// (background/handlers/matrix-remembered.ts), so a response kept names the
// very verdicts its users' records hold. One record per origin, bounded; a
// damaged one counts as empty.

import * as v from 'valibot';
import { MAX_USERS_PER_RESPONSE } from '../shared/limits';
import { isMatrixUserId } from '../shared/user-id';
import { rememberedIndexKey } from './remembered-plan';
import { RememberedKeysSchema, type RememberedKeys } from './remembered-keys';

export const KEPT_RESPONSE_LIMITS = {
  /** Responses kept per origin, least recently verified first to go. */
  responses: 16,
  /** Characters over all of them: a 1,000-member room's response (3 devices each) takes about 450,000. */
  chars: 1024 * 1024,
} as const;

/** After the origin's index key; `#` cannot start a user id, so no user's record has this key. */
export const keptResponsesKey = (origin: string) => `${rememberedIndexKey(origin)}|#responses`;

const digestText = v.pipe(v.string(), v.length(43));

export const KeptResponseSchema = v.object({
  /** The response's digest (responseSourceOf). */
  source: digestText,
  /** [user id, the verdict on their part of it], every user the response named. */
  users: v.pipe(
    v.array(
      v.tuple([
        v.pipe(
          v.string(),
          v.check((id: string) => isMatrixUserId(id)),
        ),
        v.pipe(
          RememberedKeysSchema,
          v.check((keys) => keys.source !== undefined && keys.oversized === null),
        ),
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
  let total = list.reduce((n, r) => n + chars(r), 0);
  while (list.length > 0 && (list.length > KEPT_RESPONSE_LIMITS.responses || total > KEPT_RESPONSE_LIMITS.chars))
    total -= chars(list.shift()!);
  return list;
}

/** The responses that still name exactly their users' kept verdicts, when those users' records were rewritten or let go. */
export function withoutUsers(kept: readonly KeptResponse[], changed: ReadonlySet<string>): KeptResponse[] {
  return kept.filter((response) => !response.users.some(([userId]) => changed.has(userId)));
}

/** The entry to keep for a response whose every user was verified (each verdict with its source); null when one was not. */
export function keptResponseOf(
  source: string,
  verified: ReadonlyMap<string, RememberedKeys>,
  failedServers: readonly string[],
): KeptResponse | null {
  const response = { source, users: [...verified], failedServers: [...failedServers] };
  return v.is(KeptResponseSchema, response) ? response : null;
}

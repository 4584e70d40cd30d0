// What one forwarded observation changes in the remembered state, decided
// without touching storage: the users whose keys it replaces, the rooms it
// updates (as functions of their previous state), aliases it resolves, and
// the account it names. The background reads what it needs, applies, writes.

import { parseJoinedMembersResponse, parseMembersResponse } from './members';
import { isRoomId, type MatrixObservation } from '../shared/observation';
import {
  applyListing,
  applySyncUpdate,
  syncUpdates,
  unreadSyncRooms,
  usersOfKeysQuery,
  type RoomState,
  type UserKeys,
} from './observed-state';
import { clientRefusal } from '../shared/client-refusal';
import { problemLine } from './problems';
import { isMatrixUserId } from '../shared/user-id';
import { isPlainObject } from '../shared/json';
import { ownMember } from '../shared/keys-query-schema';

export interface ObservationEffect {
  users: Map<string, UserKeys>;
  rooms: Map<string, (before: RoomState | null) => RoomState>;
  /** Canonical aliases learnt, alias → room id. */
  aliases: Map<string, string>;
  /** The account the homeserver says the client is logged in as. */
  whoami: string | null;
  /** Servers a /keys/query named in `failures`: the keys of their users did not come. */
  failedServers: string[];
  /** Why nothing could be read, when nothing could. */
  problems: string[];
  /** Users a /keys/query named past the users read from one response (observed-state.ts, usersOfKeysQuery). */
  unreadUsers: string[];
  /**
   * Rooms whose membership this response held but could not be read whole: a listing refused as a whole, or a
   * /sync part with events left unread. What it held may be the current state, and the next response need not repeat it.
   */
  unreadRooms: string[];
}

type Request = Pick<MatrixObservation, 'kind' | 'roomId' | 'complete' | 'asOfEarlierSync' | 'body'>;

/** An observation that changes nothing. */
export function noEffect(): ObservationEffect {
  return {
    users: new Map(),
    rooms: new Map(),
    aliases: new Map(),
    whoami: null,
    failedServers: [],
    problems: [],
    unreadUsers: [],
    unreadRooms: [],
  };
}

export function effectOf(request: Request): ObservationEffect {
  const effect = noEffect();
  if (request.kind === 'view') return effect;
  const body = parseJson(request.body);
  if (body === undefined) {
    effect.problems.push(problemLine(request.kind, 'the forwarded response is not JSON'));
    return effect;
  }
  switch (request.kind) {
    case 'keys-query': {
      // One the client refuses as a whole changes none of the keys it holds: nothing of it is taken either.
      const refusal = clientRefusal(request.body, body);
      if (refusal !== null) {
        effect.problems.push(problemLine('/keys/query', `not read, as the client refuses it: ${refusal}`));
        break;
      }
      const { users, problems, unread } = usersOfKeysQuery(body);
      effect.users = users;
      effect.unreadUsers = unread;
      effect.failedServers = failedServersOf(body);
      effect.problems.push(...problems);
      break;
    }
    case 'members':
    case 'joined-members': {
      const roomId = request.roomId;
      if (!isRoomId(roomId)) {
        effect.problems.push(problemLine(request.kind, 'the listing names no room'));
        break;
      }
      const result = request.kind === 'members' ? parseMembersResponse(body, roomId) : parseJoinedMembersResponse(body);
      // A listing that could not be read at all is not evidence that everyone left.
      const unreadable = result.members.length === 0 && result.problems.length > 0;
      if (result.unread) effect.unreadRooms.push(roomId);
      if (unreadable) effect.problems.push(...result.problems);
      else effect.rooms.set(roomId, (before) => applyListing(before, result, request.complete, request.asOfEarlierSync === true));
      break;
    }
    case 'sync':
      effect.unreadRooms.push(...unreadSyncRooms(body));
      for (const update of syncUpdates(body)) {
        effect.rooms.set(update.roomId, (before) => applySyncUpdate(before, update));
        if (update.members.unread) effect.unreadRooms.push(update.roomId);
        if (update.alias) effect.aliases.set(update.alias, update.roomId);
      }
      break;
    case 'whoami': {
      const userId = typeof body === 'object' && body !== null ? (body as { user_id?: unknown }).user_id : undefined;
      if (isMatrixUserId(userId)) effect.whoami = userId;
      else effect.problems.push(problemLine('whoami', 'no valid user id'));
      break;
    }
  }
  return effect;
}

/** The server names of a /keys/query `failures` map (the content script kept only the names). */
function failedServersOf(body: unknown): string[] {
  const failures = isPlainObject(body) ? ownMember(body, 'failures') : undefined;
  if (!isPlainObject(failures)) return [];
  return Object.keys(failures)
    .filter((name) => name.length > 0 && name.length <= 255)
    .slice(0, 100);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// What the content script tells the background about a Matrix web client:
// one API response the page received (already checked and trimmed to what
// KeyWatch reads), or a change of the open room. Shared by the content script,
// the message schema and the background.

export const OBSERVATION_KINDS = ['keys-query', 'members', 'joined-members', 'sync', 'whoami', 'view'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export interface MatrixObservation {
  kind: ObservationKind;
  /** The room a /members or /joined_members response is about (from its URL); null otherwise. */
  roomId: string | null;
  /** A member listing that names every current member (no filter that hides joined or invited ones). */
  complete: boolean;
  /**
   * A member listing as it was at an earlier sync token (`at=`, as matrix-js-sdk asks after a restart):
   * membership /sync has brought since is newer than it.
   */
  asOfEarlierSync?: boolean;
  /** The response as JSON text, trimmed to the members KeyWatch reads; '' for a view change. */
  body: string;
  /** The room the page shows (a room id or an alias), from its address; null when none is open. */
  openRoom: string | null;
  /** The logged-in user as the web client recorded it in its own storage (Element's mx_user_id). */
  clientUserId: string | null;
  /** This browser's own login (device) as the client recorded it (Element's mx_device_id). */
  clientDeviceId: string | null;
  /** The room the client last showed (Element's mx_last_room_id: the id, also when the address shows an alias). */
  lastRoomId: string | null;
  /**
   * The client's MSC4153 setting, "exclude insecure devices" (Element's labs flag
   * mx_labs_feature_feature_exclude_insecure_devices): it then encrypts only to
   * devices their owner signed.
   */
  excludeInsecureDevices: boolean;
  /** Responses the page received that could not be forwarded (too large, or too many at once). */
  skipped: number;
}

/** Largest body forwarded to the background (after trimming). */
export const MAX_FORWARDED_CHARS = 4 * 1024 * 1024;
/** Room ids, aliases and user ids are at most 255 characters in the spec. */
export const MAX_REF_LENGTH = 255;

/** No whitespace and no control characters (code points below 0x20, and 0x7f). */
function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c === 0x7f || /\s/.test(text[i]!)) return false;
  }
  return true;
}

/** "!opaque:server", or "!hash" from room version 12 on. */
export function isRoomId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 2 && value.length <= MAX_REF_LENGTH && value[0] === '!' && isPrintable(value);
}

/** "#alias:server". */
export function isRoomAlias(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_REF_LENGTH && /^#[^:]+:.+$/s.test(value) && isPrintable(value);
}

export interface ClassifiedUrl {
  kind: Exclude<ObservationKind, 'view'>;
  roomId: string | null;
  complete: boolean;
  asOfEarlierSync?: true;
}

const API_PATH = /^\/_matrix\/client\/(?:v3|r0)\/(?:(keys\/query|sync|account\/whoami)|rooms\/([^/]+)\/(members|joined_members))$/;
const FIXED_KINDS = { 'keys/query': 'keys-query', sync: 'sync', 'account/whoami': 'whoami' } as const;

/** What an API URL (path and query) is, or null when KeyWatch does not read it. */
export function classifyUrl(pathAndQuery: string): ClassifiedUrl | null {
  const queryAt = pathAndQuery.indexOf('?');
  const path = queryAt < 0 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
  const match = API_PATH.exec(path);
  if (!match) return null;
  const [, fixed, encodedRoom, listing] = match;
  if (fixed !== undefined) return { kind: FIXED_KINDS[fixed as keyof typeof FIXED_KINDS], roomId: null, complete: false };
  const roomId = decode(encodedRoom!);
  if (!isRoomId(roomId)) return null;
  if (listing === 'joined_members') return { kind: 'joined-members', roomId, complete: true };
  const query = queryAt < 0 ? '' : pathAndQuery.slice(queryAt);
  const members: ClassifiedUrl = { kind: 'members', roomId, complete: listsEveryMember(query) };
  if (new URLSearchParams(query).has('at')) members.asOfEarlierSync = true;
  return members;
}

/**
 * GET /members names every current member unless a filter hides joined or
 * invited ones (Element asks for not_membership=leave, which hides only the
 * departed). A filtered listing is merged, never taken as the whole room.
 */
function listsEveryMember(query: string): boolean {
  const params = new URLSearchParams(query);
  if (params.has('membership')) return false;
  return params.getAll('not_membership').every((m) => m !== 'join' && m !== 'invite');
}

/** The room an Element-style address shows: "#/room/<room id or alias>[/<event id>][?…]". */
export function openRoomFromHash(hash: string): string | null {
  const match = /^#\/room\/([^/?]+)/.exec(hash);
  if (!match) return null;
  const ref = decode(match[1]!);
  return isRoomId(ref) || isRoomAlias(ref) ? ref : null;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

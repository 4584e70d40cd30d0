// Where a /sync response carries a room's membership and state, in the order
// they apply: the state before the timeline, the timeline, then MSC4222's
// state_after (the state at the end of the timeline, which matrix-js-sdk 43
// always asks for and which then replaces `state`). A member carried only in
// state_after (no timeline event) is a member all the same: the client shows
// them and encrypts to them.

/** MSC4222's section, under its unstable name (what servers send today) and its stable one. */
export const STATE_AFTER_PARTS = ['org.matrix.msc4222.state_after', 'state_after'] as const;

/** The parts of a joined or left room read for membership and room state, in the order they apply. */
export const ROOM_STATE_PARTS = ['state', 'timeline', ...STATE_AFTER_PARTS] as const;

/** Each section of `rooms` and the parts of a room in it that hold membership. */
export const SYNC_SECTIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['join', ROOM_STATE_PARTS],
  ['leave', ROOM_STATE_PARTS],
  ['invite', ['invite_state']],
  ['knock', ['knock_state']],
];

/** The rooms of one /sync read at most, per section (the content script) and in all (the background). */
export const MAX_SYNC_ROOMS = 1000;

/**
 * Added by the content script to a /sync it forwards: the ids of the rooms it held past MAX_SYNC_ROOMS, not read
 * (at most MAX_SYNC_ROOMS of them), and whether there were more. A tab whose room is among them says it was not read.
 */
export const UNREAD_ROOMS = 'keywatch.unread_rooms';
export const MORE_UNREAD_ROOMS = 'keywatch.more_unread_rooms';

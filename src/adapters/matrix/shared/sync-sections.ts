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

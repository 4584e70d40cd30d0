// A member the timeline never announces: the server puts a membership event in
// the room's state with no timeline event. It shows in /members,
// /joined_members and /state always, and in sync only through the section
// named by `via`: 'state_after' (clients using MSC4222, as matrix-js-sdk 43
// does), 'state' (clients without it), or 'members' (never in sync).
// Undo appends a hidden leave through the same channel: state cannot forget,
// but it can be put back to "not a member".

import * as v from 'valibot';
import { forbidden, notFound } from '../errors';
import { appendEvent } from '../room-ops';
import { roomIdParam, userIdParam } from './params';
import type { AttackDefinition } from './definition';

const params = v.object({
  room: roomIdParam,
  user: userIdParam,
  via: v.optional(v.picklist(['state_after', 'state', 'members']), 'state_after'),
  membership: v.optional(v.picklist(['join', 'invite']), 'join'),
});

export const hiddenMember: AttackDefinition<v.InferOutput<typeof params>> = {
  kind: 'hidden-member',
  description: 'add a room member through room state only, with no timeline event',
  params,
  apply(hs, { room: roomId, user, via, membership }) {
    const room = hs.rooms.get(roomId);
    if (!room) throw notFound(`unknown room ${roomId}`);
    const before = room.membershipOf(user);
    if (before === 'join' || before === 'invite') throw forbidden(`${user} is already a member of ${roomId}`);
    const creator = room.stateEvent('m.room.create')!.sender;
    const displayname = hs.accounts.account(user)?.displayName;
    const event = appendEvent(hs, room, {
      type: 'm.room.member',
      sender: membership === 'join' ? user : creator,
      state_key: user,
      content: { membership, ...(displayname ? { displayname } : {}) },
      hidden: via,
    });
    return {
      summary: { room: roomId, user, via, membership, eventId: event.event_id },
      overlay: {},
      undo: () => {
        appendEvent(hs, room, { type: 'm.room.member', sender: user, state_key: user, content: { membership: 'leave' }, hidden: via });
      },
    };
  },
};

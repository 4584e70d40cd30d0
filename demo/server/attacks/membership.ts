// Membership attacks: a participant the server adds without telling the
// members' screens (encrypted to, never shown), and a participant the server
// drops from a conversation on its own.

import * as v from 'valibot';
import { LIMITS } from '../../shared/limits';
import { CourierError } from '../../shared/wire/frames';
import { serverId, userId } from '../../shared/wire/primitives';
import type { AttackDefinition } from './types';

const params = v.object({ conversation: serverId, user: userId });
type MembershipParams = v.InferOutput<typeof params>;

export const addHiddenParticipant: AttackDefinition<MembershipParams> = {
  kind: 'add-hidden-participant',
  params,
  apply({ directory, views }, { conversation, user }) {
    directory.conversation(conversation);
    directory.user(user);
    const current = views.participants(conversation);
    if (current.some((p) => p.user === user)) throw new CourierError('conflict', `@${user} is already in ${conversation}`);
    if (current.length >= LIMITS.participants)
      throw new CourierError('limit-reached', `${conversation} has ${LIMITS.participants} participants`);
    return {
      summary: { conversation, user },
      overlay: {
        participants: (id, list) => (id !== conversation || list.some((p) => p.user === user) ? list : [...list, { user, shown: false }]),
      },
    };
  },
};

export const removeParticipant: AttackDefinition<MembershipParams> = {
  kind: 'remove-participant',
  params,
  apply({ directory, views }, { conversation, user }) {
    directory.conversation(conversation);
    if (!views.participants(conversation).some((p) => p.user === user)) {
      throw new CourierError('not-a-member', `@${user} is not in ${conversation}`);
    }
    return {
      summary: { conversation, user },
      overlay: {
        participants: (id, list) => (id === conversation ? list.filter((p) => p.user !== user) : list),
      },
    };
  },
};

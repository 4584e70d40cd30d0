// /keys/query `failures`: the server answers for a user, or for every user of
// a server, with "could not be reached" instead of their keys, as a homeserver
// does when federation to that server fails. Undo announces the users in
// device_lists.changed so clients ask again.

import * as v from 'valibot';
import { invalidParam } from '../errors';
import { serverOf } from '../ids';
import { serverNameParam, servedTo, userIdParam, viewerParam } from './params';
import type { AttackDefinition } from './definition';

const params = v.object({ user: v.optional(userIdParam), server: v.optional(serverNameParam), viewer: viewerParam });

export const keysFailures: AttackDefinition<v.InferOutput<typeof params>> = {
  kind: 'keys-failures',
  description: "answer /keys/query with `failures` for a user's server instead of their keys (a user, or all users of a server)",
  params,
  apply(hs, { user, server, viewer }) {
    if ((user === undefined) === (server === undefined)) throw invalidParam('give either user or server');
    const failedServer = server ?? serverOf(user!);
    const affected = (userId: string) => (user ? userId === user : serverOf(userId) === server);
    return {
      summary: { user: user ?? null, server: failedServer, viewer: viewer ?? null },
      overlay: { keysFailure: (userId, seenBy) => (affected(userId) && servedTo(viewer, seenBy) ? failedServer : null) },
      undo: () => {
        for (const userId of hs.accounts.users.keys()) if (affected(userId)) hs.keys.markChanged(userId);
      },
    };
  },
};

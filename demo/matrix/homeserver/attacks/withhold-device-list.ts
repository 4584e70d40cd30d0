// Withheld device-list change: sync leaves a user out of `device_lists.changed`
// (and /keys/changes), so clients never ask for that user's keys again and
// miss a new device or a new identity. Undo announces the user once more, as
// an honest server would have.

import * as v from 'valibot';
import { notFound } from '../errors';
import { servedTo, userIdParam, viewerParam } from './params';
import type { AttackDefinition } from './definition';

const params = v.object({ user: userIdParam, viewer: viewerParam });

export const withholdDeviceList: AttackDefinition<v.InferOutput<typeof params>> = {
  kind: 'withhold-device-list',
  description: "leave a user out of device_lists.changed in every sync (or one viewer's)",
  params,
  apply(hs, { user, viewer }) {
    if (!hs.accounts.account(user)) throw notFound(`unknown user ${user}`);
    return {
      summary: { user, viewer: viewer ?? null },
      overlay: { withholdsDeviceListChange: (userId, seenBy) => userId === user && servedTo(viewer, seenBy) },
      undo: () => hs.keys.markChanged(user),
    };
  },
};

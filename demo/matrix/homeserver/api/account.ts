// The small endpoints a client calls at start-up and now and then: versions,
// capabilities, push rules, profile, presence, filters, account data, and the
// answers that say "not here" (no key backup, no TURN server).

import { badJson, forbidden, notFound } from '../errors';
import type { Handler, RequestContext } from '../http/context';

const SPEC_VERSIONS = ['r0.6.1', 'v1.1', 'v1.2', 'v1.3', 'v1.4', 'v1.5', 'v1.6', 'v1.7', 'v1.8', 'v1.9', 'v1.10', 'v1.11', 'v1.12'];

export const versions: Handler = () => ({
  body: { versions: SPEC_VERSIONS, unstable_features: { 'org.matrix.msc3814': true, 'org.matrix.msc4222': true } },
});

export const wellKnown: Handler = (ctx) => ({ body: { 'm.homeserver': { base_url: ctx.baseUrl } } });

export const capabilities: Handler = (ctx) => {
  ctx.auth();
  return {
    body: {
      capabilities: {
        'm.change_password': { enabled: false },
        'm.set_displayname': { enabled: true },
        'm.room_versions': {
          default: '10',
          available: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'].map((v) => [v, 'stable'])),
        },
      },
    },
  };
};

/** No push rules: the spec's five kinds, empty (clients then notify for nothing, which tests do not need). */
export const pushRules: Handler = (ctx) => {
  ctx.auth();
  return { body: { global: { override: [], content: [], room: [], sender: [], underride: [] } } };
};

export const setPresence: Handler = (ctx) => {
  ctx.auth();
  return { body: {} };
};

export const getPresence: Handler = (ctx) => {
  ctx.auth();
  return { body: { presence: 'online' } };
};

export const getProfile: Handler = (ctx) => {
  const account = ctx.hs.accounts.account(ctx.params.userId!);
  if (!account) throw notFound(`no profile for ${ctx.params.userId}`);
  const field = ctx.params.field;
  if (field && field !== 'displayname') throw notFound(`no ${field} in ${account.userId}'s profile`);
  return { body: { displayname: account.displayName } };
};

export const setDisplayName: Handler = (ctx) => {
  const { userId } = ctx.auth();
  if (ctx.params.userId !== userId) throw forbidden('you may change only your own profile');
  const name = ctx.json().displayname;
  if (typeof name !== 'string') throw badJson('displayname must be a string');
  ctx.hs.accounts.account(userId)!.displayName = name;
  return { body: {} };
};

function ownUser(ctx: RequestContext): string {
  const { userId } = ctx.auth();
  if (ctx.params.userId !== userId) throw forbidden(`you are ${userId}, not ${ctx.params.userId}`);
  return userId;
}

export const createFilter: Handler = (ctx) => {
  const userId = ownUser(ctx);
  const filters = ctx.hs.filters.get(userId) ?? [];
  filters.push(ctx.json());
  ctx.hs.filters.set(userId, filters);
  return { body: { filter_id: String(filters.length - 1) } };
};

export const getFilter: Handler = (ctx) => {
  const userId = ownUser(ctx);
  const filter = ctx.hs.filters.get(userId)?.[Number(ctx.params.filterId)];
  if (filter === undefined || !/^\d+$/.test(ctx.params.filterId!)) throw notFound(`no filter ${ctx.params.filterId}`);
  return { body: filter };
};

export const putAccountData: Handler = (ctx) => {
  const userId = ownUser(ctx);
  ctx.hs.accountData.set(userId, ctx.params.roomId ?? null, ctx.params.type!, ctx.json());
  return { body: {} };
};

export const getAccountData: Handler = (ctx) => {
  const userId = ownUser(ctx);
  const content = ctx.hs.accountData.get(userId, ctx.params.roomId ?? null, ctx.params.type!);
  if (!content) throw notFound(`no account data of type ${ctx.params.type}`);
  return { body: content };
};

/** Key backup is not offered: the spec's answer when no backup version exists. */
export const noKeyBackup: Handler = (ctx) => {
  ctx.auth();
  throw notFound('No current backup version');
};

export const noTurnServer: Handler = (ctx) => {
  ctx.auth();
  return { body: {} };
};

export const noThirdPartyProtocols: Handler = (ctx) => {
  ctx.auth();
  return { body: {} };
};

export const joinedRooms: Handler = (ctx) => {
  const { userId } = ctx.auth();
  return {
    body: {
      joined_rooms: ctx.hs.rooms
        .roomsOf(userId)
        .filter((r) => r.membershipOf(userId) === 'join')
        .map((r) => r.id),
    },
  };
};

// The operator's attack controls, over HTTP (documented in docs/courier.md).
// Every route takes and returns JSON; a bad request gets {error: {code, message}}.

import * as v from 'valibot';
import { toBase64 } from '../../src/core/encoding';
import { CourierError, type ErrorCode } from '../shared/wire/frames';
import { describeIssues, displayName, messageText, serverId, userId } from '../shared/wire/primitives';
import type { Attacker } from './attacker';
import { ghostDevice } from './attacks/ghost-device';
import { addHiddenParticipant, removeParticipant } from './attacks/membership';
import { swapIdentity } from './attacks/swap-identity';
import type { ActiveAttack, AttackDefinition } from './attacks/types';
import type { Relay } from './relay';

export interface ApiContext {
  relay: Relay;
  attacker: Attacker;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

type Route = (ctx: ApiContext, body: unknown) => Promise<ApiResponse> | ApiResponse;

const STATUS: Partial<Record<ErrorCode, number>> = {
  'unknown-user': 404,
  'not-found': 404,
  conflict: 409,
  'user-taken': 409,
  'already-member': 409,
  'not-a-member': 409,
  'limit-reached': 409,
  'body-too-large': 413,
};

export function errorResponse(error: CourierError): ApiResponse {
  return { status: STATUS[error.code] ?? 400, body: { error: { code: error.code, message: error.message } } };
}

function parse<T>(schema: v.GenericSchema<unknown, T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new CourierError('bad-args', 'the request body must be a JSON object');
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) throw new CourierError('bad-args', describeIssues(parsed.issues));
  return parsed.output;
}

function describe(attack: ActiveAttack): Record<string, unknown> {
  return { id: attack.id, kind: attack.kind, createdAt: attack.createdAt, ...attack.summary };
}

function applying<P>(definition: AttackDefinition<P>): Route {
  return ({ relay }, body) => ({ status: 201, body: { attack: describe(relay.applyAttack(definition, parse(definition.params, body))) } });
}

const undoParams = v.object({ id: serverId });
const puppetParams = v.object({ user: userId, name: v.optional(displayName) });
const injectParams = v.object({ conversation: serverId, as: userId, text: messageText });

export const attackRoutes: Record<string, Route> = {
  'GET /attack': ({ relay }) => ({
    status: 200,
    body: { attacks: relay.attacks.list().map(describe), operatorKey: toBase64(relay.operator.publicKey) },
  }),

  /** The honest directory and the membership every client is served, for choosing targets. */
  'GET /attack/state': ({ relay }) => ({
    status: 200,
    body: {
      users: [...relay.directory.users.keys()].map((id) => relay.views.honestUser(id)),
      conversations: [...relay.directory.conversations.values()].map((c) => ({
        id: c.id,
        kind: c.kind,
        title: c.title,
        members: c.members,
        participants: relay.views.participants(c.id),
        messages: c.messages.length,
      })),
    },
  }),

  'GET /attack/intercepted': async ({ attacker }) => ({ status: 200, body: { messages: await attacker.intercepted() } }),

  'POST /attack/ghost-device': applying(ghostDevice),
  'POST /attack/swap-identity': applying(swapIdentity),
  'POST /attack/add-hidden-participant': applying(addHiddenParticipant),
  'POST /attack/remove-participant': applying(removeParticipant),

  'POST /attack/undo': ({ relay }, body) => {
    const { id } = parse(undoParams, body);
    const undone = relay.undoAttack(id);
    if (!undone) throw new CourierError('not-found', `no active attack ${id}`);
    return { status: 200, body: { undone: describe(undone) } };
  },

  'POST /attack/undo-all': ({ relay }) => ({ status: 200, body: { undone: relay.undoAllAttacks().map(describe) } }),

  'POST /attack/puppet': ({ attacker }, body) => {
    const { user, name } = parse(puppetParams, body);
    return { status: 201, body: { puppet: attacker.createPuppet(user, name ?? user) } };
  },

  'POST /attack/inject': async ({ attacker }, body) => {
    const { conversation, as, text } = parse(injectParams, body);
    const message = await attacker.inject(conversation, as, text);
    return { status: 201, body: { message: { conversation: message.conversation, seq: message.seq, id: message.envelope.id } } };
  },
};

// One handler per client operation. Each gets arguments already validated
// against its schema and returns that operation's result, or throws a CourierError.

import { fromBase64 } from '../../src/core/encoding';
import { LIMITS } from '../shared/limits';
import { CourierError } from '../shared/wire/frames';
import type { ArgsOf, OpName, ResultOf } from '../shared/wire/operations';
import type { Envelope } from '../shared/wire/records';
import type { Relay } from './relay';
import type { Session } from './sessions';

export interface HandlerContext {
  relay: Relay;
  session: Session;
}

type Handler<O extends OpName> = (ctx: HandlerContext, args: ArgsOf<O>) => ResultOf<O>;

function signedIn(ctx: HandlerContext): { user: string; device: string } {
  if (!ctx.session.auth) throw new CourierError('not-authenticated', 'say hello first');
  return ctx.session.auth;
}

function anonymous(ctx: HandlerContext): void {
  if (ctx.session.auth) throw new CourierError('already-authenticated', 'this connection is signed in already');
}

function requireParticipant(ctx: HandlerContext, conversation: string, user: string): void {
  ctx.relay.directory.conversation(conversation);
  if (!ctx.relay.views.isParticipant(conversation, user)) {
    throw new CourierError('not-a-member', `@${user} is not in conversation ${conversation}`);
  }
}

function checkEnvelope(envelope: Envelope, me: { user: string; device: string }, known: Iterable<string>): void {
  if (envelope.sender.user !== me.user || envelope.sender.device !== me.device) {
    throw new CourierError('bad-envelope', 'the envelope must name this connection as its sender');
  }
  for (const id of known) if (id === envelope.id) throw new CourierError('bad-envelope', `message ${envelope.id} was sent already`);
  const copies = new Set(envelope.recipients.map((r) => `${r.user}/${r.device}`));
  if (copies.size !== envelope.recipients.length) throw new CourierError('bad-envelope', 'a device is listed twice among the recipients');
}

export const handlers: { [O in OpName]: Handler<O> } = {
  register(ctx, args) {
    anonymous(ctx);
    const { directory } = ctx.relay;
    directory.createUser(args.user, args.name, fromBase64(args.identityKey));
    try {
      return directory.addSignedDevice(args.user, fromBase64(args.deviceKey), fromBase64(args.deviceSignature));
    } catch (error) {
      directory.users.delete(args.user);
      throw error;
    }
  },

  'link-device'(ctx, args) {
    anonymous(ctx);
    return ctx.relay.directory.addSignedDevice(args.user, fromBase64(args.deviceKey), fromBase64(args.deviceSignature));
  },

  hello(ctx, args) {
    anonymous(ctx);
    if (!ctx.relay.directory.authenticate(args.user, args.device, args.token)) {
      throw new CourierError('bad-credentials', 'unknown device or wrong token (the server may have been restarted)');
    }
    ctx.session.auth = { user: args.user, device: args.device };
    return { user: args.user, device: args.device };
  },

  'create-conversation'(ctx, args) {
    const me = signedIn(ctx);
    return { conversation: ctx.relay.directory.createConversation(me.user, args.kind, args.title, args.members).id };
  },

  'add-member'(ctx, args) {
    const me = signedIn(ctx);
    requireParticipant(ctx, args.conversation, me.user);
    ctx.relay.directory.addMember(args.conversation, args.user);
    return {};
  },

  leave(ctx, args) {
    ctx.relay.directory.leave(args.conversation, signedIn(ctx).user);
    return {};
  },

  history(ctx, args) {
    const me = signedIn(ctx);
    requireParticipant(ctx, args.conversation, me.user);
    const entries = ctx.relay.directory.conversation(args.conversation).messages.filter((m) => !m.hiddenFrom.has(me.user));
    return { messages: entries.slice(-LIMITS.historyServed).map((m) => m.message) };
  },

  send(ctx, { envelope }) {
    const me = signedIn(ctx);
    requireParticipant(ctx, envelope.conversation, me.user);
    const conversation = ctx.relay.directory.conversation(envelope.conversation);
    checkEnvelope(
      envelope,
      me,
      conversation.messages.map((m) => m.message.envelope.id),
    );
    const entry = ctx.relay.directory.appendMessage(envelope.conversation, (seq, sentAt) => ({
      conversation: envelope.conversation,
      seq,
      sentAt,
      envelope,
    }));
    ctx.relay.deliver(entry);
    return { seq: entry.message.seq };
  },

  'remove-device'(ctx) {
    const me = signedIn(ctx);
    ctx.relay.directory.removeDevice(me.user, me.device);
    return {};
  },
};

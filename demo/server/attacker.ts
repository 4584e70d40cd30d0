// The malicious operator's side of the server: accounts whose keys it holds
// (puppets), reading whatever was encrypted to a key it holds, and writing
// messages in a victim's name where an identity swap makes that pass.
// Nothing here is used by the honest relay.

import { fromBase64, toBase64 } from '../../src/core/encoding';
import { openWithKey, sealEnvelope } from '../shared/crypto/envelope';
import { generateDeviceKeyPair, generateIdentityKeyPair, signDeviceKey } from '../shared/crypto/keys';
import { CourierError } from '../shared/wire/frames';
import type { StoredMessage } from '../shared/wire/records';
import type { HeldKey, Impersonation } from './attacks/types';
import type { Relay } from './relay';

export interface InterceptedMessage {
  conversation: string;
  seq: number;
  sentAt: number;
  sender: { user: string; device: string };
  text: string;
  /** The recipient copy the attacker opened, and how it came by that key. */
  readAs: { user: string; device: string; source: string };
}

interface Puppet {
  identity: Impersonation['identity'];
  device: string;
  keys: HeldKey;
}

export class Attacker {
  private readonly puppets = new Map<string, Puppet>();

  constructor(private readonly relay: Relay) {}

  /** Registers an ordinary-looking account whose secret keys the attacker keeps. */
  createPuppet(user: string, name: string): { user: string; device: string; identityKey: string } {
    const identity = generateIdentityKeyPair();
    const device = generateDeviceKeyPair();
    this.relay.directory.createUser(user, name, identity.publicKey);
    const { device: deviceId } = this.relay.directory.addSignedDevice(
      user,
      device.publicKey,
      signDeviceKey(identity.secretKey, device.publicKey),
    );
    this.puppets.set(user, { identity, device: deviceId, keys: { user, device: deviceId, ...device, source: 'puppet' } });
    this.relay.publish();
    return { user, device: deviceId, identityKey: toBase64(identity.publicKey) };
  }

  heldKeys(): HeldKey[] {
    return [...this.relay.attacks.heldKeys(), ...[...this.puppets.values()].map((p) => p.keys)];
  }

  /** Every stored message with a recipient copy the attacker can open. */
  async intercepted(): Promise<InterceptedMessage[]> {
    const keys = new Map(this.heldKeys().map((k) => [toBase64(k.publicKey), k]));
    const found: InterceptedMessage[] = [];
    for (const conversation of this.relay.directory.conversations.values()) {
      for (const { message } of conversation.messages) {
        const opened = await this.open(message, keys);
        if (opened) found.push(opened);
      }
    }
    return found;
  }

  private async open(message: StoredMessage, keys: Map<string, HeldKey>): Promise<InterceptedMessage | null> {
    const { envelope } = message;
    for (const entry of envelope.recipients) {
      const key = keys.get(entry.deviceKey);
      if (!key) continue;
      const result = await openWithKey(envelope, entry, key.secretKey);
      if (result.ok) {
        return {
          conversation: message.conversation,
          seq: message.seq,
          sentAt: message.sentAt,
          sender: envelope.sender,
          text: result.text,
          readAs: { user: entry.user, device: entry.device, source: key.source },
        };
      }
    }
    return null;
  }

  /**
   * Sends `text` into a conversation in `as`'s name, signed with a key the other
   * participants are served as `as`'s identity. The claimed sender's own devices never see it.
   */
  async inject(conversationId: string, as: string, text: string): Promise<StoredMessage> {
    const { directory, views } = this.relay;
    directory.conversation(conversationId);
    const participants = views.participants(conversationId).map((p) => p.user);
    if (!participants.includes(as)) throw new CourierError('not-a-member', `@${as} is not in ${conversationId}`);
    const others = participants.filter((p) => p !== as);
    const puppet = this.puppets.get(as);
    const impersonation = puppet
      ? { identity: puppet.identity, device: puppet.device }
      : this.relay.attacks.impersonation(as, others[0] ?? '');
    if (!impersonation) {
      throw new CourierError(
        'conflict',
        `the attacker holds no identity key that @${as}'s correspondents accept: swap @${as}'s identity first, or use a puppet`,
      );
    }
    // Each participant's devices as that participant itself is served them: those are the keys it can read with.
    const recipients = others.flatMap((user) =>
      views.user(user, user).devices.map((d) => ({ user, device: d.id, key: fromBase64(d.key) })),
    );
    if (recipients.length === 0) throw new CourierError('conflict', 'nobody else in that conversation has a device');
    const envelope = await sealEnvelope({
      conversation: conversationId,
      sender: { user: as, device: impersonation.device },
      senderIdentitySecret: impersonation.identity.secretKey,
      text,
      recipients,
    });
    const hiddenFrom = new Set(puppet ? [] : [as]);
    const entry = directory.appendMessage(
      conversationId,
      (seq, sentAt) => ({ conversation: conversationId, seq, sentAt, envelope }),
      hiddenFrom,
    );
    this.relay.deliver(entry);
    this.relay.publish();
    return entry.message;
  }
}

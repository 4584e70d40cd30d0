// The server's core: the honest directory, the attacks laid over it, and the
// connections it pushes changes to. The relay handles only ciphertext; the
// attacker (attacker.ts) is the one part that ever decrypts anything.

import { generateIdentityKeyPair, type KeyPair } from '../shared/crypto/keys';
import { Directory, type MessageEntry } from './directory';
import { AttackRegistry } from './attacks/registry';
import type { ActiveAttack, AttackDefinition } from './attacks/types';
import { DEVICE_REMOVED_CODE } from '../shared/wire/close-codes';
import { SessionHub } from './sessions';
import { Views } from './views';

export class Relay {
  readonly directory: Directory;
  readonly attacks: AttackRegistry;
  readonly views: Views;
  readonly hub = new SessionHub();
  /** The operator's own signing key: what a server would sign a ghost device with. */
  readonly operator: KeyPair = generateIdentityKeyPair();

  constructor(now: () => number = Date.now) {
    this.directory = new Directory(now);
    this.attacks = new AttackRegistry(now);
    this.views = new Views(this.directory, this.attacks);
  }

  /** Pushes a fresh state to every connection whose view changed. */
  publish(): void {
    for (const session of this.hub.authenticated()) {
      const { user, device } = session.auth!;
      if (!this.directory.users.get(user)?.devices.some((d) => d.id === device)) {
        session.socket.close(DEVICE_REMOVED_CODE, 'this device was removed from the account');
        this.hub.close(session);
        continue;
      }
      const frame = JSON.stringify({ type: 'state', state: this.views.state(session.auth!) });
      if (frame === session.lastState) continue;
      session.lastState = frame;
      if (session.socket.readyState === session.socket.OPEN) session.socket.send(frame);
    }
  }

  /** Sends a new message to the connected devices of every participant it is not hidden from. */
  deliver(entry: MessageEntry): void {
    const { conversation } = entry.message;
    for (const session of this.hub.authenticated()) {
      const { user } = session.auth!;
      if (entry.hiddenFrom.has(user) || !this.views.isParticipant(conversation, user)) continue;
      this.hub.send(session, { type: 'message', message: entry.message });
    }
  }

  applyAttack<P>(definition: AttackDefinition<P>, params: P): ActiveAttack {
    const applied = definition.apply({ directory: this.directory, views: this.views, operator: this.operator }, params);
    const attack = this.attacks.add(definition.kind, applied);
    this.publish();
    return attack;
  }

  undoAttack(id: string): ActiveAttack | null {
    const undone = this.attacks.undo(id);
    if (undone) this.publish();
    return undone;
  }

  undoAllAttacks(): ActiveAttack[] {
    const undone = this.attacks.undoAll();
    this.publish();
    return undone;
  }
}

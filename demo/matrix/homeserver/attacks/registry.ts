// The attacks in force, in the order they were applied; what the server
// serves is the honest data passed through each one's overlay.

import type { KeyObject, UserKeys } from '../state/keys';
import type { ActiveAttack, AppliedAttack } from './types';

export class AttackRegistry {
  private active: ActiveAttack[] = [];
  private nextId = 1;

  add(kind: string, applied: AppliedAttack): ActiveAttack {
    const attack: ActiveAttack = { id: `a${this.nextId++}`, kind, createdAt: Date.now(), ...applied };
    this.active.push(attack);
    return attack;
  }

  undo(id: string): ActiveAttack | null {
    const attack = this.active.find((a) => a.id === id);
    if (!attack) return null;
    this.active = this.active.filter((a) => a !== attack);
    attack.undo?.();
    return attack;
  }

  /** Undoes every attack, newest first (so each undo finds the world its apply left). */
  undoAll(): ActiveAttack[] {
    return [...this.active].reverse().map((a) => this.undo(a.id)!);
  }

  list(): readonly ActiveAttack[] {
    return this.active;
  }

  userKeys(userId: string, viewer: string, keys: UserKeys): UserKeys {
    return this.active.reduce((k, a) => a.overlay.userKeys?.(userId, viewer, k) ?? k, keys);
  }

  keysFailure(userId: string, viewer: string): string | null {
    for (const attack of this.active) {
      const server = attack.overlay.keysFailure?.(userId, viewer);
      if (server) return server;
    }
    return null;
  }

  claim(userId: string, deviceId: string, algorithm: string): Record<string, KeyObject> | null {
    for (const attack of this.active) {
      const key = attack.overlay.claim?.(userId, deviceId, algorithm);
      if (key) return key;
    }
    return null;
  }

  withholdsDeviceListChange(userId: string, viewer: string): boolean {
    return this.active.some((a) => a.overlay.withholdsDeviceListChange?.(userId, viewer));
  }
}

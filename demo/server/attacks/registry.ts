// The attacks in force, in the order they were applied. Keys an undone attack
// handed the attacker stay held: undoing changes what is served, not what was stolen.

import type { ParticipantRecord, UserRecord } from '../../shared/wire/records';
import type { ActiveAttack, AppliedAttack, HeldKey, Impersonation } from './types';

export class AttackRegistry {
  private active: ActiveAttack[] = [];
  private retiredKeys: HeldKey[] = [];
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  add(kind: string, applied: AppliedAttack): ActiveAttack {
    const attack: ActiveAttack = { id: `a${this.nextId++}`, kind, createdAt: this.now(), ...applied };
    this.active.push(attack);
    return attack;
  }

  undo(id: string): ActiveAttack | null {
    const attack = this.active.find((a) => a.id === id);
    if (!attack) return null;
    this.retiredKeys.push(...(attack.overlay.heldKeys?.() ?? []));
    this.active = this.active.filter((a) => a !== attack);
    return attack;
  }

  undoAll(): ActiveAttack[] {
    const undone = [...this.active];
    for (const attack of undone) this.undo(attack.id);
    return undone;
  }

  list(): readonly ActiveAttack[] {
    return this.active;
  }

  renderUser(record: UserRecord, viewer: string): UserRecord {
    return this.active.reduce((r, a) => a.overlay.user?.(r, viewer) ?? r, record);
  }

  renderParticipants(conversation: string, participants: ParticipantRecord[]): ParticipantRecord[] {
    return this.active.reduce((list, a) => a.overlay.participants?.(conversation, list) ?? list, participants);
  }

  heldKeys(): HeldKey[] {
    return [...this.retiredKeys, ...this.active.flatMap((a) => a.overlay.heldKeys?.() ?? [])];
  }

  impersonation(user: string, viewer: string): Impersonation | null {
    for (const attack of this.active) {
      const found = attack.overlay.impersonate?.(user, viewer);
      if (found) return found;
    }
    return null;
  }
}

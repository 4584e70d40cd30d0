// What an attack is: an overlay on the honest directory. The server renders every
// view as honest state plus the active overlays, so undoing an attack is just
// dropping its overlay, and attacks compose in the order they were applied.

import type * as v from 'valibot';
import type { KeyPair } from '../../shared/crypto/keys';
import type { ParticipantRecord, UserRecord } from '../../shared/wire/records';
import type { Directory } from '../directory';
import type { Views } from '../views';

/** A device secret key the attacker holds. */
export interface HeldKey {
  user: string;
  device: string;
  publicKey: Uint8Array;
  secretKey: Uint8Array;
  /** Which attack (or puppet account) gave the attacker this key. */
  source: string;
}

/** An identity key the attacker can sign with where victims expect `user`'s. */
export interface Impersonation {
  identity: KeyPair;
  device: string;
}

export interface Overlay {
  /** Rewrites a user's directory record as `viewer` is served it. */
  user?(record: UserRecord, viewer: string): UserRecord;
  /** Rewrites a conversation's participant list (the same for every viewer). */
  participants?(conversation: string, participants: ParticipantRecord[]): ParticipantRecord[];
  heldKeys?(): HeldKey[];
  /** How to pass as `user` in `viewer`'s eyes, when this attack makes that possible. */
  impersonate?(user: string, viewer: string): Impersonation | null;
}

export interface AttackWorld {
  directory: Directory;
  views: Views;
  /** The server operator's own Ed25519 key (signs ghost devices "by the server"). */
  operator: KeyPair;
}

export interface AppliedAttack {
  /** JSON-safe description for GET /attack, including any secret the attacker now holds. */
  summary: Record<string, unknown>;
  overlay: Overlay;
}

export interface AttackDefinition<P> {
  kind: string;
  params: v.GenericSchema<unknown, P>;
  apply(world: AttackWorld, params: P): AppliedAttack;
}

export interface ActiveAttack extends AppliedAttack {
  id: string;
  kind: string;
  createdAt: number;
}

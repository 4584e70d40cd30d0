// What an attack is: an overlay on what the honest server serves, plus, for
// attacks that must write (a hidden membership is room state), an undo. The
// server renders /keys/query, /keys/claim and sync's device lists as honest
// data with every active overlay applied in order, so undoing is dropping one.

import type { KeyObject, UserKeys } from '../state/keys';

export interface Overlay {
  /** Rewrites `userId`'s keys as `viewer`'s /keys/query is served them (`keys` is a copy). */
  userKeys?(userId: string, viewer: string, keys: UserKeys): UserKeys;
  /** A server name to report in /keys/query `failures` instead of answering for `userId`, or null. */
  keysFailure?(userId: string, viewer: string): string | null;
  /** A key to hand out in /keys/claim for a device the honest store has no key for. */
  claim?(userId: string, deviceId: string, algorithm: string): Record<string, KeyObject> | null;
  /** Whether `viewer`'s sync leaves `userId` out of `device_lists.changed`. */
  withholdsDeviceListChange?(userId: string, viewer: string): boolean;
}

export interface AppliedAttack {
  /** JSON-safe description for the listing, including any secret key the attacker holds. */
  summary: Record<string, unknown>;
  overlay: Overlay;
  /** What undoing must do besides dropping the overlay (tell the clients, restore state). */
  undo?(): void;
}

export interface ActiveAttack extends AppliedAttack {
  id: string;
  kind: string;
  createdAt: number;
}

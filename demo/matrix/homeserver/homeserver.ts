// The whole in-memory world of the homeserver: accounts, keys, rooms, queues,
// and the attacks in force. HTTP handlers (api/, admin/) read and change it;
// nothing here knows about HTTP.

import { AttackRegistry } from './attacks/registry';
import type { AgreementKey, SigningKey } from './crypto/keys';
import { serverOf } from './ids';
import { Accounts } from './state/accounts';
import { AccountData } from './state/account-data';
import { KeyStore } from './state/keys';
import { HeldResponses } from './state/held-responses';
import { RequestLog } from './state/request-log';
import { Rooms } from './state/rooms';
import { Stream } from './state/stream';
import { ToDeviceQueues } from './state/to-device';
import { UiaSessions } from './state/uia';

/** Private keys the server holds for accounts it made itself (admin API): it signs for them. */
export interface ServerHeldKeys {
  master: SigningKey | null;
  selfSigning: SigningKey | null;
  userSigning: SigningKey | null;
  devices: Map<string, { ed25519: SigningKey; curve25519: AgreementKey }>;
}

export class Homeserver {
  readonly stream = new Stream();
  readonly accounts: Accounts;
  readonly keys = new KeyStore(this.stream);
  readonly rooms = new Rooms();
  readonly toDevice = new ToDeviceQueues(this.stream);
  readonly accountData = new AccountData(this.stream);
  readonly attacks = new AttackRegistry();
  readonly uia = new UiaSessions();
  readonly requests = new RequestLog();
  /** Responses a test holds back (in-process only). */
  readonly held = new HeldResponses();
  readonly filters = new Map<string, unknown[]>();
  readonly heldKeys = new Map<string, ServerHeldKeys>();

  constructor(readonly serverName: string) {
    this.accounts = new Accounts(serverName);
  }

  /**
   * The server names this process answers for: its own, and any other name an
   * account was made under by the admin API (one process plays a small
   * federation). Users on any other server are unreachable.
   */
  serves(server: string): boolean {
    if (server === this.serverName) return true;
    for (const userId of this.accounts.users.keys()) if (serverOf(userId) === server) return true;
    return false;
  }

  /**
   * Users who share a room with `userId` at `position` (now when omitted): the
   * joined and invited members of every room `userId` is joined to there. Whose
   * device-list changes `userId`'s sync reports.
   */
  usersSharingRoomsWith(userId: string, position = Infinity): Set<string> {
    const shared = new Set<string>();
    for (const room of this.rooms.roomsOf(userId)) {
      if (room.membershipOf(userId, position) !== 'join') continue;
      for (const [member, membership] of room.memberships(position)) {
        if (member !== userId && (membership === 'join' || membership === 'invite')) shared.add(member);
      }
    }
    return shared;
  }

  /** Removes a device, its keys, its tokens and its queue, and tells everyone who shares a room. */
  deleteDevice(userId: string, deviceId: string): boolean {
    const existed = this.accounts.deleteDevice(userId, deviceId);
    const hadKeys = this.keys.deviceKeysOf(userId, deviceId) !== undefined;
    this.keys.deleteDevice(userId, deviceId);
    this.toDevice.forget(userId, deviceId);
    this.heldKeys.get(userId)?.devices.delete(deviceId);
    if (hadKeys) this.keys.markChanged(userId);
    return existed;
  }
}

// Rooms made by the admin API: an encrypted room with a creator (a real client
// user or a server-made one) and any number of members, made as their own
// clients would (invite, then join), with server-made members when asked for a
// count. A 1,000-member room takes about a second.

import { invalidParam, notFound } from '../errors';
import type { Homeserver } from '../homeserver';
import { appendEvent, createRoom, invite, join } from '../room-ops';
import type { Room } from '../state/rooms';
import { makeUser, type MadeUser } from './server-users';

export interface PopulateOptions {
  creator: string;
  name?: string;
  /** The local part of an alias to give the room (#part:server). */
  alias?: string;
  /** Encrypted with m.megolm.v1.aes-sha2 (default true). */
  encrypted?: boolean;
  /** Existing users to add as joined members. */
  members?: string[];
  /** Existing users to leave invited. */
  invited?: string[];
  /** How many server-made members to create and join (each with a device and cross-signing). */
  generatedMembers?: number;
  /** Local-part prefix of the generated members (default "member"). */
  generatedPrefix?: string;
  /** Messages in the timeline after the joins, sent by generated or listed members in turn (plain text). */
  messages?: number;
}

export interface PopulatedRoom {
  roomId: string;
  alias: string | null;
  members: string[];
  invited: string[];
  generated: MadeUser[];
}

export function populateRoom(hs: Homeserver, options: PopulateOptions): PopulatedRoom {
  if (!hs.accounts.account(options.creator)) throw notFound(`unknown user ${options.creator}`);
  for (const user of [...(options.members ?? []), ...(options.invited ?? [])])
    if (!hs.accounts.account(user)) throw notFound(`unknown user ${user}`);
  const count = options.generatedMembers ?? 0;
  if (!Number.isInteger(count) || count < 0 || count > 5000) throw invalidParam('generatedMembers must be 0 to 5000');
  const prefix = options.generatedPrefix ?? 'member';
  const stamp = hs.stream.current.toString(36);
  const generated = Array.from({ length: count }, (_, i) =>
    makeUser(hs, { userId: `@${prefix}-${stamp}-${i}:${hs.serverName}`, displayName: `${prefix} ${i}` }),
  );
  const room: Room = createRoom(hs, options.creator, {
    preset: 'private_chat',
    name: options.name,
    room_alias_name: options.alias,
    initial_state:
      options.encrypted === false ? [] : [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
  });
  const joined = [...(options.members ?? []), ...generated.map((u) => u.userId)].filter((u) => u !== options.creator);
  for (const user of joined) {
    invite(hs, room, options.creator, user);
    join(hs, room, user);
  }
  for (const user of options.invited ?? []) invite(hs, room, options.creator, user);
  const senders = joined.length > 0 ? joined : [options.creator];
  for (let i = 0; i < (options.messages ?? 0); i++) {
    appendEvent(hs, room, {
      type: 'm.room.message',
      sender: senders[i % senders.length]!,
      content: { msgtype: 'm.text', body: `message ${i + 1}` },
    });
  }
  return {
    roomId: room.id,
    alias: options.alias ? `#${options.alias}:${hs.serverName}` : null,
    members: [options.creator, ...joined],
    invited: options.invited ?? [],
    generated,
  };
}

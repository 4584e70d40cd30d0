// The test homeserver's big rooms: making a 200- and a 1,000-member encrypted
// room server-side (every member a user with a device and cross-signing, all
// real keys and signatures), and answering the real client's two big requests
// for the 1,000-member one (/members, /keys/query for everyone). The baseline
// is the cryptography alone: the key pairs and signatures one member needs,
// made with the same Node crypto, times the member count.

import { generateKeyPairSync, sign } from 'node:crypto';
import { populateRoom } from '../demo/matrix/homeserver/admin/populate';
import { makeUser } from '../demo/matrix/homeserver/admin/server-users';
import { queryKeys } from '../demo/matrix/homeserver/api/keys';
import { Homeserver } from '../demo/matrix/homeserver/homeserver';
import type { Bench, Benchmark } from './harness';

/** Per member: 4 Ed25519 key pairs (device, master, self-signing, user-signing), 2 X25519 (device, fallback key), 5 signatures. */
function cryptoFloor(members: number): void {
  const message = Buffer.alloc(300, 1);
  const der = { publicKeyEncoding: { format: 'der', type: 'spki' } } as const;
  for (let i = 0; i < members; i++) {
    const keys = [0, 1, 2, 3].map(() => generateKeyPairSync('ed25519', der));
    for (let j = 0; j < 2; j++) generateKeyPairSync('x25519', der);
    for (let j = 0; j < 5; j++) sign(null, message, keys[j % 4]!.privateKey);
  }
}

function roomOf(members: number): { hs: Homeserver; roomId: string; userIds: string[] } {
  const hs = new Homeserver('localhost');
  makeUser(hs, { userId: '@alice:localhost' });
  const room = populateRoom(hs, { creator: '@alice:localhost', generatedMembers: members - 1 });
  return { hs, roomId: room.roomId, userIds: room.members };
}

const benchmark: Benchmark = {
  name: 'Matrix test homeserver: big rooms made server-side, and the responses for them',
  run(bench: Bench) {
    for (const members of [200, 1000]) {
      const timings = bench.compare(
        { [`${members}-member room, made`]: () => roomOf(members), [`cryptography alone for ${members}`]: () => cryptoFloor(members) },
        { runs: members === 1000 ? 5 : 9, warmup: 1 },
      );
      bench.table(timings, timings[1]!);
    }
    const { hs, roomId, userIds } = roomOf(1000);
    const wanted = Object.fromEntries(userIds.map((u) => [u, []]));
    const room = hs.rooms.get(roomId)!;
    const timings = bench.compare(
      {
        '/keys/query for 1,000 users': () => JSON.stringify(queryKeys(hs, '@alice:localhost', wanted)),
        '/members of 1,000': () => JSON.stringify([...room.stateAt(Infinity).values()].filter((e) => e.type === 'm.room.member')),
      },
      { runs: 15, warmup: 2 },
    );
    bench.table(timings, timings[1]!);
  },
};

export default benchmark;

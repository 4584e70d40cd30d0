// The benches' Matrix room: 1,000 users with 3 cross-signed devices each, one
// /keys/query response (7,000 signatures). Signing takes a while, so the
// response is kept in node_modules/.cache and built again when it is missing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { largeRoom, type LargeRoom } from '../src/adapters/matrix/testing/large-room';

const CACHE = join(import.meta.dirname, '../node_modules/.cache/keywatch-bench');

export function matrixRoom(users: number, devicesPerUser: number): LargeRoom {
  const file = join(CACHE, `matrix-room-${users}x${devicesPerUser}-v1.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LargeRoom;
  const room = largeRoom(users, devicesPerUser);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, JSON.stringify(room));
  return room;
}

// KeyWatch on a Matrix /keys/query response as the background takes it, for
// the Matrix benchmarks: the storage it reads (storage.local as a Map), what a
// running or a stopped worker finds kept, and the roster built from it.
import { keptResponsesKey, readKeptResponses, type KeptResponse } from '../src/adapters/matrix/background/kept-responses';
import { verdictsOfKeysResponse, type KeptVerdicts } from '../src/adapters/matrix/background/keys-response';
import type { RoomState } from '../src/adapters/matrix/background/observed-state';
import { readRemembered, verifyObservedUsers, type RememberedKeys } from '../src/adapters/matrix/background/remembered-keys';
import { rememberedKey } from '../src/adapters/matrix/background/remembered-plan';
import { buildRoomSnapshot, type RoomSnapshotInput } from '../src/adapters/matrix/background/room-snapshot';
import type { RecordStorage } from '../src/core/signatures/chunked-memory';
import type { CheckBatch, CheckStats } from '../src/core/signatures/deferred-checks';

export const ORIGIN = 'https://bench.example';

export interface MapStorage extends RecordStorage {
  items: Map<string, unknown>;
  /** Keys asked for since it was made (or since this was set to 0). */
  keysRead: number;
}

/** storage.local as a Map, as the background's records would hold them; counts the keys read. */
export function mapStorage(items = new Map<string, unknown>()): MapStorage {
  const storage: MapStorage = {
    items,
    keysRead: 0,
    read: async (keys) => {
      storage.keysRead += keys.length;
      return Object.fromEntries(keys.filter((k) => items.has(k)).map((k) => [k, structuredClone(items.get(k))]));
    },
    write: async (written) => Object.entries(written).forEach(([k, v]) => items.set(k, structuredClone(v))),
  };
  return storage;
}

/** What the background reads back of the users' kept verdicts (one storage read, each record checked by its schema). */
export async function recall(storage: RecordStorage, userIds: readonly string[]): Promise<Map<string, RememberedKeys>> {
  const stored = await storage.read(userIds.map((id) => rememberedKey(ORIGIN, id)));
  const kept = new Map<string, RememberedKeys>();
  for (const id of userIds) {
    const keys = readRemembered(stored[rememberedKey(ORIGIN, id)]);
    if (keys) kept.set(id, keys);
  }
  return kept;
}

/** What a stopped worker finds kept: the responses' record and the users' verdicts, read from storage as the background does. */
export function keptInStorage(storage: RecordStorage): KeptVerdicts {
  return {
    response: async (source) => {
      const stored = await storage.read([keptResponsesKey(ORIGIN)]);
      return readKeptResponses(stored[keptResponsesKey(ORIGIN)]).find((r) => r.source === source) ?? null;
    },
    users: (userIds) => recall(storage, userIds),
  };
}

/** What a running worker holds in memory after verifying a response. */
export function keptInMemory(responses: readonly KeptResponse[], users: ReadonlyMap<string, RememberedKeys>): KeptVerdicts {
  return {
    response: async (source) => responses.find((r) => r.source === source) ?? null,
    users: async (userIds) => new Map(userIds.filter((id) => users.has(id)).map((id) => [id, users.get(id)!])),
  };
}

export const nothingKept: KeptVerdicts = { response: async () => null, users: async () => new Map() };

/**
 * KeyWatch on the response text, as the background takes it
 * (keys-response.ts): a response kept before takes its users' kept verdicts;
 * otherwise each user's part of it, a user's verdict kept when made from
 * exactly that part, else verified through a batch; then the room's roster
 * from the verdicts.
 */
export async function keywatch(
  text: string,
  userIds: string[],
  batch: CheckBatch,
  kept: KeptVerdicts,
): Promise<{ ms: number; stats: CheckStats | null; signed: number; keys: Map<string, RememberedKeys>; keep: KeptResponse | null }> {
  const started = performance.now();
  const room: RoomState = {
    members: userIds.map((userId) => ({ userId, displayName: null, membership: 'join' })),
    listed: true,
    counts: { joined: userIds.length, invited: 0 },
    name: 'Bench',
    alias: null,
    problems: [],
    ingested: false,
  };
  let stats: CheckStats | null = null;
  const { verified: keys, keep } = await verdictsOfKeysResponse(
    text,
    kept,
    async (users, before) => {
      const checked = await batch.run((checks) => verifyObservedUsers(users, 0, checks, before));
      stats = checked.stats;
      return checked.value;
    },
    0,
  );
  const input: RoomSnapshotInput = { origin: ORIGIN, account: userIds[0]!, roomId: '!bench:bench.example', room, keys, skipped: 0 };
  const value = buildRoomSnapshot(input);
  const elapsed = performance.now() - started;
  if (value.status !== 'snapshot') throw new Error(value.reason);
  return {
    ms: elapsed,
    stats,
    keys,
    keep,
    signed: value.snapshot.participants.flatMap((p) => p.devices).filter((d) => d.vouch === 'signed').length,
  };
}

// Builders shared by the trust store's tests: keys, participants, snapshots,
// and a reader over an in-memory storage.local that round-trips values through
// JSON as the browser does, so a plan that shares objects with its input is caught.

import { expect } from 'vitest';
import { toBase64 } from '../../encoding';
import type { DeviceView, ParticipantView, PublicKeyRef, RosterSnapshot } from '../../roster';
import { planIngest, type IngestPlan } from '../ingest/ingest';
import { readConversation, type ConversationWithRoster } from '../store/conversation-read';
import type { StoreRead } from '../store/read-record';
import { CURRENT_SCHEMA_VERSION, SCHEMA_KEY, SUMMARY_KEY } from '../store/storage-keys';
import { usageOf } from '../limits/usage';

export const ORIGIN = 'https://courier.example';
export const ACCOUNT = 'alice';
export const T0 = 1_800_000_000_000;
export const MINUTE = 60_000;

/** A distinct, well-formed 33-byte curve25519 key for each n. */
export function key(n: number): PublicKeyRef {
  const bytes = new Uint8Array(33);
  bytes[0] = 0x05;
  new DataView(bytes.buffer).setUint32(1, n >>> 0);
  bytes[32] = 0x42;
  return { algorithm: 'curve25519', key: toBase64(bytes) };
}

export function device(id: string, keyNumber: number, extra: Partial<DeviceView> = {}): DeviceView {
  return { id, key: key(keyNumber), vouch: 'signed', encryptedTo: true, ...extra };
}

/** The key number of a person's default phone: fixed by their id, so a new identity key leaves it alone. */
export function phoneKeyNumber(id: string): number {
  let h = 0x811c9dc5;
  for (const c of id) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193);
  return (h | 0x80000000) >>> 0;
}

export function person(id: string, keyNumber: number | null, extra: Partial<ParticipantView> = {}): ParticipantView {
  return {
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    identityKey: keyNumber === null ? null : key(keyNumber),
    identityProblem: keyNumber === null ? 'wrong length' : null,
    shown: true,
    isSelf: id === ACCOUNT,
    devices: [device(`${id}-phone`, phoneKeyNumber(id))],
    ...extra,
  };
}

export function snapshot(participants: ParticipantView[], extra: Partial<RosterSnapshot> = {}): RosterSnapshot {
  return {
    messenger: ORIGIN,
    adapter: 'page-protocol',
    account: ACCOUNT,
    conversation: { id: 'team', title: 'Team', kind: 'group' },
    participants,
    problems: [],
    ...extra,
  };
}

export type Store = Record<string, unknown>;

/** A new store as the full check writes it: the schema record, a badge summary counting nothing, and the usage total. */
export function emptyStore(): Store {
  const counted = {
    [SCHEMA_KEY]: { version: CURRENT_SCHEMA_VERSION },
    [SUMMARY_KEY]: { open: { critical: 0, warning: 0, info: 0 }, checkedAt: null, rebuild: false },
  };
  return { ...counted, ...usageOf(counted) };
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A reader over `store`, as the background gives every plan: each value as a
 * copy (what storage.local returns), undefined for a key not there. `asked`
 * collects every key read, in order.
 */
export function storeReader(store: Store, asked?: string[]): StoreRead {
  return (key) => {
    asked?.push(key);
    return Object.hasOwn(store, key) && store[key] !== undefined ? clone(store[key]) : undefined;
  };
}

/** A stored conversation with its roster put back together; fails the test unless it reads whole. */
export function conversationIn(store: Store, key: string): ConversationWithRoster {
  const read = readConversation(storeReader(store), key);
  if (read.status !== 'ok') return expect.fail(`${key}: ${read.status === 'corrupt' ? read.reason : 'absent'}`);
  expect(read.problems).toEqual([]);
  return read.value;
}

/** set(writes) then remove(deletes), on a copy. */
export function applyPlan(store: Store, plan: { writes: Record<string, unknown>; deletes?: readonly string[] }): Store {
  const next = { ...store, ...clone(plan.writes) };
  for (const k of plan.deletes ?? []) delete next[k];
  return next;
}

/** Reads, plans and applies one snapshot; fails the test if the plan is refused. */
export function ingest(store: Store, s: RosterSnapshot, now: number): { store: Store; plan: IngestPlan } {
  const plan = planIngest(s, storeReader(store), now);
  if (!plan.ok) expect.fail(plan.reason);
  return { store: applyPlan(store, plan), plan };
}

export function recordsWithPrefix<T>(store: Store, prefix: string): T[] {
  return Object.keys(store)
    .filter((k) => k.startsWith(prefix))
    .map((k) => store[k] as T);
}

import { describe, expect, it } from 'vitest';
import { planIngest } from '../ingest/ingest';
import { emptyStore, ingest, person, snapshot, storeReader, T0 } from '../testing/test-support';
import { SNAPSHOT_LIMITS } from '../ingest/snapshot-check';
import { readAheadOfIngest } from './ingest-reads';
import { readWith } from './read-record';
import { ConversationRecordSchema, RosterChunkRecordSchema } from './record-schemas';
import { conversationKey, parseStorageKey } from './storage-keys';
import { rosterChunkKeys } from './stored-roster';

describe('reading ahead of an ingest', () => {
  it('reads every conversation, roster chunk and contact record the ingest reads, so only its alerts are left to load', () => {
    const people = Array.from({ length: 120 }, (_, i) => person(`p${i}`, i + 2));
    const known = ingest(emptyStore(), snapshot([person('alice', 1), ...people]), T0).store;
    const changed = people.slice(5).map((p, i) => (i === 2 ? { ...p, identityKey: null, identityProblem: 'gone' } : p));
    const next = snapshot([person('alice', 1), ...changed, person('newcomer', 999)]);
    const ahead = new Set<string>(['schema']);
    readAheadOfIngest((key) => (ahead.add(key), storeReader(known)(key)), next);
    const later: string[] = [];
    const plan = planIngest(
      next,
      (key) => {
        if (!ahead.has(key)) later.push(key);
        return storeReader(known)(key);
      },
      T0 + 60_000,
    );
    expect(plan.ok).toBe(true);
    const kinds = new Set(later.map((key) => parseStorageKey(key).kind));
    expect(kinds).toEqual(new Set(['alert']));
    expect([...ahead].filter((key) => parseStorageKey(key).kind === 'roster-chunk').length).toBe(4);
  });

  it('reads nothing for what no snapshot could be', () => {
    const asked: string[] = [];
    readAheadOfIngest((key) => void asked.push(key), {
      messenger: 'x',
      account: 'a',
      conversation: { id: 'c' },
      participants: 'many' as never,
    });
    expect(asked).toEqual([]);
  });

  it('reads each roster chunk as it is stored, so that the ingest’s own read of it is its first', () => {
    const people = Array.from({ length: 70 }, (_, i) => person(`p${i}`, i + 2));
    const first = snapshot([person('alice', 1), ...people]);
    const known = ingest(emptyStore(), first, T0).store;
    // The very objects a background's copy of the store hands out, read after read.
    const stored = (key: string) => known[key];
    readAheadOfIngest(stored, first);
    const conversation = readWith(stored, conversationKey(first.messenger, first.account, first.conversation.id), ConversationRecordSchema);
    expect(conversation.status).toBe('ok');
    const chunkKeys = rosterChunkKeys((conversation as { value: Parameters<typeof rosterChunkKeys>[0] }).value);
    expect(chunkKeys.length).toBeGreaterThan(1);
    for (const key of chunkKeys) {
      const chunk = readWith(stored, key, RosterChunkRecordSchema);
      // A first read gives back the stored object itself; a record read a second time is a frozen copy of it.
      expect(chunk.status === 'ok' && chunk.value).toBe(known[key]);
    }
  });

  it('reads ahead the string ids of a damaged chunk’s members, and no more than a snapshot’s participants', () => {
    const first = snapshot([person('alice', 1), person('bob', 2)]);
    const known = ingest(emptyStore(), first, T0).store;
    const conversation = readWith(
      (key) => known[key],
      conversationKey(first.messenger, first.account, first.conversation.id),
      ConversationRecordSchema,
    );
    const [chunkKey] = rosterChunkKeys((conversation as { value: Parameters<typeof rosterChunkKeys>[0] }).value);
    const members = [null, 7, { id: 5 }, 'x', ...Array.from({ length: SNAPSHOT_LIMITS.maxParticipants + 10 }, (_, i) => ({ id: `m${i}` }))];
    const damaged = { ...known, [chunkKey!]: { members } };
    const asked: string[] = [];
    readAheadOfIngest((key) => (asked.push(key), damaged[key]), snapshot([person('alice', 1)]));
    const contacts = asked.filter((key) => parseStorageKey(key).kind === 'contact');
    // The stored roster's ids up to the limit, then the snapshot's one participant.
    expect(contacts.length).toBe(SNAPSHOT_LIMITS.maxParticipants + 1);
    expect(contacts.at(-2)).toContain(`m${SNAPSHOT_LIMITS.maxParticipants - 1}`);
    // A chunk that is not even an object gives no ids.
    const contactsRead: string[] = [];
    readAheadOfIngest(
      (key) => {
        if (parseStorageKey(key).kind === 'contact') contactsRead.push(key);
        return key === chunkKey ? 'not a chunk' : known[key];
      },
      snapshot([person('alice', 1)]),
    );
    expect(contactsRead.filter((key) => key.includes('|m'))).toEqual([]);
    expect(contactsRead.some((key) => key.endsWith('|alice'))).toBe(true);
  });
});

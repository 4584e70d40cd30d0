import { describe, expect, it } from 'vitest';
import { readConversation } from './conversation-read';
import { recordsReader } from './read-record';
import { conversationKey, rosterChunkKey } from './storage-keys';
import { ACCOUNT, emptyStore, ingest, ORIGIN, person, snapshot, storeReader, T0 } from '../testing/test-support';

const people = [person('alice', 1), ...Array.from({ length: 79 }, (_, i) => person(`m${i}`, 100 + i))];
const store = ingest(emptyStore(), snapshot(people), T0).store; // 80 people: 4 chunks
const key = conversationKey(ORIGIN, ACCOUNT, 'team');

describe('reading a conversation with its roster', () => {
  it('reads the record, then its chunks, and puts the roster back in order', () => {
    const asked: string[] = [];
    const read = readConversation(storeReader(store, asked), key);
    expect(asked).toEqual([key, ...[0, 1, 2, 3].map((i) => rosterChunkKey(ORIGIN, ACCOUNT, 'team', i))]);
    expect(read.status).toBe('ok');
    if (read.status !== 'ok') return;
    expect(read.problems).toEqual([]);
    expect(read.value).toMatchObject({ title: 'Team', rosterChunks: 4 });
    expect(read.value.roster.map((m) => m.id)).toEqual(people.map((p) => p.id));
  });

  it('shows what it can of a roster with a damaged or missing chunk, naming each, and changes nothing', () => {
    const damaged = { ...store, [rosterChunkKey(ORIGIN, ACCOUNT, 'team', 1)]: 'junk' };
    delete damaged[rosterChunkKey(ORIGIN, ACCOUNT, 'team', 2)];
    const before = JSON.stringify(damaged);
    const read = readConversation(storeReader(damaged), key);
    expect(JSON.stringify(damaged)).toBe(before);
    if (read.status !== 'ok') return expect.fail(read.status);
    expect(read.problems).toEqual([
      { key: rosterChunkKey(ORIGIN, ACCOUNT, 'team', 1), reason: expect.stringMatching(/Object/) },
      { key: rosterChunkKey(ORIGIN, ACCOUNT, 'team', 2), reason: 'missing: the conversation counts 4 roster chunks' },
    ]);
    const full = readConversation(recordsReader(store), key);
    const lost = new Set(
      [1, 2].flatMap((i) => (store[rosterChunkKey(ORIGIN, ACCOUNT, 'team', i)] as { members: { id: string }[] }).members.map((m) => m.id)),
    );
    expect(read.value.roster.map((m) => m.id)).toEqual(
      full.status === 'ok' ? full.value.roster.map((m) => m.id).filter((id) => !lost.has(id)) : [],
    );
  });

  it('says when there is no conversation, or its record is damaged', () => {
    expect(readConversation(recordsReader({}), key)).toEqual({ status: 'absent' });
    expect(readConversation(recordsReader({ [key]: { title: 1 } }), key)).toMatchObject({
      status: 'corrupt',
      reason: expect.stringMatching(/^at origin/),
    });
  });
});

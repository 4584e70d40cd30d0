import { describe, expect, it } from 'vitest';
import { planIngest } from '../ingest/ingest';
import { emptyStore, ingest, person, snapshot, storeReader, T0 } from '../testing/test-support';
import { readAheadOfIngest } from './ingest-reads';
import { parseStorageKey } from './storage-keys';

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
});

import { describe, expect, it } from 'vitest';
import { checkStore } from './store-check';
import type { QuarantineRecord, RosterChunkRecord } from '../record-schemas';
import { contactKey, conversationKey, quarantineKey, rosterChunkKey } from '../storage-keys';
import { englishText } from '../../testing/english';
import { ACCOUNT, emptyStore, ingest, ORIGIN, person, snapshot, T0, type Store } from '../../testing/test-support';

describe('start-up store check', () => {
  it('sets aside each damaged record with an alert, keeps the rest and what is not ours', () => {
    const good = ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0).store;
    const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');
    const store = new Map(Object.entries({ ...good, [bobKey]: { trust: 'verified' }, options: { anything: 1 } }));
    const result = checkStore(store, T0 + 1);
    expect(result.problems).toEqual([{ key: bobKey, reason: expect.stringMatching(/missing/) }]);
    expect(store.has(bobKey)).toBe(false);
    const q = [...store.values()].find((v) => (v as QuarantineRecord).originalKey === bobKey) as QuarantineRecord;
    expect(q.value).toEqual({ trust: 'verified' });
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]).toMatchObject({ rule: 'record-corrupt', origin: ORIGIN, account: ACCOUNT, recordKey: bobKey });
    expect(store.get('options')).toEqual({ anything: 1 });
    expect(store.get(contactKey(ORIGIN, ACCOUNT, 'alice'))).toEqual(good[contactKey(ORIGIN, ACCOUNT, 'alice')]);
  });

  it('reports a damaged quarantine record but never moves it', () => {
    const k = quarantineKey('ab', 'v1/contact/x|y|z');
    const store = new Map<string, unknown>([[k, 'oops']]);
    const result = checkStore(store, T0);
    expect(result.problems[0]).toMatchObject({ key: k, reason: /damaged quarantine record, left as it is/ });
    expect(store.get(k)).toBe('oops');
    expect(result.alerts).toEqual([]);
  });

  describe('roster chunks against their conversations', () => {
    const people = [person('alice', 1), ...Array.from({ length: 99 }, (_, i) => person(`m${i}`, 100 + i))];
    const good = ingest(emptyStore(), snapshot(people), T0).store; // 4 chunks
    const chunk = (i: number) => rosterChunkKey(ORIGIN, ACCOUNT, 'team', i);
    const run = (store: Store) => {
      const map = new Map(Object.entries(store));
      return { map, result: checkStore(map, T0 + 1) };
    };
    const copiesOf = (map: Map<string, unknown>, key: string) =>
      [...map.values()].filter((v) => (v as QuarantineRecord).originalKey === key);

    it('finds nothing wrong with a sound roster', () => {
      expect(run(good).result).toEqual({ problems: [], alerts: [] });
    });

    it('quietly sets aside a chunk beyond the count (left when the worker stopped before removing it) or without its conversation', () => {
      const small = ingest(good, snapshot(people.slice(0, 5)), T0 + 60_000).store; // 1 chunk; chunks 1 to 3 removed
      const leftover = { ...small, [chunk(2)]: good[chunk(2)] };
      const { map, result } = run(leftover);
      expect(result).toEqual({ problems: [{ key: chunk(2), reason: 'a roster chunk beyond the 1 its conversation counts' }], alerts: [] });
      expect(map.has(chunk(2))).toBe(false);
      expect(copiesOf(map, chunk(2))).toHaveLength(1);

      const orphan = { ...good };
      delete orphan[conversationKey(ORIGIN, ACCOUNT, 'team')];
      const lone = run(orphan);
      expect(lone.result.alerts).toEqual([]);
      expect(lone.result.problems.map((p) => p.reason)).toEqual(Array(4).fill('a roster chunk without its conversation record'));
    });

    it('sets aside a chunk cut for another count with an alert, and reports a missing chunk once', () => {
      const misfit = { ...good, [chunk(1)]: { ...(good[chunk(1)] as RosterChunkRecord), index: 1, of: 2, members: [] } };
      const a = run(misfit);
      expect(a.result.problems).toEqual([{ key: chunk(1), reason: 'the chunk belongs to a roster in 2 chunks, the conversation has 4' }]);
      expect(a.result.alerts).toMatchObject([
        { rule: 'record-corrupt', recordKey: chunk(1), conversationId: 'team', quarantineKey: expect.any(String) },
      ]);

      const missing = { ...good };
      delete missing[chunk(3)];
      const b = run(missing);
      expect(b.result.problems).toEqual([{ key: chunk(3), reason: 'missing: the conversation counts 4 roster chunks' }]);
      expect(b.result.alerts).toMatchObject([{ rule: 'record-corrupt', recordKey: chunk(3), quarantineKey: null }]);
      expect(englishText(b.result.alerts[0]!).summary).toMatch(/is missing/);

      const damaged = { ...good, [chunk(0)]: { broken: true } };
      const c = run(damaged);
      expect(c.result.problems.map((p) => p.key)).toEqual([chunk(0)]); // set aside as damaged, not also reported missing
      expect(c.result.alerts).toHaveLength(1);
    });
  });
});

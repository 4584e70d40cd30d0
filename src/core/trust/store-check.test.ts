import { describe, expect, it } from 'vitest';
import { checkStore } from './store-check';
import type { QuarantineRecord } from './record-schemas';
import { contactKey, quarantineKey } from './storage-keys';
import { ACCOUNT, emptyStore, ingest, ORIGIN, person, snapshot, T0 } from './test-support';

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
});

import { describe, expect, it } from 'vitest';
import { carriedVerdictOf, readWith as readWithReader, recordsReader, takeCarriedVerdict, validateRecordAt } from './read-record';
import { AlertRecordSchema, ContactRecordSchema, type ContactRecord } from './record-schemas';
import { contactKey, SCHEMA_KEY } from './storage-keys';
import { emptyStore, ingest, key, ORIGIN, person, snapshot, T0, ACCOUNT } from '../testing/test-support';

const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');
const readWith = <T>(records: Record<string, unknown>, key: string, schema: Parameters<typeof readWithReader<T>>[2]) =>
  readWithReader(recordsReader(records), key, schema);
const bob = () => ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0).store[bobKey] as ContactRecord;

describe('reading a stored record', () => {
  it('tells absent, valid and corrupt apart', () => {
    expect(readWith({}, bobKey, ContactRecordSchema)).toEqual({ status: 'absent' });
    expect(readWith({ [bobKey]: undefined }, bobKey, ContactRecordSchema)).toEqual({ status: 'absent' });
    const ok = readWith({ [bobKey]: bob() }, bobKey, ContactRecordSchema);
    expect(ok.status).toBe('ok');
  });

  it('says where a record is damaged and how', () => {
    const broken = { ...bob(), keys: [{ key: key(2), firstSeen: 'yesterday', lastSeen: T0 }] };
    expect(readWith({ [bobKey]: broken }, bobKey, ContactRecordSchema)).toEqual({
      status: 'corrupt',
      reason: 'at keys.0.firstSeen: expected a time in milliseconds since 1970',
    });
    expect(readWith({ [bobKey]: 'bob' }, bobKey, ContactRecordSchema)).toMatchObject({
      status: 'corrupt',
      reason: expect.stringMatching(/Object/),
    });
    expect(readWith({ [bobKey]: { ...bob(), trust: 'trusted' } }, bobKey, ContactRecordSchema)).toMatchObject({
      reason: 'at trust: expected a trust state',
    });
  });

  it('refuses a record whose current key is not among the keys seen', () => {
    const lost = { ...bob(), keys: [] };
    expect(readWith({ [bobKey]: lost }, bobKey, ContactRecordSchema)).toMatchObject({
      reason: 'the current key is missing from the keys seen',
    });
  });

  it('refuses a record stored under another contact’s key', () => {
    const carolKey = contactKey(ORIGIN, ACCOUNT, 'carol');
    expect(readWith({ [carolKey]: bob() }, carolKey, ContactRecordSchema)).toMatchObject({ reason: /another contact/ });
    const alertKeyMismatch = `v1/alert/${'1'.repeat(32)}`;
    expect(validateRecordAt(alertKeyMismatch, { id: '2'.repeat(32) }).status).toBe('corrupt');
  });

  it('judges one stored object once per key and schema, and again under another key or schema', () => {
    const record = bob();
    const carolKey = contactKey(ORIGIN, ACCOUNT, 'carol');
    const first = readWith({ [bobKey]: record }, bobKey, ContactRecordSchema);
    expect(readWith({ [bobKey]: record }, bobKey, ContactRecordSchema)).toBe(first); // the same verdict, not a second validation
    expect(readWith({ [carolKey]: record }, carolKey, ContactRecordSchema)).toMatchObject({ reason: /another contact/ });
    expect(readWith({ [bobKey]: record }, bobKey, AlertRecordSchema).status).toBe('corrupt');
    expect(readWith({ [bobKey]: record }, bobKey, ContactRecordSchema)).toEqual(first);
    // Shared by every later read, so it cannot be changed by one of them.
    const again = readWith({ [bobKey]: record }, bobKey, ContactRecordSchema);
    const value = again.status === 'ok' ? again.value : expect.fail('not ok');
    expect(() => value.keys.push(value.keys[0]!)).toThrow(TypeError);
    expect(() => {
      (value.currentKey as { key: string }).key = 'x';
    }).toThrow(TypeError);
    expect(Object.isFrozen(record)).toBe(false); // the stored object itself is left as it was
  });

  it('passes a verdict on with a carried copy only for a record found valid and plain, under its own key', () => {
    const record = bob();
    expect(carriedVerdictOf(bobKey, record)).toBe(0); // not read yet
    readWith({ [bobKey]: record }, bobKey, ContactRecordSchema);
    const verdict = carriedVerdictOf(bobKey, record);
    expect(verdict).toBeGreaterThan(0);
    readWith({ [bobKey]: record }, bobKey, ContactRecordSchema); // a reuse (a frozen copy) keeps it
    expect(carriedVerdictOf(bobKey, record)).toBe(verdict);
    expect(carriedVerdictOf(contactKey(ORIGIN, ACCOUNT, 'carol'), record)).toBe(0);
    const broken = { ...bob(), trust: 'trusted' };
    readWith({ [bobKey]: broken }, bobKey, ContactRecordSchema);
    expect(carriedVerdictOf(bobKey, broken)).toBe(0);
    // Valid, but not plain (fields in another order): the schema's copy was read, not the object.
    const { name, ...rest } = bob();
    const reordered = { ...rest, name };
    expect(readWith({ [bobKey]: reordered }, bobKey, ContactRecordSchema).status).toBe('ok');
    expect(carriedVerdictOf(bobKey, reordered)).toBe(0);
    for (const notRecord of [null, 'bob', 7]) expect(carriedVerdictOf(bobKey, notRecord)).toBe(0);
  });

  it('reads a record taken in with its carried verdict as the first read would, then as any later one', () => {
    const original = bob();
    readWith({ [bobKey]: original }, bobKey, ContactRecordSchema);
    const verdict = carriedVerdictOf(bobKey, original);
    const carried = JSON.parse(JSON.stringify(original)) as ContactRecord;
    takeCarriedVerdict(bobKey, carried, verdict);
    const first = readWith({ [bobKey]: carried }, bobKey, ContactRecordSchema);
    expect(first).toEqual({ status: 'ok', value: carried });
    expect(first.status === 'ok' && first.value).toBe(carried); // the stored object itself, as a first read gives it
    const later = readWith({ [bobKey]: carried }, bobKey, ContactRecordSchema);
    expect(later.status === 'ok' && later.value).not.toBe(carried);
    expect(later).toEqual(first);
    expect(Object.isFrozen(later.status === 'ok' && later.value)).toBe(true);
    expect(carriedVerdictOf(bobKey, carried)).toBe(verdict); // and passes it on again
  });

  it('takes a carried verdict at its word for the first read only: the next read checks the record', () => {
    const valid = bob();
    readWith({ [bobKey]: valid }, bobKey, ContactRecordSchema);
    // A record that fails its checks, carried as valid: only a worker's own bug could do this, and it is not checked once.
    const broken = { ...bob(), trust: 'trusted' };
    takeCarriedVerdict(bobKey, broken, carriedVerdictOf(bobKey, valid));
    const first = readWith({ [bobKey]: broken }, bobKey, ContactRecordSchema);
    expect(first.status === 'ok' && first.value).toBe(broken);
    // The next read takes the schema's copy, as after any first read, and that finds what is wrong.
    expect(readWith({ [bobKey]: broken }, bobKey, ContactRecordSchema)).toMatchObject({
      status: 'corrupt',
      reason: 'at trust: expected a trust state',
    });
    expect(carriedVerdictOf(bobKey, broken)).toBe(0);
  });

  it('never lets a carried verdict stand for another key, another schema, or a verdict already reached', () => {
    const readOnce = (record: unknown) => readWith({ [bobKey]: record }, bobKey, ContactRecordSchema);
    const valid = bob();
    readOnce(valid);
    const verdict = carriedVerdictOf(bobKey, valid);
    expect(verdict).toBeGreaterThan(0);
    // A damaged record that a carried verdict wrongly named valid: under any other key or schema it is checked.
    const broken = { ...bob(), trust: 'trusted' };
    takeCarriedVerdict(contactKey(ORIGIN, ACCOUNT, 'carol'), broken, verdict);
    expect(readOnce(broken).status).toBe('corrupt');
    const alertKey = `v1/alert/${'1'.repeat(32)}`;
    const notAlert = { ...bob() };
    takeCarriedVerdict(alertKey, notAlert, verdict); // names the contact schema
    expect(readWith({ [alertKey]: notAlert }, alertKey, AlertRecordSchema).status).toBe('corrupt');
    // Unknown numbers are ignored.
    for (const unknown of [0, -1, 99, 1.5, Number.NaN]) {
      const record = { ...bob(), trust: 'trusted' };
      takeCarriedVerdict(bobKey, record, unknown);
      expect(readOnce(record).status).toBe('corrupt');
    }
    // An object already judged here keeps its own verdict.
    const judged = { ...bob(), trust: 'trusted' };
    expect(readOnce(judged).status).toBe('corrupt');
    takeCarriedVerdict(bobKey, judged, verdict);
    expect(readOnce(judged).status).toBe('corrupt');
  });

  it('does not throw on a value whose getters throw', () => {
    const hostile = Object.defineProperty({}, 'origin', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    const result = readWith({ [bobKey]: hostile }, bobKey, ContactRecordSchema);
    expect(result).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/boom/) });
  });

  it('knows the schema of every key it owns, and no other', () => {
    expect(validateRecordAt(SCHEMA_KEY, { version: 1 }).status).toBe('ok');
    expect(validateRecordAt(SCHEMA_KEY, { version: 1.5 })).toMatchObject({
      status: 'corrupt',
      reason: 'at version: expected a whole version',
    });
    expect(validateRecordAt('options', { anything: true })).toEqual({ status: 'not-owned' });
    expect(validateRecordAt(bobKey, bob()).status).toBe('ok');
    expect(readWith({ x: { state: 'open' } }, 'x', AlertRecordSchema).status).toBe('corrupt');
  });
});

import { describe, expect, it } from 'vitest';
import { readWith as readWithReader, recordsReader, validateRecordAt } from './read-record';
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

// The mark of someone seen checked with neither identity key nor device
// (record-schemas.ts, `checkedWithoutKeys`): written at such a sighting, kept
// through one that checks nothing, dropped once a device is on record; read back
// from storage and merged from a records file like every other field.

import { describe, expect, it } from 'vitest';
import { mergeContact } from '../../records-file/merge-contact';
import { decodeStored, encodeStored } from '../store/stored-form/stored-form';
import { readValue } from '../store/read-record';
import { isPlainRecord } from '../store/record-plain';
import { ContactRecordSchema, type ContactRecord } from '../store/record-schemas';
import { contactKey } from '../store/storage-keys';
import { ACCOUNT, device, emptyStore, ingest, MINUTE, ORIGIN, person, snapshot, T0, type Store } from '../testing/test-support';

const alice = person(ACCOUNT, 1);
const bare = person('carol', null, { identityProblem: 'no cross-signing', identityStatus: 'absent', devices: [] });
const unchecked = { ...bare, identityProblem: 'not checked yet', identityStatus: 'unchecked' as const };
const withPhone = { ...bare, devices: [device('carol-phone', 30, { vouch: 'unsigned' })] };
const CAROL = contactKey(ORIGIN, ACCOUNT, 'carol');

function seen(people: (typeof bare)[], store: Store = emptyStore(), at = T0): Store {
  return ingest(store, snapshot([alice, ...people]), at).store;
}
const carolIn = (store: Store) => store[CAROL] as ContactRecord;

describe('checkedWithoutKeys', () => {
  it('is set at a checked sighting with no key and no device, kept through an unchecked one, dropped with the first device', () => {
    expect(carolIn(seen([unchecked])).checkedWithoutKeys).toBeUndefined();
    const marked = seen([bare]);
    expect(carolIn(marked).checkedWithoutKeys).toBe(true);
    // A contact first known only by name gets it once checked.
    expect(carolIn(seen([bare], seen([unchecked]), T0 + MINUTE)).checkedWithoutKeys).toBe(true);
    const stillMarked = seen([unchecked], marked, T0 + MINUTE);
    expect(carolIn(stillMarked).checkedWithoutKeys).toBe(true);
    const withDevice = carolIn(seen([withPhone], stillMarked, T0 + 2 * MINUTE));
    expect(withDevice.devices.map((d) => d.id)).toEqual(['carol-phone']);
    expect('checkedWithoutKeys' in withDevice).toBe(false);
    // Everyone else's records keep exactly the fields of the plain form.
    expect(isPlainRecord(ContactRecordSchema, seen([bare])[contactKey(ORIGIN, ACCOUNT, ACCOUNT)])).toBe(true);
  });

  it('reads back from storage as written (plain form, not the compact one), and only on a record with no key and no device', () => {
    const record = carolIn(seen([bare]));
    const stored = JSON.parse(JSON.stringify(encodeStored(CAROL, record))) as unknown;
    expect(stored).toEqual(record);
    const read = readValue(CAROL, decodeStored(CAROL, stored), ContactRecordSchema);
    expect(read).toEqual({ status: 'ok', value: record });
    const contradicted = { ...carolIn(seen([withPhone])), checkedWithoutKeys: true };
    expect(readValue(CAROL, contradicted, ContactRecordSchema)).toMatchObject({
      status: 'corrupt',
      reason: expect.stringMatching(/checked without keys/),
    });
    expect(readValue(CAROL, { ...record, checkedWithoutKeys: false }, ContactRecordSchema).status).toBe('corrupt');
  });

  it('is kept by a merge from a records file while the merged record holds no key and no device', () => {
    const marked = carolIn(seen([bare]));
    const byName = carolIn(seen([unchecked]));
    const merged = (a: ContactRecord, b: ContactRecord) => {
      const result = mergeContact(a, b, null);
      if (result.status !== 'merged') throw new Error('conflict');
      return result.record;
    };
    expect(merged(byName, marked).checkedWithoutKeys).toBe(true);
    expect(merged(marked, byName).checkedWithoutKeys).toBe(true);
    expect(merged(byName, byName).checkedWithoutKeys).toBeUndefined();
    const merging = merged(marked, carolIn(seen([withPhone])));
    expect(merging.devices).toHaveLength(1);
    expect('checkedWithoutKeys' in merging).toBe(false);
    expect(readValue(CAROL, merging, ContactRecordSchema).status).toBe('ok');
  });
});

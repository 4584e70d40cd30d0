import { describe, expect, it } from 'vitest';
import { LAST_SEEN_RESOLUTION_MS } from '../store/last-seen';
import { observeParticipant } from './observe-contact';
import type { ContactRecord } from '../store/record-schemas';
import { device, key, ORIGIN, ACCOUNT, person, T0, MINUTE, phoneKeyNumber } from '../testing/test-support';

const where = { origin: ORIGIN, account: ACCOUNT };
const seen = (p = person('bob', 2), before: ContactRecord | null = null, now = T0) => observeParticipant(before, p, where, now);

describe('observing a participant', () => {
  it('creates a contact at first sight, trusted on first use', () => {
    const o = seen();
    expect(o.before).toBeNull();
    expect(o.after).toMatchObject({ contactId: 'bob', name: 'Bob', trust: 'first-seen', currentKey: key(2), firstSeen: T0, lastSeen: T0 });
    expect(o.after.keys).toEqual([{ key: key(2), firstSeen: T0, lastSeen: T0 }]);
    expect(o.after.devices).toEqual([{ id: 'bob-phone', key: key(phoneKeyNumber('bob')), vouch: 'signed', firstSeen: T0, lastSeen: T0 }]);
    expect(o.firstKey).toEqual(key(2));
    expect(o.newDevices).toEqual([]); // devices at first sight are part of the first sight
    expect(o.dirty).toBe(true);
  });

  it('keeps a contact without a usable key unkeyed, and gives it its first key later', () => {
    const o = seen(person('bob', null));
    expect(o.after).toMatchObject({ trust: 'unkeyed', currentKey: null, keys: [] });
    expect(o.firstKey).toBeNull();
    const later = seen(person('bob', 2), o.after, T0 + MINUTE);
    expect(later.firstKey).toEqual(key(2));
    expect(later.after.trust).toBe('first-seen');
  });

  it('changes nothing but lastSeen for the same key and devices, and writes that only once a minute', () => {
    const first = seen().after;
    const soon = seen(person('bob', 2), first, T0 + 1_000);
    expect(soon.dirty).toBe(false);
    expect(soon.keyChange).toBeNull();
    expect(soon.after.trust).toBe('first-seen');
    const later = seen(person('bob', 2), first, T0 + LAST_SEEN_RESOLUTION_MS);
    expect(later.dirty).toBe(true);
    expect(later.after.lastSeen).toBe(T0 + LAST_SEEN_RESOLUTION_MS);
    expect(later.after.keys[0]!.lastSeen).toBe(T0 + LAST_SEEN_RESOLUTION_MS);
  });

  it('records a key change, keeping every key seen', () => {
    const first = seen().after;
    const o = seen(person('bob', 3), first, T0 + MINUTE);
    expect(o.keyChange).toEqual({ from: key(2), to: key(3), wasVerified: false });
    expect(o.after.trust).toBe('changed');
    expect(o.after.currentKey).toEqual(key(3));
    expect(o.after.keys.map((k) => k.key)).toEqual([key(2), key(3)]);
    const back = seen(person('bob', 2), o.after, T0 + 2 * MINUTE);
    expect(back.keyChange).toMatchObject({ from: key(3), to: key(2) });
    expect(back.after.keys).toHaveLength(2);
    expect(back.after.keys[0]).toEqual({ key: key(2), firstSeen: T0, lastSeen: T0 + 2 * MINUTE });
  });

  it('clears the verified mark when the key of a verified contact changes', () => {
    const verified: ContactRecord = { ...seen().after, trust: 'verified' };
    const o = seen(person('bob', 3), verified, T0 + MINUTE);
    expect(o.keyChange?.wasVerified).toBe(true);
    expect(o.after.trust).toBe('changed-after-verified');
    expect(o.after.trustSince).toBe(T0 + MINUTE);
  });

  it('leaves trust alone when the page gives no usable key', () => {
    const verified: ContactRecord = { ...seen().after, trust: 'verified' };
    const o = seen(person('bob', null), verified, T0 + MINUTE);
    expect(o.after.trust).toBe('verified');
    expect(o.after.currentKey).toEqual(key(2));
    expect(o.keyChange).toBeNull();
  });

  it('lists devices never seen before, by id and key, and follows a changed verdict', () => {
    const first = seen().after;
    const o = seen(
      person('bob', 2, {
        devices: [device('bob-phone', phoneKeyNumber('bob'), { vouch: 'unsigned' }), device('bob-laptop', 7), device('bob-phone', 8)],
      }),
      first,
      T0 + 1,
    );
    expect(o.newDevices.map((d) => [d.id, d.key])).toEqual([
      ['bob-laptop', key(7)],
      ['bob-phone', key(8)],
    ]);
    expect(o.after.devices).toHaveLength(3);
    expect(o.after.devices[0]!.vouch).toBe('unsigned');
    expect(o.dirty).toBe(true);
  });

  it('moves an inconsistent stored state to invalid, with the reason', () => {
    // A record that claims "verified" but holds no key: the first key cannot be legal here.
    const inconsistent: ContactRecord = { ...seen(person('bob', null)).after, trust: 'verified' };
    const o = seen(person('bob', 2), inconsistent, T0 + 1);
    expect(o.after.trust).toBe('invalid');
    expect(o.illegal).toBe('event "first-key" is not allowed in state "verified"');
    expect(o.after.invalidReason).toBe(o.illegal);
  });

  it('returns the stored record itself when nothing is worth writing, and copies otherwise', () => {
    const first = seen().after;
    const same = seen(person('bob', 2), first, T0 + 1_000);
    expect(same.after).toBe(first);
    const renamed = seen(person('bob', 2, { name: 'Robert' }), first, T0 + 1_000);
    expect(renamed.after).not.toBe(first);
    expect(renamed).toMatchObject({ dirty: true, after: { name: 'Robert', trust: 'first-seen' } });
    // An inconsistent record is not waved through by the shortcut: the same key is illegal when "unkeyed".
    const inconsistent = seen(person('bob', 2), { ...first, trust: 'unkeyed' }, T0 + 1_000);
    expect(inconsistent.after.trust).toBe('invalid');
  });

  it('does not modify the record it was given', () => {
    const first = seen().after;
    const copy = JSON.parse(JSON.stringify(first));
    seen(person('bob', 3, { devices: [device('x', 9)] }), first, T0 + MINUTE);
    expect(first).toEqual(copy);
  });
});

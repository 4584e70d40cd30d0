import { describe, expect, it } from 'vitest';
import { diffRoster, toRoster } from './roster-diff';
import { device, key, person, snapshot, phoneKeyNumber } from '../testing/test-support';

const alice = person('alice', 1);
const before = toRoster(snapshot([alice, person('bob', 2), person('carol', 3), person('dave', 4, { shown: false, devices: [] })]));

describe('roster diff', () => {
  it('reports nothing at the first snapshot of a conversation', () => {
    const d = diffRoster(null, snapshot([alice, person('bob', 2)]));
    expect(d).toMatchObject({ previous: null, added: [], removed: [], devicesAdded: [], devicesRemoved: [] });
  });

  it('finds people added and removed, membership being "shown"', () => {
    const d = diffRoster(
      before,
      snapshot([alice, person('bob', 2), person('carol', 3, { shown: false }), person('dave', 4), person('erin', 5)]),
    );
    expect(d.added.map((p) => p.id)).toEqual(['dave', 'erin']);
    expect(d.removed.map((m) => m.id)).toEqual(['carol']);
    const gone = diffRoster(before, snapshot([alice]));
    expect(gone.removed.map((m) => m.id)).toEqual(['bob', 'carol']);
  });

  it('never reports the account holder as added or removed', () => {
    expect(diffRoster(before, snapshot([person('bob', 2), person('carol', 3)])).removed).toEqual([]);
    expect(diffRoster(toRoster(snapshot([])), snapshot([alice])).added).toEqual([]);
  });

  it('finds devices added and removed for people present both times, by id and key', () => {
    const d = diffRoster(
      before,
      snapshot([alice, person('bob', 2, { devices: [device('bob-phone', 9), device('bob-tablet', 10)] }), person('carol', 3)]),
    );
    expect(d.devicesAdded.map((x) => [x.participant.id, x.device.id, x.device.key])).toEqual([
      ['bob', 'bob-phone', key(9)],
      ['bob', 'bob-tablet', key(10)],
    ]);
    expect(d.devicesRemoved.map((x) => [x.member.id, x.device.id, x.device.key])).toEqual([
      ['bob', 'bob-phone', key(phoneKeyNumber('bob'))],
    ]);
  });

  it('stores a roster as plain copies of the snapshot', () => {
    const s = snapshot([person('bob', 2)]);
    const r = toRoster(s);
    expect(r).toEqual([
      {
        id: 'bob',
        name: 'Bob',
        shown: true,
        isSelf: false,
        identityKey: key(2),
        devices: [{ id: 'bob-phone', key: key(phoneKeyNumber('bob')), vouch: 'signed', encryptedTo: true }],
      },
    ]);
    expect(r[0]!.identityKey).not.toBe(s.participants[0]!.identityKey);
  });

  it('stays linear: 20,000 people diff in well under a second', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => person(`p${i}`, i));
    const prev = toRoster(snapshot(many));
    const start = performance.now();
    const d = diffRoster(prev, snapshot(many.slice(1)));
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(d.removed).toHaveLength(1);
  });
});

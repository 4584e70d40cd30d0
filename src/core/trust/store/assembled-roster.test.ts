import { describe, expect, it } from 'vitest';
import { toRosterMember } from '../ingest/roster-diff';
import { person } from '../testing/test-support';
import { assemble, assembleStored, placesById } from './assembled-roster';
import { deepFreeze } from './read-record';
import type { RosterChunkMember } from './record-schemas';

const member = (id: string, position: number): RosterChunkMember => ({ ...toRosterMember(person(id, 1)), position });
const chunks = () => [[member('a', 0), member('c', 2048)], null, [member('b', 1024)]];

describe('assembled stored roster', () => {
  it('lists the members of the readable chunks by position', () => {
    expect(assemble(chunks()).map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(assembleStored(chunks()).map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('gives the same frozen list for the same frozen chunks, and a new one once a chunk is replaced', () => {
    const byChunk = deepFreeze(chunks());
    const first = assembleStored([...byChunk]);
    expect(assembleStored([...byChunk])).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const replaced = [byChunk[0]!, null, deepFreeze([member('b', 1024), member('d', 4096)])];
    const next = assembleStored(replaced);
    expect(next).not.toBe(first);
    expect(next.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(assembleStored([byChunk[0]!, null, null]).map((m) => m.id)).toEqual(['a', 'c']);
  });

  it('remembers nothing about chunks that could still change', () => {
    const byChunk = chunks();
    const first = assembleStored(byChunk);
    expect(assembleStored(byChunk)).not.toBe(first);
    byChunk[0]!.push(member('z', 9999));
    expect(assembleStored(byChunk).map((m) => m.id)).toEqual(['a', 'b', 'c', 'z']);
  });

  it("maps each id to its place, the last one's when listed twice, once for a frozen roster", () => {
    const roster = [member('a', 0), member('b', 1), member('a', 2)];
    expect([...placesById(roster).byId]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect([...placesById(roster).last]).toEqual([2, 1, 2]);
    expect(placesById(roster)).not.toBe(placesById(roster));
    const frozen = Object.freeze([...roster]);
    expect(placesById(frozen)).toBe(placesById(frozen));
  });
});

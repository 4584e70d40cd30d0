import { describe, expect, it } from 'vitest';
import { RosterReplacements } from './roster-replacements';

describe('RosterReplacements', () => {
  it('a read taken in before an import replaced its roster is stale; one taken in after is not', () => {
    const replaced = new RosterReplacements();
    replaced.note(['conv/a'], 5);
    expect(replaced.replacedSince('conv/a', 4)).toBe(true);
    expect(replaced.replacedSince('conv/a', 5)).toBe(false);
    expect(replaced.replacedSince('conv/a', 6)).toBe(false);
  });

  it('only the conversations the import replaced', () => {
    const replaced = new RosterReplacements();
    replaced.note(['conv/a'], 5);
    expect(replaced.replacedSince('conv/b', 1)).toBe(false);
  });

  it('keeps the latest replacement of a conversation', () => {
    const replaced = new RosterReplacements();
    replaced.note(['conv/a'], 9);
    replaced.note(['conv/a'], 3);
    expect(replaced.replacedSince('conv/a', 8)).toBe(true);
  });
});

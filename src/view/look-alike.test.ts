import { describe, expect, it } from 'vitest';
import { lookAlikes } from './look-alike';

describe('lookAlikes', () => {
  it('marks every one of four people shown as "Bob", and no one else', () => {
    const found = lookAlikes([
      { id: '@bob:example.org', names: ['Bob'] },
      { id: '@bob2:example.org', names: ['Bob'] },
      { id: '@b0b:example.org', names: ['Вов'] }, // Cyrillic Ve, o, Ve: not Bob
      { id: '@bob-cyrillic:example.org', names: ['Воb'] },
      { id: '@bob-rlo:example.org', names: ['\u202eboB'] },
      { id: '@alice:example.org', names: ['Alice'] },
    ]);
    expect(Object.fromEntries(found)).toEqual({
      '@bob:example.org': 'same-name',
      '@bob2:example.org': 'same-name',
      '@bob-cyrillic:example.org': 'looks-the-same',
      '@bob-rlo:example.org': 'direction-controls',
    });
  });

  it('compares every name a person goes by, and marks a forger’s tools even alone', () => {
    expect(
      lookAlikes([
        { id: 'a', names: ['Carol'] },
        { id: 'b', names: ['Dave', 'Caro1'] },
      ]).get('b'),
    ).toBe('looks-the-same');
    expect(lookAlikes([{ id: 'a', names: ['Bоb'] }]).get('a')).toBe('mixed-scripts');
    expect(lookAlikes([{ id: 'a', names: ['Bob\u200f'] }]).get('a')).toBe('direction-controls');
    expect(
      lookAlikes([
        { id: 'a', names: ['Bob'] },
        { id: 'b', names: ['Robert'] },
      ]).size,
    ).toBe(0);
    // One person under two spellings of the same name is not two people.
    expect(lookAlikes([{ id: 'a', names: ['Bob', 'bob'] }]).size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { isolated, shownText } from './page-text';
import { mixesScripts, skeleton } from './skeleton';

describe('skeleton', () => {
  it('gives names that look the same the same form', () => {
    const bob = skeleton('Bob');
    for (const forged of [
      'Bоb', // Cyrillic о
      'Воb', // Cyrillic В and о
      'Βοb', // Greek Β and ο
      'Ｂｏｂ', // full width
      '𝐁𝐨𝐛', // mathematical bold
      'B\u200bob', // a zero-width space inside
      '\u202eboB', // written backwards behind a right-to-left override (shown as "Bob")
      'bob',
      ' Bob ',
      'B0b',
      'Bᴏb', // Latin small capital o
      'ʙᴏʙ', // small capitals throughout
    ])
      expect(skeleton(forged), JSON.stringify(forged)).toBe(bob);
    expect(skeleton('rnary')).toBe(skeleton('mary'));
    expect(skeleton('Bill')).toBe(skeleton('BiII'));
    expect(skeleton('آلاء')).toBe(skeleton('آلاء'));
  });

  it('keeps names apart that do not look the same', () => {
    expect(skeleton('Bob')).not.toBe(skeleton('Rob'));
    expect(skeleton('Bob')).not.toBe(skeleton('Bób'));
    expect(skeleton('Иван')).not.toBe(skeleton('Ivan'));
    expect(skeleton('محمد')).not.toBe(skeleton('محمود'));
  });
});

describe('mixesScripts', () => {
  it('finds a word that mixes Latin with Cyrillic, Greek or Arabic letters', () => {
    expect(mixesScripts('Bоb')).toBe(true);
    expect(mixesScripts('Alicе Smith')).toBe(true);
    expect(mixesScripts('Βob')).toBe(true);
    expect(mixesScripts('Bobا')).toBe(true);
  });
  it('finds a word that mixes Latin with a letter of any other script', () => {
    expect(mixesScripts('Ᏼob')).toBe(true); // Cherokee Ᏼ
    expect(mixesScripts('Bօb')).toBe(true); // Armenian օ
  });
  it('accepts words of different scripts side by side, and names in one script', () => {
    expect(mixesScripts('Иван (Ivan)')).toBe(false);
    expect(mixesScripts('Bob')).toBe(false);
    expect(mixesScripts('Αλέξανδρος')).toBe(false);
    expect(mixesScripts('محمد')).toBe(false);
    expect(mixesScripts('José Müller')).toBe(false);
    expect(mixesScripts('山田ひろし')).toBe(false); // kanji and kana, written together
    expect(mixesScripts('山田 Bob')).toBe(false);
    expect(mixesScripts('Johnさん')).toBe(false); // honorifics written after a Latin name
    expect(mixesScripts('Kim님')).toBe(false);
  });
});

describe('page text', () => {
  it('shows page text without direction controls or invisible characters', () => {
    expect(shownText('\u202eboB')).toBe('boB');
    expect(shownText('A\u2066l\u2069i\u200bce\u0000\n  Smith')).toBe('Alice Smith');
    expect(shownText('محمد')).toBe('محمد');
  });
  it('isolates each line of page text in a sentence, so it cannot reorder what is around it', () => {
    expect(isolated('Bob')).toBe('\u2068Bob\u2069');
    // A stray PDI in the name would close KeyWatch's isolate early: it is gone.
    expect(isolated('\u2069\u202eevil')).toBe('\u2068evil\u2069');
    expect(isolated('one\ntwo')).toBe('\u2068one\u2069\n\u2068two\u2069');
  });
});

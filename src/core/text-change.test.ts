import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { applyEdit, editBetween } from './text-change';
import { textDigest } from './text-digest';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ALPHABET = ['a', 'b', '{', '"', ' ', 'é', '😀', '\uD800', '\uDC00', 'ж'];

function text(next: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return out;
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('editBetween and applyEdit', () => {
  it('rebuild every edited text exactly, whatever was changed, inserted or removed', () => {
    const next = random(12);
    for (let round = 0; round < 500; round++) {
      const base = text(next, Math.floor(next() * 3000));
      const at = Math.floor(next() * (base.length + 1));
      const removed = Math.floor(next() * (base.length - at + 1) * next());
      const edited = base.slice(0, at) + text(next, Math.floor(next() * 40 * next())) + base.slice(at + removed);
      const edit = editBetween(base, edited);
      expect(applyEdit(base, edit)).toBe(edited);
      expect(edit.keepStart + edit.keepEnd).toBeLessThanOrEqual(Math.min(base.length, edited.length));
    }
  });

  it('send only the changed part of a long text', () => {
    const base = 'x'.repeat(200_000) + 'old' + 'y'.repeat(150_000);
    const edited = 'x'.repeat(200_000) + 'a new device' + 'y'.repeat(150_000);
    const edit = editBetween(base, edited);
    expect(edit).toEqual({ keepStart: 200_000, keepEnd: 150_000, middle: 'a new device' });
    expect(editBetween(edited, edited)).toEqual({ keepStart: edited.length, keepEnd: 0, middle: '' });
    expect(editBetween('', edited).middle).toBe(edited);
  });

  it('never split a surrogate pair between the kept parts and the middle', () => {
    // The two texts share the high surrogate of different emoji.
    const edit = editBetween('ab😀cd', 'ab😁cd');
    expect(edit.middle).toBe('😁');
    const end = editBetween('ab\uD83D\uDE00', 'ac\uD83C\uDE00');
    expect(end.middle).toBe('c\uD83C\uDE00');
  });

  it('refuse an edit that keeps more than the base has, or is not made of whole counts', () => {
    expect(applyEdit('abc', { keepStart: 2, keepEnd: 2, middle: '' })).toBeNull();
    expect(applyEdit('abc', { keepStart: -1, keepEnd: 0, middle: '' })).toBeNull();
    expect(applyEdit('abc', { keepStart: 0.5, keepEnd: 0, middle: '' })).toBeNull();
    expect(applyEdit('abc', { keepStart: 1, keepEnd: 1, middle: 'X' })).toBe('aXc');
  });
});

describe('textDigest', () => {
  it('is the SHA-256 of the UTF-8 bytes of a well-formed text', async () => {
    const text = '{"name":"Zoë 😀"}';
    expect(await textDigest(text)).toBe(hex(sha256(new TextEncoder().encode(text))));
  });

  it('tells apart texts that differ only in lone surrogates, which UTF-8 would spell alike', async () => {
    const a = await textDigest('name \uD800');
    const b = await textDigest('name \uDBFF');
    const c = await textDigest('name \uFFFD');
    expect(new Set([a, b, c]).size).toBe(3);
  });
});

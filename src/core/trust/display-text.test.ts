import { describe, expect, it } from 'vitest';
import { cleanText, personName, quoted } from './display-text';
import { shortKey, sameKey, keyToken } from './public-keys';
import { key } from './testing/test-support';

describe('display text', () => {
  it('removes bidi overrides, controls and zero-width characters, which could disguise a name', () => {
    expect(cleanText('Bob\u202E\u200Bevil\u0000', 'x')).toBe('Bobevil');
    expect(cleanText('  Line\none\t ', 'x')).toBe('Line one');
    expect(cleanText('\u2066\u2069', 'fallback')).toBe('fallback');
  });

  it('shortens long names', () => {
    const long = cleanText('x'.repeat(500), '?');
    expect([...long]).toHaveLength(64);
    expect(long.endsWith('…')).toBe(true);
    expect(cleanText('é'.repeat(10), '?', 5)).toBe('éééé…');
  });

  it('falls back to the id, then to "someone"', () => {
    expect(personName('', 'bob@example')).toBe('bob@example');
    expect(personName(null, '\u202E')).toBe('someone');
    expect(quoted('', 'this conversation')).toBe('“this conversation”');
  });
});

describe('public keys', () => {
  it('compares algorithm and text', () => {
    expect(sameKey(key(1), key(1))).toBe(true);
    expect(sameKey(key(1), key(2))).toBe(false);
    expect(sameKey(key(1), { ...key(1), algorithm: 'ed25519' })).toBe(false);
    expect(sameKey(null, null)).toBe(true);
    expect(sameKey(key(1), null)).toBe(false);
    expect(keyToken(null)).toBe('none');
  });

  it("shows a key as the start of its printed form: six bytes in hex, after Signal's type byte", () => {
    expect(shortKey(key(0x0a0b0c0d))).toBe('0a0b 0c0d 0000…');
    expect(shortKey({ algorithm: 'curve25519', key: 'A' })).toBe('A…');
    expect(shortKey(null)).toBe('no key');
  });
});

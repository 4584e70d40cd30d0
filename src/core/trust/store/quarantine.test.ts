import { describe, expect, it } from 'vitest';
import { contentHash, hashParts, safeJson } from './content-hash';
import { quarantine } from './quarantine';
import { parseStorageKey } from './storage-keys';

describe('content hashes', () => {
  it('are 32 hex digits and depend on every part without ambiguity', () => {
    expect(contentHash('x')).toMatch(/^[0-9a-f]{32}$/);
    expect(hashParts(['a|b', 'c'])).not.toBe(hashParts(['a', 'b|c']));
    expect(hashParts(['a', 'b'])).not.toBe(hashParts(['ab']));
    expect(hashParts(['\ud800'])).not.toBe(hashParts(['\ud801'])); // lone surrogates stay distinct
    expect(hashParts(['a'])).toBe(hashParts(['a']));
  });

  it('serializes anything without throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(safeJson(cyclic)).toMatch(/^<unserializable object/);
    expect(safeJson(10n)).toMatch(/^<unserializable bigint/);
    expect(safeJson(undefined)).toBe('<undefined>');
    expect(safeJson({ a: 1 })).toBe('{"a":1}');
  });
});

describe('quarantine', () => {
  it('keeps the exact value, the reason, where it came from and when', () => {
    const value = { broken: [1, 2] };
    const q = quarantine('v1/contact/a|b|c', value, 'at keys: expected a list', 5);
    expect(q.record).toEqual({ originalKey: 'v1/contact/a|b|c', value, reason: 'at keys: expected a list', quarantinedAt: 5 });
    expect(q.key).toMatch(/^quarantine\/[0-9a-f]{32}\/v1\/contact\/a\|b\|c$/);
    expect(parseStorageKey(q.key).kind).toBe('quarantine');
  });

  it('files the same damaged value under the same key, and a different one elsewhere', () => {
    expect(quarantine('k', { a: 1 }, 'r', 1).key).toBe(quarantine('k', { a: 1 }, 'other reason', 2).key);
    expect(quarantine('k', { a: 1 }, 'r', 1).key).not.toBe(quarantine('k', { a: 2 }, 'r', 1).key);
    expect(quarantine('k', { a: 1 }, 'r', 1).key).not.toBe(quarantine('j', { a: 1 }, 'r', 1).key);
  });
});

import { describe, expect, it } from 'vitest';
import { hasNoGetter } from './data-field';

describe('a field without a getter', () => {
  it('is a plain value, with or without a prototype', () => {
    expect(hasNoGetter({ id: 'bob' }, 'id')).toBe(true);
    expect(hasNoGetter({ id: undefined }, 'id')).toBe(true);
    expect(hasNoGetter(Object.assign(Object.create(null) as object, { id: 'bob' }), 'id')).toBe(true);
    expect(hasNoGetter(['a'], '0')).toBe(true);
  });

  it('is not a getter, own or inherited', () => {
    expect(hasNoGetter(Object.defineProperty({}, 'id', { get: () => 'bob', enumerable: true }), 'id')).toBe(false);
    expect(hasNoGetter(Object.create(Object.defineProperty({}, 'id', { get: () => 'bob' })) as object, 'id')).toBe(false);
  });

  it('reads as undefined when it has only a setter, which the plain checks refuse as a value', () => {
    const setterOnly = Object.defineProperty({}, 'id', { set: () => {}, enumerable: true }) as { id?: unknown };
    expect(hasNoGetter(setterOnly, 'id')).toBe(true);
    expect(setterOnly.id).toBeUndefined();
  });
});

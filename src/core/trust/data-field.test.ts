import { describe, expect, it } from 'vitest';
import { isDataField } from './data-field';

describe('a plain data field', () => {
  it('is an own enumerable value, with or without a prototype', () => {
    expect(isDataField({ id: 'bob' }, 'id')).toBe(true);
    expect(isDataField({ id: undefined }, 'id')).toBe(true);
    expect(isDataField(Object.assign(Object.create(null) as object, { id: 'bob' }), 'id')).toBe(true);
    expect(isDataField(['a'], '0')).toBe(true);
  });

  it('is not a getter, a setter, a hidden field, an inherited one or a missing one', () => {
    expect(isDataField(Object.defineProperty({}, 'id', { get: () => 'bob', enumerable: true }), 'id')).toBe(false);
    expect(isDataField(Object.defineProperty({}, 'id', { set: () => {}, enumerable: true }), 'id')).toBe(false);
    expect(isDataField(Object.defineProperty({}, 'id', { value: 'bob', enumerable: false }), 'id')).toBe(false);
    expect(isDataField(Object.create({ id: 'bob' }) as object, 'id')).toBe(false);
    expect(isDataField({}, 'id')).toBe(false);
  });
});

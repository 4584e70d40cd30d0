// Whether a field is plain data, asked without allocating: the fast paths that
// take a snapshot or a stored record as it is (snapshot-plain.ts, record-plain.ts)
// ask it of every field of thousands of objects, and a property descriptor per
// field was most of what a large ingest allocated.

type AccessorLookup = { __lookupGetter__(key: string): unknown };
const { __lookupGetter__: lookupGetter } = Object.prototype as unknown as AccessorLookup;

/**
 * True when `o`'s own field `key` (its caller knows it has one, and that it is
 * enumerable: for...in listed it) has no getter, which could answer
 * differently when read again. A field with only a setter reads as undefined,
 * which every check these fast paths make refuses. Only the own field is
 * looked at: the lookup stops at the first object that has the key.
 */
export function hasNoGetter(o: object, key: string): boolean {
  return lookupGetter.call(o, key) === undefined;
}

// Whether a field is plain data, asked without allocating: the fast paths that
// take a snapshot or a stored record as it is (snapshot-plain.ts, record-plain.ts)
// ask it of every field of thousands of objects, and a property descriptor per
// field was most of what a large ingest allocated.

type AccessorLookups = { __lookupGetter__(key: string): unknown; __lookupSetter__(key: string): unknown };
const { __lookupGetter__: lookupGetter, __lookupSetter__: lookupSetter } = Object.prototype as unknown as AccessorLookups;
const { propertyIsEnumerable } = Object.prototype;

/**
 * True when `o` has `key` as its own enumerable data property (no getter or
 * setter, which could answer differently when read again). For a plain object:
 * only the own property is looked at, since Object.prototype has no accessor
 * under any field name these checks ask about.
 */
export function isDataField(o: object, key: string): boolean {
  return propertyIsEnumerable.call(o, key) && lookupGetter.call(o, key) === undefined && lookupSetter.call(o, key) === undefined;
}

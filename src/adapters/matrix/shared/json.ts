// JSON as parsed from a response: only plain objects are read as objects (never
// a class instance a page could hand over), in the content script and the background alike.

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

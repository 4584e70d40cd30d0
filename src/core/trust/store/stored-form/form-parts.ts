// The pieces the compact stored forms are made of (stored-form.ts). Encoding
// is all or nothing: a value that is not exactly the shape a form expects is
// stored as it is, so the compact form can never lose or change a field.

/** Thrown (and caught by stored-form.ts) when a value does not fit its compact form. */
export class DoesNotFit extends Error {}

export function fail(): never {
  throw new DoesNotFit();
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

/** `x` as an object holding no field but these (each optional), or fail. */
export function objectWith(x: unknown, fields: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(x)) fail();
  for (const key of Object.keys(x)) if (!fields.includes(key)) fail();
  return x;
}

export function arrayOf(x: unknown, length?: number): unknown[] {
  if (!Array.isArray(x) || (length !== undefined && x.length !== length)) fail();
  return x;
}

const ALGORITHM_LETTER = { curve25519: 'c', ed25519: 'e' } as const;

/** A key reference `{ algorithm, key }` as one string: `c` (Curve25519) or `e` (Ed25519), then the key. */
export function encodeKeyRef(ref: unknown): string {
  const { algorithm, key } = objectWith(ref, ['algorithm', 'key']);
  if (typeof key !== 'string' || (algorithm !== 'curve25519' && algorithm !== 'ed25519')) fail();
  return ALGORITHM_LETTER[algorithm] + key;
}

export function decodeKeyRef(stored: unknown): { algorithm: 'curve25519' | 'ed25519'; key: string } {
  if (typeof stored !== 'string') fail();
  if (stored[0] === 'c') return { algorithm: 'curve25519', key: stored.slice(1) };
  if (stored[0] === 'e') return { algorithm: 'ed25519', key: stored.slice(1) };
  return fail();
}

export const encodeNullableKeyRef = (ref: unknown): string | null => (ref === null ? null : encodeKeyRef(ref));
export const decodeNullableKeyRef = (stored: unknown) => (stored === null ? null : decodeKeyRef(stored));

export function flag(x: unknown): 0 | 1 {
  if (typeof x !== 'boolean') fail();
  return x ? 1 : 0;
}

export function unflag(x: unknown): boolean {
  if (x !== 0 && x !== 1) fail();
  return x === 1;
}

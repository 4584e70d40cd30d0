// Matrix canonical JSON (client-server spec, appendix "Signing JSON"): the exact
// bytes every Matrix signature covers. Keys sorted by Unicode code point, no
// insignificant whitespace, UTF-8, only the grammar's escapes, and integers in
// [-(2^53)+1, 2^53-1]. Anything else is refused with a CanonicalJsonError rather
// than approximated: two encoders that disagree on one byte disagree on every
// signature.

import { utf8 } from '../../../core/encoding';
import { isPlainObject } from '../shared/json';

export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

export interface CanonicalJsonLimits {
  /** Deepest nesting of arrays and objects; also what stops a cyclic structure. */
  maxDepth: number;
  /** Longest output, in UTF-16 code units, before the encoder gives up. */
  maxLength: number;
}

export const DEFAULT_CANONICAL_JSON_LIMITS: CanonicalJsonLimits = { maxDepth: 64, maxLength: 1 << 20 };

/**
 * Canonical JSON text of a JSON value (as JSON.parse returns them). `skip`
 * names members of a top-level object to leave out: skipped while encoding,
 * not deleted from a copy, so a hostile key such as `__proto__` cannot reshape it.
 */
export function canonicalJson(
  value: unknown,
  limits: CanonicalJsonLimits = DEFAULT_CANONICAL_JSON_LIMITS,
  skip: ReadonlySet<string> = NO_MEMBERS,
): string {
  const writer = new BoundedWriter(limits.maxLength);
  if (isPlainObject(value)) writeObject(value, writer, limits.maxDepth, new Set(), skip);
  else writeValue(value, writer, limits.maxDepth, new Set());
  return writer.text();
}

/** The bytes a Matrix signature on `object` covers: its canonical JSON without the top-level `signatures` and `unsigned` members. */
export function signedBytes(object: unknown, limits: CanonicalJsonLimits = DEFAULT_CANONICAL_JSON_LIMITS): Uint8Array {
  if (!isPlainObject(object)) throw new CanonicalJsonError('only a JSON object can carry signatures');
  return utf8(canonicalJson(object, limits, SIGNATURE_MEMBERS));
}

const SIGNATURE_MEMBERS: ReadonlySet<string> = new Set(['signatures', 'unsigned']);

/** Collects output pieces and stops as soon as the total would pass the limit. */
class BoundedWriter {
  private readonly parts: string[] = [];
  private length = 0;
  constructor(private readonly maxLength: number) {}

  write(piece: string): void {
    this.length += piece.length;
    if (this.length > this.maxLength) {
      throw new CanonicalJsonError(`canonical JSON longer than ${this.maxLength} characters`);
    }
    this.parts.push(piece);
  }

  /** Room left, so a huge string is refused before it is escaped. */
  remaining(): number {
    return this.maxLength - this.length;
  }

  text(): string {
    return this.parts.join('');
  }
}

function writeValue(value: unknown, out: BoundedWriter, depth: number, open: Set<object>): void {
  if (value === null) return out.write('null');
  switch (typeof value) {
    case 'boolean':
      return out.write(value ? 'true' : 'false');
    case 'number':
      return out.write(integerText(value));
    case 'string':
      return out.write(stringText(value, out.remaining()));
    case 'object':
      if (Array.isArray(value)) return writeArray(value, out, depth, open);
      if (isPlainObject(value)) return writeObject(value, out, depth, open, NO_MEMBERS);
      throw new CanonicalJsonError(`not a JSON value: ${describe(value)}`);
    default:
      throw new CanonicalJsonError(`not a JSON value: ${describe(value)}`);
  }
}

const NO_MEMBERS: ReadonlySet<string> = new Set();

function writeArray(array: unknown[], out: BoundedWriter, depth: number, open: Set<object>): void {
  enter(array, depth, open);
  out.write('[');
  for (let i = 0; i < array.length; i++) {
    if (!(i in array)) throw new CanonicalJsonError(`array has a hole at index ${i}`);
    if (i > 0) out.write(',');
    writeValue(array[i], out, depth - 1, open);
  }
  out.write(']');
  open.delete(array);
}

function writeObject(
  object: Record<string, unknown>,
  out: BoundedWriter,
  depth: number,
  open: Set<object>,
  skip: ReadonlySet<string>,
): void {
  enter(object, depth, open);
  const keys = Object.keys(object);
  // Each member takes at least 4 characters ("":0): refuse before sorting a huge object.
  if (keys.length * 4 > out.remaining()) throw new CanonicalJsonError('object too large for the canonical JSON limit');
  out.write('{');
  let first = true;
  for (const key of keys.sort(compareCodePoints)) {
    if (skip.has(key)) continue;
    if (!first) out.write(',');
    first = false;
    out.write(stringText(key, out.remaining()));
    out.write(':');
    writeValue(object[key], out, depth - 1, open);
  }
  out.write('}');
  open.delete(object);
}

function enter(container: object, depth: number, open: Set<object>): void {
  if (open.has(container)) throw new CanonicalJsonError('the value contains itself (a cycle)');
  if (depth <= 0) throw new CanonicalJsonError('nested too deeply');
  open.add(container);
}

function integerText(value: number): string {
  if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} is not a JSON number`);
  if (!Number.isInteger(value)) {
    throw new CanonicalJsonError(`floats are not allowed in canonical JSON (found ${value})`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new CanonicalJsonError(`integer ${value} is outside [-(2^53)+1, 2^53-1]`);
  }
  // String(-0) is "0": the spec requires exactly that.
  return String(value);
}

// A lone surrogate has no UTF-8 encoding, so no Matrix signer could have signed it.
// (Most strings have no surrogate at all: the simple test runs first.)
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringText(value: string, room: number): string {
  // Escaping at most sextuples a string: refuse one that cannot fit before doing the work.
  if (value.length + 2 > room) throw new CanonicalJsonError('string longer than the canonical JSON limit');
  if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) throw new CanonicalJsonError('string is not valid Unicode (lone surrogate)');
  // For well-formed strings JSON.stringify emits exactly the spec grammar's
  // escapes: \" \\ \b \f \n \r \t, \u00xx (lowercase) for other controls, and
  // everything else (including "/" and non-ASCII) as itself.
  return JSON.stringify(value);
}

/**
 * Orders strings by Unicode code point. JavaScript's default sort compares UTF-16
 * code units, which puts U+E000..U+FFFF after astral characters; the spec (and
 * UTF-8 byte order) puts them before.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (D800-DFFF) above E000-FFFF, matching code point order. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === 'string' ? `an object of class ${name.slice(0, 40)}` : 'an exotic object';
  }
  return typeof value;
}

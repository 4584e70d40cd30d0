// Signal-compatible safety numbers ("numeric fingerprints"), byte for byte what
// libsignal's Fingerprint computes: the same 60 digits and the same scannable
// (QR) bytes, so a KeyWatch user can compare with someone using a Signal app.
//
// One side = SHA-512(0x0000 ‖ key ‖ id ‖ key), then `iterations - 1` times
// h ← SHA-512(h ‖ key). Its first 30 bytes give 30 digits, its first 32 bytes
// the scannable content. A side depends only on (key, id, iterations), so sides
// are cached: a conversation of n people costs n sides, not n × 2.

import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, constantTimeEqual, toHex } from './encoding';
import { iterateSha512 } from './sha512-block';

export interface SafetyNumberParty {
  stableId: Uint8Array;
  identityKey: Uint8Array;
}

export const DEFAULT_ITERATIONS = 5200;
export const DEFAULT_VERSION = 2;
/** libsignal accepts 2 ..= 1,000,000 iterations. */
export const MIN_ITERATIONS = 2;
export const MAX_ITERATIONS = 1_000_000;

export type SafetyNumberErrorCode = 'bad-iterations' | 'bad-version' | 'bad-key' | 'bad-identifier';

export class SafetyNumberError extends Error {
  override name = 'SafetyNumberError';
  constructor(
    readonly code: SafetyNumberErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The safety number of a conversation between `local` and `remote`, as
 * libsignal's Fingerprint.new(iterations, version, localId, localKey, remoteId,
 * remoteKey) computes it: `digits` is the same for both people; `scannable` is
 * this side's QR payload (the other person's has local and remote swapped).
 */
export function computeSafetyNumber(
  local: SafetyNumberParty,
  remote: SafetyNumberParty,
  options?: { iterations?: number; version?: number },
): { digits: string; scannable: Uint8Array } {
  const iterations = checkIterations(options?.iterations ?? DEFAULT_ITERATIONS);
  const version = options?.version ?? DEFAULT_VERSION;
  if (!Number.isInteger(version) || version < 0 || version > 0xffffffff) {
    throw new SafetyNumberError('bad-version', 'version must be an integer from 0 to 2^32 - 1');
  }
  const ours = fingerprintSide(local, iterations, 'local');
  const theirs = fingerprintSide(remote, iterations, 'remote');
  const digits = ours.digits < theirs.digits ? ours.digits + theirs.digits : theirs.digits + ours.digits;
  return { digits, scannable: encodeScannable(version, ours.content, theirs.content) };
}

function checkIterations(iterations: number): number {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new SafetyNumberError('bad-iterations', `iterations must be an integer from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
  }
  return iterations;
}

// ---- One side, cached ----

interface Side {
  /** 30 digits: six 5-byte big-endian chunks of the digest, each mod 100000. */
  digits: string;
  /** The first 32 bytes of the digest (the scannable content). */
  content: Uint8Array;
}

const SIDE_CACHE_LIMIT = 8192;
// Identifiers longer than this are hashed but not cached (the cache key holds them).
const CACHEABLE_ID_BYTES = 1024;
const sideCache = new Map<string, Side>();

/** Forgets every cached side (for benchmarks that must start cold). */
export function clearSafetyNumberCache(): void {
  sideCache.clear();
}

function fingerprintSide(party: SafetyNumberParty, iterations: number, which: string): Side {
  const { identityKey: key, stableId: id } = party ?? {};
  if (!(key instanceof Uint8Array) || !(key.length === 32 || (key.length === 33 && key[0] === 0x05))) {
    throw new SafetyNumberError('bad-key', `${which} identity key: expected 33 bytes starting with 0x05, or 32 bytes`);
  }
  if (!(id instanceof Uint8Array)) throw new SafetyNumberError('bad-identifier', `${which} stable id: expected bytes`);
  const cacheKey = id.length <= CACHEABLE_ID_BYTES ? `${iterations}:${toHex(key)}:${toHex(id)}` : null;
  const cached = cacheKey === null ? undefined : sideCache.get(cacheKey);
  if (cached) {
    // Refresh its place so the least recently used side goes first.
    sideCache.delete(cacheKey!);
    sideCache.set(cacheKey!, cached);
    return cached;
  }
  const first = sha512(concatBytes(new Uint8Array([0, 0]), key, id, key));
  const digest = iterateSha512(first, key, iterations - 1);
  const side = { digits: digitsOf(digest, 6), content: digest.slice(0, 32) };
  if (cacheKey !== null) {
    if (sideCache.size >= SIDE_CACHE_LIMIT) sideCache.delete(sideCache.keys().next().value!);
    sideCache.set(cacheKey, side);
  }
  return side;
}

/** `chunks` groups of 5 digits from consecutive 5-byte big-endian integers mod 100000. */
export function digitsOf(digest: Uint8Array, chunks: number): string {
  let out = '';
  for (let i = 0; i < chunks; i++) {
    let n = 0;
    for (let j = 0; j < 5; j++) n = n * 256 + digest[i * 5 + j]!;
    out += String(n % 100000).padStart(5, '0');
  }
  return out;
}

// ---- Scannable form: protobuf CombinedFingerprints ----
// message LogicalFingerprint { optional bytes content = 1; }
// message CombinedFingerprints { optional uint32 version = 1;
//   optional LogicalFingerprint local = 2; optional LogicalFingerprint remote = 3; }

function encodeScannable(version: number, local: Uint8Array, remote: Uint8Array): Uint8Array {
  const logical = (field: number, content: Uint8Array) => [(field << 3) | 2, content.length + 2, (1 << 3) | 2, content.length, ...content];
  return Uint8Array.from([(1 << 3) | 0, ...varint(version), ...logical(2, local), ...logical(3, remote)]);
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

/** null: the field (or its content) is absent. */
interface DecodedCode {
  version: number;
  local: Uint8Array | null;
  remote: Uint8Array | null;
}

class NotACode extends Error {}

/**
 * Reads CombinedFingerprints the way a protobuf decoder does (fields in any
 * order, unknown fields skipped, repeated fields merged, version absent = 0), but
 * refuses anything truncated, malformed, or with a known field of the wrong type.
 */
function decodeScannable(bytes: Uint8Array): DecodedCode {
  const code: DecodedCode = { version: 0, local: null, remote: null };
  forEachField(bytes, (field, value) => {
    if (field === 1) {
      if (typeof value !== 'number') throw new NotACode('the version is not a varint');
      if (value > 0xffffffff) throw new NotACode('the version does not fit 32 bits');
      code.version = value;
    } else if (field === 2 || field === 3) {
      if (!(value instanceof Uint8Array)) throw new NotACode('a fingerprint is not a message');
      const which = field === 2 ? 'local' : 'remote';
      forEachField(value, (f, v) => {
        if (f !== 1) return;
        if (!(v instanceof Uint8Array)) throw new NotACode('fingerprint content is not bytes');
        code[which] = v;
      });
    }
  });
  return code;
}

/** Visits each field with its value: a number (varint), bytes (length-delimited), or null (fixed-width). */
function forEachField(bytes: Uint8Array, visit: (field: number, value: number | Uint8Array | null) => void): void {
  let pos = 0;
  const readVarint = (): number => {
    let value = 0,
      scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= bytes.length) throw new NotACode('truncated varint');
      const byte = bytes[pos++]!;
      if (i === 9 && byte > 1) throw new NotACode('varint larger than 64 bits');
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return value;
    }
    throw new NotACode('varint longer than 10 bytes');
  };
  while (pos < bytes.length) {
    const tag = readVarint();
    if (tag > 0xffffffff) throw new NotACode('field tag larger than 32 bits');
    const field = Math.floor(tag / 8),
      wire = tag % 8;
    if (field === 0) throw new NotACode('field number 0');
    if (wire === 0) visit(field, readVarint());
    else if (wire === 1 || wire === 5) {
      pos += wire === 1 ? 8 : 4;
      if (pos > bytes.length) throw new NotACode('truncated fixed-width field');
      visit(field, null);
    } else if (wire === 2) {
      const length = readVarint();
      if (length > bytes.length - pos) throw new NotACode('truncated length-delimited field');
      visit(field, bytes.subarray(pos, pos + length));
      pos += length;
    } else {
      throw new NotACode(`unsupported wire type ${wire}`);
    }
  }
}

// ---- Comparing a scanned code ----

export type ScanComparison =
  | { result: 'match' }
  | { result: 'mismatch' }
  | { result: 'version-mismatch'; ours: number; theirs: number }
  | { result: 'not-a-code'; reason: string };

/**
 * Compares a code scanned from the other person's screen with our scannable
 * bytes, as libsignal's ScannableFingerprint.compare does: the versions must be
 * equal, then their local must equal our remote and their remote our local
 * (compared in constant time). Never throws: anything that is not a
 * well-formed code is reported as 'not-a-code'.
 */
export function compareScannedCode(ours: Uint8Array, scanned: unknown): ScanComparison {
  try {
    if (!(scanned instanceof Uint8Array)) throw new NotACode('expected bytes');
    if (scanned.length === 0) throw new NotACode('it is empty');
    const mine = decodeScannable(ours);
    const theirs = decodeScannable(scanned);
    if (mine.version !== theirs.version) return { result: 'version-mismatch', ours: mine.version, theirs: theirs.version };
    if (!theirs.local || !theirs.remote || !mine.local || !mine.remote) throw new NotACode('a fingerprint is missing');
    const same = Number(constantTimeEqual(theirs.local, mine.remote)) & Number(constantTimeEqual(theirs.remote, mine.local));
    return same === 1 ? { result: 'match' } : { result: 'mismatch' };
  } catch (error) {
    const reason = error instanceof NotACode ? error.message : 'unreadable input';
    return { result: 'not-a-code', reason: `not a safety-number code: ${reason}` };
  }
}

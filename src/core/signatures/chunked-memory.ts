// The remembered outcomes of key and signature checks (a CheckMemory), kept in
// a few hundred records of storage.local so that a stopped background, or a
// restarted browser, does not check an unchanged roster again. The background
// is their only writer; this module is pure and takes the storage as a parameter.
//
// Layout: `verdicts/<n>` for n from 0 to 255; an outcome lives in the record
// named by the first byte of its id (a SHA-256, so ids spread evenly and a page
// cannot choose where its checks land without grinding hashes; even then it
// only crowds one record). A record holds at most 320 outcomes: 81,920 in all,
// about 3.8 MB when full. A use refreshes an outcome's place in memory; the
// place is stored with the record's next write (a hit alone writes nothing).
// Beyond 320, the least recently used of that record are forgotten.
// docs/storage.md, "Remembered checks", says why this size.
//
// In memory a record stays as bytes (ids sorted, found by binary search), and
// it is stored the same way (format 2), so reading every record costs one
// base64 decoding each, a pass that checks the order, and little memory.
// The records are a cache: one that cannot be read is treated as empty and
// written afresh; nothing in the trust store depends on them.

import { EncodingError, fromBase64, toBase64 } from '../encoding';
import { CHECK_ID_BYTES } from './check-id';
import type { CheckMemory } from './deferred-checks';

export const CHECK_MEMORY_PREFIX = 'verdicts/';
export const CHECK_MEMORY_RECORDS = 256;
/**
 * Sized to the largest Matrix room KeyWatch reads: 5,000 members with 3 devices
 * each are 60,000 outcomes (per user: 5 keys, 7 signatures); spread over 256
 * records by hash, the fullest record then holds more than 320 with a
 * probability of about 1 in 100,000, so such a room is remembered whole.
 */
export const CHECK_MEMORY_RECORD_CAPACITY = 320;
/**
 * The layout of a record's `entries`, as written. Format 2: the ids in ascending order, then their outcomes, then
 * each one's place in least-recently-used order (two bytes, 0 for the least recently used); read as it is, without a
 * sort, by a woken worker. Format 1 (entries of id and outcome, least recently used first) is still read. A record of
 * any other format is read as empty.
 */
export const CHECK_MEMORY_FORMAT = 2;

/** Format 1's entry: the id, then the outcome. */
const ENTRY_BYTES = CHECK_ID_BYTES + 1;
/** Format 2's bytes per outcome: the id, the outcome, its place in use order. */
const SORTED_ENTRY_BYTES = CHECK_ID_BYTES + 1 + 2;

/** storage.local as this module needs it. */
export interface RecordStorage {
  read(keys: string[]): Promise<Record<string, unknown>>;
  write(items: Record<string, unknown>): Promise<void>;
}

/** One stored record: `entries` is base64 of the layout its `format` names (CHECK_MEMORY_FORMAT). */
export interface CheckMemoryRecord {
  format: 1 | 2;
  entries: string;
}

export function checkMemoryKey(index: number): string {
  return `${CHECK_MEMORY_PREFIX}${index}`;
}

const recordOf = (id: Uint8Array) => id[0]! % CHECK_MEMORY_RECORDS;

/** A record in memory: ids in ascending byte order, each with its outcome and when it was last used. */
class LoadedRecord {
  ids: Uint8Array = new Uint8Array(0);
  outcomes: Uint8Array = new Uint8Array(0);
  lastUse: number[] = [];

  get size(): number {
    return this.outcomes.length;
  }

  /** The position of `id`, or -(insertion point) - 1. */
  find(id: Uint8Array): number {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const order = compareIds(this.ids, middle * CHECK_ID_BYTES, id, 0);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -low - 1;
  }

  put(id: Uint8Array, outcome: number, use: number): void {
    const at = this.find(id);
    if (at >= 0) {
      this.outcomes[at] = outcome;
      this.lastUse[at] = use;
      return;
    }
    const slot = -at - 1;
    const ids = new Uint8Array(this.ids.length + CHECK_ID_BYTES);
    ids.set(this.ids.subarray(0, slot * CHECK_ID_BYTES));
    ids.set(id, slot * CHECK_ID_BYTES);
    ids.set(this.ids.subarray(slot * CHECK_ID_BYTES), (slot + 1) * CHECK_ID_BYTES);
    const outcomes = new Uint8Array(this.size + 1);
    outcomes.set(this.outcomes.subarray(0, slot));
    outcomes[slot] = outcome;
    outcomes.set(this.outcomes.subarray(slot), slot + 1);
    this.ids = ids;
    this.outcomes = outcomes;
    this.lastUse.splice(slot, 0, use);
  }

  /** Forgets the least recently used entries beyond the capacity. */
  trim(): void {
    while (this.size > CHECK_MEMORY_RECORD_CAPACITY) {
      let oldest = 0;
      for (let i = 1; i < this.size; i++) if (this.lastUse[i]! < this.lastUse[oldest]!) oldest = i;
      const ids = new Uint8Array(this.ids.length - CHECK_ID_BYTES);
      ids.set(this.ids.subarray(0, oldest * CHECK_ID_BYTES));
      ids.set(this.ids.subarray((oldest + 1) * CHECK_ID_BYTES), oldest * CHECK_ID_BYTES);
      const outcomes = new Uint8Array(this.size - 1);
      outcomes.set(this.outcomes.subarray(0, oldest));
      outcomes.set(this.outcomes.subarray(oldest + 1), oldest);
      this.ids = ids;
      this.outcomes = outcomes;
      this.lastUse.splice(oldest, 1);
    }
  }

  /** The stored form (format 2): the ids as held (ascending), their outcomes, then each one's place in use order. */
  toRecord(): CheckMemoryRecord {
    const count = this.size;
    const bytes = new Uint8Array(count * SORTED_ENTRY_BYTES);
    bytes.set(this.ids);
    bytes.set(this.outcomes, count * CHECK_ID_BYTES);
    const places = new DataView(bytes.buffer, count * (CHECK_ID_BYTES + 1));
    const order = [...this.lastUse.keys()].sort((a, b) => this.lastUse[a]! - this.lastUse[b]!);
    order.forEach((i, place) => places.setUint16(i * 2, place));
    return { format: CHECK_MEMORY_FORMAT, entries: toBase64(bytes) };
  }
}

/** The byte order of the ids at `aAt` in `a` and at `bAt` in `b` (negative, zero or positive). */
function compareIds(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): number {
  for (let i = 0; i < CHECK_ID_BYTES; i++) {
    const d = a[aAt + i]! - b[bAt + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

export class ChunkedCheckMemory implements CheckMemory {
  private records = new Map<number, LoadedRecord>();
  /** Records read from storage (or found absent there); only these are ever written back. */
  private loaded = new Set<number>();
  private loading = new Map<number, Promise<void>>();
  private changed = new Set<number>();
  /** Bumped by forget(), so a read begun before it cannot bring old outcomes back. */
  private generation = 0;
  /** A clock for least-recently-used order. */
  private uses = 0;

  constructor(private readonly storage: RecordStorage) {}

  get complete(): boolean {
    return this.loaded.size === CHECK_MEMORY_RECORDS;
  }

  async load(ids?: readonly Uint8Array[]): Promise<void> {
    const wanted = ids ? new Set(ids.map(recordOf)) : new Set(Array.from({ length: CHECK_MEMORY_RECORDS }, (_, i) => i));
    const toRead = [...wanted].filter((index) => !this.loaded.has(index) && !this.loading.has(index));
    if (toRead.length > 0) {
      const generation = this.generation;
      const reading = this.storage.read(toRead.map(checkMemoryKey)).then((found) => {
        if (generation !== this.generation) return;
        for (const index of toRead) this.adopt(index, found[checkMemoryKey(index)]);
      });
      const settled = reading.finally(() => {
        if (generation === this.generation) toRead.forEach((index) => this.loading.delete(index));
      });
      for (const index of toRead) this.loading.set(index, settled);
    }
    await Promise.all([...wanted].map((index) => this.loading.get(index)));
  }

  /** Takes a stored record in; outcomes set while it was being read are newer and stay the most recent. */
  private adopt(index: number, value: unknown): void {
    const record = readRecord(value, index, this.uses);
    this.uses += record.size;
    const fresh = this.records.get(index);
    if (fresh) {
      const order = [...fresh.lastUse.keys()].sort((a, b) => fresh.lastUse[a]! - fresh.lastUse[b]!);
      for (const i of order) {
        record.put(fresh.ids.subarray(i * CHECK_ID_BYTES, (i + 1) * CHECK_ID_BYTES), fresh.outcomes[i]!, ++this.uses);
      }
      record.trim();
    }
    this.records.set(index, record);
    this.loaded.add(index);
  }

  get(id: Uint8Array): number | undefined {
    if (id.length !== CHECK_ID_BYTES) return undefined;
    const record = this.records.get(recordOf(id));
    const at = record ? record.find(id) : -1;
    if (at < 0) return undefined;
    record!.lastUse[at] = ++this.uses;
    return record!.outcomes[at];
  }

  set(id: Uint8Array, outcome: number): void {
    if (id.length !== CHECK_ID_BYTES || !Number.isInteger(outcome) || outcome < 0 || outcome > 255) return;
    const index = recordOf(id);
    let record = this.records.get(index);
    if (!record) {
      record = new LoadedRecord();
      this.records.set(index, record);
    }
    // Not read yet (load was not awaited): kept, and merged when the record is read.
    if (!this.loaded.has(index) && !this.loading.has(index)) void this.load([id]).catch(() => undefined);
    record.put(id.slice(), outcome, ++this.uses);
    record.trim();
    this.changed.add(index);
  }

  /** How many outcomes are held in memory now. */
  get size(): number {
    let n = 0;
    for (const record of this.records.values()) n += record.size;
    return n;
  }

  /** Writes every record changed since the last save (and read from storage first), in one write. */
  async save(): Promise<void> {
    const indices = [...this.changed].filter((index) => this.loaded.has(index));
    if (indices.length === 0) return;
    const items: Record<string, CheckMemoryRecord> = {};
    for (const index of indices) {
      this.changed.delete(index);
      items[checkMemoryKey(index)] = this.records.get(index)!.toRecord();
    }
    const generation = this.generation;
    try {
      await this.storage.write(items);
    } catch (error) {
      if (generation === this.generation) for (const index of indices) this.changed.add(index);
      throw error;
    }
  }

  /** Drops everything held in memory (the stored records were removed, or are about to be). */
  forget(): void {
    this.generation++;
    this.records = new Map();
    this.loaded = new Set();
    this.loading = new Map();
    this.changed = new Set();
  }
}

/** A stored record as a LoadedRecord (empty when it is not one this code wrote); its uses start after `clock`. */
function readRecord(value: unknown, index: number, clock: number): LoadedRecord {
  if (typeof value !== 'object' || value === null) return new LoadedRecord();
  const { format, entries } = value as Partial<CheckMemoryRecord>;
  if ((format !== 1 && format !== 2) || typeof entries !== 'string') return new LoadedRecord();
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(entries);
  } catch (error) {
    if (error instanceof EncodingError) return new LoadedRecord();
    throw error;
  }
  return format === 2 ? readSorted(bytes, index, clock) : readLeastRecentFirst(bytes, index, clock);
}

/** Format 2: taken as it is, once every id is found in its record and above the one before. */
function readSorted(bytes: Uint8Array, index: number, clock: number): LoadedRecord {
  const record = new LoadedRecord();
  const count = bytes.length / SORTED_ENTRY_BYTES;
  if (!Number.isInteger(count) || count > CHECK_MEMORY_RECORD_CAPACITY) return record;
  const ids = bytes.subarray(0, count * CHECK_ID_BYTES);
  for (let i = 0; i < count; i++) {
    // An outcome filed under the wrong record could never be found, and ids out of order could not be searched:
    // the record is not ours as written.
    if (ids[i * CHECK_ID_BYTES]! % CHECK_MEMORY_RECORDS !== index) return record;
    if (i > 0 && compareIds(ids, i * CHECK_ID_BYTES, ids, (i - 1) * CHECK_ID_BYTES) <= 0) return record;
  }
  const places = new DataView(bytes.buffer, bytes.byteOffset + count * (CHECK_ID_BYTES + 1), count * 2);
  const lastUse = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const place = places.getUint16(i * 2);
    if (place >= count) return record;
    lastUse[i] = clock + place + 1;
  }
  record.ids = ids;
  record.outcomes = bytes.subarray(count * CHECK_ID_BYTES, count * (CHECK_ID_BYTES + 1));
  record.lastUse = lastUse;
  return record;
}

/** Format 1: entries least recently used first, sorted by id here. */
function readLeastRecentFirst(bytes: Uint8Array, index: number, clock: number): LoadedRecord {
  const record = new LoadedRecord();
  const count = bytes.length / ENTRY_BYTES;
  if (!Number.isInteger(count) || count > CHECK_MEMORY_RECORD_CAPACITY) return record;
  // Stored least recently used first; kept sorted by id here.
  const order = idOrder(bytes, count);
  record.ids = new Uint8Array(count * CHECK_ID_BYTES);
  record.outcomes = new Uint8Array(count);
  record.lastUse = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const n = order[i]!;
    // An outcome filed under the wrong record could never be found: the record is not ours as written.
    if (bytes[n * ENTRY_BYTES]! % CHECK_MEMORY_RECORDS !== index) return new LoadedRecord();
    if (i > 0 && compareIds(bytes, order[i - 1]! * ENTRY_BYTES, bytes, n * ENTRY_BYTES) === 0) return new LoadedRecord();
    record.ids.set(bytes.subarray(n * ENTRY_BYTES, n * ENTRY_BYTES + CHECK_ID_BYTES), i * CHECK_ID_BYTES);
    record.outcomes[i] = bytes[n * ENTRY_BYTES + CHECK_ID_BYTES]!;
    record.lastUse[i] = clock + n + 1;
  }
  return record;
}

/**
 * The entries' positions in ascending order of their ids. A woken worker sorts every record before its first
 * lookup, with its code not yet compiled: so the entries are sorted by their ids' first four bytes as numbers, by the
 * engine's own sort, and only entries sharing those four bytes are compared byte by byte.
 */
function idOrder(bytes: Uint8Array, count: number): number[] {
  // Each entry as one number: its id's first four bytes, then its position (count ≤ 320 < 2^9; 2^41 is exact).
  const keys = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    const at = n * ENTRY_BYTES;
    const prefix = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    keys[n] = prefix * POSITIONS + n;
  }
  keys.sort();
  const order = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const n = keys[i]! % POSITIONS;
    // Insertion into the run of entries sharing the first four bytes (ids are hashes: almost never longer than one).
    let j = i;
    while (
      j > 0 &&
      Math.floor(keys[j - 1]! / POSITIONS) === Math.floor(keys[i]! / POSITIONS) &&
      compareIds(bytes, order[j - 1]! * ENTRY_BYTES, bytes, n * ENTRY_BYTES) > 0
    ) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = n;
  }
  return order;
}

const POSITIONS = 512;

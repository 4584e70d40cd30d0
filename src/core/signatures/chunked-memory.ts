// The remembered outcomes of key and signature checks (a CheckMemory), kept in
// a few hundred records of storage.local so that a stopped background, or a
// restarted browser, does not check an unchanged roster again. The background
// is their only writer; this module is pure and takes the storage as a parameter.
//
// Layout: `verdicts/<n>` for n from 0 to 255; an outcome lives in the record
// named by the first byte of its id (a SHA-256, so ids spread evenly and a page
// cannot choose where its checks land without grinding hashes; even then it
// only crowds one record). A record holds at most 256 outcomes, least recently
// used first: 65,536 in all, about 2.9 MB when full. A use refreshes an
// outcome's place in memory; the place is stored with the record's next write
// (a hit alone writes nothing). Beyond 256, the least recently used of that
// record are forgotten. docs/storage.md, "Remembered checks", says why this size.
//
// The records are a cache: one that cannot be read is treated as empty and
// written afresh; nothing in the trust store depends on them.

import { EncodingError, fromBase64, toBase64 } from '../encoding';
import { byteText, textBytes } from './byte-text';
import { CHECK_ID_BYTES } from './check-id';
import type { CheckMemory } from './deferred-checks';

export const CHECK_MEMORY_PREFIX = 'verdicts/';
export const CHECK_MEMORY_RECORDS = 256;
export const CHECK_MEMORY_RECORD_CAPACITY = 256;
/** The layout of a record's `entries`; a record of another format is read as empty. */
export const CHECK_MEMORY_FORMAT = 1;

const ENTRY_BYTES = CHECK_ID_BYTES + 1;

/** storage.local as this module needs it. */
export interface RecordStorage {
  read(keys: string[]): Promise<Record<string, unknown>>;
  write(items: Record<string, unknown>): Promise<void>;
}

/** One stored record: `entries` is base64 of (32-byte id, 1-byte outcome) pairs, least recently used first. */
export interface CheckMemoryRecord {
  format: typeof CHECK_MEMORY_FORMAT;
  entries: string;
}

export function checkMemoryKey(index: number): string {
  return `${CHECK_MEMORY_PREFIX}${index}`;
}

const recordOf = (id: string) => id.charCodeAt(0) % CHECK_MEMORY_RECORDS;

export class ChunkedCheckMemory implements CheckMemory {
  /** Records in memory: id → outcome, in order of use (least recent first). */
  private records = new Map<number, Map<string, number>>();
  /** Records read from storage (or found absent there); only these are ever written back. */
  private loaded = new Set<number>();
  private loading = new Map<number, Promise<void>>();
  private changed = new Set<number>();
  /** Bumped by forget(), so a read begun before it cannot bring old outcomes back. */
  private generation = 0;

  constructor(private readonly storage: RecordStorage) {}

  async load(ids: readonly string[]): Promise<void> {
    const wanted = new Set(ids.map(recordOf));
    const toRead = [...wanted].filter((index) => !this.loaded.has(index) && !this.loading.has(index));
    if (toRead.length > 0) {
      const generation = this.generation;
      const reading = this.storage.read(toRead.map(checkMemoryKey)).then((found) => {
        if (generation !== this.generation) return;
        for (const index of toRead) {
          const stored = readRecord(found[checkMemoryKey(index)], index);
          // Outcomes set while the record was being read are newer: they win, and stay the most recent.
          for (const [id, outcome] of this.records.get(index) ?? []) {
            stored.delete(id);
            stored.set(id, outcome);
          }
          while (stored.size > CHECK_MEMORY_RECORD_CAPACITY) stored.delete(stored.keys().next().value!);
          this.records.set(index, stored);
          this.loaded.add(index);
        }
      });
      const settled = reading.finally(() => {
        if (generation === this.generation) toRead.forEach((index) => this.loading.delete(index));
      });
      for (const index of toRead) this.loading.set(index, settled);
    }
    await Promise.all([...wanted].map((index) => this.loading.get(index)));
  }

  get(id: string): number | undefined {
    const record = this.records.get(recordOf(id));
    const outcome = record?.get(id);
    if (outcome === undefined) return undefined;
    record!.delete(id);
    record!.set(id, outcome);
    return outcome;
  }

  set(id: string, outcome: number): void {
    if (id.length !== CHECK_ID_BYTES || !Number.isInteger(outcome) || outcome < 0 || outcome > 255) return;
    const index = recordOf(id);
    let record = this.records.get(index);
    if (!record) {
      record = new Map();
      this.records.set(index, record);
    }
    // Not read yet (load was not awaited): kept, and merged when the record is read.
    if (!this.loaded.has(index) && !this.loading.has(index)) void this.load([id]).catch(() => undefined);
    record.delete(id);
    record.set(id, outcome);
    while (record.size > CHECK_MEMORY_RECORD_CAPACITY) record.delete(record.keys().next().value!);
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
      items[checkMemoryKey(index)] = writeRecord(this.records.get(index)!);
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

function readRecord(value: unknown, index: number): Map<string, number> {
  const outcomes = new Map<string, number>();
  if (typeof value !== 'object' || value === null) return outcomes;
  const { format, entries } = value as Partial<CheckMemoryRecord>;
  if (format !== CHECK_MEMORY_FORMAT || typeof entries !== 'string') return outcomes;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(entries);
  } catch (error) {
    if (error instanceof EncodingError) return outcomes;
    throw error;
  }
  if (bytes.length % ENTRY_BYTES !== 0 || bytes.length / ENTRY_BYTES > CHECK_MEMORY_RECORD_CAPACITY) return outcomes;
  for (let at = 0; at < bytes.length; at += ENTRY_BYTES) {
    const id = byteText(bytes.subarray(at, at + CHECK_ID_BYTES));
    // An outcome filed under the wrong record could never be found: the record is not ours as written.
    if (recordOf(id) !== index) return new Map();
    outcomes.set(id, bytes[at + CHECK_ID_BYTES]!);
  }
  return outcomes;
}

function writeRecord(outcomes: Map<string, number>): CheckMemoryRecord {
  const bytes = new Uint8Array(outcomes.size * ENTRY_BYTES);
  let at = 0;
  for (const [id, outcome] of outcomes) {
    bytes.set(textBytes(id), at);
    bytes[at + CHECK_ID_BYTES] = outcome;
    at += ENTRY_BYTES;
  }
  return { format: CHECK_MEMORY_FORMAT, entries: toBase64(bytes) };
}

// Collects what a plan will write and delete, and reads stored values for it.
// A stored value that fails validation is set aside here, once: its exact copy
// goes to a quarantine key (written in the same batch), the original is
// deleted after the batch unless something replaces it, and the reason is kept.
// A record that should be there and is not (a roster chunk its conversation
// counts) is reported the same way, with nothing to copy.

import type * as v from 'valibot';
import type { CorruptFinding } from '../rules';
import { quarantine } from './quarantine';
import { readWith, type StoreRead } from './read-record';
import type { StoredRecord } from './record-schemas';

export interface StoreProblem {
  key: string;
  reason: string;
}

export interface StorePlan {
  /** Apply first, in one storage.local.set call. */
  writes: Record<string, StoredRecord>;
  /**
   * Apply after the writes, in one storage.local.remove call: records set aside
   * (their copies are in the writes) and roster chunks a smaller chunk count no
   * longer uses (their members are in the chunks written).
   */
  deletes: string[];
  /** Records that were set aside or found missing, each with the reason. */
  problems: StoreProblem[];
}

export class PlanBuilder {
  private readonly writes = new Map<string, StoredRecord>();
  private readonly deletes = new Set<string>();
  private readonly cache = new Map<string, unknown>();
  readonly corrupt: CorruptFinding[] = [];

  constructor(
    private readonly store: StoreRead,
    private readonly now: number,
  ) {}

  read<T>(key: string, schema: v.GenericSchema<unknown, T>): T | null {
    // One lookup, not has() then get(): an ingest reads thousands of keys once each. A record read is an object
    // or null, never undefined.
    const known = this.cache.get(key);
    if (known !== undefined) return known as T | null;
    const value = this.readStored(key, schema);
    this.cache.set(key, value);
    return value;
  }

  /**
   * read() for a key read once, as an ingest reads each participant's contact: nothing is remembered for a sound
   * or absent record (a map of 10,000 contacts cost more than reading them), a damaged one is set aside as by read().
   * A later read() of the key gets the same verdict from read-record.ts's own memory, not the same object.
   */
  readOnce<T>(key: string, schema: v.GenericSchema<unknown, T>): T | null {
    const known = this.cache.get(key);
    if (known !== undefined) return known as T | null;
    return this.readStored(key, schema);
  }

  /** The stored record, validated; null when absent or damaged (a damaged one set aside). */
  private readStored<T>(key: string, schema: v.GenericSchema<unknown, T>): T | null {
    const result = readWith(this.store, key, schema);
    if (result.status === 'ok') return result.value;
    if (result.status === 'corrupt') this.setAside(key, result.reason);
    return null;
  }

  /** Whether a value is stored under the key (valid or not). */
  present(key: string): boolean {
    return this.store(key) !== undefined;
  }

  /** Sets aside a stored value that is valid alone but contradicts another record; read() gives null for it from now on. */
  setAside(key: string, reason: string): void {
    const q = quarantine(key, this.store(key), reason, this.now);
    this.writes.set(q.key, q.record);
    this.deletes.add(key);
    this.cache.set(key, null);
    this.corrupt.push({ recordKey: key, quarantineKey: q.key, reason });
  }

  /** Reports a record that should be stored and is not. */
  missing(key: string, reason: string): void {
    this.corrupt.push({ recordKey: key, quarantineKey: null, reason });
  }

  write(key: string, record: StoredRecord): void {
    this.writes.set(key, record);
  }

  /** Removes a record that is no longer needed (after the writes). */
  remove(key: string): void {
    this.deletes.add(key);
  }

  finish(): StorePlan {
    const writes: Record<string, StoredRecord> = {};
    for (const [key, record] of this.writes) writes[key] = record;
    return {
      writes,
      deletes: [...this.deletes].filter((key) => !this.writes.has(key)),
      problems: this.corrupt.map((c) => ({ key: c.recordKey, reason: c.reason })),
    };
  }
}

// The background's copy of the trust store's records: what requests have read
// so far, and what the background itself wrote. It knows a key when it holds
// its value or knows storage has none. Reading from storage.local is handed in,
// so the copy's rules can be tested without a browser.
import type { KnownRecords } from './store-carry';

export type ReadStorage = (keys: string[]) => Promise<Record<string, unknown>>;

export class StoreCopy {
  private readonly values = new Map<string, unknown>();
  /** Keys known to be absent from storage.local. */
  private readonly absent = new Set<string>();
  /** Keys being read now, with the read that brings them. */
  private readonly reading = new Map<string, Promise<void>>();

  constructor(private readonly readStorage: ReadStorage) {}

  knows(key: string): boolean {
    return this.values.has(key) || this.absent.has(key);
  }

  get(key: string): unknown {
    return this.values.get(key);
  }

  /** How many keys it knows. */
  get size(): number {
    return this.values.size + this.absent.size;
  }

  /**
   * Loads these keys: each one's value, or that there is none. A key already
   * on its way (another request asked for it a moment ago) is awaited, not
   * read again: two requests of a woken worker ask for the same conversation
   * at once, and storage answers them one after the other. A key the copy
   * learnt while the read was on its way is left as it is: only a write can
   * have taught it (apply), and that write is newer than what the read found.
   */
  async load(keys: string[]): Promise<void> {
    const unknown = [...new Set(keys)].filter((key) => !this.knows(key));
    const shared = new Set(unknown.flatMap((key) => this.reading.get(key) ?? []));
    const own = unknown.filter((key) => !this.reading.has(key));
    await Promise.all([own.length > 0 ? this.read(own) : undefined, Promise.allSettled(shared)]);
    // A shared read that failed taught nothing: those keys are read here, and a failure is this load's.
    const missed = unknown.filter((key) => !this.knows(key));
    if (missed.length > 0) await this.read(missed);
  }

  /** Reads these keys from storage, noting the read as theirs while it is on its way. */
  private read(keys: string[]): Promise<void> {
    const reading: Promise<void> = this.readStorage(keys)
      .then((found) => {
        for (const key of keys) {
          if (this.knows(key)) continue;
          if (Object.hasOwn(found, key)) this.values.set(key, found[key]);
          else this.absent.add(key);
        }
      })
      .finally(() => {
        for (const key of keys) if (this.reading.get(key) === reading) this.reading.delete(key);
      });
    for (const key of keys) this.reading.set(key, reading);
    return reading;
  }

  /** Everything it knows: the values it holds and the keys it knows storage has none of. */
  known(): KnownRecords {
    return { values: [...this.values], absent: [...this.absent] };
  }

  /**
   * Takes in what a stopped worker's copy knew of the same storage (store-carry.ts checks that it is the same):
   * only for keys this copy does not know and is not reading, so nothing it learnt itself is replaced.
   */
  adopt(known: KnownRecords): void {
    for (const [key, value] of known.values) if (!this.knows(key) && !this.reading.has(key)) this.values.set(key, value);
    for (const key of known.absent) if (!this.knows(key) && !this.reading.has(key)) this.absent.add(key);
  }

  /** What storage.local now holds after a write (set, then remove). */
  apply(writes: Readonly<Record<string, unknown>>, deletes: readonly string[]): void {
    for (const [key, value] of Object.entries(writes)) {
      this.values.set(key, value);
      this.absent.delete(key);
    }
    for (const key of deletes) {
      this.values.delete(key);
      this.absent.add(key);
    }
  }
}

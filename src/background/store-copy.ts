// The background's copy of the trust store's records: what requests have read
// so far, and what the background itself wrote. It knows a key when it holds
// its value or knows storage has none. Reading from storage.local is handed in,
// so the copy's rules can be tested without a browser.

export type ReadStorage = (keys: string[]) => Promise<Record<string, unknown>>;

export class StoreCopy {
  private readonly values = new Map<string, unknown>();
  /** Keys known to be absent from storage.local. */
  private readonly absent = new Set<string>();

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
   * Loads these keys: each one's value, or that there is none. A key the copy
   * learnt while the read was on its way is left as it is: only a write can
   * have taught it (apply), and that write is newer than what the read found.
   */
  async load(keys: string[]): Promise<void> {
    const found = await this.readStorage(keys);
    for (const key of keys) {
      if (this.knows(key)) continue;
      if (Object.hasOwn(found, key)) this.values.set(key, found[key]);
      else this.absent.add(key);
    }
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

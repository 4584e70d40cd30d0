// A memo with a bounded number of entries, for results that are pure functions
// of their key (key checks, signature verdicts). Honest pages re-disclose the
// same keys on every update; remembering the verdicts keeps a 1,000-person
// roster cheap to re-read, and the bound keeps a hostile page from growing it.

export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const value = compute();
    // Maps iterate in insertion order: the first key is the oldest.
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

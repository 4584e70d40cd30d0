// A CheckMemory held in a Map, for tests: what the background keeps in
// storage.local, without the storage.
import { byteText } from '../byte-text';
import type { CheckMemory } from '../deferred-checks';

export class MapCheckMemory implements CheckMemory {
  readonly outcomes = new Map<string, number>();
  readonly complete = true;

  async load(): Promise<void> {}

  get(id: Uint8Array): number | undefined {
    return this.outcomes.get(byteText(id));
  }

  set(id: Uint8Array, outcome: number): void {
    this.outcomes.set(byteText(id), outcome);
  }
}

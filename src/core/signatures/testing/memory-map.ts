// A CheckMemory held in a Map, for tests: what the background keeps in
// storage.local, without the storage.
import type { CheckMemory } from '../deferred-checks';

export class MapCheckMemory implements CheckMemory {
  readonly outcomes = new Map<string, number>();
  loads = 0;

  async load(): Promise<void> {
    this.loads++;
  }

  get(id: string): number | undefined {
    return this.outcomes.get(id);
  }

  set(id: string, outcome: number): void {
    this.outcomes.set(id, outcome);
  }
}

// Running a plan against a copy of storage.local that may not hold every record.
// The plan reads through a reader that notes each key the copy does not know
// (a key known to be absent counts as known); if there were any, they are
// loaded and the plan runs again, until a run asks for nothing unknown. Plans
// are pure functions of what they read, so a run that met unknown keys is
// simply thrown away. Each round can only ask for keys that what it read
// names, so a few rounds always suffice; past the bound something is wrong.
// A key the copy did not know read as absent: when every such key proves to be
// absent from storage, the next run would read exactly what this one read, so
// this one's result stands (a new alert's record, say, which no one wrote yet).
import type { StoreRead } from '../core/trust';

export interface KnownRecords {
  /** Whether the copy knows this key: its value, or that storage has none. */
  knows(key: string): boolean;
  /** The value the copy holds, undefined for none. */
  get(key: string): unknown;
}

export const MAX_PLAN_ROUNDS = 8;

export async function runPlanRounds<T>(
  plan: (read: StoreRead) => T,
  records: KnownRecords,
  load: (keys: string[]) => Promise<void>,
  maxRounds = MAX_PLAN_ROUNDS,
): Promise<T> {
  for (let round = 1; ; round++) {
    const unknown = new Set<string>();
    const result = plan((key) => {
      if (!records.knows(key)) unknown.add(key);
      return records.get(key);
    });
    if (unknown.size === 0) return result;
    if (round >= maxRounds) {
      throw new Error(
        `a plan still asked for ${unknown.size} record(s) the store had not loaded after ${round} rounds; nothing was written`,
      );
    }
    const missing = [...unknown];
    await load(missing);
    if (missing.every((key) => records.knows(key) && records.get(key) === undefined)) return result;
  }
}

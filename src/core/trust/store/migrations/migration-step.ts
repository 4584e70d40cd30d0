// One step of the ordered migration list: from one schema version to the next.

import type { CorruptFinding } from '../../rules';

export interface MigrationStep {
  set: Map<string, unknown>;
  remove: string[];
  /** Records the step set aside (their copies are in `set`): the check reports each with record-corrupt. */
  setAside: CorruptFinding[];
}

export interface Migration {
  from: number;
  to: number;
  /** One line for logs and docs/storage.md. */
  description: string;
  run(store: ReadonlyMap<string, unknown>, now: number): MigrationStep;
}

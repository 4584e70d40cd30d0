// One step of the ordered migration list: from one schema version to the next.

import type { StoreProblem } from '../plan-builder';

export interface MigrationStep {
  set: Map<string, unknown>;
  remove: string[];
  problems: StoreProblem[];
}

export interface Migration {
  from: number;
  to: number;
  /** One line for logs and docs/storage.md. */
  description: string;
  run(store: ReadonlyMap<string, unknown>, now: number): MigrationStep;
}

// Shared by the user's actions (mark verified, acknowledge): the result type.
// Actions never set records aside: a damaged record refuses the action with a
// reason, and the next ingest or start-up check quarantines it.

import type { AlertRecord, StoredRecord } from '../store/record-schemas';

export type ActionResult =
  | {
      ok: true;
      /** Apply in one storage.local.set call. Empty when there was nothing to change. */
      writes: Record<string, StoredRecord>;
      /** What the action did, in plain words (for logs and the popup). */
      outcome: string;
      /** Alerts this action opened (only an illegal trust move opens one). */
      alerts: AlertRecord[];
    }
  | { ok: false; reason: string };

export function refuse(reason: string): ActionResult {
  return { ok: false, reason };
}

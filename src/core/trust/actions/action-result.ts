// Shared by the user's actions (mark verified, acknowledge): the result type.
// A damaged record an action needs refuses it with a reason, and the next
// ingest or start-up check quarantines it; a damaged alert record the action
// would write over is set aside in its writes, with record-corrupt.

import type { AlertRecord, StoredRecord } from '../store/record-schemas';

export type ActionResult =
  | {
      ok: true;
      /** Apply in one storage.local.set call. Empty when there was nothing to change. */
      writes: Record<string, StoredRecord>;
      /** What the action did, in plain words (for logs and the popup). */
      outcome: string;
      /** Alerts this action opened (an illegal trust move, and record-corrupt for an alert it set aside). */
      alerts: AlertRecord[];
    }
  | { ok: false; reason: string };

export function refuse(reason: string): ActionResult {
  return { ok: false, reason };
}

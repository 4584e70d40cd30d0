// Version 2 → 3: alert records no longer carry their text. Version 2 stored
// each alert's `summary` and `accepts` in English, which no other language
// could ever show; version 3 derives the text from the alert's fields where it
// is shown (rules/, alerts/alert-message.ts). An alert that reads as version 3
// once the two fields are gone is rewritten without them; anything else is
// left as it is for the start-up check, which sets it aside exactly as found.

import { isAlertCarryingText } from './legacy-v2';
import type { Migration, MigrationStep } from './migration-step';
import { validateRecordAt } from '../read-record';
import { RECORD_LIMITS } from '../record-schemas';

const isText = (x: unknown) => typeof x === 'string' && x.length <= RECORD_LIMITS.text;

export const migrateV2ToV3: Migration = {
  from: 2,
  to: 3,
  description: 'drop the English summary and accepts texts from alert records',
  run(store) {
    const step: MigrationStep = { set: new Map(), remove: [], setAside: [] };
    for (const [key, value] of store) {
      if (!isAlertCarryingText(key, value)) continue;
      const { summary, accepts, ...rest } = value as Record<string, unknown>;
      if (isText(summary) && isText(accepts) && validateRecordAt(key, rest).status === 'ok') step.set.set(key, rest);
    }
    return step;
  },
};

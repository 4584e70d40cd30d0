// The records added in schema version 5, as valibot schemas: the badge summary
// and the open-alert indexes (derived from the alert records, kept by the single
// writer in the same batch as the alerts they describe), and the digests of
// compacted notices (what retention keeps of closed notices). docs/storage.md
// describes each in words.

import * as v from 'valibot';
import { ALERT_KINDS, SEVERITIES } from '../rules';
import { AlertRecordSchema, RECORD_LIMITS } from './record-schemas';

const text = v.custom<string>(
  (x) => typeof x === 'string' && x.length <= RECORD_LIMITS.text,
  `expected text of at most ${RECORD_LIMITS.text} characters`,
);
const time = v.custom<number>((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0, 'expected a time in milliseconds since 1970');
const tally = v.custom<number>((x) => Number.isSafeInteger(x) && (x as number) >= 0, 'expected a whole count, not negative');
const count = v.custom<number>((x) => Number.isSafeInteger(x) && (x as number) >= 1, 'expected a whole count of at least 1');
const alertId = v.custom<string>((x) => typeof x === 'string' && /^[0-9a-f]{32}$/.test(x), 'malformed alert id');

/** Open alerts by severity: what the badge shows at wake-up without reading any alert. */
export const SummaryRecordSchema = v.object({
  open: v.object({ critical: tally, warning: tally, info: tally }),
  /** When the store was last read whole and checked (start-up check, index rebuild); null: never. */
  checkedAt: v.nullable(time),
  /** The counts or an index may be wrong (a damaged alert was replaced): rebuild from a full read. */
  rebuild: v.boolean('expected true or false'),
});

export const OpenAlertEntrySchema = v.object({
  id: alertId,
  severity: v.picklist(SEVERITIES, 'unknown severity'),
  /** The alert's lastRaised, so a view picks the newest notices without reading them all. */
  lastRaised: time,
});

/** The open alerts about one contact, or raised in one conversation, by id (ascending, each once). */
export const OpenAlertsRecordSchema = v.pipe(
  v.object({
    subject: v.picklist(['contact', 'conversation'], 'expected contact or conversation'),
    origin: text,
    account: text,
    id: text,
    open: v.pipe(v.array(OpenAlertEntrySchema, 'expected a list of open alerts'), v.minLength(1, 'an empty index is removed')),
  }),
  v.check((r) => r.open.every((e, i) => i === 0 || r.open[i - 1]!.id < e.id), 'the entries are not in order of id, each once'),
);

/** Closed notices of one rule raised in one conversation, compacted into a count (store/retention/). */
export const NoticeDigestRecordSchema = v.object({
  origin: text,
  account: text,
  conversationId: v.nullable(text),
  rule: v.picklist(ALERT_KINDS, 'unknown alert rule'),
  /** How many alert records were compacted into this digest. */
  notices: count,
  /** Their occurrences added up. */
  occurrences: count,
  firstRaised: time,
  lastRaised: time,
  /** The most recently raised of them, whole: the records page shows its text. */
  latest: AlertRecordSchema,
});

export type SummaryRecord = v.InferOutput<typeof SummaryRecordSchema>;
export type OpenAlertEntry = v.InferOutput<typeof OpenAlertEntrySchema>;
export type OpenAlertsRecord = v.InferOutput<typeof OpenAlertsRecordSchema>;
export type NoticeDigestRecord = v.InferOutput<typeof NoticeDigestRecordSchema>;

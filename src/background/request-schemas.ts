// The shape of every request, checked before a handler runs. Typed against
// src/messages.ts, so a message cannot be declared without its schema.
import * as v from 'valibot';
import { BANNER_HIDDEN_REASONS, type MessageType, type RequestOf } from '../messages';
import { MatrixObservationSchema } from '../adapters/matrix/background/observation-schema';
import { PAGE_PROTOCOL_LIMITS } from '../adapters/page-protocol/protocol';
import { RECORDS_FILE_LIMITS } from '../core/records-file';
import { OriginSchema } from '../core/settings/site-settings';
import { RECORD_LIMITS } from '../core/trust/store/record-schemas';

/** The page protocol's own text limit: the background parses what the content script read. */
const MAX_DISCLOSURE_CHARS = PAGE_PROTOCOL_LIMITS.maxTextLength;
const adapter = v.picklist(['page-protocol', 'matrix']);
const recordsFileText = v.pipe(v.string(), v.maxLength(RECORDS_FILE_LIMITS.chars));
const textLength = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_DISCLOSURE_CHARS));
const textSeq = v.pipe(v.number(), v.integer(), v.minValue(1));
/** A change against a text the background holds for the same document (src/background/disclosure-bases.ts). */
const disclosureChange = v.object({
  base: v.object({ seq: textSeq, digest: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) }),
  keepStart: textLength,
  keepEnd: textLength,
  middle: v.pipe(v.string(), v.maxLength(MAX_DISCLOSURE_CHARS)),
  length: textLength,
});

const importDecisions = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(RECORD_LIMITS.storageKey)), v.picklist(['mine', 'theirs'])),
  v.check((d) => Object.keys(d).length <= RECORDS_FILE_LIMITS.records, 'too many decisions'),
);

export const requestSchemas: { [K in MessageType]: v.GenericSchema<unknown, RequestOf<K>> } = {
  'page/disclosure': v.object({
    adapter,
    text: v.union([v.pipe(v.string(), v.maxLength(MAX_DISCLOSURE_CHARS)), disclosureChange]),
    skipped: v.pipe(v.number(), v.integer(), v.minValue(0)),
    seq: v.optional(textSeq),
  }),
  'page/nothing': v.object({ adapter, reason: v.pipe(v.string(), v.maxLength(500)) }),
  'page/matrix-observed': MatrixObservationSchema,
  'page/banner-hidden': v.object({ reason: v.picklist(BANNER_HIDDEN_REASONS) }),
  'trust/mark-verified': v.object({
    origin: v.pipe(v.string(), v.maxLength(2048)),
    account: v.pipe(v.string(), v.maxLength(1024)),
    contactId: v.pipe(v.string(), v.maxLength(1024)),
    key: v.object({ algorithm: v.picklist(['curve25519', 'ed25519']), key: v.pipe(v.string(), v.maxLength(256)) }),
    method: v.picklist(['scanned', 'typed', 'read-aloud']),
  }),
  'trust/acknowledge': v.object({
    alertId: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)),
    lastRaised: v.pipe(v.number(), v.finite(), v.minValue(0)),
  }),
  'view/tab': v.object({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  'matrix/request-keys': v.object({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  'view/tab-start': v.object({
    tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
    rows: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)),
  }),
  'records/export': v.strictObject({}),
  'records/import-preview': v.object({ text: recordsFileText, decisions: v.optional(importDecisions) }),
  'records/import-apply': v.object({
    text: recordsFileText,
    decisions: importDecisions,
    confirmed: v.nullable(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'expected a confirmation digest'))),
  }),
  'records/clear': v.object({ confirm: v.literal('clear-all-data') }),
  'settings/site': v.object({ origin: OriginSchema, enabled: v.boolean() }),
};

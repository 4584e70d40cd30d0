// The trust core's public API, for the background (the single writer of
// storage.local), the records file and the views that read the store.
// Everything here is pure; README.md maps the parts. Every plan reads the store
// through a StoreRead, `(key) => value | undefined`:
//   start-up:  planMigration(all, now) → set(writes); remove(deletes)
//   snapshot:  planIngest(snapshot, read, now) → set(writes); remove(deletes)
//   user:      planMarkVerified(read, target, now), planAcknowledge(read, alertId, now) → set(writes)
//   views:     readConversation(read, key) → the conversation with its roster
//   text:      alertMessage(alert) → message keys and values; renderMessage(m, translate)
//   derived:   withDerivedUpdates(read, plan) before writing any plan (the open-alert indexes, the
//              badge summary and the usage records), withinLimitsInStep(read, origin, plan, now) for
//              what a page showed; planMigration(all, now) builds them all from the whole store
//   badge:     badgeForCounts(summary.open), from the summary record alone
//   views:     openAlertEntriesOf(read, conversation) → readOpenAlerts(read, entries)

// Alert kinds and their rules.
export {
  ALERT_KINDS,
  RULES,
  SEVERITIES,
  SEVERITY_ORDER,
  type AlertKind,
  type AlertText,
  type Message,
  type MessageArg,
  type Rule,
  type Severity,
} from './rules';
export { alertMessage, renderMessage } from './alerts/alert-message';
export type { AlertDraft } from './alerts/alert-draft';
export { alertsIn, collectAlerts, compareAlerts } from './alerts/collect-alerts';
export { isAboutOneself } from './alerts/about-oneself';
export { badgeFor, badgeForCounts, type Badge } from './alerts/badge';

// Contacts' trust.
export { TRUST_STATES, type TrustState } from './trust-machine';
export { trustOfListedKey } from './listed-key-trust';
export { copyKey, keyToken, sameKey, shortKey } from './public-keys';

// Plans.
export { planIngest, type IngestPlan, type IngestResult } from './ingest/ingest';
export { decodeStore, decodeStored, encodeStore, encodeStored } from './store/stored-form/stored-form';
export { rosterAllVerified } from './ingest/conversation-level';
export { planRefusedReport, type RefusedReportPlan } from './ingest/refused-report';

// Limits of the store: what an origin and the whole store may hold, and the usage records that count it.
export { STORE_LIMITS, type StoreLimits } from './limits/store-limits';
export { isLimitRefusal, withinLimits, type LimitRefusal } from './limits/within-limits';
export { isUsageKey, planUsageRebuild, usageOf, withUsage, USAGE_PREFIX, USAGE_TOTAL_KEY } from './limits/usage';
export { planMarkVerified, closedByVerification, type VerifyTarget } from './actions/mark-verified';
export { planAcknowledge } from './actions/acknowledge';
export { alertIdsClosedByVerifying } from './actions/closed-by-verifying';
export type { ActionResult } from './actions/action-result';
export { planMigration, type MigrationOptions, type MigrationPlan } from './store/migrations/plan-migration';
export { respellStore } from './store/migrations/key-respelling';

// Indexes, the badge summary and retention (schema version 5).
export { indexUpdates, withIndexUpdates, type StoreChanges } from './store/indexes/index-updates';
export { withDerivedUpdates, withinLimitsInStep, type LimitRefusalInStep } from './store/derived-records';
export { indexDifferences } from './store/indexes/open-alert-index';
export { openAlertEntriesOf, readOpenAlerts, type ConversationOpenAlerts } from './store/indexes/open-alerts-read';
export { wakeState, FULL_CHECK_INTERVAL_MS, type WakeState } from './store/indexes/wake-state';
export { readAheadOfIngest } from './store/ingest-reads';
export { NOTICE_RETENTION_MS, COMPACTED_SEVERITIES } from './store/retention/compact-notices';
export {
  NoticeDigestRecordSchema,
  OpenAlertsRecordSchema,
  SummaryRecordSchema,
  type NoticeDigestRecord,
  type OpenAlertEntry,
  type OpenAlertsRecord,
  type SummaryRecord,
} from './store/index-schemas';

// The store: reading, records, keys.
export {
  readWith,
  readValue,
  recordsReader,
  validateRecordAt,
  describeIssues,
  carriedVerdictOf,
  takeCarriedVerdict,
  type ReadResult,
  type StoreRead,
} from './store/read-record';
export { readConversation, type ConversationRead, type ConversationWithRoster } from './store/conversation-read';
export { storeVersionRefusal, type Refusal } from './store/store-version';
export type { StoreProblem, StorePlan } from './store/plan-builder';
export { MAX_ROSTER_CHUNKS } from './store/roster-chunks';
export {
  AlertRecordSchema,
  ContactRecordSchema,
  ConversationRecordSchema,
  SchemaRecordSchema,
  ACKNOWLEDGED_BY,
  ALERT_STATES,
  CONVERSATION_LEVELS,
  RECORD_LIMITS,
  VERIFICATION_METHODS,
  type AlertRecord,
  type ContactRecord,
  type ConversationLevel,
  type ConversationRecord,
  type DeviceSighting,
  type KeySighting,
  type RosterChunkRecord,
  type RosterMember,
  type StoredRecord,
  type Verification,
  type VerificationMethod,
} from './store/record-schemas';
export {
  ALERT_PREFIX,
  CONTACT_PREFIX,
  CURRENT_SCHEMA_VERSION,
  SCHEMA_KEY,
  SUMMARY_KEY,
  NOTICE_DIGEST_PREFIX,
  alertKey,
  isDerivedKey,
  noticeDigestKey,
  contactKey,
  conversationKey,
  rosterChunkKey,
  parseStorageKey,
} from './store/storage-keys';

// The trust store's public API, for the background (the single writer of
// storage.local) and for views that read the store. Everything here is pure.
// Typical use, inside one serialized task per operation:
//   start-up:  planMigration(await get(null), now) → set(writes); remove(deletes)
//   snapshot:  plan = await ingestWith(snapshot, get, now) → set(writes); remove(deletes)
//   views:     await readConversation(key, get) → the conversation with its roster
//   user:      planMarkVerified(await get(keysToMarkVerified(t)), t, now) → set(writes)
//              planAcknowledge(await readForAcknowledge(id, get), id, now) → set(writes)
//   badge:     badgeFor(collectAlerts(await get(null)).alerts) at start-up; then keep the
//              alerts in memory and update them with alertsIn(plan.writes)

export { planMigration, MIGRATIONS, type MigrationPlan } from './store/migrations/plan-migration';
export {
  keysToRead,
  rosterKeysToRead,
  prepareIngest,
  finishIngest,
  moreKeysToRead,
  planIngest,
  type IngestPlan,
  type IngestResult,
  type PrepareResult,
  type PreparedIngest,
} from './ingest/ingest';
export { ingestWith, readForIngest, readForAcknowledge, type StoreGet } from './store/read-helpers';
export { conversationFrom, readConversation, type ConversationRead, type ConversationWithRoster } from './store/conversation-read';
export { keysToMarkVerified, planMarkVerified, type VerifyTarget } from './actions/mark-verified';
export { keysToAcknowledge, moreKeysToAcknowledge, planAcknowledge } from './actions/acknowledge';
export type { ActionResult } from './actions/action-result';
export { badgeFor, BADGE_COLORS, type Badge } from './alerts/badge';
export { alertsIn, collectAlerts, compareAlerts } from './alerts/collect-alerts';
export { conversationStanding, rosterAllVerified } from './ingest/conversation-level';
export { ALERT_RULE_TABLE, ruleRow } from './rules/alert-rules';
export { TRUST_STATES, TRUST_EVENTS, TRUST_TRANSITIONS, transition, type TrustState, type TrustEvent } from './trust-machine';
export { ALERT_RULES, SEVERITIES, type AlertRule, type Severity } from './alerts/alert-kinds';
export { readWith, validateRecordAt, type ReadResult } from './store/read-record';
export type { StoreProblem, StorePlan } from './store/plan-builder';
export { shortKey, sameKey } from './public-keys';
export {
  ContactRecordSchema,
  ConversationRecordSchema,
  RosterChunkRecordSchema,
  AlertRecordSchema,
  VERIFICATION_METHODS,
  type AlertRecord,
  type ContactRecord,
  type ConversationLevel,
  type ConversationRecord,
  type RosterMember,
  type RosterChunkRecord,
  type StoredRecord,
  type VerificationMethod,
} from './store/record-schemas';
export {
  ALERT_PREFIX,
  CONTACT_PREFIX,
  CONVERSATION_PREFIX,
  CURRENT_SCHEMA_VERSION,
  QUARANTINE_PREFIX,
  ROSTER_PREFIX,
  SCHEMA_KEY,
  alertKey,
  contactKey,
  conversationKey,
  rosterChunkKey,
  parseStorageKey,
} from './store/storage-keys';

// Every storage.local key the trust store uses, in one place. A record lives
// under its own key so that ingesting a snapshot reads and writes only the
// records it touches. Key parts are escaped so that no origin, account or id
// can collide with another: `%` and `|` are the only characters that need it.
// A prefix names the schema version that introduced its key, not the version
// of the store: a version 3 store keeps its contacts under `v1/contact/`.

export const CURRENT_SCHEMA_VERSION = 6;

export const SCHEMA_KEY = 'schema';
export const CONTACT_PREFIX = 'v1/contact/';
export const CONVERSATION_PREFIX = 'v1/conversation/';
export const ALERT_PREFIX = 'v1/alert/';
/** A conversation's roster, in chunks: `v2/roster/<origin>|<account>|<conversationId>/<index>`. */
export const ROSTER_PREFIX = 'v2/roster/';
export const QUARANTINE_PREFIX = 'quarantine/';
/** Where version 0 kept the whole store, as one object. */
export const LEGACY_V0_KEY = 'keywatch';
/** The badge summary: open alerts counted by severity, kept by the single writer (store/indexes/). */
export const SUMMARY_KEY = 'v5/summary';
/** Open alerts about one contact or one conversation: `v5/open/contact/<triple>`, `v5/open/conversation/<triple>`. */
export const OPEN_ALERTS_PREFIX = 'v5/open/';
/** Closed notices compacted by retention: `v5/notices/<origin>|<account>|<conversationId or empty>/<rule>`. */
export const NOTICE_DIGEST_PREFIX = 'v5/notices/';
/** How much one origin holds, and the whole store (limits/usage.ts): `v3/usage/<origin>`, `v3/usage-total`. */
export const USAGE_PREFIX = 'v3/usage/';
export const USAGE_TOTAL_KEY = 'v3/usage-total';

const ALERT_ID = /^[0-9a-f]{32}$/;
/** A rule name as it appears in a digest key: lowercase words joined by hyphens. */
const RULE_NAME = /^[a-z]+(-[a-z]+)*$/;

/** What an open-alert index is about: one contact, or one conversation. */
export type OpenAlertSubject = 'contact' | 'conversation';
/** A chunk index as written: decimal, no leading zero. */
const CHUNK_INDEX = /^(0|[1-9][0-9]{0,8})$/;

export type StorageKeyKind =
  | { kind: 'schema' }
  | { kind: 'contact'; origin: string; account: string; contactId: string }
  | { kind: 'conversation'; origin: string; account: string; conversationId: string }
  | { kind: 'roster-chunk'; origin: string; account: string; conversationId: string; index: number }
  | { kind: 'alert'; id: string }
  | { kind: 'summary' }
  | { kind: 'open-alerts'; subject: OpenAlertSubject; origin: string; account: string; id: string }
  | { kind: 'notice-digest'; origin: string; account: string; conversation: string | null; rule: string }
  | { kind: 'quarantine' }
  | { kind: 'legacy-v0' }
  | { kind: 'other' };

function escapePart(part: string): string {
  if (!part.includes('%') && !part.includes('|')) return part;
  return part.replace(/[%|]/g, (c) => (c === '%' ? '%25' : '%7C'));
}

function unescapePart(part: string): string {
  return part.replace(/%(25|7C)/g, (_, code: string) => (code === '25' ? '%' : '|'));
}

function triple(a: string, b: string, c: string): string {
  return `${escapePart(a)}|${escapePart(b)}|${escapePart(c)}`;
}

export function contactKey(origin: string, account: string, contactId: string): string {
  return CONTACT_PREFIX + triple(origin, account, contactId);
}

/** contactKey for the contacts of one origin and account, the common part escaped once (an ingest asks for thousands). */
export function contactKeysOf(origin: string, account: string): (contactId: string) => string {
  const common = `${CONTACT_PREFIX}${escapePart(origin)}|${escapePart(account)}|`;
  return (contactId) => common + escapePart(contactId);
}

/**
 * Whether `key` is exactly `prefix` followed by the escaped triple of a, b and c, compared in place: a background
 * that has just started checks the key of every record it reads, 10,000 in one large conversation, and building
 * each key to compare made a string per record.
 */
export function isTripleKey(key: string, prefix: string, a: string, b: string, c: string): boolean {
  if (!key.startsWith(prefix)) return false;
  let at = partEnd(key, prefix.length, a);
  if (at < 0 || key.charCodeAt(at) !== BAR) return false;
  at = partEnd(key, at + 1, b);
  if (at < 0 || key.charCodeAt(at) !== BAR) return false;
  return partEnd(key, at + 1, c) === key.length;
}

const BAR = '|'.charCodeAt(0);

/** Where `part`, escaped, ends when it starts at `at` in `key`; -1 when it does not start there. */
function partEnd(key: string, at: number, part: string): number {
  const escaped = escapePart(part);
  return key.startsWith(escaped, at) ? at + escaped.length : -1;
}

export function conversationKey(origin: string, account: string, conversationId: string): string {
  return CONVERSATION_PREFIX + triple(origin, account, conversationId);
}

export function rosterChunkKey(origin: string, account: string, conversationId: string, index: number): string {
  return `${ROSTER_PREFIX}${triple(origin, account, conversationId)}/${index}`;
}

export function alertKey(id: string): string {
  return ALERT_PREFIX + id;
}

/** The index of the open alerts about one contact (`id` a contact id) or one conversation (a conversation id). */
export function openAlertsKey(subject: OpenAlertSubject, origin: string, account: string, id: string): string {
  return `${OPEN_ALERTS_PREFIX}${subject}/${triple(origin, account, id)}`;
}

/** The digest of closed notices of one rule raised in one conversation (null: raised in none). */
export function noticeDigestKey(origin: string, account: string, conversationId: string | null, rule: string): string {
  return `${NOTICE_DIGEST_PREFIX}${triple(origin, account, conversationId ?? '')}/${rule}`;
}

/** The badge summary and the open-alert indexes. */
export function isIndexKey(key: string): boolean {
  return key === SUMMARY_KEY || key.startsWith(OPEN_ALERTS_PREFIX);
}

export const isUsageKey = (key: string) => key === USAGE_TOTAL_KEY || key.startsWith(USAGE_PREFIX);

/**
 * Records derived from the others, kept in step by the single writer and
 * rebuilt from a full read whenever in doubt: the summary, the open-alert
 * indexes, the usage records. Never exported, never imported.
 */
export function isDerivedKey(key: string): boolean {
  return isIndexKey(key) || isUsageKey(key);
}

export function isAlertId(id: string): boolean {
  return ALERT_ID.test(id);
}

export function quarantineKey(contentHash: string, originalKey: string): string {
  return `${QUARANTINE_PREFIX}${contentHash}/${originalKey}`;
}

/** Splits an escaped triple; null unless it has exactly three parts, each canonically escaped. */
function parseTriple(rest: string): [string, string, string] | null {
  const parts = rest.split('|');
  if (parts.length !== 3) return null;
  const [a, b, c] = parts.map(unescapePart) as [string, string, string];
  return triple(a, b, c) === rest ? [a, b, c] : null;
}

export function parseStorageKey(key: string): StorageKeyKind {
  if (key === SCHEMA_KEY) return { kind: 'schema' };
  if (key === LEGACY_V0_KEY) return { kind: 'legacy-v0' };
  if (key.startsWith(QUARANTINE_PREFIX)) return { kind: 'quarantine' };
  if (key.startsWith(CONTACT_PREFIX)) {
    const t = parseTriple(key.slice(CONTACT_PREFIX.length));
    return t ? { kind: 'contact', origin: t[0], account: t[1], contactId: t[2] } : { kind: 'other' };
  }
  if (key.startsWith(CONVERSATION_PREFIX)) {
    const t = parseTriple(key.slice(CONVERSATION_PREFIX.length));
    return t ? { kind: 'conversation', origin: t[0], account: t[1], conversationId: t[2] } : { kind: 'other' };
  }
  if (key.startsWith(ROSTER_PREFIX)) {
    // The index follows the last slash: escaped parts may hold slashes, an index never does.
    const rest = key.slice(ROSTER_PREFIX.length);
    const slash = rest.lastIndexOf('/');
    const index = rest.slice(slash + 1);
    const t = slash < 0 || !CHUNK_INDEX.test(index) ? null : parseTriple(rest.slice(0, slash));
    return t ? { kind: 'roster-chunk', origin: t[0], account: t[1], conversationId: t[2], index: Number(index) } : { kind: 'other' };
  }
  if (key.startsWith(ALERT_PREFIX)) {
    const id = key.slice(ALERT_PREFIX.length);
    return isAlertId(id) ? { kind: 'alert', id } : { kind: 'other' };
  }
  if (key === SUMMARY_KEY) return { kind: 'summary' };
  if (key.startsWith(OPEN_ALERTS_PREFIX)) return parseOpenAlertsKey(key.slice(OPEN_ALERTS_PREFIX.length));
  if (key.startsWith(NOTICE_DIGEST_PREFIX)) {
    const rest = key.slice(NOTICE_DIGEST_PREFIX.length);
    const slash = rest.lastIndexOf('/');
    const rule = rest.slice(slash + 1);
    const t = slash < 0 || !RULE_NAME.test(rule) ? null : parseTriple(rest.slice(0, slash));
    return t ? { kind: 'notice-digest', origin: t[0], account: t[1], conversation: t[2] === '' ? null : t[2], rule } : { kind: 'other' };
  }
  return { kind: 'other' };
}

function parseOpenAlertsKey(rest: string): StorageKeyKind {
  for (const subject of ['contact', 'conversation'] as const) {
    if (!rest.startsWith(`${subject}/`)) continue;
    const t = parseTriple(rest.slice(subject.length + 1));
    return t ? { kind: 'open-alerts', subject, origin: t[0], account: t[1], id: t[2] } : { kind: 'other' };
  }
  return { kind: 'other' };
}

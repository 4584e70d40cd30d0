// An alert's compact stored form (docs/storage.md, Stored form): its fields by
// name, less its id (in its key), every field that is null and `fromFile`
// when false (the defaults they read back as), and its keys one string each.
import { decodeKeyRef, encodeKeyRef, fail, isPlainObject, objectWith } from './form-parts';
import { STORED_FORM } from './stored-form-version';

const ALERT_FIELDS = [
  'id',
  'rule',
  'severity',
  'state',
  'origin',
  'account',
  'conversationId',
  'conversationTitle',
  'contactId',
  'contactName',
  'key',
  'previousKey',
  'deviceId',
  'vouch',
  'detail',
  'recordKey',
  'quarantineKey',
  'newIdentityKey',
  'firstRaised',
  'lastRaised',
  'lastSeen',
  'acknowledgedAt',
  'acknowledgedBy',
  'occurrences',
  'fromFile',
] as const;

/** Read back as null when absent from the stored form. */
const NULLABLE = new Set<string>([
  'conversationId',
  'conversationTitle',
  'contactId',
  'contactName',
  'key',
  'previousKey',
  'deviceId',
  'vouch',
  'detail',
  'recordKey',
  'quarantineKey',
  'newIdentityKey',
  'acknowledgedAt',
  'acknowledgedBy',
]);
const KEY_FIELDS = new Set<string>(['key', 'previousKey', 'newIdentityKey']);
/** The fields an alert written today always holds (the other two were added later and read as defaults). */
const REQUIRED = ALERT_FIELDS.filter((field) => field !== 'newIdentityKey' && field !== 'fromFile');

export function encodeAlert(value: unknown, id: string): unknown[] {
  const a = objectWith(value, ALERT_FIELDS);
  if (a.id !== id) fail();
  for (const field of REQUIRED) if (!(field in a)) fail();
  const fields: Record<string, unknown> = {};
  for (const field of ALERT_FIELDS) {
    if (field === 'id' || !(field in a)) continue;
    const x = a[field];
    if (x === null) {
      if (!NULLABLE.has(field)) fields[field] = x;
    } else if (field === 'fromFile' && x === false) continue;
    else fields[field] = KEY_FIELDS.has(field) ? encodeKeyRef(x) : x;
  }
  return [STORED_FORM, fields];
}

export function decodeAlert(stored: unknown[], id: string): Record<string, unknown> {
  if (stored.length !== 2 || !isPlainObject(stored[1])) fail();
  const fields = objectWith(stored[1], ALERT_FIELDS);
  if ('id' in fields) fail();
  const alert: Record<string, unknown> = { id };
  for (const field of ALERT_FIELDS) {
    if (field === 'id') continue;
    if (!(field in fields)) {
      if (NULLABLE.has(field)) alert[field] = null;
      else if (field === 'fromFile') alert[field] = false;
      else fail();
    } else {
      const x = fields[field];
      alert[field] = KEY_FIELDS.has(field) && x !== null ? decodeKeyRef(x) : x;
    }
  }
  return alert;
}

// A contact's compact stored form (docs/storage.md, Stored form): its origin,
// account and id come from its key; keys are one string each; sightings are
// arrays; the current key is an index into the keys seen.
import { arrayOf, decodeKeyRef, decodeNullableKeyRef, encodeKeyRef, encodeNullableKeyRef, fail, objectWith } from './form-parts';
import { STORED_FORM } from './stored-form-version';

const CONTACT_FIELDS = [
  'origin',
  'account',
  'contactId',
  'name',
  'firstSeen',
  'lastSeen',
  'keys',
  'currentKey',
  'devices',
  'verifications',
  'trust',
  'trustSince',
  'invalidReason',
] as const;

interface ContactKeyParts {
  origin: string;
  account: string;
  contactId: string;
}

export function encodeContact(value: unknown, at: ContactKeyParts): unknown[] {
  const c = objectWith(value, CONTACT_FIELDS);
  if (c.origin !== at.origin || c.account !== at.account || c.contactId !== at.contactId) fail();
  const keys = arrayOf(c.keys).map((sighting) => {
    const k = objectWith(sighting, ['key', 'firstSeen', 'lastSeen']);
    return [encodeKeyRef(k.key), k.firstSeen, k.lastSeen];
  });
  const current = c.currentKey === null ? -1 : keys.findIndex((k) => k[0] === encodeKeyRef(c.currentKey));
  if (current === -1 && c.currentKey !== null) fail();
  const devices = arrayOf(c.devices).map((device) => {
    const d = objectWith(device, ['id', 'key', 'vouch', 'firstSeen', 'lastSeen']);
    return [d.id, encodeNullableKeyRef(d.key), d.vouch, d.firstSeen, d.lastSeen];
  });
  const verifications = arrayOf(c.verifications).map((verification) => {
    const v = objectWith(verification, ['method', 'at', 'key']);
    return [v.method, v.at, encodeKeyRef(v.key)];
  });
  for (const field of CONTACT_FIELDS) if (!(field in c)) fail();
  return [STORED_FORM, c.name, c.firstSeen, c.lastSeen, keys, current, devices, verifications, c.trust, c.trustSince, c.invalidReason];
}

export function decodeContact(stored: unknown[], at: ContactKeyParts): Record<string, unknown> {
  const [, name, firstSeen, lastSeen, keys, current, devices, verifications, trust, trustSince, invalidReason] = arrayOf(stored, 11);
  const keySightings = arrayOf(keys).map((k) => {
    const [key, seen, last] = arrayOf(k, 3);
    return { key: decodeKeyRef(key), firstSeen: seen, lastSeen: last };
  });
  if (current !== -1 && !(Number.isInteger(current) && (current as number) >= 0 && (current as number) < keySightings.length)) fail();
  return {
    origin: at.origin,
    account: at.account,
    contactId: at.contactId,
    name,
    firstSeen,
    lastSeen,
    keys: keySightings,
    currentKey: current === -1 ? null : { ...keySightings[current as number]!.key },
    devices: arrayOf(devices).map((d) => {
      const [id, key, vouch, seen, last] = arrayOf(d, 5);
      return { id, key: decodeNullableKeyRef(key), vouch, firstSeen: seen, lastSeen: last };
    }),
    verifications: arrayOf(verifications).map((v) => {
      const [method, verifiedAt, key] = arrayOf(v, 3);
      return { method, at: verifiedAt, key: decodeKeyRef(key) };
    }),
    trust,
    trustSince,
    invalidReason,
  };
}

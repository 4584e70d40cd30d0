// The user compared a contact's key out of band (scanned a code, typed or read
// the safety number aloud) and marks it verified. Allowed only for the key the
// contact has now: verifying an old key would restore trust in a key that is
// no longer in use. Verifying also closes the open alerts it answers (those
// whose rule says verifying closes them: first sight of or change to this very
// key, an invalid trust state).

import * as v from 'valibot';
import { personName } from '../display-text';
import { copyKey, sameKey, shortKey } from '../public-keys';
import { describeIssues, readWith, type StoreRead } from '../store/read-record';
import {
  AlertRecordSchema,
  ContactRecordSchema,
  PublicKeyRefSchema,
  VerificationMethodSchema,
  type AlertRecord,
  type StoredRecord,
} from '../store/record-schemas';
import { alertKey, contactKey } from '../store/storage-keys';
import { storeVersionRefusal } from '../store/store-version';
import { transition } from '../trust-machine';
import { refuse, type ActionResult } from './action-result';
import { alertIdsClosedByVerifying } from './closed-by-verifying';

const TargetSchema = v.object({
  origin: v.pipe(v.string(), v.minLength(1, 'empty origin'), v.maxLength(2048)),
  account: v.pipe(v.string(), v.minLength(1, 'empty account'), v.maxLength(1024)),
  contactId: v.pipe(v.string(), v.minLength(1, 'empty contact id'), v.maxLength(1024)),
  key: PublicKeyRefSchema,
  method: VerificationMethodSchema,
});

export type VerifyTarget = v.InferOutput<typeof TargetSchema>;

export function planMarkVerified(read: StoreRead, target: unknown, now: number): ActionResult {
  const parsed = v.safeParse(TargetSchema, target);
  if (!parsed.success) return refuse(`mark verified refused: ${describeIssues(parsed.issues)}`);
  if (!Number.isFinite(now) || now < 0) return refuse('mark verified refused: the time is not a valid timestamp');
  const storeProblem = storeVersionRefusal(read, 'action');
  if (storeProblem) return storeProblem;
  const t = parsed.output;

  const key = contactKey(t.origin, t.account, t.contactId);
  const stored = readWith(read, key, ContactRecordSchema);
  if (stored.status === 'absent') return refuse('mark verified refused: KeyWatch has never seen this contact');
  if (stored.status === 'corrupt') return refuse(`mark verified refused: the saved record of this contact is damaged (${stored.reason})`);
  const contact = stored.value;
  const name = personName(contact.name, contact.contactId);
  if (contact.currentKey === null) return refuse(`mark verified refused: ${name} has no usable identity key to verify`);
  if (!sameKey(contact.currentKey, t.key)) {
    return refuse(
      `mark verified refused: the key compared (${shortKey(t.key)}) is not ${name}'s current key (${shortKey(contact.currentKey)}); compare the current safety number`,
    );
  }

  const moved = transition(contact.trust, 'verified');
  const after = {
    ...contact,
    trust: moved.state,
    trustSince: moved.state === contact.trust ? contact.trustSince : now,
    invalidReason: moved.state === 'invalid' ? contact.invalidReason : null,
    verifications: [...contact.verifications, { method: t.method, at: now, key: copyKey(t.key) }],
  };
  const writes: Record<string, StoredRecord> = { [key]: after };
  for (const id of alertIdsClosedByVerifying(t, t.key)) {
    const alert = readWith(read, alertKey(id), AlertRecordSchema);
    if (alert.status === 'ok' && alert.value.state === 'open') writes[alertKey(id)] = closedByVerification(alert.value, now);
  }
  return { ok: true, writes, outcome: `${name}'s key ${shortKey(t.key)} is marked verified (${t.method})`, alerts: [] };
}

export function closedByVerification(alert: AlertRecord, now: number): AlertRecord {
  return { ...alert, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: 'verification' };
}

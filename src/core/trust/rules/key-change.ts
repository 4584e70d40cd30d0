// Shared by key-changed and verified-key-changed: the same detection, split by
// whether the contact was verified before the change.

import { keyToken } from '../public-keys';
import type { RuleFacts } from './facts';
import { findEach } from './find-each';
import { fieldsIn, type AlertFields } from './fields';
import { contactOf } from './rule';

export function keyChanges(facts: RuleFacts, wasVerified: boolean): AlertFields[] {
  return findEach(facts.observations, ({ participant: p, keyChange }, found) => {
    if (keyChange && keyChange.wasVerified === wasVerified)
      found.push(fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, key: keyChange.to, previousKey: keyChange.from }));
  });
}

/** The new key, not the old one: a key that flips back and forth reopens the same two alerts. */
export const keyChangeIdentity = (a: AlertFields) => [contactOf(a), keyToken(a.key)];

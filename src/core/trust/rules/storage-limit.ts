// A site reached a limit of the store (limits/store-limits.ts): what its pages
// show is no longer taken in, so nothing new from it is remembered or checked.
// One alert per origin (the account is left empty: a page can make up accounts,
// not origins), and one for the whole store when all sites together reach the
// total, with the origin left empty; it counts every refused snapshot.
//
// Critical: the limits sit far above a year of heavy use, so reaching one means
// a page is filling the store, and from then on a change it makes (a ghost
// device, a new key) is not checked: the user must know at once.

import { STORE_LIMITS, type StoreLimits } from '../limits/store-limits';
import { EMPTY_FIELDS, type AlertFields } from './fields';
import { message } from './message';
import type { Rule } from './rule';

/** Which limit was reached: a measure of one origin, or the store's total. */
export type LimitReached = keyof StoreLimits;
export const LIMITS_REACHED = Object.keys(STORE_LIMITS) as LimitReached[];

export function storageLimitFields(origin: string, limit: LimitReached): AlertFields {
  return { ...EMPTY_FIELDS, origin: limit === 'totalChars' ? '' : origin, account: '', detail: limit };
}

const SUMMARIES: { readonly [L in LimitReached]: string } = {
  contacts: 'alert_storageLimit_summary_contacts',
  conversations: 'alert_storageLimit_summary_conversations',
  alerts: 'alert_storageLimit_summary_alerts',
  chars: 'alert_storageLimit_summary_chars',
  totalChars: 'alert_storageLimit_summary_totalChars',
};

const limitOf = (a: AlertFields): LimitReached =>
  LIMITS_REACHED.includes(a.detail as LimitReached) ? (a.detail as LimitReached) : 'chars';
const site = (a: AlertFields) => (a.origin === '' ? message('alertPart_everySite') : a.origin);

export const storageLimit: Rule = {
  severity: 'critical',
  rank: 95,
  reopens: true,
  counts: true,
  stage: 'roster',
  identity: () => [],
  // Raised by the ingest's limit check (ingest/store-limit.ts), never from a snapshot's facts.
  detect: () => [],
  // Plain digits: a thousands separator reads as a decimal mark in some languages.
  text: (a) => ({
    summary: message(SUMMARIES[limitOf(a)], site(a), String(STORE_LIMITS[limitOf(a)]), String(a.occurrences ?? 1)),
    accepts: message('alert_storageLimit_accepts', site(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: null,
};

import type { AlertRecord, ContactRecord, Severity, TrustState } from '../core/trust';

/** What the records page shows for a contact: the trust its chip names, the worst open alert, and any identity fault. */
export interface ContactStanding {
  trust: TrustState;
  worstOpen: Severity | null;
  /** The open alert saying the identity key the page last listed cannot be used, if any. */
  identityProblem: AlertRecord | null;
}

/**
 * The contact's standing as the popup derives it for a row: while the page's last listing of their identity key
 * could not be used (an open invalid-identity alert), no key of theirs backs the stored trust, so it reads 'invalid'
 * (build-tab-view.ts, rowTrust). `alerts` are the alerts about this contact.
 */
export function contactStanding(contact: ContactRecord, alerts: readonly AlertRecord[]): ContactStanding {
  const open = alerts.filter((a) => a.state === 'open');
  const identityProblem = open.find((a) => a.rule === 'invalid-identity') ?? null;
  const worstOpen = open.some((a) => a.severity === 'critical') ? 'critical' : null;
  const trust = identityProblem && contact.trust !== 'unkeyed' ? 'invalid' : contact.trust;
  return { trust, worstOpen, identityProblem };
}

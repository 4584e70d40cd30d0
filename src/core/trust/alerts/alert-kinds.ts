// Names shared by the alert rules and the stored alert records.

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_ORDER: { readonly [S in Severity]: number } = { info: 0, warning: 1, critical: 2 };

export const ALERT_RULES = [
  'verified-key-changed',
  'key-changed',
  'hidden-participant',
  'ghost-device',
  'invalid-identity',
  'snapshot-problem',
  'trust-state-invalid',
  'conversation-degraded',
  'device-added',
  'participant-added',
  'record-corrupt',
  'device-removed',
  'participant-removed',
  'first-seen',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_STATES = ['open', 'acknowledged'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Who closed an alert: the user acknowledging it, or the user verifying the key it was about. */
export const ACKNOWLEDGED_BY = ['user', 'verification'] as const;
export type AcknowledgedBy = (typeof ACKNOWLEDGED_BY)[number];

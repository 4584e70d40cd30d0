// How loud an alert is. Fixed per rule (rules/<kind>.ts); stored with each alert.

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_ORDER: { readonly [S in Severity]: number } = { info: 0, warning: 1, critical: 2 };

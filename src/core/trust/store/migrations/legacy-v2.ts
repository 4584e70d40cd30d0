// Version 2 of the store kept each alert's text in its record (`summary`,
// `accepts`, in English). This file knows how to recognise such a record.

import { ALERT_PREFIX } from '../storage-keys';

/** An alert record that still holds a version 2 text field. */
export function isAlertCarryingText(key: string, value: unknown): boolean {
  return (
    key.startsWith(ALERT_PREFIX) &&
    typeof value === 'object' &&
    value !== null &&
    (Object.hasOwn(value, 'summary') || Object.hasOwn(value, 'accepts'))
  );
}

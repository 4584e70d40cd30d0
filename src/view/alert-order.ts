import { SEVERITY_ORDER } from '../core/trust';
import type { AlertRow } from './tab-view';

/** How a tab's alerts are listed to the user: the loudest first, then the newest. */
export function loudestFirst(a: AlertRow, b: AlertRow): number {
  return SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || b.at - a.at;
}

import type { VerificationMethod } from '../core/trust';
import { t } from './i18n';

/** How a key was compared, in words ("scanning", "typing"…). */
export function methodText(method: VerificationMethod): string {
  return t(`method_${method.replace(/-/g, '_')}`);
}

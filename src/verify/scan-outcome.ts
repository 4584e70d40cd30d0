import { t } from '../ui/i18n';
import type { ScanVerdict } from './judge';
import type { Outcome } from './outcome';

/** A scan verdict as the verify page shows it. */
export function scanOutcome(verdict: ScanVerdict, otherName: string): Outcome {
  switch (verdict.kind) {
    case 'match':
      return { kind: 'match', method: 'scanned' };
    case 'mismatch':
      return { kind: 'mismatch', method: 'scanned', detail: null };
    case 'version':
      return { kind: 'inconclusive', message: t('verifyScanVersion', verdict.theirs, verdict.ours) };
    case 'group-code':
      return { kind: 'inconclusive', message: t('verifyScanGroupCode', otherName) };
    case 'person-code':
      return { kind: 'inconclusive', message: t('verifyScanPersonCode') };
    case 'not-a-code':
      return { kind: 'inconclusive', message: t('verifyScanNotACode', verdict.reason) };
  }
}

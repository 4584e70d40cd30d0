import { t } from '../ui/i18n';
import type { Outcome } from './outcome';

/** Reading aloud: the user says what they heard. */
export function ReadAloudCompare({ otherName, onOutcome }: { otherName: string; onOutcome: (outcome: Outcome) => void }) {
  return (
    <div class="panel" data-testid="aloud-panel">
      <p>{t('verifyAloudSteps', otherName)}</p>
      <div class="row">
        <button type="button" data-testid="aloud-match" onClick={() => onOutcome({ kind: 'match', method: 'read-aloud' })}>
          {t('verifyAloudMatch')}
        </button>
        <button
          type="button"
          data-testid="aloud-differ"
          onClick={() => onOutcome({ kind: 'mismatch', method: 'read-aloud', detail: null })}
        >
          {t('verifyAloudDiffer')}
        </button>
      </div>
    </div>
  );
}

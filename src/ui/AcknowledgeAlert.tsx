import { useState } from 'preact/hooks';
import { send } from '../send';
import { t } from './i18n';

/**
 * Acknowledging one open alert, in two steps: what acknowledging accepts is said first, then confirmed. The popup
 * offers it for the open tab's conversation; the records page for every open alert, also those no conversation
 * shows (a damaged record set aside, a conversation no longer open), which would otherwise hold the badge for good.
 */
export function AcknowledgeAlert({ alertId, lastRaised, accepts }: { alertId: string; lastRaised: number; accepts: string }) {
  // The occurrence the confirmation was opened on. The list follows the store, so the alert can be raised again
  // while the box is open: the box then closes, and confirming starts over from what is shown now. Otherwise the
  // box, opened on one occurrence, would send the next one's time and close an occurrence the user never read.
  const [confirmingOn, setConfirmingOn] = useState<{ alertId: string; lastRaised: number } | null>(null);
  const confirming = confirmingOn !== null && confirmingOn.alertId === alertId && confirmingOn.lastRaised === lastRaised;
  // Why the last confirmation was refused: said until the user opens the box again or cancels.
  const [failure, setFailure] = useState<string | null>(null);
  const openBox = (on: { alertId: string; lastRaised: number } | null) => {
    setFailure(null);
    setConfirmingOn(on);
  };
  const acknowledge = async () => {
    if (!confirming) return;
    // What was shown: an alert raised again meanwhile is refused, and shown again as it is now.
    const reply = await send('trust/acknowledge', { alertId: confirmingOn.alertId, lastRaised: confirmingOn.lastRaised }).catch(
      (error: unknown) => ({ ok: false as const, reason: error instanceof Error ? error.message : String(error) }),
    );
    if (!reply.ok) setFailure(reply.reason);
  };
  return (
    <>
      {!confirming && (
        <button type="button" data-testid="acknowledge" onClick={() => openBox({ alertId, lastRaised })}>
          {t('alertAcknowledge')}
        </button>
      )}
      {confirming && (
        <div class="confirm" role="group" aria-label={t('alertAcknowledge')}>
          <p>
            <strong>{t('alertAccepts')}</strong> {accepts}
          </p>
          <button type="button" class="primary" data-testid="confirm-acknowledge" onClick={acknowledge}>
            {t('alertAcceptConfirm')}
          </button>{' '}
          <button type="button" onClick={() => openBox(null)}>
            {t('cancel')}
          </button>
        </div>
      )}
      {failure && <p role="alert">{failure}</p>}
    </>
  );
}

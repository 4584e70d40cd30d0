import { useRef, useState } from 'preact/hooks';
import type { PublicKeyRef } from '../core/roster';
import { isolated } from '../core/display/page-text';
import type { ParticipantRow, TabView } from '../view/tab-view';
import { send } from '../send';
import { t } from '../ui/i18n';
import type { NumberedParty } from '../ui/safety-number-for';
import { SafetyNumberDigits } from '../ui/SafetyNumberDigits';
import { openVerifyPage } from '../verify/open-verify';
import { useLazyValue } from './use-lazy-value';

type Method = 'read-aloud' | 'typed' | 'scanned';

/** The digits and the key they were computed from: marking verified names the key whose digits were compared. */
interface ComparedNumber {
  digits: string;
  key: PublicKeyRef;
}

function numberFor(self: NumberedParty, other: NumberedParty & { identityKey: PublicKeyRef }): () => Promise<ComparedNumber | null> {
  const key = other.identityKey;
  return async () => {
    const number = (await import('../ui/safety-number-for')).safetyNumberFor(self, other);
    return number && { digits: number.digits, key };
  };
}

/**
 * A person's safety number and the button that marks their key verified. The detail stays open while the page
 * changes, so a number that changes after it was shown (a key swapped) withdraws the button: the user may have
 * compared the earlier digits, which say nothing about the new key.
 */
export function PersonSafetyNumber({ view, person }: { view: TabView; person: ParticipantRow }) {
  const self = view.participants.find((p) => p.isSelf) ?? null;
  const { identityKey } = person;
  const number = useLazyValue(self && !person.isSelf && identityKey ? numberFor(self, { ...person, identityKey }) : null, [
    self?.id,
    self?.identityKey?.key,
    person.id,
    identityKey?.algorithm,
    identityKey?.key,
  ]);
  const [method, setMethod] = useState<Method>('read-aloud');
  const [failure, setFailure] = useState<string | null>(null);
  // The digits the user may be comparing: the first shown, until they choose to compare a newer number. A change
  // stays said even if the first number comes back: the user may have compared the one between.
  const compared = useRef<string | null>(null);
  const changeSeen = useRef(false);
  const [, setComparedAgain] = useState(0);
  compared.current ??= number?.digits ?? null;
  if (number !== null && number.digits !== compared.current) changeSeen.current = true;
  const changed = changeSeen.current;

  const compareAgain = (digits: string) => {
    compared.current = digits;
    changeSeen.current = false;
    setFailure(null);
    setComparedAgain((n) => n + 1);
  };
  const markVerified = async (shown: ComparedNumber) => {
    if (!view.account) return;
    const reply = await send('trust/mark-verified', {
      origin: view.origin,
      account: view.account,
      contactId: person.id,
      key: shown.key,
      method,
    });
    setFailure(reply.ok ? null : reply.reason);
  };

  return (
    <>
      {number && (
        <>
          <h3>{t('popupSafetyNumber')}</h3>
          <SafetyNumberDigits digits={number.digits} />
          <p class="muted small">{t('popupCompareHint', isolated(person.name))}</p>
          <p>
            <button type="button" data-testid="open-verify" onClick={() => void openVerifyPage({ kind: 'contact', contactId: person.id })}>
              {t('verifyOpen')}
            </button>
          </p>
          {changed ? (
            <div class="notice" role="alert" data-testid="number-changed">
              <p>{t('popupNumberChanged', isolated(person.name))}</p>
              <button type="button" data-testid="compare-new-number" onClick={() => compareAgain(number.digits)}>
                {t('popupCompareNewNumber')}
              </button>
            </div>
          ) : (
            person.trust !== 'verified' && (
              <div class="verify" role="group" aria-label={t('popupMarkVerified')}>
                <label>
                  {t('popupHowCompared')}{' '}
                  <select value={method} onChange={(e) => setMethod((e.currentTarget as HTMLSelectElement).value as Method)}>
                    <option value="read-aloud">{t('method_read_aloud')}</option>
                    <option value="typed">{t('method_typed')}</option>
                    <option value="scanned">{t('method_scanned')}</option>
                  </select>
                </label>{' '}
                <button type="button" class="primary" data-testid="mark-verified" onClick={() => void markVerified(number)}>
                  {t('popupMarkVerified')}
                </button>
              </div>
            )
          )}
        </>
      )}
      {failure && <p role="alert">{failure}</p>}
    </>
  );
}

import { useState } from 'preact/hooks';
import type { ParticipantRow, TabView } from '../view/tab-view';
import { send } from '../send';
import { t, tn } from '../ui/i18n';
import { KeyFingerprint } from '../ui/KeyFingerprint';
import { SafetyNumberDigits } from '../ui/SafetyNumberDigits';
import { openVerifyPage } from '../verify/open-verify';
import { DeviceVouch } from './DeviceVouch';
import { TrustChip } from './TrustChip';
import { PageText } from '../ui/PageText';
import { isolated } from '../core/display/page-text';
import { LOOK_ALIKE_TEXT } from './LookAlikeMark';
import { useLazyValue } from './use-lazy-value';

type Method = 'read-aloud' | 'typed' | 'scanned';

export function ParticipantDetail({ view, person, onBack }: { view: TabView; person: ParticipantRow; onBack: () => void }) {
  const self = view.participants.find((p) => p.isSelf) ?? null;
  const number = useLazyValue(
    self && !person.isSelf ? async () => (await import('../ui/safety-number-for')).safetyNumberFor(self, person) : null,
    [self, person],
  );
  const [method, setMethod] = useState<Method>('read-aloud');
  const newIdentity = person.trust === 'changed' || person.trust === 'changed-after-verified';
  const [failure, setFailure] = useState<string | null>(null);

  const markVerified = async () => {
    if (!person.identityKey || !view.account) return;
    const reply = await send('trust/mark-verified', {
      origin: view.origin,
      account: view.account,
      contactId: person.id,
      key: person.identityKey,
      method,
    });
    setFailure(reply.ok ? null : reply.reason);
  };

  return (
    <section class="pad detail" aria-labelledby="person-title" data-testid="detail">
      <button type="button" onClick={onBack} data-testid="back">
        ← {t('back')}
      </button>
      <h2 id="person-title">
        <PageText text={person.name} /> <TrustChip row={person} />
      </h2>
      <p class="muted small mono" data-testid="person-id">
        <PageText text={person.id} />
      </p>
      {person.lookAlike && (
        <p class="chip warning" data-testid="look-alike-detail">
          {t(LOOK_ALIKE_TEXT[person.lookAlike])}
        </p>
      )}
      {person.isSelf && (
        <p class="muted" data-testid="this-is-you">
          {t('popupThisIsYou')}
        </p>
      )}
      {!person.shown && <p class="chip critical">{t('popupNotShownLong')}</p>}

      <h3>{t('popupIdentityKey')}</h3>
      {person.identityKey ? (
        <KeyFingerprint keyRef={person.identityKey} />
      ) : (
        <p role="alert">
          <PageText text={person.identityProblem ?? ''} />
        </p>
      )}

      <h3>{tn('popupDevicesTitle', person.devices.length)}</h3>
      {person.devices.length === 0 && <p class="muted small">{t('popupNoDevices')}</p>}
      <ul class="plain devices" data-testid="devices">
        {person.devices.map((d) => (
          <li key={d.id} data-testid="device" data-vouch={d.vouch} data-this-browser={d.thisBrowser ? 'true' : undefined}>
            <PageText class="mono" dir="ltr" text={d.id} />{' '}
            {d.thisBrowser && (
              <>
                <span class="chip self" data-testid="this-browser">
                  {t('popupThisBrowser')}
                </span>{' '}
              </>
            )}
            <DeviceVouch vouch={d.vouch} newIdentity={newIdentity} />
            {d.encryptedTo ? '' : <span class="muted small"> · {t('popupNotEncryptedTo')}</span>}
            {d.key && <KeyFingerprint keyRef={d.key} testId="device-key" />}
          </li>
        ))}
      </ul>

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
          {person.trust !== 'verified' && (
            <div class="verify" role="group" aria-label={t('popupMarkVerified')}>
              <label>
                {t('popupHowCompared')}{' '}
                <select value={method} onChange={(e) => setMethod((e.currentTarget as HTMLSelectElement).value as Method)}>
                  <option value="read-aloud">{t('method_read_aloud')}</option>
                  <option value="typed">{t('method_typed')}</option>
                  <option value="scanned">{t('method_scanned')}</option>
                </select>
              </label>{' '}
              <button type="button" class="primary" data-testid="mark-verified" onClick={markVerified}>
                {t('popupMarkVerified')}
              </button>
            </div>
          )}
        </>
      )}
      {failure && <p role="alert">{failure}</p>}
    </section>
  );
}

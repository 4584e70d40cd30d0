import type { ParticipantRow, TabView } from '../view/tab-view';
import { t, tn } from '../ui/i18n';
import { KeyFingerprint } from '../ui/KeyFingerprint';
import { DeviceVouch } from './DeviceVouch';
import { TrustChip } from '../ui/TrustChip';
import { PageText } from '../ui/PageText';
import { LOOK_ALIKE_TEXT } from './LookAlikeMark';
import { PersonSafetyNumber } from './PersonSafetyNumber';

export function ParticipantDetail({ view, person, onBack }: { view: TabView; person: ParticipantRow; onBack: () => void }) {
  const newIdentity = person.trust === 'changed' || person.trust === 'changed-after-verified';

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

      <PersonSafetyNumber key={person.id} view={view} person={person} />
    </section>
  );
}

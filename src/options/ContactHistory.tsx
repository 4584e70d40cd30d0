import type { AlertRecord, ContactRecord } from '../core/trust';
import { sameKey } from '../core/trust';
import { alertText } from '../ui/alert-text';
import { t, tn } from '../ui/i18n';
import { PageText } from '../ui/PageText';
import { methodText } from '../ui/method-text';
import { formatTime, keyLabel } from './format';

/** One contact's whole record: keys, verifications, devices, and the alerts about them. */
export function ContactHistory({ contact, alerts }: { contact: ContactRecord; alerts: AlertRecord[] }) {
  return (
    <div class="history" data-testid="contact-history">
      <p class="small">
        {t('optionsFirstSeenAt', formatTime(contact.firstSeen))} · {t('optionsLastSeenAt', formatTime(contact.lastSeen))} ·{' '}
        {t('optionsTrustSince', formatTime(contact.trustSince))}
      </p>
      {contact.invalidReason && <p class="small">{contact.invalidReason}</p>}

      <h3 class="sub">{tn('optionsKeysTitle', contact.keys.length)}</h3>
      <table class="small">
        <thead>
          <tr>
            <th scope="col">{t('optionsKey')}</th>
            <th scope="col">{t('optionsFirstSeen')}</th>
            <th scope="col">{t('optionsLastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {contact.keys.map((k) => (
            <tr key={`${k.key.algorithm}:${k.key.key}`} data-testid="key-row">
              <td class="mono">
                {keyLabel(k.key)} {sameKey(k.key, contact.currentKey) && <span class="chip info">{t('optionsCurrentKey')}</span>}
              </td>
              <td>{formatTime(k.firstSeen)}</td>
              <td>{formatTime(k.lastSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3 class="sub">{tn('optionsVerificationsTitle', contact.verifications.length)}</h3>
      {contact.verifications.length === 0 ? (
        <p class="small muted">{t('optionsNoVerifications')}</p>
      ) : (
        <ul class="plain small">
          {contact.verifications.map((x) => (
            <li key={`${x.at}:${x.method}:${x.key.key}`} data-testid="verification">
              {t('optionsVerifiedBy', formatTime(x.at), methodText(x.method))} <span class="mono">{keyLabel(x.key)}</span>
            </li>
          ))}
        </ul>
      )}

      <h3 class="sub">{tn('optionsDevicesTitle', contact.devices.length)}</h3>
      <table class="small">
        <thead>
          <tr>
            <th scope="col">{t('optionsDevice')}</th>
            <th scope="col">{t('optionsKey')}</th>
            <th scope="col">{t('optionsVouch')}</th>
            <th scope="col">{t('optionsFirstSeen')}</th>
            <th scope="col">{t('optionsLastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {contact.devices.map((d) => (
            <tr key={`${d.id}:${d.key?.key ?? ''}`}>
              <td class="mono">
                <PageText text={d.id} />
              </td>
              <td class="mono">{keyLabel(d.key)}</td>
              <td>{t(`vouch_${d.vouch.replace(/-/g, '_')}`)}</td>
              <td>{formatTime(d.firstSeen)}</td>
              <td>{formatTime(d.lastSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {alerts.length > 0 && (
        <>
          <h3 class="sub">{tn('optionsContactAlerts', alerts.length)}</h3>
          <ul class="plain small">
            {alerts.map((a) => (
              <li key={a.id}>
                <span class={`chip ${a.severity}`}>{t(`severity_${a.severity}`)}</span> {alertText(a).summary}{' '}
                <span class="muted">
                  {formatTime(a.lastRaised)} · {t(`alertState_${a.state}`)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

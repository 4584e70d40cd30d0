import { t } from '../ui/i18n';
import { useStore } from './use-store';

const formatTime = (ms: number) => new Date(ms).toLocaleString();

export function Records() {
  const store = useStore();
  if (!store) return <p class="muted">{t('popupLoading')}</p>;
  return (
    <>
      <h1>{t('optionsTitle')}</h1>
      <section aria-labelledby="contacts-title">
        <h2 id="contacts-title">{t('optionsContacts', store.contacts.length)}</h2>
        {store.contacts.length === 0 ? <p class="muted">{t('optionsNoContacts')}</p> : (
          <table data-testid="contacts">
            <thead>
              <tr>
                <th scope="col">{t('optionsName')}</th><th scope="col">{t('optionsMessenger')}</th>
                <th scope="col">{t('optionsTrust')}</th><th scope="col">{t('optionsKeysSeen')}</th><th scope="col">{t('optionsFirstSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {store.contacts.map((c) => (
                <tr key={`${c.origin}|${c.account}|${c.contactId}`} data-testid="contact">
                  <td><strong>{c.name}</strong><br /><span class="muted mono small">{c.contactId}</span></td>
                  <td class="small">{c.origin}<br /><span class="muted">{t('optionsAs', c.account)}</span></td>
                  <td>{t(`trust_${c.trust.replace(/-/g, '_')}`)}</td>
                  <td>{c.keys.length}</td>
                  <td class="small">{formatTime(c.firstSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="alerts-title">
        <h2 id="alerts-title">{t('optionsAlertLog', store.alerts.length)}</h2>
        <ul class="log" data-testid="alert-log">
          {store.alerts.map((a) => (
            <li key={a.id}>
              <span class={`chip ${a.severity}`}>{t(`severity_${a.severity}`)}</span>{' '}
              <span class={a.state === 'open' ? '' : 'muted'}>{a.summary}</span>{' '}
              <span class="muted small">{formatTime(a.lastRaised)} · {t(`alertState_${a.state}`)}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

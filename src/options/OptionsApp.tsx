import { useEffect } from 'preact/hooks';
import { t, tn } from '../ui/i18n';
import { AlertLog } from './AlertLog';
import { ClearData } from './ClearData';
import { ContactsSection } from './ContactsSection';
import { ExportRecords } from './ExportRecords';
import { ImportRecords } from './ImportRecords';
import { GrantedSites } from './GrantedSites';
import { SitesSection } from './SitesSection';
import { useStore } from './use-store';

export function OptionsApp() {
  const store = useStore();
  useEffect(() => {
    // Navigation start to content shown, for the load-time measurements.
    if (store && !('failed' in store) && performance.getEntriesByName('keywatch:content-shown').length === 0)
      performance.mark('keywatch:content-shown');
  }, [store !== null]);
  return (
    <>
      <h1>{t('optionsTitle')}</h1>
      <nav aria-label={t('optionsNavLabel')}>
        <ul class="plain nav">
          <li>
            <a href="#contacts">{t('optionsNavContacts')}</a>
          </li>
          <li>
            <a href="#alerts">{t('optionsNavAlerts')}</a>
          </li>
          <li>
            <a href="#sites">{t('optionsNavSites')}</a>
          </li>
          <li>
            <a href="#records">{t('optionsNavRecords')}</a>
          </li>
        </ul>
      </nav>
      {!store ? (
        <p class="muted">{t('popupLoading')}</p>
      ) : 'failed' in store ? (
        <p class="notice" role="alert" data-testid="records-read-failed">
          {t('optionsReadFailed', store.failed)}
        </p>
      ) : (
        <>
          {store.unreadable > 0 && <p class="notice">{tn('optionsUnreadable', store.unreadable)}</p>}
          <ContactsSection contacts={store.contacts} alerts={store.alerts} />
          <AlertLog alerts={store.alerts} digests={store.digests} />
          <SitesSection sites={store.sites} settings={store.settings} />
          <GrantedSites />
        </>
      )}
      <section aria-labelledby="records-title" id="records">
        <h2 id="records-title">{t('optionsRecordsTitle')}</h2>
        <div class="cards">
          <ExportRecords />
          <ImportRecords />
          <ClearData />
        </div>
      </section>
    </>
  );
}

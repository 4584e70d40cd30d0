// The welcome page, opened once on install and from the popup's footer: in
// plain words, what KeyWatch checks, that it trusts the first key it sees until
// you compare in person, how to compare, what it cannot see, and where its
// records live.
import '../ui/theme.css';
import './welcome.css';
import { render } from 'preact';
import { extensionUrl } from '../platform/runtime';
import { t } from '../ui/i18n';
import { applyPageLanguage } from '../ui/page-language';

function Welcome() {
  return (
    <article class="welcome">
      <h1>{t('welcomeTitle')}</h1>
      <p class="lead">{t('welcomeIntro')}</p>

      <section aria-labelledby="checks">
        <h2 id="checks">{t('welcomeChecksTitle')}</h2>
        <p>{t('welcomeChecks')}</p>
        <p>{t('welcomeWarns')}</p>
        <p>{t('welcomeToolbar')}</p>
      </section>

      <section aria-labelledby="first-key">
        <h2 id="first-key">{t('welcomeFirstKeyTitle')}</h2>
        <p>{t('welcomeFirstKey')}</p>
        <p>{t('welcomeFirstKeyCompare')}</p>
      </section>

      <section aria-labelledby="compare">
        <h2 id="compare">{t('welcomeCompareTitle')}</h2>
        <p>{t('welcomeCompareIntro')}</p>
        <ul>
          <li>
            <strong>{t('welcomeCompareScanTitle')}</strong> {t('welcomeCompareScan')}
          </li>
          <li>
            <strong>{t('welcomeCompareTypeTitle')}</strong> {t('welcomeCompareType')}
          </li>
          <li>
            <strong>{t('welcomeCompareAloudTitle')}</strong> {t('welcomeCompareAloud')}
          </li>
        </ul>
        <p>{t('welcomeCompareMatch')}</p>
        <p>{t('welcomeCompareGroup')}</p>
      </section>

      <section aria-labelledby="cannot">
        <h2 id="cannot">{t('welcomeCannotTitle')}</h2>
        <ul>
          <li>{t('welcomeCannotDevices')}</li>
          <li>{t('welcomeCannotPage')}</li>
          <li>{t('welcomeCannotSites')}</li>
          <li>{t('welcomeCannotMetadata')}</li>
          <li>{t('welcomeCannotComputer')}</li>
          <li>{t('privateWindowsNotChecked')}</li>
        </ul>
        <p>
          <a href={extensionUrl('about.html')}>{t('popupWhatItChecks')}</a>
        </p>
      </section>

      <section aria-labelledby="records">
        <h2 id="records">{t('welcomeRecordsTitle')}</h2>
        <p>{t('welcomeRecords')}</p>
        <p>
          <a href={extensionUrl('options.html')}>{t('popupRecords')}</a>
        </p>
      </section>
    </article>
  );
}

document.title = t('welcomeTitle');
applyPageLanguage(document.documentElement);
render(<Welcome />, document.getElementById('app')!);

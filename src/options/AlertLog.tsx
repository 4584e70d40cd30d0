import { useState } from 'preact/hooks';
import { isAboutOneself, type AlertRecord, type NoticeDigestRecord } from '../core/trust';
import { CompactedNotices } from './CompactedNotices';
import { AcknowledgeAlert } from '../ui/AcknowledgeAlert';
import { alertText } from '../ui/alert-text';
import { t, tn } from '../ui/i18n';
import { PageText } from '../ui/PageText';
import { formatTime } from './format';

const PAGE = 100;

/** Every alert KeyWatch raised, open first and loudest first, with what happened to it. */
export function AlertLog({ alerts, digests = [] }: { alerts: AlertRecord[]; digests?: NoticeDigestRecord[] }) {
  const [openOnly, setOpenOnly] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const listed = openOnly ? alerts.filter((a) => a.state === 'open') : alerts;
  return (
    <section aria-labelledby="alerts-title" id="alerts">
      <h2 id="alerts-title">{tn('optionsAlertLog', alerts.length)}</h2>
      <label>
        <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly((e.currentTarget as HTMLInputElement).checked)} />{' '}
        {t('optionsOpenOnly')}
      </label>
      {listed.length === 0 ? (
        <p class="muted">{t('optionsNoAlerts')}</p>
      ) : (
        <ul class="log" data-testid="alert-log">
          {listed.slice(0, shown).map((a) => (
            <li key={a.id} data-testid="logged-alert" data-rule={a.rule} data-state={a.state} data-severity={a.severity}>
              <span class={`chip ${a.severity}`}>{t(`severity_${a.severity}`)}</span>{' '}
              <span class={a.state === 'open' ? 'strong' : ''}>{alertText(a).summary}</span>
              <br />
              <span class="muted small">
                {/* Every conversation shows the account holder: an alert about them belongs to none of them. */}
                {isAboutOneself(a) ? (
                  `${t('optionsYourAccount')} · `
                ) : a.conversationTitle ? (
                  <>
                    <PageText text={a.conversationTitle} /> ·{' '}
                  </>
                ) : (
                  ''
                )}
                {a.origin}
                {' · '}
                {tn('optionsRaised', a.occurrences, formatTime(a.firstRaised), formatTime(a.lastRaised), a.occurrences)}
                {' · '}
                {a.state === 'open' || a.acknowledgedBy === null
                  ? t('alertState_open')
                  : t(`closedBy_${a.acknowledgedBy}`, formatTime(a.acknowledgedAt ?? 0))}
                {a.fromFile && ` · ${t('optionsAlertFromFile')}`}
              </span>
              {a.state === 'open' && <AcknowledgeAlert alertId={a.id} lastRaised={a.lastRaised} accepts={alertText(a).accepts} />}
            </li>
          ))}
        </ul>
      )}
      {listed.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {tn('optionsShowMore', listed.length - shown)}
        </button>
      )}
      <CompactedNotices digests={digests} />
    </section>
  );
}

import { useState } from 'preact/hooks';
import { AcknowledgeAlert } from '../ui/AcknowledgeAlert';
import { messageText } from '../ui/alert-text';
import { t, tn } from '../ui/i18n';
import { loudestFirst } from '../view/alert-order';
import type { AlertRow } from '../view/tab-view';

/**
 * Every warning and critical alert, loudest first, in the popup's own flow: no
 * inner scroll box, so scrolling the popup reaches each one. Information
 * notices (mostly first sight) are folded: a big group brings hundreds at once.
 * A heading stands only over something.
 */
export function AlertList({ alerts, infoNotices }: { alerts: AlertRow[]; infoNotices: number }) {
  if (alerts.length === 0) return null;
  const sorted = [...alerts].sort(loudestFirst);
  const loud = sorted.filter((a) => a.severity !== 'info');
  const info = sorted.filter((a) => a.severity === 'info');
  return (
    <>
      {loud.length > 0 && (
        <section class="pad alerts" aria-labelledby="alerts-title">
          <h2 id="alerts-title">{tn('popupAlerts', loud.length)}</h2>
          <ul class="plain" data-testid="alerts">
            {loud.map((alert) => (
              <Alert key={alert.id} alert={alert} />
            ))}
          </ul>
        </section>
      )}
      {info.length > 0 && <InfoNotices info={info} total={Math.max(infoNotices, info.length)} />}
    </>
  );
}

function InfoNotices({ info, total }: { info: AlertRow[]; total: number }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="pad info-notices" data-testid="info-notices" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{tn('popupInfoNotices', total)}</summary>
      {open && (
        <ul class="plain">
          {info.map((alert) => (
            <Alert key={alert.id} alert={alert} />
          ))}
          {total > info.length && <li class="muted small">{tn('popupMoreInRecords', total - info.length)}</li>}
        </ul>
      )}
    </details>
  );
}

function Alert({ alert }: { alert: AlertRow }) {
  return (
    <li class={`alert ${alert.severity}`} data-severity={alert.severity} data-testid="alert">
      <p>
        <span class={`chip ${alert.severity}`}>{t(`severity_${alert.severity}`)}</span> {messageText(alert.summary)}
      </p>
      <AcknowledgeAlert alertId={alert.id} lastRaised={alert.at} accepts={messageText(alert.accepts)} />
    </li>
  );
}

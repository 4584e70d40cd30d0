import { messageText } from '../ui/alert-text';
import { gapText, reasonText } from '../ui/coverage-text';
import { t } from '../ui/i18n';
import { PageText } from '../ui/PageText';
import { standingText } from '../ui/StandingLine';
import { TrustChip } from '../ui/TrustChip';
import { loudestFirst } from '../view/alert-order';
import type { TabView } from '../view/tab-view';

/**
 * Said when nobody the page shows is left to mark but the conversation does not stand at 'all-verified': marking
 * cannot reach what keeps it from that (an open alert such as a ghost device, a member the page does not show,
 * something KeyWatch could not read), so each of those is listed.
 */
export function GroupNotAllVerified({ view }: { view: TabView }) {
  const alerts = view.alerts.filter((a) => a.severity !== 'info').sort(loudestFirst);
  const notChecked = view.notChecked.flatMap((r): Array<{ kind: string; text: string }> => {
    if (r.kind !== 'gap') return [{ kind: r.kind, text: reasonText(r) }];
    const gap = view.coverage?.gaps.find((g) => g.kind === r.gap);
    return gap ? [{ kind: r.gap, text: gapText(gap) }] : [];
  });
  const unverified = view.participants.filter((p) => !p.isSelf && p.trust !== 'verified');
  return (
    <div data-testid="group-not-all-verified" data-standing={view.standing}>
      <p>{t('verifyGroupShownMarked', standingText(view.standing))}</p>
      <ul class="plain">
        {alerts.map((alert) => (
          <li key={alert.id} data-testid="group-standing-reason" data-severity={alert.severity}>
            <span class={`chip ${alert.severity}`}>{t(`severity_${alert.severity}`)}</span> {messageText(alert.summary)}
          </li>
        ))}
        {notChecked.map(({ kind, text }) => (
          <li key={kind} data-testid="group-standing-reason" data-kind={kind}>
            {text}
          </li>
        ))}
        {unverified.map((p) => (
          <li key={p.id} data-testid="group-standing-reason" data-member={p.id}>
            <PageText text={p.name} /> <TrustChip row={p} />
            {!p.shown && <span class="chip critical">{t('popupNotShown')}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
